"""Imported positions are spread by one factor so boxes do not overlap; the shape is kept."""

from __future__ import annotations

import itertools
import time

from tensionmap.interchange import import_file
from tensionmap.interchange.spread import MAX_SCALE, box_size, spread_factor
from tensionmap.model import Node

GEPHI_DOTS = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
<graph defaultedgetype="directed"><nodes>
<node id="a" label="Alpha"><viz:position x="0" y="0"/></node>
<node id="b" label="Beta"><viz:position x="10" y="5"/></node>
<node id="c" label="A much longer label that wraps"><viz:position x="20" y="-40"/></node>
</nodes><edges><edge source="a" target="b"/></edges></graph></gexf>
"""


def test_small_dots_are_spread_and_the_shape_kept():
    result = import_file(GEPHI_DOTS.encode(), fmt="gexf", name="dots.gexf")
    ws, k = result.workspace, result.summary.position_scale
    assert k > 1 and f"spread {k:g} times" in result.summary.text()
    nodes = {n.label: n for n in ws.nodes.values()}
    assert (nodes["Beta"].x, nodes["Beta"].y) == (10 * k, -5 * k)  # one factor: the same picture
    for a, b in itertools.combinations(ws.nodes.values(), 2):
        (wa, ha), (wb, hb) = box_size(a), box_size(b)
        assert abs(a.x - b.x) >= (wa + wb) / 2 or abs(a.y - b.y) >= (ha + hb) / 2


def test_already_apart_is_left_alone_and_crowds_are_bounded():
    apart = [Node(f"n{i}", "stakeholder", "x", x=i * 400.0, y=0.0) for i in range(50)]
    assert spread_factor(apart) == (1.0, 0)
    same = [Node(f"n{i}", "stakeholder", "x", x=5.0, y=5.0) for i in range(3)]
    assert spread_factor(same)[1] == 3  # cannot be separated by scaling: counted
    crowd = [
        Node(f"n{i}", "stakeholder", f"n{i}", x=(i * 7919) % 97, y=(i * 104729) % 89) for i in range(30000)
    ]
    start = time.perf_counter()
    assert spread_factor(crowd)[0] == MAX_SCALE
    assert time.perf_counter() - start < 5  # a 30 000-node pile is not a quadratic job

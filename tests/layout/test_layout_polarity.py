import pytest

from tensionmap.layout import default_poles, polarity_layout, rectangles_overlap, run_layout
from tensionmap.model import Polarity

RELATIONS = [
    ("Growth", "in_tension_with", "Quality", 5),
    ("Board", "supports", "Growth", 5),
    ("Staff", "supports", "Quality", 5),
    ("Union", "opposes", "Growth", 4),
    ("Dean", "supports", "Growth", 3),
    ("Dean", "supports", "Quality", 3),
    ("Alumni", "supports", "Income", 4),
    ("Income", "benefits", "Growth", 4),
    ("Accreditation", "supports", "Quality", 3),
    ("Library", "related", "Staff", 2),
]


def sample(make_map, pinned=()):
    return make_map(
        "Board Staff Union Dean Alumni Students",
        "Growth Quality Income Accreditation Library",
        RELATIONS,
        pinned=pinned,
    )


def test_poles_at_the_extremes_and_stances_in_between(make_map):
    ws = sample(make_map)
    pos = run_layout(ws, "polarity", poles=("Growth", "Quality"))
    xs = {k: p[0] for k, p in pos.items()}
    left, right = xs["Growth"], xs["Quality"]
    assert left == min(xs.values()) and right == max(xs.values()) and left < right
    middle = (left + right) / 2
    assert xs["Board"] < middle  # supports only the left pole
    assert xs["Alumni"] < middle  # supports the left pole through a driver
    assert xs["Staff"] > middle  # supports only the right pole
    assert xs["Union"] > middle  # opposes the left pole
    assert xs["Board"] < xs["Dean"] < xs["Staff"]  # pulled both ways
    assert abs(xs["Dean"] - middle) < 1e-6
    # drivers beside their pole: Income leans left, Accreditation right
    assert xs["Income"] == left and xs["Accreditation"] == right
    assert rectangles_overlap(pos) == []


def test_stakeholders_above_the_axis_drivers_below(make_map):
    pos = run_layout(sample(make_map), "polarity", poles=("Growth", "Quality"))
    axis = pos["Growth"][1]
    assert all(pos[s][1] < axis for s in ("Board", "Staff", "Union", "Dean", "Alumni"))
    assert all(pos[d][1] > axis for d in ("Income", "Accreditation"))


def test_default_poles(make_map):
    ws = sample(make_map)
    assert default_poles(ws) == ("Growth", "Quality")
    ws.add("polarities", Polarity(id="p", left="Quality", right="Income"))
    assert default_poles(ws) == ("Quality", "Income")
    pos = run_layout(ws, "polarity")
    assert pos["Quality"][0] < pos["Income"][0]
    with pytest.raises(ValueError, match="two poles"):
        run_layout(make_map("A", "X", [("A", "supports", "X")]), "polarity")


def test_pinned_and_deterministic(make_map):
    ws = sample(make_map, pinned=("Dean", "Library"))
    pos = run_layout(ws, "polarity", poles=("Growth", "Quality"))
    assert pos["Dean"] == (ws.node("Dean").x, ws.node("Dean").y)
    assert pos["Library"] == (ws.node("Library").x, ws.node("Library").y)
    assert pos == run_layout(ws, "polarity", poles=("Growth", "Quality"))
    assert rectangles_overlap(pos) == []


def test_bad_poles(make_map):
    import networkx as nx

    g = nx.Graph()
    g.add_node("a", kind="driver")
    with pytest.raises(ValueError, match="not a node"):
        polarity_layout(g, "a", "b")
    with pytest.raises(ValueError, match="two different"):
        polarity_layout(g, "a", "a")


def test_many_stakeholders_no_overlap(make_map):
    names = " ".join(f"S{i}" for i in range(60))
    rels = [("L", "in_tension_with", "R", 5)]
    rels += [(f"S{i}", "supports", "L" if i % 3 else "R", 1 + i % 5) for i in range(60)]
    rels += [(f"S{i}", "supports", "R", 2) for i in range(0, 60, 4)]
    ws = make_map(names, "L R", rels)
    pos = run_layout(ws, "polarity", poles=("L", "R"), sizes={f"S{i}": (200.0, 50.0) for i in range(60)})
    assert rectangles_overlap(pos, {f"S{i}": (200.0, 50.0) for i in range(60)}) == []

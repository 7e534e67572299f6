"""Fuzz every importer: random bytes and mutated valid files raise nothing but
InterchangeError, and quickly.

The default run is short. For a longer one::

    TENSIONMAP_FUZZ_EXAMPLES=5000 pytest tests/interchange/test_fuzz.py
"""

from __future__ import annotations

import io
import os
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tensionmap.interchange import (
    InterchangeError,
    read_any,
    read_csv,
    read_edgelist,
    read_gexf,
    read_graphml,
    read_json,
    read_xlsx,
    write_xlsx,
)
from tensionmap.interchange.csv_format import connections_csv, elements_csv
from tensionmap.interchange.edgelist import edgelist_text
from tensionmap.interchange.gexf import gexf_text
from tensionmap.interchange.graphml import graphml_text
from tensionmap.interchange.json_format import json_text
from tensionmap.model import Evidence, Node, Question, Relation, Workspace

EXAMPLES = int(os.environ.get("TENSIONMAP_FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = 5.0  # seconds; anything near this is a bug (a real file of this size takes milliseconds)


def seed_map() -> Workspace:
    ws = Workspace(title="Seed", description="for fuzzing")
    a, b, c = (str(uuid.uuid4()) for _ in range(3))
    ws.add("nodes", Node(id=a, kind="stakeholder", label="Dean", x=-10, y=5, power=3, tags=("x", "y")))
    ws.add("nodes", Node(id=b, kind="driver", label="Revenue", description="€", colour="#112233"))
    ws.add("nodes", Node(id=c, kind="stakeholder", label="=Students", interest=2, pinned=True))
    ws.add("evidence", Evidence(id="e1", title="Survey", data=(("a", 1.5),)))
    ws.add("relations", Relation(id=str(uuid.uuid4()), source=a, target=b, type="opposes", evidence=("e1",)))
    ws.add("relations", Relation(id=str(uuid.uuid4()), source=c, target=b, type="values", horizon="long"))
    ws.add("questions", Question(id="q", text="Who decides?"))
    return ws


def _zip(ws: Workspace) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("elements.csv", elements_csv(ws))
        zf.writestr("connections.csv", connections_csv(ws))
    return buffer.getvalue()


def _xlsx(ws) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed.xlsx"
        write_xlsx(ws, path)
        return path.read_bytes()


WS = seed_map()
SEEDS = {
    "graphml": (read_graphml, graphml_text(WS).encode()),
    "gexf": (read_gexf, gexf_text(WS).encode()),
    "json": (read_json, json_text(WS).encode()),
    "zip": (read_csv, _zip(WS)),
    "elements": (read_csv, elements_csv(WS).encode()),
    "connections": (read_csv, connections_csv(WS).encode()),
    "edges": (read_edgelist, edgelist_text(WS).encode()),
    "xlsx": (read_xlsx, _xlsx(WS)),
}

TOKENS = st.sampled_from(
    [
        b"<",
        b">",
        b"&",
        b"&amp;",
        b'"',
        b"'",
        b",",
        b";",
        b"|",
        b"\n",
        b"\r",
        b"\x00",
        b"\xff",
        b"\xc3",
        b"-1",
        b"nan",
        b"1e999",
        b"9" * 400,
        b"[",
        b"{",
        b"}",
        b"=",
        b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
        b"&a;",
        b"]]>",
        b"<![CDATA[",
        b"</graph>",
        b"<node id='n'/>",
        b"<edge source='x' target='y'/>",
    ]
)


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            data[at:at] = draw(TOKENS)
        elif action == "truncate":
            del data[at:]
        else:
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[at:at] = data[at:end] * draw(st.integers(1, 5))
    return bytes(data)


def only_interchange_errors(read, data: bytes, name: str) -> None:
    start = time.perf_counter()
    try:
        ws = read(data, name=name)
    except InterchangeError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(name)
    else:
        assert ws is not None
    assert time.perf_counter() - start < SLOW


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_mutated_files(kind, data):
    read, seed = SEEDS[kind]
    only_interchange_errors(read, data.draw(mutated(seed)), f"fuzz.{kind}")
    only_interchange_errors(read_any, data.draw(mutated(seed)), f"fuzz.{kind}")


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(SEEDS))
@FUZZ
@given(blob=st.binary(max_size=300))
def test_random_bytes(kind, blob):
    read, seed = SEEDS[kind]
    only_interchange_errors(read, blob, f"fuzz.{kind}")
    only_interchange_errors(read, seed[:40] + blob, f"fuzz.{kind}")


@FUZZ
@given(text=st.text(max_size=200))
def test_random_text_through_read_any(text):
    for suffix in ("graphml", "gexf", "json", "csv", "edges", "txt"):
        only_interchange_errors(read_any, text.encode("utf-8", "surrogatepass"), f"fuzz.{suffix}")

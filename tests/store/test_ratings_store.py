"""Ratings in the workspace file: round trips, commands written at once, migration from schema 2."""

import itertools
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tensionmap import commands as c
from tensionmap.analysis.ratings import aggregate_round, stability
from tensionmap.model import Participant, Rating
from tensionmap.store import WorkspaceFile
from tensionmap.store.connection import make_engine
from tensionmap.store.file import write_all
from tensionmap.store.migrations import create_schema
from tensionmap.store.schema import SCHEMA_VERSION
from tests.ratings_builders import rated_map


def aggregates(ws):
    rounds = [r.id for r in ws.ordered_rounds()]
    out = {key: aggregate_round(ws, key) for key in rounds}
    out["stability"] = [stability(ws, a, b) for a, b in itertools.pairwise(rounds)]
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    participants=st.integers(0, 7),
    relations=st.integers(1, 5),
    rounds=st.integers(0, 3),
    proposals=st.integers(0, 2),
    rate=st.floats(0.0, 1.0),
)
def test_saved_and_reopened_ratings_give_equal_aggregates(
    tmp_path_factory, seed, participants, relations, rounds, proposals, rate
):
    ws = rated_map(
        seed=seed,
        participants=participants,
        relations=relations,
        rounds=rounds,
        proposals=proposals,
        answer_rate=rate,
    )
    path = tmp_path_factory.mktemp("rt") / "rated.tmap"
    WorkspaceFile.create(path, ws).close()
    with WorkspaceFile.open(path) as wf:
        assert wf.workspace.same_content(ws)
        assert aggregates(wf.workspace) == aggregates(ws)


def test_rating_commands_are_in_the_file_when_execute_returns(tmp_path):
    path = tmp_path / "rated.tmap"
    wf = WorkspaceFile.create(path, rated_map(answer_rate=1.0))
    wf.execute(c.add_participant(Participant("new", "Newcomer", anonymous=True)))
    wf.execute(c.add_rating(Rating("nr", "new", "round2", -1, 5, relation="r0", comment="too slow")))
    wf.execute(c.remove_relation("r1"))  # its ratings become proposals, in the same transaction
    wf.close()
    with WorkspaceFile.open(path) as again:
        assert again.workspace.ratings["nr"].comment == "too slow"
        assert again.workspace.participants["new"].anonymous is True
        assert not again.workspace.ratings_where(relation="r1")
        assert again.workspace.same_content(wf.workspace)


def test_a_schema_3_file_is_migrated_with_only_the_rating_tables_added(tmp_path):
    path = tmp_path / "old.tmap"
    ws = rated_map(participants=0, rounds=0, proposals=0)
    engine = make_engine(path, create=True)
    with engine.begin() as conn:
        create_schema(conn, version=3)
        write_all(conn, ws)  # no ratings, so only version-3 tables are written
    engine.dispose()
    con = sqlite3.connect(path)
    before = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    wf = WorkspaceFile.open(path)
    assert "Upgraded from schema 3" in wf.notice
    con = sqlite3.connect(path)
    after = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()
    assert after - before == {"participants", "rating_rounds", "ratings"}
    assert wf.workspace.same_content(ws)
    wf.execute(c.add_participant(Participant("p", "First rater")))
    wf.close()

"""Ratings on the shared server: round trips, rating commands through the journal, old servers.

The file's twin is tests/store/test_ratings_store.py; here the same
workspaces go through a throwaway PostgreSQL cluster (tests/store/pg_cluster.py).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tensionmap import commands as c
from tensionmap.analysis.ratings import aggregate_round, room_view_plan, stability
from tensionmap.model import Participant, Rating, Round
from tensionmap.store import WorkspaceFile
from tensionmap.store.server_connect import ServerError
from tensionmap.store.server_schema import NAMESPACE, SERVER_SCHEMA_VERSION
from tensionmap.store.shared import SharedWorkspace
from tensionmap.store.shared_admin import fetch_to_file, init_server, publish
from tests.ratings_builders import rated_map
from tests.store.shared_checks import assert_consistent

_names = itertools.count()


def aggregates(ws):
    rounds = [r.id for r in ws.ordered_rounds()]
    out: dict[str, object] = {key: aggregate_round(ws, key) for key in rounds}
    out["stability"] = [stability(ws, a, b) for a, b in itertools.pairwise(rounds)]
    return out


@pytest.fixture
def server(pg_url):
    init_server(pg_url)
    return pg_url


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    participants=st.integers(0, 7),
    relations=st.integers(1, 5),
    rounds=st.integers(0, 3),
    proposals=st.integers(0, 2),
    rate=st.floats(0.0, 1.0),
)
def test_published_and_reopened_ratings_give_equal_aggregates(
    server, tmp_path_factory, seed, participants, relations, rounds, proposals, rate
):
    ws = rated_map(
        seed=seed,
        participants=participants,
        relations=relations,
        rounds=rounds,
        proposals=proposals,
        answer_rate=rate,
    )
    name = f"room {next(_names)}"
    publish(ws, server, name).close()
    with SharedWorkspace.open(server, name) as sw:
        assert sw.workspace.same_content(ws)
        assert aggregates(sw.workspace) == aggregates(ws)
    # and down again into a file: the server is not a dead end for the room's voice
    out = fetch_to_file(server, name, tmp_path_factory.mktemp("down") / "room.tmap")
    with WorkspaceFile.open(out, read_only=True) as wf:
        assert aggregates(wf.workspace) == aggregates(ws)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), undo=st.integers(0, 4))
def test_rating_commands_through_the_server_reopen_with_equal_aggregates(server, seed, undo):
    """Every kind of rating change goes through write_final and the journal, and reopens the same."""
    start = rated_map(seed=seed, participants=4, relations=4, rounds=1, proposals=1)
    name = f"cmds {next(_names)}"
    publish(start, server, name).close()
    with SharedWorkspace.open(server, name) as sw:
        ws = sw.workspace
        newcomer = Participant("new", "Newcomer", "Learners", anonymous=True)
        round2 = Round("r2", 2, "Second look")
        done = [
            c.record_ratings(
                ws,
                [
                    Rating("a1", "new", "r2", -1, 4, relation="r0", comment="too slow"),
                    Rating("a2", "p0", "r2", 1, 2, relation="r1"),
                    Rating("a3", "new", "r2", 1, 5, source="n0", target="n3"),
                ],
                participants=[newcomer],
                rounds=[round2],
            ),
            c.update_round("round1", open=False),
            c.remove_relation("r2"),  # its ratings become proposals in the same revision
            c.remove_participant("p1"),
        ]
        for command in done:
            sw.execute(command)
        done.append(c.ApplyRoomView(*room_view_plan(ws, aggregate_round(ws, "round1"), min_proposers=1)))
        sw.execute(done[-1])
        for command in reversed(done[len(done) - undo :] if undo else []):
            sw.undo(command)
        expected = aggregates(ws)
    stored = assert_consistent(server, name, start)  # the journal replays to the stored map
    with SharedWorkspace.open(server, name) as again:
        assert again.workspace.same_content(stored)
        assert aggregates(again.workspace) == expected


def test_a_rating_reaches_another_client_and_conflicts_are_refused(server):
    publish(rated_map(participants=3, relations=3, rounds=1), server, "room").close()
    a, b = SharedWorkspace.open(server, "room"), SharedWorkspace.open(server, "room")
    try:
        a.execute(c.add_rating(Rating("late", "p0", "round1", 1, 5, source="n0", target="n2")))
        changed = b.refresh()
        assert [k for k, _, _ in changed] == [("ratings", "late")]
        assert aggregates(b.workspace) == aggregates(a.workspace)
        # both change the same answer: the second is refused in one line, nothing half-applied
        a.execute(c.update_rating("late", strength=1))
        before = aggregates(b.workspace)
        with pytest.raises(Exception, match="changed") as refused:
            b.execute(c.update_rating("late", strength=2))
        assert "\n" not in str(refused.value)
        assert b.workspace.ratings["late"].strength == 1  # b now shows a's answer
        assert aggregates(b.workspace) != before
    finally:
        a.close()
        b.close()


def _server_schema_1(pg_cluster, url: str) -> None:
    """Make ``url``'s tensionmap schema what server version 1 created: the file tables of
    schema 2 only (scenarios, snapshots and the room's voice came later)."""
    db = url.rsplit("/", 1)[1]
    pg_cluster.psql(
        f"DROP TABLE {NAMESPACE}.ratings, {NAMESPACE}.rating_rounds, {NAMESPACE}.participants, "
        f"{NAMESPACE}.scenarios, {NAMESPACE}.snapshots; "
        f"DELETE FROM {NAMESPACE}.schema_version; "
        f"INSERT INTO {NAMESPACE}.schema_version (version) VALUES (1)",
        db=db,
    )


def test_a_version_1_server_gets_the_rating_tables_from_init(server, pg_cluster):
    publish(rated_map(participants=0, rounds=0, proposals=0), server, "old map").close()
    _server_schema_1(pg_cluster, server)
    with pytest.raises(ServerError, match=r"older.*server init") as refused:
        SharedWorkspace.open(server, "old map")
    assert "\n" not in str(refused.value)
    with pytest.raises(ServerError, match=r"older.*server init"):
        publish(rated_map(), server, "rated")
    assert f"from version 1 to {SERVER_SCHEMA_VERSION}" in init_server(server)
    assert "up to date" in init_server(server)
    rated = rated_map(seed=3)
    publish(rated, server, "rated").close()
    with SharedWorkspace.open(server, "rated") as sw:
        assert aggregates(sw.workspace) == aggregates(rated)
    with SharedWorkspace.open(server, "old map") as sw:  # the old map kept its rows, and can be rated
        assert not sw.read_only and len(sw.workspace.relations) == 5
        sw.execute(c.add_participant(Participant("p", "Pat")))
        sw.execute(c.add_round(Round("k", 1)))
        sw.execute(c.add_rating(Rating("x", "p", "k", -1, 3, relation="r0")))
    with SharedWorkspace.open(server, "old map") as sw:
        assert [a.mean for a in aggregate_round(sw.workspace, "k")] == [-3.0]


def test_the_server_schema_follows_the_file_schema():
    """A new file table needs a server schema bump (and its step), or old servers would lack it."""
    from tensionmap.store.schema import SCHEMA_VERSION
    from tensionmap.store.server_schema import FILE_SCHEMA_OF, MIGRATIONS

    assert FILE_SCHEMA_OF[SERVER_SCHEMA_VERSION] == SCHEMA_VERSION
    assert set(MIGRATIONS) == set(range(1, SERVER_SCHEMA_VERSION))


def test_a_rating_from_another_laptop_reaches_a_listening_client_within_a_second(server):
    """Two participants on their own laptops: each rating is one revision, NOTIFYed to the others."""
    from tests.store.test_shared_live import wait_for

    publish(rated_map(participants=0, relations=3, rounds=1, proposals=0), server, "live room").close()
    facilitator = SharedWorkspace.open(server, "live room", listen=True)
    laptop = SharedWorkspace.open(server, "live room")
    try:
        assert facilitator.listener.wait_connected()
        for i, value in enumerate((4, -2, 5)):
            person = Participant(f"p{i}", f"Person {i}", anonymous=i == 1)
            rating = Rating(f"v{i}", person.id, "round1", 1 if value > 0 else -1, abs(value), relation="r0")
            laptop.execute(c.record_ratings(laptop.workspace, [rating], participants=[person]))
            wait_for(facilitator.is_stale, 1.0)
            changed = facilitator.refresh()
            assert {k for k, _, _ in changed} == {("participants", person.id), ("ratings", rating.id)}
        [agg] = [a for a in aggregate_round(facilitator.workspace, "round1") if a.relation == "r0"]
        assert (agg.raters, agg.mean) == (3, pytest.approx(7 / 3))
        assert aggregates(facilitator.workspace) == aggregates(laptop.workspace)
    finally:
        facilitator.close()
        laptop.close()


def test_the_ratings_cli_records_on_a_shared_workspace(server, tmp_path, capsys):
    """`ratings round`, `ballot export/import` and `ratings summary` take URL#NAME as they take a file."""
    import json

    from tensionmap.cli import main

    publish(rated_map(participants=2, relations=3, rounds=0, proposals=0), server, "cli room").close()
    where = f"{server}#cli room"
    assert main(["ratings", "round", where, "--round", "1", "--open", "--blind"]) == 0
    assert "round 1 is open (blind)" in capsys.readouterr().out
    ballot = tmp_path / "ann.json"
    assert main(["ballot", "export", where, "--participant", "Person 0", str(ballot)]) == 0
    doc = json.loads(ballot.read_text(encoding="utf-8"))
    for item, value in zip(doc["items"], (4, -3, None), strict=True):
        item["rating"] = value
    ballot.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["ballot", "import", where, str(ballot)]) == 0
    assert "recorded 2 rating(s)" in capsys.readouterr().out
    with SharedWorkspace.open(server, "cli room") as sw:
        rnd = sw.workspace.round_numbered(1)
        assert rnd.blind and rnd.open and len(sw.workspace.ratings) == 2
        assert [h.summary for h in sw.history()][:2] == ["Import 1 ballot(s)", "Add round 1"]
    assert main(["ratings", "round", where, "--round", "1", "--close"]) == 0
    assert main(["ratings", "summary", where, "--json"]) == 0
    out = capsys.readouterr().out
    summary = json.loads(out[out.index("{") :])
    assert [(r["relation"], r["mean"]) for r in summary["relations"]] == [("r0", 4.0), ("r1", -3.0)]
    # a bad ballot is one line and the server's revision does not move
    ballot.write_text("{", encoding="utf-8")
    assert main(["ballot", "import", where, str(ballot)]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    with SharedWorkspace.open(server, "cli room") as sw:
        assert sw.revision == 3
    assert main(["ratings", "round", where, "--round", "1", "--close", "--blind"]) == 1
    assert "--blind goes with --open" in capsys.readouterr().err

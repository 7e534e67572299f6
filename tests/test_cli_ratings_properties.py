"""Properties of ballots and surveys end to end: through the CLI into a workspace file and back.

The in-memory twins are in tests/interchange/test_ballot.py and
test_survey.py; here every example goes through ``tensionmap ballot`` and
``tensionmap ratings import`` on a real ``.tmap`` file, so "changes nothing"
is checked on the file's bytes, and round trips on the reopened file.
"""

from __future__ import annotations

import csv
import io
import json
import random

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tensionmap.analysis.ratings import aggregate_round
from tensionmap.cli import main
from tensionmap.store import WorkspaceFile
from tests.ratings_builders import rated_map

FIXTURES = [HealthCheck.function_scoped_fixture]
LABELS = [f"Node {i}" for i in range(8)]


def voices(ws, round_number: int):
    """Every answer of a round as (name, source label, target label, value, comment), sorted."""
    rnd = ws.round_numbered(round_number)
    if rnd is None:
        return []
    names, labels = {p.id: p.name for p in ws.participants.values()}, ws.nodes
    out = []
    for r in ws.ratings_where(round=rnd.id):
        rel = ws.relations.get(r.relation) if r.relation is not None else None
        source, target = (r.source, r.target) if rel is None else (rel.source, rel.target)
        out.append((names[r.participant], labels[source].label, labels[target].label, r.value, r.comment))
    return sorted(out)


def values_of(aggregates):
    """An aggregate without its round and rating ids (a new import makes new ids)."""
    return sorted((str(a.item), a.raters, a.mean, a.sd, a.group_mean) for a in aggregates)


def blank_map(path, *, participants: int, seed: int):
    """The rated map's participants and relations with no rounds: what the ballots fill."""
    ws = rated_map(seed=seed, participants=participants, rounds=0, proposals=0)
    WorkspaceFile.create(path, ws).close()
    return path


def run(argv, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------- ballots
@settings(max_examples=10, deadline=None, suppress_health_check=FIXTURES)
@given(
    seed=st.integers(0, 10_000),
    participants=st.integers(1, 5),
    proposals=st.integers(0, 2),
    comment=st.text(st.characters(blacklist_categories=["Cs"]), max_size=12),
)
def test_ballots_exported_filled_and_imported_by_the_cli_give_the_same_ratings(
    tmp_path_factory, capsys, seed, participants, proposals, comment
):
    """Each participant's answers of round 2 (the source) travel by ballot into a file without them."""
    source = rated_map(seed=seed, participants=participants, proposals=proposals, answer_rate=0.7)
    folder = tmp_path_factory.mktemp("ballots")
    path = blank_map(folder / "room.tmap", participants=participants, seed=seed)
    wanted = voices(source, 2)
    if wanted:  # one answer carries a comment in any script
        name, s, t, value, _ = wanted[0]
        wanted[0] = (name, s, t, value, comment)
    ballots = []
    for person in source.participants.values():
        out = folder / f"{person.id}.json"
        code, _, err = run(
            ["ballot", "export", path, "--participant", person.name, "--round", 2, out], capsys
        )
        assert code == 0, err
        doc = json.loads(out.read_text(encoding="utf-8"))
        mine = {(s, t): (v, c) for (n, s, t, v, c) in wanted if n == person.name}
        for item in doc["items"]:
            item["rating"], item["comment"] = mine.pop((item["source"], item["target"]), (None, ""))
        doc["items"] += [  # the pairs this participant proposed
            {"relation": None, "source": s, "target": t, "rating": v, "comment": c}
            for (s, t), (v, c) in mine.items()
        ]
        out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        ballots.append(out)
    code, _, err = run(["ballot", "import", path, *ballots], capsys)
    assert code == 0, err
    with WorkspaceFile.open(path, read_only=True) as wf:
        assert voices(wf.workspace, 2) == wanted
        if wanted:
            got = aggregate_round(wf.workspace, wf.workspace.round_numbered(2).id)
            assert values_of(got) == values_of(aggregate_round(source, "round2"))


def _bad_rating():
    return st.one_of(
        st.integers().filter(lambda v: not -5 <= v <= 5),
        st.floats(allow_nan=True, allow_infinity=True).filter(
            lambda f: not (f == f and f.is_integer() and -5 <= f <= 5)
        ),
        st.text(min_size=1).filter(lambda s: s.strip() not in {str(v) for v in range(-5, 6)}),
        st.booleans(),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
    )


@st.composite
def broken_ballots(draw):
    """(the ballot's bytes, what is wrong): a valid ballot with one thing that is never valid."""
    ws = rated_map(participants=3, rounds=0, proposals=0)
    doc = {
        "format": "tensionmap-ballot",
        "version": 1,
        "workspace": ws.title,
        "round": 1,
        "participant": {"name": "Person 0", "group": "", "anonymous": False},
        "items": [
            {
                "relation": f"r{i}",
                "source": f"Node {i}",
                "target": f"Node {i + 1}",
                "rating": 3,
                "comment": "",
            }
            for i in range(5)
        ],
    }
    item = draw(st.integers(0, 4))
    kind = draw(
        st.sampled_from(
            [
                "rating",
                "relation",
                "label",
                "self loop",
                "missing",
                "wrong kind",
                "comment",
                "truncated",
                "not utf-8",
                "format",
                "version",
                "round",
            ]
        )
    )
    if kind == "rating":
        doc["items"][item]["rating"] = draw(_bad_rating())
    elif kind == "relation":
        doc["items"][item]["relation"] = draw(
            st.one_of(st.text().filter(lambda s: s not in ws.relations), st.integers(), st.booleans())
        )
    elif kind == "label":
        label = draw(
            st.text(max_size=12).filter(lambda s: " ".join(s.split()).casefold() not in LABELS_FOLDED)
        )
        doc["items"].append({"relation": None, "source": "Node 0", "target": label, "rating": 2})
    elif kind == "self loop":
        doc["items"].append({"relation": None, "source": "Node 2", "target": "Node 2", "rating": 2})
    elif kind == "missing":
        key = draw(st.sampled_from(["format", "version", "round", "participant", "items"]))
        del doc[key]
    elif kind == "wrong kind":
        key = draw(st.sampled_from(["round", "participant", "items"]))
        doc[key] = draw(st.sampled_from(["1", None, 1.5, [], {}, True]).filter(lambda v: v != doc[key]))
        assume(not (key == "participant" and isinstance(doc[key], dict)))
        assume(not (key == "items" and isinstance(doc[key], list)))
    elif kind == "comment":
        doc["items"][item]["comment"] = draw(st.one_of(st.integers(), st.lists(st.text(), max_size=1)))
    elif kind == "format":
        doc["format"] = draw(st.text().filter(lambda s: s != "tensionmap-ballot"))
    elif kind == "version":
        doc["version"] = draw(st.one_of(st.integers().filter(lambda v: v != 1), st.text()))
    elif kind == "round":
        doc["round"] = draw(st.integers(max_value=0))
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if kind == "truncated":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif kind == "not utf-8":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xff\xfe" + data[at:]
    return data, kind


LABELS_FOLDED = {label.casefold() for label in LABELS}


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURES)
@given(broken=broken_ballots())
def test_a_malformed_ballot_beside_a_good_one_changes_nothing(tmp_path_factory, capsys, broken):
    data, kind = broken
    folder = tmp_path_factory.mktemp("bad")
    path = blank_map(folder / "room.tmap", participants=3, seed=0)
    good = folder / "good.json"
    assert run(["ballot", "export", path, "--participant", "Person 1", good], capsys)[0] == 0
    doc = json.loads(good.read_text(encoding="utf-8"))
    doc["items"][0]["rating"] = -4
    good.write_text(json.dumps(doc), encoding="utf-8")
    bad = folder / "bad.json"
    bad.write_bytes(data)
    before = path.read_bytes()
    code, out, err = run(["ballot", "import", path, good, bad], capsys)
    assert code == 1, f"{kind}: accepted ({out.strip()})"
    assert err.startswith("tensionmap: bad.json") and err.count("\n") == 1, err
    assert path.read_bytes() == before  # the good ballot was not recorded either


# ----------------------------------------------------------------- surveys
@st.composite
def survey_answers(draw):
    """{(participant, group): {(source label, target label): rating or None}} over relations r0..r4."""
    people = draw(st.integers(1, 6))
    pairs = [(f"Node {i}", f"Node {i + 1}") for i in range(5)] + [("Node 0", "Node 2")]
    rating = st.one_of(st.none(), st.integers(-5, 5))
    return {
        (f"Rater {p}", draw(st.sampled_from(["", "Employers", "Learners"]))): {
            pair: draw(rating) for pair in pairs
        }
        for p in range(people)
    }


def wide_csv(answers) -> str:
    pairs = list(next(iter(answers.values())))
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["participant", "group", *(f"{s} -> {t}" for s, t in pairs)])
    for (name, group), row in answers.items():
        writer.writerow([name, group, *("" if row[p] is None else row[p] for p in pairs)])
    return buf.getvalue()


def long_csv(answers, seed: int) -> str:
    rows = [
        [name, group, s, t, "" if v is None else v]
        for (name, group), row in answers.items()
        for (s, t), v in row.items()
    ]
    random.Random(seed).shuffle(rows)  # a form's export has no order to rely on
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["participant", "group", "source", "target", "rating"])
    writer.writerows(rows)
    return buf.getvalue()


@settings(max_examples=10, deadline=None, suppress_health_check=FIXTURES)
@given(answers=survey_answers(), long=st.booleans(), seed=st.integers(0, 99))
def test_a_survey_imported_by_the_cli_gives_exactly_its_answers(
    tmp_path_factory, capsys, answers, long, seed
):
    folder = tmp_path_factory.mktemp("survey")
    path = blank_map(folder / "room.tmap", participants=0, seed=0)
    survey = folder / "form.csv"
    survey.write_text(long_csv(answers, seed) if long else wide_csv(answers), encoding="utf-8")
    code, _, err = run(["ratings", "import", path, survey, "--round", 1], capsys)
    assert code == 0, err
    expected = sorted(
        (name, s, t, v, "")
        for (name, _), row in answers.items()
        for (s, t), v in row.items()
        if v is not None
    )
    with WorkspaceFile.open(path, read_only=True) as wf:
        assert voices(wf.workspace, 1) == expected
        groups = {p.name: p.group for p in wf.workspace.participants.values()}
        assert groups == {name: group for name, group in answers}


@settings(max_examples=30, deadline=None, suppress_health_check=FIXTURES)
@given(
    answers=survey_answers(),
    long=st.booleans(),
    where=st.integers(0, 10_000),
    bad=st.one_of(
        st.integers().filter(lambda v: not -5 <= v <= 5).map(str),
        st.sampled_from(["2.5", "x", "+-1", "nan", "inf", "1e9", "five", "--3"]),
    ),
)
def test_a_malformed_survey_changes_nothing(tmp_path_factory, capsys, answers, long, where, bad):
    """One answer replaced by something that is not a rating: one line naming row and column."""
    folder = tmp_path_factory.mktemp("badsurvey")
    path = blank_map(folder / "room.tmap", participants=0, seed=0)
    rows = list(csv.reader(io.StringIO(long_csv(answers, 0) if long else wide_csv(answers))))
    row = 1 + where % (len(rows) - 1)
    column = 4 if long else 2 + where % (len(rows[0]) - 2)
    rows[row][column] = bad
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    survey = folder / "form.csv"
    survey.write_text(buf.getvalue(), encoding="utf-8")
    before = path.read_bytes()
    code, _, err = run(["ratings", "import", path, survey, "--round", 1], capsys)
    assert code == 1
    assert err.startswith(f"tensionmap: form.csv: row {row + 1}, ") and err.count("\n") == 1, err
    assert rows[0][column] in err and repr(bad)[:20].strip("'") in err
    assert path.read_bytes() == before

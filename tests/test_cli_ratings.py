"""`tensionmap ratings` and `tensionmap ballot` from the command line."""

import json

import pytest

from tensionmap.cli import main
from tensionmap.store import WorkspaceFile
from tests.ratings_builders import rated_map

SURVEY = """participant,group,Node 0 -> Node 1,Node 1 -> Node 2,Node 0 -> Node 2
Ann,Employers,3,-2,4
Bob,Learners,,0,-5
Cy,Learners,4,2,
"""


@pytest.fixture
def ws_path(tmp_path):
    path = tmp_path / "room.tmap"
    WorkspaceFile.create(path, rated_map(participants=0, relations=3, rounds=0, proposals=0)).close()
    return path


def test_survey_import_then_summary_json(tmp_path, ws_path, capsys):
    survey = tmp_path / "survey.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    assert main(["ratings", "import", str(ws_path), str(survey), "--round", "1"]) == 0
    out = capsys.readouterr().out
    assert "round 1: recorded 7 rating(s) from 3 participant(s) (3 new)" in out
    assert "2 blank cell(s) left out as no answer" in out
    assert main(["ratings", "summary", str(ws_path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["round"] == 1 and "stability" not in doc
    first = doc["relations"][0]
    assert first == {
        "source": "Node 0",
        "target": "Node 1",
        "relation": "r0",
        "raters": 2,
        "mean": 3.5,
        "median": 3.5,
        "sd": pytest.approx(0.7071067811865476),
        "iqr": 0.5,
        "positive": 1.0,
        "negative": 0.0,
        "consensus": True,
        "contested": False,
        "group_mean": 3.5,
    }
    proposed = doc["relations"][-1]
    assert proposed["relation"] is None and proposed["raters"] == 2 and proposed["contested"] is True
    # a second round brings stability
    survey.write_text(SURVEY.replace("3,-2,4", "-3,-2,4"), encoding="utf-8")
    assert main(["ratings", "import", str(ws_path), str(survey), "--round", "2"]) == 0
    capsys.readouterr()
    assert main(["ratings", "summary", str(ws_path), "--round", "2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["stability"]["kept_sign"] == pytest.approx(6 / 7)
    assert main(["ratings", "summary", str(ws_path)]) == 0
    text = capsys.readouterr().out
    assert "Round 2: 3 relation(s) rated" in text and "kept their sign" in text
    # round 3 opened, nobody has rated yet: the summary still shows round 2 unless asked
    assert main(["ratings", "round", str(ws_path), "--round", "3", "--open"]) == 0
    capsys.readouterr()
    assert main(["ratings", "summary", str(ws_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["round"] == 2
    assert main(["ratings", "summary", str(ws_path), "--round", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["relations"] == []


def test_a_bad_survey_is_one_line_and_leaves_the_file_as_it_was(tmp_path, ws_path, capsys):
    survey = tmp_path / "survey.csv"
    survey.write_text(SURVEY + "Dee,Employers,9,1,1\n", encoding="utf-8")
    before = ws_path.read_bytes()
    assert main(["ratings", "import", str(ws_path), str(survey), "--round", "1"]) == 1
    err = capsys.readouterr().err.strip()
    where = "survey.csv: row 5, column 'Node 0 -> Node 1'"
    assert err == f"tensionmap: {where}: rating '9' is not a whole number from -5 to 5"
    assert ws_path.read_bytes() == before


def test_summary_without_rounds_or_with_an_unknown_round(ws_path, capsys):
    assert main(["ratings", "summary", str(ws_path)]) == 1
    assert "no rating rounds yet" in capsys.readouterr().err
    assert main(["ratings", "summary", str(ws_path), "--round", "4"]) == 1
    assert "no round 4" in capsys.readouterr().err


def test_ballot_export_fill_import(tmp_path, ws_path, capsys):
    out = tmp_path / "ann.json"
    assert (
        main(["ballot", "export", str(ws_path), "--participant", "Ann", "--group", "Employers", str(out)])
        == 0
    )
    assert "wrote a round 1 ballot of 3 relation(s) for Ann" in capsys.readouterr().out
    doc = json.loads(out.read_text(encoding="utf-8"))
    for item, value in zip(doc["items"], (5, -1, None), strict=True):
        item["rating"] = value
    out.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["ballot", "import", str(ws_path), str(out)]) == 0
    assert "recorded 2 rating(s) from 1 participant(s) (1 new)" in capsys.readouterr().out
    with WorkspaceFile.open(ws_path) as wf:
        ann = wf.workspace.participant_named("Ann")
        assert ann.group == "Employers"
        assert sorted(r.value for r in wf.workspace.ratings_where(participant=ann.id)) == [-1, 5]


def test_a_malformed_ballot_changes_nothing(tmp_path, ws_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tensionmap-ballot", "version": 1, "round": 1,', encoding="utf-8")
    before = ws_path.read_bytes()
    assert main(["ballot", "import", str(ws_path), str(bad)]) == 1
    assert capsys.readouterr().err.startswith("tensionmap: bad.json: line 1: broken JSON")
    assert ws_path.read_bytes() == before


def test_a_closed_round_takes_no_new_ratings(tmp_path, ws_path, capsys):
    survey = tmp_path / "survey.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    assert main(["ratings", "round", str(ws_path), "--round", "1", "--open"]) == 0
    assert main(["ratings", "round", str(ws_path), "--round", "1", "--close"]) == 0
    assert "round 1 is closed" in capsys.readouterr().out
    before = ws_path.read_bytes()
    assert main(["ratings", "import", str(ws_path), str(survey), "--round", "1"]) == 1
    assert "round 1 is closed; open it to add ratings" in capsys.readouterr().err
    assert ws_path.read_bytes() == before
    assert main(["ratings", "round", str(ws_path), "--round", "1", "--open"]) == 0
    assert main(["ratings", "import", str(ws_path), str(survey), "--round", "1"]) == 0
    assert main(["ratings", "round", str(ws_path), "--round", "7", "--close"]) == 1


def test_info_lists_participants_rounds_and_counts_without_naming_anonymous_ones(tmp_path, capsys):
    ws = rated_map(participants=6, relations=3, rounds=2, proposals=1, answer_rate=1.0)
    path = tmp_path / "rated.tmap"
    WorkspaceFile.create(path, ws).close()
    assert main(["info", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    doc = json.loads(out)
    people = doc["participants"]
    # every third participant of rated_map is anonymous: Person 2 and Person 5
    assert [p["name"] for p in people] == [
        "Person 0",
        "Person 1",
        "anonymous 1",
        "Person 3",
        "Person 4",
        "anonymous 2",
    ]
    assert "Person 2" not in out and "Person 5" not in out
    assert [p["anonymous"] for p in people] == [False, False, True, False, False, True]
    assert [p["ratings"] for p in people] == [8] * 6  # 3 relations + 1 proposal, 2 rounds
    assert [
        (r["number"], r["open"], r["ratings"], r["raters"], r["relations"], r["proposed"])
        for r in doc["rounds"]
    ] == [
        (1, False, 24, 6, 3, 1),
        (2, True, 24, 6, 3, 1),
    ]
    assert doc["rating_count"] == 48 == sum(p["ratings"] for p in people)
    assert main(["info", str(path)]) == 0
    text = capsys.readouterr().out
    assert "  6 participants (2 anonymous), 2 rating rounds (1 open), 48 ratings" in text
    assert "Person" not in text


def test_info_of_a_map_nobody_rated_has_empty_lists_and_no_room_line(ws_path, capsys):
    assert main(["info", str(ws_path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["participants"], doc["rounds"], doc["rating_count"]) == ([], [], 0)
    assert main(["info", str(ws_path)]) == 0
    assert "participants" not in capsys.readouterr().out

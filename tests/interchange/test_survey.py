"""Survey exports (CSV, XLSX; wide and long form) become one round's ratings, or nothing."""

import openpyxl
import pytest

from tensionmap.interchange import InterchangeError
from tensionmap.interchange.survey import read_survey
from tensionmap.model import Participant
from tests.ratings_builders import rated_map

WIDE = """participant,group,Node 0 -> Node 1,Node 1 -> Node 2,Node 0 -> Node 2
Ann,Employers,3,-2,4
Bob,Learners,,0,-5
"""

LONG = """participant,group,source,target,rating,comment
Ann,Employers,Node 0,Node 1,3,clear
Ann,Employers,Node 1,Node 2,-2,
Ann,Employers,Node 0,Node 2,4,
Bob,Learners,Node 1,Node 2,0,
Bob,Learners,Node 0,Node 2,-5,
Bob,Learners,Node 0,Node 1,,
"""


def fresh():
    return rated_map(participants=0, relations=3, rounds=0, proposals=0)


def apply(ws, read):
    read.command(ws, "Import").apply(ws)


@pytest.mark.parametrize("text", [WIDE, LONG])
def test_wide_and_long_forms_give_the_same_ratings(tmp_path, text):
    path = tmp_path / "survey.csv"
    path.write_text(text, encoding="utf-8")
    ws = fresh()
    read = read_survey(ws, path, 1)
    assert (read.answers, read.blanks, read.proposed) == (5, 1, 2)
    assert "5 rating(s) from 2 participant(s) (2 new), 2 on proposed relations, 1 blank" in read.describe()
    apply(ws, read)
    ann, bob = ws.participant_named("ann"), ws.participant_named("Bob")
    assert bob.group == "Learners"
    round1 = ws.round_numbered(1).id
    assert ws.find_rating(ann.id, round1, "r0").value == 3
    assert ws.find_rating(ann.id, round1, "r1").value == -2
    assert ws.find_rating(bob.id, round1, ("n0", "n2")).value == -5  # a proposed relation
    assert ws.find_rating(bob.id, round1, "r1").sign == 0


def test_xlsx_wide_form(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [line.split(",") for line in WIDE.strip().splitlines()]:
        sheet.append([int(c) if c.lstrip("-").isdigit() else (c or None) for c in row])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    ws = fresh()
    read = read_survey(ws, path, 2)
    assert (read.answers, read.blanks) == (5, 1)
    apply(ws, read)
    assert ws.round_numbered(2) is not None


def test_existing_participants_are_found_by_name(tmp_path):
    ws = fresh()
    ws.add("participants", Participant("ann", "Ann", "Employers", anonymous=True))
    path = tmp_path / "s.csv"
    path.write_text(WIDE, encoding="utf-8")
    read = read_survey(ws, path, 1)
    assert [p.name for p in read.participants] == ["Bob"]
    assert {r.participant for r in read.ratings} >= {"ann"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "participant,Node 0 -> Nobody\nAnn,3\n",
            "row 1, column 'Node 0 -> Nobody': no node labelled 'Nobody'",
        ),
        (
            "participant,Node 0 -> Node 1\nAnn,6\n",
            "row 2, column 'Node 0 -> Node 1': rating '6' is not a whole number",
        ),
        ("participant,Node 0 -> Node 1\nAnn,2.5\n", "rating '2.5' is not a whole number from -5 to 5"),
        ("participant,Node 0 -> Node 1\nAnn,x\n", "rating 'x' is not"),
        ("participant,Node 0 -> Node 1\n,3\n", "row 2: the participant is blank"),
        ("participant,Node 0 -> Node 1,Node 0 → Node 1\nAnn,3,4\n", "rated this relation twice"),
        ("participant,Favourite colour\nAnn,blue\n", "column 'Favourite colour' is neither"),
        ("name,Node 0 -> Node 1\nAnn,3\n", 'row 1: no "participant" column'),
        ("participant,group\nAnn,x\n", 'no "Source -> Target" columns'),
        ("participant,source,target,rating\nAnn,Node 0,Node 0,3\n", "connect a node to itself"),
        ("", "the file is empty"),
    ],
)
def test_bad_surveys_raise_one_line_and_change_nothing(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    ws = fresh()
    before = ws.content()
    with pytest.raises(InterchangeError) as err:
        read_survey(ws, path, 1)
    assert message in str(err.value)
    assert str(err.value).startswith("bad.csv")
    assert "\n" not in str(err.value)
    assert ws.content() == before


def test_a_closed_round_refuses_new_ratings(tmp_path):
    ws = rated_map(rounds=2)  # round 1 is closed
    path = tmp_path / "s.csv"
    path.write_text("participant,Node 0 -> Node 1\nAnn,3\n", encoding="utf-8")
    with pytest.raises(InterchangeError, match="round 1 is closed"):
        read_survey(ws, path, 1)


def test_a_broken_workbook_is_one_line(tmp_path):
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InterchangeError, match=r"s\.xlsx: broken Excel file"):
        read_survey(fresh(), path, 1)


def test_xlsx_long_form_and_a_semicolon_csv(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [line.split(",") for line in LONG.strip().splitlines()]:
        sheet.append([int(c) if c.lstrip("-").isdigit() else (c or None) for c in row])
    path = tmp_path / "long.xlsx"
    book.save(path)
    ws = fresh()
    read = read_survey(ws, path, 1)
    assert (read.answers, read.blanks, read.proposed) == (5, 1, 2)
    assert any(r.comment == "clear" for r in read.ratings)
    semi = tmp_path / "semi.csv"
    semi.write_text(WIDE.replace(",", ";"), encoding="utf-8")
    assert read_survey(fresh(), semi, 1).answers == 5

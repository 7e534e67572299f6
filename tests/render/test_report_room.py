"""The report's room section: consensus, contested with distributions, stability; never a name."""

from tensionmap.analysis.report import analyze
from tensionmap.model import Participant, Rating, Round
from tensionmap.render.report_content import Heading, Paragraph, ReportImages, Table, build_report
from tensionmap.render.report_html import render_html
from tensionmap.render.report_pdf import write_pdf
from tensionmap.render.report_room import TITLE, distribution, room_blocks
from tests.builders import small_map
from tests.render.test_report_writers import pdf_text

SECRET = "Zebediah Quux"


def room():
    """Round 1 and 2 over the small map; r0 agreed, r1 contested; one anonymous rater."""
    ws = small_map()
    rels = list(ws.relations)
    ws.add("rounds", Round("k1", 1, "Before lunch", open=False))
    ws.add("rounds", Round("k2", 2, "After lunch"))
    people = [("a", "Ann Open", "Employers", False), ("s", SECRET, "Learners", True)]
    people += [(f"p{i}", f"Person {i}", "Learners", False) for i in range(6)]
    for key, name, group, anonymous in people:
        ws.add("participants", Participant(key, name, group, anonymous))
    values = {rels[0]: [4, 4, 5, 3, 4, 5, 4, 3], rels[1]: [-4, -3, 4, 5, -2, 3, 0, 2]}
    n = 0
    for rnd in ("k1", "k2"):
        for rel, vals in values.items():
            for (key, *_), v in zip(people, vals, strict=True):
                n += 1
                flip = -1 if (rnd == "k1" and key == "s") else 1
                sign = (v > 0) - (v < 0)
                ws.add(
                    "ratings",
                    Rating(f"x{n}", key, rnd, sign * flip, abs(v) or 1, relation=rel, comment=f"I, {SECRET}"),
                )
    return ws, rels


def text_of(blocks):
    out = []
    for b in blocks:
        if isinstance(b, (Heading, Paragraph)):
            out.append(b.text)
        elif isinstance(b, Table):
            out += list(b.headers) + [c for row in b.rows for c in row]
    return " ".join(out)


def test_room_section_lists_consensus_contested_and_stability():
    ws, rels = room()
    blocks = room_blocks(ws)
    assert isinstance(blocks[0], Heading) and blocks[0].text == TITLE
    tables = [b for b in blocks if isinstance(b, Table)]
    agreed, divided = tables
    assert agreed.rows[0][0] == "University → Scalability" and agreed.rows[0][4] == "100% support"
    assert divided.rows[0][0] == "Employer → Specificity"
    assert (
        divided.rows[0][3]
        == distribution((-4, -3, 4, 5, -2, 3, 0, 2))
        == "−4 ×1, −3 ×1, −2 ×1, 0 ×1, +2 ×1, +3 ×1, +4 ×1, +5 ×1"
    )
    text = text_of(blocks)
    who = "(Employers: 1; Learners: 7; 1 asked not to be named)"
    assert f"Round 2 (After lunch): 8 participant(s) rated 2 relation(s) {who}" in text
    assert "Of 16 rating(s) given in both round 1 and round 2, 88% kept their sign" in text


def test_the_report_never_names_an_anonymous_participant(qapp, tmp_path):
    ws, _ = room()
    blocks = build_report(ws, analyze(ws), ReportImages())
    assert TITLE in text_of(blocks)
    assert SECRET not in text_of(blocks)
    html = render_html(blocks, ws.title)
    assert TITLE in html and SECRET not in html and "Zebediah" not in html
    out = tmp_path / "report.pdf"
    write_pdf(blocks, ws.title, out)
    text = pdf_text(out)
    assert "Where the room agrees" in text
    assert "Zebediah" not in text


def test_no_ratings_no_section():
    assert room_blocks(small_map()) == []
    assert TITLE not in text_of(build_report(small_map(), analyze(small_map()), ReportImages()))


def test_a_proposed_relation_is_marked_as_such():
    ws, _ = room()
    uni = next(n.id for n in ws.nodes.values() if n.label == "University")
    spec = next(n.id for n in ws.nodes.values() if n.label == "Specificity")
    for i, sign in enumerate((1, 1, -1, -1)):
        ws.add("ratings", Rating(f"prop{i}", f"p{i}", "k2", sign, 3, source=uni, target=spec))
    divided = [b for b in room_blocks(ws) if isinstance(b, Table)][1]
    assert ("University → Specificity (proposed)", "4", "50% / 50%", "−3 ×2, +3 ×2") in divided.rows


def test_a_round_opened_but_not_yet_rated_does_not_hide_the_last_rated_one():
    ws, _ = room()
    ws.add("rounds", Round("k3", 3, "After tea"))  # opened, nobody has rated yet
    blocks = room_blocks(ws)
    text = text_of(blocks)
    assert blocks[0].text == TITLE
    assert "Round 2 (After lunch): 8 participant(s) rated 2 relation(s)" in text
    assert "Round 3 has no ratings yet; this section shows round 2." in text
    assert "Of 16 rating(s) given in both round 1 and round 2" in text

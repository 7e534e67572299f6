"""The shipped micro-credentials example: generated from its source, complete, never modified."""

import hashlib

from tensionmap.examples import micro_credentials
from tensionmap.store import WorkspaceFile, example_path, new_from_example


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_shipped_file_matches_its_source():
    with WorkspaceFile.open(example_path(), read_only=True) as wf:
        assert wf.workspace.same_content(micro_credentials.build()), "run python -m tensionmap.examples.build"


def test_example_holds_the_facts_of_the_brief():
    ws = micro_credentials.build()
    labels = {n.label: n for n in ws.nodes.values()}
    stakeholders = [n for n in ws.nodes.values() if n.kind == "stakeholder"]
    drivers = [n for n in ws.nodes.values() if n.kind == "driver"]
    assert {"Learners and employees", "Universities and colleges", "Employers and industry"} <= set(labels)
    assert {"Small and medium enterprises", "HR and recruitment"} <= set(labels)
    assert len(stakeholders) == 5 and len(drivers) >= 8
    tensions = {
        frozenset((ws.node(r.source).label, ws.node(r.target).label))
        for r in ws.relations.values()
        if r.type == "in_tension_with"
    }
    assert frozenset(("Scalability", "Specificity")) in tensions
    assert frozenset(("Learner choice and agency", "Academic coherence")) in tensions
    stances = [r for r in ws.relations.values() if ws.node(r.source).kind == "stakeholder"]
    assert all(r.note and r.horizon in ("short", "medium", "long") for r in stances)
    assert {r.horizon for r in stances} == {"short", "medium", "long"}
    survey = next(e for e in ws.evidence.values() if "Nic Giolla Mhichil" in e.citation)
    assert survey.data == (
        ("Always", 0.0),
        ("Most of the time", 8.0),
        ("About half the time", 12.0),
        ("Sometimes", 40.0),
        ("Never", 40.0),
    )
    assert len(ws.questions) == 3
    assert any("return on investment" in q.text for q in ws.questions.values())


def test_new_from_example_never_touches_the_shipped_file(tmp_path):
    shipped = example_path()
    before, mtime = digest(shipped), shipped.stat().st_mtime_ns
    wf = new_from_example(tmp_path / "mine.tmap", title="Our workshop")
    from tensionmap import commands as c

    node = next(iter(wf.workspace.nodes))
    wf.execute(c.update_node(node, label="Changed in my copy"))
    wf.close()
    assert digest(shipped) == before and shipped.stat().st_mtime_ns == mtime
    with WorkspaceFile.open(tmp_path / "mine.tmap", read_only=True) as mine:
        assert mine.workspace.title == "Our workshop"


def test_untitled_copies_go_to_the_data_folder(tmp_path):
    first = new_from_example(data_dir=tmp_path / "data")
    second = new_from_example(data_dir=tmp_path / "data")
    assert first.path.name == "Untitled.tmap" and second.path.name == "Untitled 2.tmap"
    first.close()
    second.close()

"""Small workspaces for tests, built through the model's own API."""

from __future__ import annotations

from tensionmap.model import Evidence, Node, Question, Relation, Workspace, new_id


def stakeholder(label: str, **kw: object) -> Node:
    return Node(id=new_id(), kind="stakeholder", label=label, **kw)


def driver(label: str, **kw: object) -> Node:
    return Node(id=new_id(), kind="driver", label=label, **kw)


def relation(source: Node, target: Node, type: str = "supports", **kw: object) -> Relation:
    return Relation(id=new_id(), source=source.id, target=target.id, type=type, **kw)


def small_map() -> Workspace:
    """Two stakeholders pulling on two drivers in tension, plus evidence and a question."""
    ws = Workspace("Small map", "for tests")
    uni, emp = stakeholder("University", group="HE"), stakeholder("Employer", group="Industry")
    scale, spec = driver("Scalability", x=100.0), driver("Specificity", x=200.0)
    for n in (uni, emp, scale, spec):
        ws.add_node(n)
    ev = Evidence(
        id=new_id(), title="Survey", citation="Someone (2021)", data=(("Never", 40.0), ("Always", 0.0))
    )
    ws.add_evidence(ev)
    ws.add_relation(relation(uni, scale, strength=4, horizon="medium", note="spreads cost"))
    ws.add_relation(relation(emp, spec, strength=5, horizon="short", evidence=(ev.id,)))
    ws.add_relation(relation(scale, spec, "in_tension_with", strength=5))
    ws.add_question(Question(id=new_id(), text="Who benefits?", order=0))
    return ws

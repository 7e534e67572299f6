"""Lenses: the same visible/emphasised sets for canvas, panels and exports."""

from tensionmap.analysis.benefits import benefits_by_horizon
from tensionmap.analysis.lens_view import apply_lens, focus_view
from tensionmap.examples import micro_credentials as mc
from tensionmap.model import Lens, Workspace, new_id
from tests.builders import driver, relation, stakeholder


def horizon_map():
    ws = Workspace("h")
    a, b = stakeholder("A", group="G1"), stakeholder("B", group="G2")
    x, y, z = driver("X"), driver("Y"), driver("Z")
    for n in (a, b, x, y, z):
        ws.add_node(n)
    rels = {
        "short": relation(a, x, horizon="short", strength=2),
        "medium": relation(a, y, horizon="medium", strength=3),
        "long": relation(b, y, horizon="long", strength=4),
        "unknown": relation(b, z, "opposes", horizon="unknown"),
    }
    for r in rels.values():
        ws.add_relation(r)
    return ws, (a, b, x, y, z), rels


def test_no_lens_shows_everything():
    ws, nodes, rels = horizon_map()
    view = apply_lens(ws, None)
    assert view.nodes == set(ws.nodes) and view.relations == set(ws.relations)
    assert not view.dims_node(nodes[0].id)


def test_time_slider_hides_later_relations_but_keeps_unknown():
    ws, _nodes, rels = horizon_map()
    short = apply_lens(ws, None, max_horizon="short")
    assert short.relations == {rels["short"].id, rels["unknown"].id}
    medium = apply_lens(ws, None, max_horizon="medium")
    assert rels["long"].id not in medium.relations and rels["medium"].id in medium.relations
    # A lens limit and the slider combine: the earlier one wins.
    lens = Lens(id=new_id(), name="medium", max_horizon="medium")
    assert apply_lens(ws, lens, max_horizon="short").relations == short.relations


def test_group_lens_keeps_the_drivers_those_groups_pull_on():
    ws, (a, b, x, y, z), _rels = horizon_map()
    view = apply_lens(ws, Lens(id=new_id(), name="G1", groups=("G1",)))
    assert view.nodes == {a.id, x.id, y.id}
    assert all(ws.relation(r).source == a.id for r in view.relations)


def test_kind_and_tag_filters():
    ws, (a, b, x, y, z), _rels = horizon_map()
    assert apply_lens(ws, Lens(id=new_id(), name="d", kinds=("driver",))).nodes == {x.id, y.id, z.id}
    ws.update("nodes", b.id, tags=("key",))
    view = apply_lens(ws, Lens(id=new_id(), name="t", tags=("key",)))
    assert view.nodes == {b.id} and view.relations == set()


def test_focus_dims_all_but_the_neighbourhood_and_allies():
    ws, (a, b, x, y, z), rels = horizon_map()
    view = focus_view(ws, a.id)
    assert not view.dims_node(a.id) and not view.dims_node(y.id)
    assert not view.dims_node(b.id), "B meets A at driver Y: an ally or opponent"
    assert view.dims_node(z.id)
    assert view.dims_relation(rels["unknown"].id) and not view.dims_relation(rels["long"].id)


def test_example_lenses_apply():
    ws = mc.build()
    lenses = {lens.name: lens for lens in ws.lenses.values()}
    short = apply_lens(ws, lenses["Short term only"])
    assert all(ws.relation(r).horizon in ("short", "unknown") for r in short.relations)
    employers = apply_lens(ws, lenses["The employers' view"])
    assert employers.emphasised_nodes and mc.stable_id("employers") in employers.emphasised_nodes


def test_benefits_by_horizon_sums_positive_stances():
    ws, (a, b, x, y, z), rels = horizon_map()
    table = benefits_by_horizon(ws)
    assert table[a.id] == {"short": 2.0, "medium": 3.0, "long": 0.0, "unknown": 0.0}
    assert table[b.id]["long"] == 4.0 and table[b.id]["unknown"] == 0.0  # opposing does not count
    only_short = benefits_by_horizon(ws, [rels["short"].id])
    assert only_short[a.id]["medium"] == 0.0

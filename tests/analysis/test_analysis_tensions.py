import pytest

from tensionmap.analysis import (
    derived_alliances,
    derived_findings,
    derived_tensions,
    explicit_tensions,
)


def pairs(findings):
    return {frozenset(f.between) for f in findings}


def test_two_supporters_of_one_driver_are_allies_not_in_tension(make_map):
    ws = make_map("A B", "X", [("A", "supports", "X", 5), ("B", "supports", "X", 4)])
    tensions, alliances = derived_findings(ws)
    assert tensions == []
    assert len(alliances) == 1
    f = alliances[0]
    assert f.between == ("A", "B") and f.kind == "derived" and f.sign == 1
    assert f.path == ("A", "X", "B") and f.count == 1
    assert f.intensity == pytest.approx(1.0 * 0.8)
    assert f.relations == ("r0", "r1")
    assert not f.mixed


def test_support_and_opposition_of_one_driver_is_a_tension(make_map):
    ws = make_map("A B", "X", [("A", "supports", "X", 5), ("B", "opposes", "X", 5)])
    tensions = derived_tensions(ws)
    assert [(f.between, f.path, f.intensity) for f in tensions] == [(("A", "B"), ("A", "X", "B"), 1.0)]
    assert derived_alliances(ws) == []


def test_driver_reached_by_either_direction(make_map):
    # "X resists B" is read as B's stance towards X, whichever way it is drawn.
    ws = make_map("A B", "X", [("X", "benefits", "A"), ("X", "resists", "B")])
    assert pairs(derived_tensions(ws)) == {frozenset("AB")}


def test_length_three_paths_through_drivers_in_tension(make_map):
    ws = make_map(
        "A B C",
        "X Y",
        [
            ("A", "supports", "X", 5),
            ("X", "in_tension_with", "Y", 5),
            ("B", "supports", "Y", 5),
            ("C", "opposes", "Y", 5),
        ],
    )
    tensions, alliances = derived_findings(ws)
    by_pair = {frozenset(f.between): f for f in tensions}
    assert set(by_pair) == {frozenset("AB"), frozenset("BC")}
    assert by_pair[frozenset("AB")].path == ("A", "X", "Y", "B")
    assert by_pair[frozenset("AB")].intensity == pytest.approx(1.0)
    # A supports X, X is in tension with Y, C opposes Y: the enemy of my enemy is my friend.
    assert pairs(alliances) == {frozenset("AC")}
    assert next(iter(alliances)).path == ("A", "X", "Y", "C")


def test_stakeholders_are_not_intermediates_and_paths_stop_at_three(make_map):
    ws = make_map(
        "A B C",
        "X Y Z",
        [
            ("A", "supports", "B"),  # explicit alliance, no path through B
            ("B", "opposes", "X"),
            ("C", "supports", "X"),
            ("A", "supports", "Y"),
            ("Y", "supports", "Z"),
            ("Z", "opposes", "X"),  # A-Y-Z-X-C is length 4: ignored
        ],
    )
    tensions, alliances = derived_findings(ws)
    assert pairs(tensions) == {frozenset("BC")}
    assert pairs(alliances) == set()


def test_pair_reported_once_with_strongest_path_and_count(make_map):
    ws = make_map(
        "A B",
        "X Y Z",
        [
            ("A", "supports", "X", 2),
            ("B", "opposes", "X", 2),
            ("A", "supports", "Y", 5),
            ("B", "opposes", "Y", 4),
            ("A", "supports", "Z", 5),
            ("Z", "supports", "Y", 5),
        ],
    )
    tensions = derived_tensions(ws)
    assert len(tensions) == 1
    f = tensions[0]
    # paths A-X-B (0.16), A-Y-B (0.8) and A-Z-Y-B (0.8: same intensity, longer)
    assert f.count == 3
    assert f.path == ("A", "Y", "B")
    assert f.intensity == pytest.approx(0.8)
    assert not f.mixed


def test_mixed_pairs_appear_in_both_lists(make_map):
    ws = make_map(
        "A B",
        "X Y",
        [("A", "supports", "X"), ("B", "supports", "X"), ("A", "supports", "Y"), ("B", "opposes", "Y")],
    )
    tensions, alliances = derived_findings(ws)
    assert len(tensions) == len(alliances) == 1
    assert tensions[0].mixed and alliances[0].mixed
    assert tensions[0].path == ("A", "Y", "B") and alliances[0].path == ("A", "X", "B")


def test_explicit_tensions_any_kind_ranked(make_map):
    ws = make_map(
        "A B",
        "X Y",
        [
            ("A", "opposes", "B", 2, "t1"),
            ("X", "in_tension_with", "Y", 5, "t2"),
            ("A", "supports", "X", 5, "p1"),
            ("A", "related", "Y", 5, "n1"),
        ],
    )
    found = explicit_tensions(ws)
    assert [f.relations for f in found] == [("t2",), ("t1",)]
    assert found[0].between == ("X", "Y") and found[0].path == ("X", "Y")
    assert found[0].kind == "explicit" and found[0].intensity == 1.0 and found[0].count == 1


def test_empty_and_stakeholder_only_maps(make_map):
    assert derived_findings(make_map()) == ([], [])
    ws = make_map("A B", "", [("A", "opposes", "B")])
    assert derived_findings(ws) == ([], [])
    assert len(explicit_tensions(ws)) == 1

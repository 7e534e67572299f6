import json

from tensionmap.analysis import analyze, format_report


def sample(make_map):
    return make_map(
        "Board Staff Students",
        "Growth Quality",
        [
            ("Board", "supports", "Growth", 5, "r1"),
            ("Staff", "supports", "Quality", 4, "r2"),
            ("Growth", "in_tension_with", "Quality", 4, "r3"),
            ("Students", "supports", "Quality", 3, "r4"),
            ("Board", "opposes", "Staff", 2, "r5"),
        ],
    )


def test_analyze_json_shape_and_ranking(make_map):
    data = analyze(sample(make_map)).to_json()
    json.dumps(data)  # serialisable
    assert set(data) >= {"tensions", "alliances", "balance"}
    keys = {"between", "labels", "kind", "intensity", "path", "count", "relations"}
    for entry in data["tensions"] + data["alliances"]:
        assert keys <= set(entry)
    intensities = [t["intensity"] for t in data["tensions"]]
    assert intensities == sorted(intensities, reverse=True)
    kinds = {(tuple(t["between"]), t["kind"]) for t in data["tensions"]}
    assert (("Growth", "Quality"), "explicit") in kinds
    assert (("Board", "Staff"), "explicit") in kinds
    assert (("Board", "Staff"), "derived") in kinds
    assert (("Board", "Students"), "derived") in kinds
    derived = next(
        t for t in data["tensions"] if t["between"] == ["Board", "Staff"] and t["kind"] == "derived"
    )
    assert derived["path"] == ["Board", "Growth", "Quality", "Staff"]
    assert derived["relations"] == ["r1", "r3", "r2"]
    assert derived["labels"] == ["Board", "Staff"]
    assert [a["between"] for a in data["alliances"]] == [["Staff", "Students"]]
    balance = data["balance"]
    assert set(balance) >= {
        "triangles",
        "unbalanced_triangles",
        "frustration_index",
        "exact",
        "coalitions",
        "frustrated_relations",
    }
    assert balance["frustration_index"] == 0 and balance["exact"]
    assert sorted(map(sorted, balance["coalitions"])) == [
        ["Board", "Growth"],
        ["Quality", "Staff", "Students"],
    ]


def test_format_report_is_readable(make_map):
    text = format_report(analyze(sample(make_map)))
    assert text.startswith("Tensions (4)")
    assert "Board <-> Staff  explicit, intensity 0.40" in text
    assert "via Board - Growth - Quality - Staff" in text
    assert "frustration index: 0 (exact)" in text
    assert "coalition A: Quality, Staff, Students" in text
    short = format_report(analyze(sample(make_map)), limit=1)
    assert "... and 3 more" in short


def test_empty_workspace(make_map):
    result = analyze(make_map())
    assert result.to_json()["tensions"] == [] and result.to_json()["balance"]["frustration_index"] == 0
    assert "none" in format_report(result)

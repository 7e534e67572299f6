"""The JSON interchange keeps the room's voice losslessly, in a versioned way."""

import json

import pytest

from tensionmap.interchange import InterchangeError
from tensionmap.interchange.json_format import json_text, workspace_from_dict, workspace_to_dict
from tests.builders import small_map
from tests.ratings_builders import rated_map


@pytest.mark.parametrize("seed", range(5))
def test_ratings_round_trip_through_json(seed):
    ws = rated_map(seed=seed, proposals=2)
    again = workspace_from_dict(json.loads(json_text(ws)))
    assert again.same_content(ws)


def test_a_map_without_ratings_stays_version_1():
    doc = workspace_to_dict(small_map())
    assert doc["version"] == 1
    assert "ratings" not in doc


def test_a_map_with_ratings_is_version_2():
    doc = workspace_to_dict(rated_map())
    assert doc["version"] == 2
    assert {"participants", "rounds", "ratings"} <= set(doc)


def test_ratings_in_a_version_1_file_are_refused_not_dropped():
    doc = workspace_to_dict(rated_map())
    doc["version"] = 1
    with pytest.raises(InterchangeError, match="need format version 2"):
        workspace_from_dict(doc)


def test_a_bad_rating_is_reported_where_it_is():
    doc = workspace_to_dict(rated_map())
    doc["ratings"][3]["strength"] = 9
    with pytest.raises(InterchangeError, match=r"ratings\[3\].*rating strength 9 is out of range"):
        workspace_from_dict(doc)

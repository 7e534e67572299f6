"""Fixtures for the layout tests."""

import pytest

from tests.layout.layout_support import build_map


@pytest.fixture
def make_map():
    return build_map

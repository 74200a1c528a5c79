"""Shared fixtures for the extraction tests: one shipped lexicon per session (it is immutable)."""

from __future__ import annotations

import pytest

from tawthiq.extract import Lexicon


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.shipped()

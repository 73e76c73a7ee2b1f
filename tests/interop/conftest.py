"""The CASE packages the interop tests read: a small one they carry, and the real one in
`../shared/data/case/` beside the repository (tests on it skip where it is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.api.conftest import api_as, token_for  # noqa: F401 (the import API tests' fixtures)

SMALL = Path(__file__).resolve().parent / "data" / "small.case.json"
REAL = (
    Path(__file__).resolve().parents[2]
    / ".."
    / "shared"
    / "data"
    / "case"
    / "smarterbalanced-math-content-spec.case.json"
)


@pytest.fixture
def small_bytes() -> bytes:
    return SMALL.read_bytes()


@pytest.fixture
def small() -> dict:
    """The small package as JSON, to change before encoding again."""
    return json.loads(SMALL.read_text(encoding="utf-8"))


@pytest.fixture
def real_bytes() -> bytes:
    if not REAL.exists():
        pytest.skip("the real CASE package (../shared/data/case/) is not beside the repository")
    return REAL.read_bytes()


def encode(package: dict) -> bytes:
    return json.dumps(package).encode()

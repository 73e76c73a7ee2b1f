"""Interop fixtures: the CASE packages the tests read (a small one they carry, and the real one
in `../shared/data/case/` beside the repository: tests on it skip where it is absent), a reference
framework built by hand the way an import leaves one, and the API clients of tests/api."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from curriculum.extensions import db as _db
from curriculum.standards import tree
from curriculum.standards.models import FrameworkOrigin
from tests.alignment.conftest import world  # noqa: F401 (a fixture: the release tests')
from tests.api.conftest import api_as, token_for  # noqa: F401 (fixtures)

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


DOCUMENT = {
    "creator": "State Board of Education",
    "publisher": "Ohio Department of Education",
    "officialSourceURL": "https://education.example.org/standards/manufacturing",
    "version": "2024.1",
    "adoptionStatus": "Adopted",
}
ITEM_FIELDS = {
    "notes": "Use calibrated instruments.",
    "educationLevel": ["11", "12"],
    "conceptKeywords": ["measurement", "metrology"],
    "language": "en",
    "statusStartDate": "2024-07-01",
}


def make_reference(partnership, factory, title="State Manufacturing Standards"):
    """A published reference framework: item "Domain" A > item "Measured Skill" A.1, and a key
    activity A.2 under the domain; the framework and A.1 carry source fields."""
    author = factory.member(partnership, "panelist")
    framework = factory.framework(partnership, title)
    domain = tree.add_standard(framework, None, "item", "Quality and measurement", author=author)
    domain.item_type = "Domain"
    skill = tree.add_standard(
        framework, domain, "item", "Measure parts", "Measure parts with gauges.", author=author
    )
    skill.item_type = "Measured Skill"
    skill.source_identifier = "c1f2a3b4-0000-4000-8000-000000000001"
    skill.current_version.source_fields = dict(ITEM_FIELDS)
    activity = tree.add_standard(
        framework, domain, "key_activity", "Inspect finished parts", author=author
    )
    _db.session.commit()
    for standard in (domain, skill, activity):
        factory.publish(standard)
    framework.origin = FrameworkOrigin.REFERENCE
    framework.source_identifier = "9a8b7c6d-0000-4000-8000-00000000000f"
    framework.source_fields = dict(DOCUMENT)
    framework.source_name = "state-manufacturing.json"
    framework.imported_at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    _db.session.commit()
    return SimpleNamespace(framework=framework, domain=domain, skill=skill, activity=activity)


@pytest.fixture
def reference(partnership, factory, db):
    return make_reference(partnership, factory)

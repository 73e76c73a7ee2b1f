"""Interop fixtures: a reference framework (someone else's, brought in by import) built by hand
the way an import leaves one, and the API clients of tests/api."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from curriculum.extensions import db as _db
from curriculum.standards import tree
from curriculum.standards.models import FrameworkOrigin
from tests.api.conftest import api_as, token_for  # noqa: F401 (fixtures)

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

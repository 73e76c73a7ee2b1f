"""Measures fixtures: the security suite's world (a program of partnership P, its college's
faculty, a workforce board member, an employer, an outsider) and a cohort with a count of 3."""

from __future__ import annotations

from decimal import Decimal

import pytest

from curriculum.extensions import db as _db
from curriculum.measures import services
from curriculum.measures.models import Season
from tests.security.conftest import sign_in, world  # noqa: F401 (fixtures and a helper)


@pytest.fixture
def small(world):  # noqa: F811
    """Fall 2022 cohort of the world's program: 20 enrolled, 16 completed, 3 with health
    insurance (suppressed), medians 8000 before and 10000 after, a credential earned by 3."""
    cohort = services.record_cohort(
        world.program,
        {
            "entry_year": 2022,
            "entry_season": Season.FALL,
            "enrolled": 20,
            "completed": 16,
            "employed_q2": 12,
            "employed_q4": 14,
            "with_health_insurance": 3,
            "with_paid_time_off": 10,
            "median_earnings_before": Decimal("8000"),
            "median_earnings_after": Decimal("10000"),
            "credentials": [{"credential": "OSHA 10", "earned": 3}],
            "placements": [{"organization_id": world.employer.id, "placed": 7}],
        },
        world.users["faculty"],
    )
    _db.session.commit()
    return cohort


def signed_in(client, world, role: str):  # noqa: F811
    sign_in(client, world.user(role))
    return client

"""Recording, changing and deleting cohorts: what cannot be true is refused naming the field,
what is merely odd is taken, a term twice is a conflict, and every change is audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from curriculum.audit.models import AuditEvent
from curriculum.extensions import db
from curriculum.measures import services
from curriculum.measures.models import Cohort, Season


def _record(world, **data):
    return services.record_cohort(
        world.program,
        {"entry_year": 2019, "entry_season": "spring", **data},
        world.users["faculty"],
    )


def test_a_cohort_is_recorded_with_credentials_placements_and_an_audit_event(world, small):
    found = db.session.get(Cohort, small.id)
    assert (found.enrolled, found.completed, found.with_health_insurance) == (20, 16, 3)
    assert found.median_earnings_after == Decimal("10000.00")
    assert [(c.credential, c.earned) for c in found.credentials] == [("OSHA 10", 3)]
    assert [(p.organization_id, p.placed) for p in found.placements] == [(world.employer.id, 7)]
    assert found.updated_by_id == world.users["faculty"].id
    events = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "cohort.recorded")
    ).all()
    assert [(e.object_id, e.partnership_id) for e in events] == [(small.id, world.partnership.id)]
    assert "Fall 2022" in events[0].summary


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"enrolled": 10, "completed": 11}, "completed"),
        ({"enrolled": 10, "employed_q4": 12}, "employed_q4"),
        ({"enrolled": 10, "with_paid_time_off": 11}, "with_paid_time_off"),
        ({"enrolled": -1}, "enrolled"),
        ({"median_earnings_before": "-5"}, "median_earnings_before"),
        ({"median_earnings_after": "lots"}, "median_earnings_after"),
        ({"entry_year": 1200}, "entry_year"),
        ({"entry_season": "autumn"}, "entry_season"),
        (
            {"enrolled": 5, "credentials": [{"credential": "OSHA 10", "earned": 6}]},
            "credentials[0]",
        ),
        (
            {"credentials": [{"credential": "A", "earned": 1}, {"credential": "a", "earned": 2}]},
            "credentials[1]",
        ),
    ],
)
def test_what_cannot_be_true_is_refused_naming_the_field(world, data, field):
    with pytest.raises(services.CohortError) as caught:
        _record(world, **data)
    assert caught.value.field == field
    assert caught.value.status == 400


def test_odd_but_possible_figures_are_taken(world):
    """People employed in the sector without completing; insured by a job outside it."""
    cohort = _record(world, enrolled=10, completed=2, employed_q2=8, with_health_insurance=9)
    assert (cohort.completed, cohort.employed_q2, cohort.with_health_insurance) == (2, 8, 9)


def test_placements_are_with_the_partnerships_employers_and_not_more_than_enrolled(world):
    with pytest.raises(services.CohortError) as caught:
        _record(world, placements=[{"organization_id": world.college.id, "placed": 2}])
    assert caught.value.field == "placements[0]"
    elsewhere = world.factory.organization("Faraway Tools", "employer")
    with pytest.raises(services.CohortError):
        _record(world, placements=[{"organization_id": elsewhere.id, "placed": 2}])
    with pytest.raises(services.CohortError) as caught:
        _record(world, enrolled=5, placements=[{"organization_id": world.employer.id, "placed": 6}])
    assert caught.value.field == "placements"


def test_a_term_the_program_has_already_is_a_conflict(world, small):
    with pytest.raises(services.CohortError) as caught:
        services.record_cohort(world.program, {"entry_year": 2022, "entry_season": Season.FALL})
    assert caught.value.status == 409
    other = _record(world)
    with pytest.raises(services.CohortError) as caught:
        services.update_cohort(other, {"entry_year": 2022, "entry_season": "fall"})
    assert caught.value.status == 409


def test_an_update_changes_only_what_it_is_given(world, small):
    services.update_cohort(small, {"completed": 18}, world.users["convener"])
    db.session.commit()
    found = services.get_cohort(small.id)
    assert (found.enrolled, found.completed, found.employed_q4) == (20, 18, 14)
    assert [c.credential for c in found.credentials] == ["OSHA 10"]
    assert len(found.placements) == 1
    with pytest.raises(services.CohortError) as caught:
        services.update_cohort(found, {"enrolled": 6})  # fewer than the 16… completed
    assert caught.value.field == "completed"


def test_a_deleted_cohort_takes_its_credentials_and_placements(world, small):
    services.delete_cohort(small, world.users["convener"])
    db.session.commit()
    assert db.session.get(Cohort, small.id) is None
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "cohort.deleted")
        )
        == 1
    )

"""API endpoints of a program's performance measures: list and record its cohorts, change one
(only the fields sent). Counts from 1 to 4 are null in every answer, named in `suppressed`."""

from flask_login import current_user

from curriculum import access
from curriculum.api import inputs
from curriculum.api.schemas.cohorts import Cohort, CohortChange, CohortInput, CohortList
from curriculum.api.views import bp
from curriculum.courses import services as courses
from curriculum.extensions import db
from curriculum.measures import services


def _user():
    return current_user._get_current_object()


@bp.get("/programs/<int:program_id>/cohorts")
def program_cohorts(program_id: int):
    """The program's cohorts, oldest term first (members of its partnership)."""
    program = courses.get_program(program_id)
    access.require(current_user, "view_measures", program)
    items = [Cohort.of(c) for c in services.cohorts_of(program)]
    return CohortList(program_id=program.id, items=items).send()


@bp.post("/programs/<int:program_id>/cohorts")
def record_cohort(program_id: int):
    """Record a cohort of the program."""
    program = courses.get_program(program_id)
    access.require(current_user, "record_measures", program)
    data = inputs.parse(CohortInput)
    cohort = services.record_cohort(program, data.data(), _user())
    db.session.commit()
    return Cohort.of(services.get_cohort(cohort.id)).send(), 201


@bp.patch("/cohorts/<int:cohort_id>")
def change_cohort(cohort_id: int):
    """Change the cohort's fields that the body holds."""
    cohort = services.get_cohort(cohort_id)
    access.require(current_user, "edit", cohort)
    data = inputs.parse(CohortChange)
    services.update_cohort(cohort, data.data(), _user())
    db.session.commit()
    return Cohort.of(services.get_cohort(cohort_id)).send()

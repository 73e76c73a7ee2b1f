"""The performance measures endpoints' operations of the OpenAPI document (openapi_paths.paths()
merges them in). Their objects: schemas/cohorts.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import errors, operation, path_params, response
from curriculum.api.schemas.cohorts import Cohort, CohortChange, CohortInput, CohortList

WHO = (
    "The program's college (whoever may edit the program), the partnership's conveners and "
    "members from its workforce boards."
)
PRIVACY = "Counts from 1 to 4, and medians of so few people, are null and named in `suppressed`."


def paths() -> dict:
    return {
        "/programs/{program_id}/cohorts": {
            "parameters": path_params("program_id"),
            "get": operation(
                "program_cohorts",
                f"The program's cohorts by term of entry, oldest first (members of the "
                f"program's partnership). {PRIVACY}",
                {"200": response(CohortList, "The cohorts."), **errors(401, 404)},
            ),
            "post": operation(
                "record_cohort",
                f"Record a cohort of the program: its term of entry and the counts known "
                f"(only counts, never a person's record). {WHO} {PRIVACY}",
                {
                    "201": response(Cohort, "Recorded."),
                    **errors(400, 401, 403, 404, 409),
                },
                body=CohortInput,
                write=True,
            ),
        },
        "/cohorts/{cohort_id}": {
            "parameters": path_params("cohort_id"),
            "patch": operation(
                "change_cohort",
                f"Change the fields of the cohort that the body holds; the rest stay. "
                f"Credentials and placements, when sent, replace the lists. {WHO} {PRIVACY}",
                {"200": response(Cohort, "Changed."), **errors(400, 401, 403, 404, 409)},
                body=CohortChange,
                write=True,
            ),
        },
    }

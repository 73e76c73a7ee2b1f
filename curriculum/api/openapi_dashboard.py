"""The dashboard's operation of the OpenAPI document (openapi_paths.paths() merges it in). Its
object: schemas/dashboard.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import errors, operation, path_params, response
from curriculum.api.schemas.dashboard import DashboardFigures


def paths() -> dict:
    return {
        "/partnerships/{partnership_id}/dashboard": {
            "parameters": path_params("partnership_id"),
            "get": operation(
                "partnership_dashboard",
                "The partnership's dashboard: firms engaged, standards by status, releases, "
                "endorsements this quarter, coverage of each framework by each program, stale "
                "alignments, open comments, exports, the latest needs survey and the cohorts' "
                "performance measures (members; cohort counts from 1 to 4 are null and named "
                "in `suppressed`).",
                {"200": response(DashboardFigures, "The figures."), **errors(401, 403, 404)},
            ),
        },
    }

"""GET/POST /api/v1/programs/<id>/cohorts and PATCH /api/v1/cohorts/<id>: counts under 5 are
null and named in `suppressed`, only the fields sent change, impossible figures are 400s naming
the field, a term twice is 409, and only those who record measures write."""

from __future__ import annotations

import pytest

from curriculum.extensions import db
from curriculum.measures.models import Cohort
from tests.measures.conftest import small, world  # noqa: F401 (fixtures)


def _call(app, world, role, method, url, body=None):  # noqa: F811
    headers = {"Authorization": f"Bearer {world.token(role)}"} if world.user(role) else {}
    return app.test_client().open(url, method=method, json=body, headers=headers)


def test_the_list_never_shows_a_count_of_three(app, world, small):  # noqa: F811
    response = _call(app, world, "panelist", "GET", f"/api/v1/programs/{world.program.id}/cohorts")
    assert response.status_code == 200
    item = next(i for i in response.json["items"] if i["id"] == small.id)
    assert item["term"] == "Fall 2022"
    assert (item["enrolled"], item["completed"], item["with_health_insurance"]) == (20, 16, None)
    assert item["credentials"] == [{"credential": "OSHA 10", "earned": None}]
    assert item["placements"][0]["placed"] == 7
    assert item["median_earnings_after"] == 10000.0
    assert item["suppressed"] == ["with_health_insurance", "credentials[0].earned"]
    assert ": 3," not in response.text and ": 3}" not in response.text
    assert 3 not in [v for v in item.values() if isinstance(v, int) and v != item["id"]]


def test_a_median_of_a_suppressed_count_is_null_and_named(app, world, small):  # noqa: F811
    small.employed_q2 = 2
    db.session.commit()
    url = f"/api/v1/programs/{world.program.id}/cohorts"
    item = _call(app, world, "viewer", "GET", url).json["items"][0]
    assert item["median_earnings_after"] is None and item["median_earnings_before"] == 8000.0
    assert {"employed_q2", "median_earnings_after"} <= set(item["suppressed"])


def test_a_cohort_is_recorded_and_its_small_counts_suppressed_in_the_answer(app, world):  # noqa: F811
    body = {
        "entry_year": 2030,
        "entry_season": "winter",
        "enrolled": 12,
        "completed": 3,
        "median_earnings_before": 7250.5,
        "credentials": [{"credential": "NIMS I", "earned": 9}],
        "placements": [{"organization_id": world.employer.id, "placed": 2}],
    }
    url = f"/api/v1/programs/{world.program.id}/cohorts"
    response = _call(app, world, "faculty", "POST", url, body)
    assert response.status_code == 201, response.text
    answer = response.json
    assert (answer["term"], answer["enrolled"], answer["completed"]) == ("Winter 2030", 12, None)
    assert answer["suppressed"] == ["completed", "placements[0].placed"]
    stored = db.session.get(Cohort, answer["id"])
    assert (stored.completed, stored.placements[0].placed) == (3, 2)
    again = _call(
        app, world, "convener", "POST", url, {"entry_year": 2030, "entry_season": "winter"}
    )
    assert again.status_code == 409 and "Winter 2030" in again.json["error"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"enrolled": 5, "completed": 9}, "completed"),
        ({"enrolled": -2}, "enrolled"),
        ({"entry_season": "autumn"}, "entry_season"),
        ({"enrolled": "12"}, "enrolled"),
        ({"placements": [{"organization_id": 0, "placed": 1}]}, "placements[0]"),
    ],
)
def test_bad_figures_are_400_naming_the_field(app, world, body, field):  # noqa: F811
    url = f"/api/v1/programs/{world.program.id}/cohorts"
    body = {"entry_year": 2031, "entry_season": "fall", **body}
    response = _call(app, world, "convener", "POST", url, body)
    assert response.status_code == 400, response.text
    assert field in response.json["fields"]


def test_a_patch_changes_only_the_fields_sent(app, world, small):  # noqa: F811
    url = f"/api/v1/cohorts/{small.id}"
    response = _call(app, world, "viewer", "PATCH", url, {"completed": 18, "notes": "Checked"})
    assert response.status_code == 200, response.text
    assert (response.json["completed"], response.json["enrolled"]) == (18, 20)
    assert response.json["notes"] == "Checked"
    assert response.json["credentials"] == [{"credential": "OSHA 10", "earned": None}]
    unknown = _call(app, world, "viewer", "PATCH", url, {"employed_q2": None})
    assert unknown.json["employed_q2"] is None and unknown.json["employed_q4"] == 14
    refused = _call(app, world, "viewer", "PATCH", url, {"enrolled": 10})
    assert refused.status_code == 400 and "completed" in refused.json["fields"]
    db.session.expire_all()
    assert db.session.get(Cohort, small.id).enrolled == 20


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("outsider", 404), ("panelist", 403), ("other_faculty", 403)],
)
def test_who_may_not_record_is_refused(app, world, small, role, status):  # noqa: F811
    patch = _call(app, world, role, "PATCH", f"/api/v1/cohorts/{small.id}", {"enrolled": 30})
    url = f"/api/v1/programs/{world.program.id}/cohorts"
    post = _call(app, world, role, "POST", url, {"entry_year": 2032, "entry_season": "fall"})
    assert (patch.status_code, post.status_code) == (status, status)


def test_the_openapi_document_describes_the_endpoints(app):
    paths = app.test_client().get("/api/v1/openapi.json").json
    found = paths["paths"]
    assert set(found["/programs/{program_id}/cohorts"]) >= {"get", "post"}
    assert "patch" in found["/cohorts/{cohort_id}"]
    schema = paths["components"]["schemas"]["Cohort"]
    assert "suppressed" in schema["properties"]

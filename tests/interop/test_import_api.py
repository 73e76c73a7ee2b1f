"""The import API: a multipart upload answers 202 with the job (Location to poll), its state
and summary as documented; bad input is a 400 naming the field; who may import and follow."""

from __future__ import annotations

import io
import json

import sqlalchemy as sa

from curriculum.interop.models import ImportJob
from curriculum.standards.models import Framework, Standard
from tests.api.test_openapi import _conforms
from tests.interop import tiny

PREFIX = "/api/v1"


def _post(api, partnership, data: bytes | None = None, **fields):
    body = {"format": "case", "mode": "reference", **fields}
    if data is not None:
        body["file"] = (io.BytesIO(data), "tiny.case.json")
    return api.client.post(
        f"{PREFIX}/partnerships/{partnership.id}/imports",
        data=body,
        headers=api.headers,
        content_type="multipart/form-data",
    )


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_script_dry_runs_then_imports_and_polls_the_job(api_as, partnership, db):
    convener = api_as("convener")
    dry = _post(convener, partnership, tiny.data(), dry_run="true")
    assert dry.status_code == 202, dry.json
    _conforms(dry, "post", "/partnerships/{partnership_id}/imports")
    job = dry.json
    assert dry.headers["Location"] == f"{PREFIX}/imports/{job['id']}" == job["url"]
    assert (job["state"], job["dry_run"], job["format"], job["mode"]) == (
        "done",
        True,
        "case",
        "reference",
    )
    assert job["summary"]["created"] == 3 and job["summary"]["errors"] == []
    assert job["summary"]["associations"]["total"] == 4
    assert job["framework_id"] is None and _count(db, Framework) == 0

    real = _post(convener, partnership, tiny.data(), dry_run="false")
    assert real.status_code == 202
    polled = convener.get(real.headers["Location"])
    assert polled.status_code == 200
    _conforms(polled, "get", "/imports/{job_id}")
    state = polled.json
    assert state["state"] == "done" and state["progress"] == 100
    framework = db.session.scalar(sa.select(Framework))
    assert state["framework_id"] == framework.id
    assert state["framework_url"] == f"{PREFIX}/frameworks/{framework.id}"
    assert _count(db, Standard) == 3
    assert convener.get(state["framework_url"]).json["title"] == "Tiny Welding Standards"


def test_a_refused_file_fails_the_job_with_its_problems(api_as, partnership, db):
    convener = api_as("convener")
    answer = _post(convener, partnership, b"[1, 2")
    assert answer.status_code == 202
    job = answer.json
    assert job["state"] == "failed" and job["summary"]["errors"], job
    assert {"where", "message"} == set(job["summary"]["errors"][0])
    _conforms(answer, "post", "/partnerships/{partnership_id}/imports")
    assert _count(db, Framework) == 0


def test_bad_input_is_a_400_naming_the_field(api_as, partnership, db):
    convener = api_as("convener")
    cases = [
        (_post(convener, partnership), "file"),
        (_post(convener, partnership, tiny.data(), format="pdf"), "format"),
        (_post(convener, partnership, tiny.data(), format=""), "format"),
        (_post(convener, partnership, tiny.data(), mode="copy"), "mode"),
        (_post(convener, partnership, tiny.data(), dry_run="maybe"), "dry_run"),
        (_post(convener, partnership, b""), "file"),
        (_post(convener, partnership, tiny.data(), mapping="[1]"), "mapping"),
        (_post(convener, partnership, tiny.data(), format="csv"), "mapping"),
        (
            _post(convener, partnership, b"a,b\n", format="csv", mapping='{"colour": "a"}'),
            "mapping",
        ),
        (
            _post(
                convener,
                partnership,
                b"a\n",
                format="csv",
                mapping=json.dumps({"code": "x" * 100_000}),
            ),
            "mapping",
        ),
        (_post(convener, partnership, b"a\n", format="csv", mapping='{"code": ["a"]}'), "mapping"),
        (_post(convener, partnership, tiny.data(), framework_id="x"), "framework_id"),
    ]
    for answer, field in cases:
        assert answer.status_code == 400, (field, answer.json)
        assert list(answer.json["fields"]) == [field], answer.json
        _conforms(answer, "post", "/partnerships/{partnership_id}/imports")
    assert _count(db, ImportJob) == 0


def test_a_file_over_the_limit_is_413(make_app, factory, token_for, db):
    from tests.api.conftest import ApiClient

    app = make_app(MAX_CONTENT_LENGTH=2000)
    partnership = factory.partnership(name="Limited Partnership")
    convener = factory.member(partnership, "convener")
    api = ApiClient(app, token_for(convener), convener)
    answer = _post(api, partnership, b"{" + b" " * 5000 + b"}")
    assert answer.status_code == 413 and answer.json["status"] == 413
    assert _count(db, ImportJob) == 0


def test_who_may_import_and_follow(api_as, partnership, db):
    convener, viewer, outsider = api_as("convener"), api_as("viewer"), api_as("outsider")
    anonymous, admin = api_as("anonymous"), api_as("admin")
    assert _post(anonymous, partnership, tiny.data()).status_code == 401
    assert _post(viewer, partnership, tiny.data()).status_code == 403
    assert _post(outsider, partnership, tiny.data()).status_code == 404
    assert _count(db, ImportJob) == 0
    job = _post(convener, partnership, tiny.data(), dry_run="true").json
    url = f"{PREFIX}/imports/{job['id']}"
    assert convener.get(url).status_code == 200
    assert admin.get(url).status_code == 200
    assert api_as("convener").get(url).status_code == 200  # another convener
    assert viewer.get(url).status_code == 403
    assert outsider.get(url).status_code == 404
    assert anonymous.get(url).status_code == 401
    assert convener.get(f"{PREFIX}/imports/{'f' * 32}").status_code == 404
    assert convener.get(f"{PREFIX}/imports/nope").status_code == 404


def test_the_real_package_through_the_api(api_as, partnership, db, real_bytes):
    """The Smarter Balanced package (585 items, 3,367 associations): a dry run writes nothing,
    the import for real keeps every item; the job says so."""
    convener = api_as("convener")
    dry = _post(convener, partnership, real_bytes, dry_run="true")
    assert dry.status_code == 202 and dry.json["state"] == "done", dry.json["message"]
    assert dry.json["summary"]["created"] == 585 and _count(db, Standard) == 0
    assert dry.json["summary"]["associations"]["total"] == 3367
    real = _post(convener, partnership, real_bytes)
    state = convener.get(real.headers["Location"]).json
    assert state["state"] == "done", state["message"]
    assert state["message"].startswith("585 standards imported: 585 created")
    assert _count(db, Standard) == 585
    again = _post(convener, partnership, real_bytes, dry_run="true").json
    assert (again["summary"]["created"], again["summary"]["unchanged"]) == (0, 585)
    assert again["framework_id"] == state["framework_id"]


def test_the_small_package_through_the_form(client, login_as, partnership, db, small_bytes):
    login_as("convener")
    response = client.post(
        f"/partnerships/{partnership.id}/imports/new",
        data={
            "file": (io.BytesIO(small_bytes), "small.case.json"),
            "format": "case",
            "mode": "reference",
        },
    )
    assert response.status_code == 302
    job = db.session.scalar(sa.select(ImportJob))
    assert job.state.value == "done", job.message
    page = client.get(f"/imports/{job.id}").text
    assert "What the import did" in page
    if job.summary["fixes"]:
        assert "Defects mended" in page and job.summary["fixes"][0]["where"] in page

"""The export API: 202 with the job, its state, the file (409 before it is done)."""

from __future__ import annotations

import sqlalchemy as sa

from curriculum.api.openapi import document
from curriculum.exports.models import ExportJob, ExportKind, JobState
from tests.api.test_openapi import _conforms

PREFIX = "/api/v1"


def test_a_script_exports_a_program_and_fetches_the_pdf(api_as, world, db):
    convener = api_as("convener")
    answer = convener.post(f"{PREFIX}/programs/{world.program.id}/exports", json={"as_of": None})
    assert answer.status_code == 202, answer.json
    job = answer.json
    assert answer.headers["Location"] == f"{PREFIX}/exports/{job['id']}"
    assert job["state"] == "done" and job["kind"] == "curriculum"
    assert job["format"] == "pdf"  # the default
    assert job["options"] == {
        "frameworks": [world.framework.id],
        "drafts": False,
        "as_of": None,
        "scope": "required",
        "electives": [],
    }
    _conforms(answer, "post", "/programs/{program_id}/exports")
    state = convener.get(f"{PREFIX}/exports/{job['id']}")
    assert state.status_code == 200 and state.json["pages"] >= 3
    _conforms(state, "get", "/exports/{job_id}")
    pdf = convener.get(f"{PREFIX}/exports/{job['id']}/file")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].endswith('-curriculum.pdf"')
    assert pdf.data.startswith(b"%PDF-")


def test_a_framework_export_and_its_options(api_as, world, db):
    convener = api_as("convener")
    answer = convener.post(
        f"{PREFIX}/frameworks/{world.framework.id}/exports", json={"drafts": True}
    )
    assert answer.status_code == 202 and answer.json["options"]["drafts"] is True
    assert answer.json["filename"] == "production-technician-standards-draft.pdf"
    bad = convener.post(
        f"{PREFIX}/frameworks/{world.framework.id}/exports", json={"frameworks": [1]}
    )
    assert bad.status_code == 400 and bad.json["fields"] == {"frameworks": bad.json["error"]}


def test_the_file_is_409_until_the_job_is_done(api_as, world, db):
    convener = api_as("convener")
    job = ExportJob(
        kind=ExportKind.CURRICULUM,
        program_id=world.program.id,
        partnership_id=world.partnership.id,
        options={"drafts": False, "as_of": None, "frameworks": []},
        requested_by_id=convener.user.id,
    )
    db.session.add(job)
    db.session.commit()
    assert job.state == JobState.QUEUED
    early = convener.get(f"{PREFIX}/exports/{job.id}/file")
    assert early.status_code == 409 and "queued" in early.json["error"]
    _conforms(early, "get", "/exports/{job_id}/file")


def test_who_may_export_what(api_as, world, db):
    anonymous, viewer = api_as("anonymous"), api_as("viewer")
    url = f"{PREFIX}/programs/{world.program.id}/exports"
    assert anonymous.post(url, json={}).status_code == 401
    refused = viewer.post(url, json={"drafts": True})
    assert refused.status_code == 403 and "drafts" in refused.json["error"]
    assert viewer.post(url, json={}).status_code == 202
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 1
    drafts = api_as("convener").post(url, json={"drafts": True}).json
    assert viewer.get(f"{PREFIX}/exports/{drafts['id']}").status_code == 403
    assert anonymous.get(f"{PREFIX}/exports/{drafts['id']}").status_code == 401
    assert viewer.get(f"{PREFIX}/exports/{'f' * 32}").status_code == 404
    assert viewer.post(f"{PREFIX}/programs/999999/exports", json={}).status_code == 404


def test_bad_options_are_400_with_the_field(api_as, world):
    convener = api_as("convener")
    url = f"{PREFIX}/programs/{world.program.id}/exports"
    for body, field in (
        ({"as_of": "yesterday"}, "as_of"),
        ({"drafts": "yes"}, "drafts"),
        ({"frameworks": [424242]}, "frameworks"),
    ):
        answer = convener.post(url, json=body)
        assert answer.status_code == 400 and field in answer.json["fields"], body
    assert convener.post(url, data="not json", content_type="application/json").status_code == 400


def test_the_export_endpoints_are_documented():
    paths = document()["paths"]
    for path in (
        "/programs/{program_id}/exports",
        "/frameworks/{framework_id}/exports",
        "/exports/{job_id}",
        "/exports/{job_id}/file",
    ):
        assert path in paths
    assert "202" in paths["/programs/{program_id}/exports"]["post"]["responses"]
    assert "409" in paths["/exports/{job_id}/file"]["get"]["responses"]


def test_a_script_asks_for_word(api_as, world, db):
    convener = api_as("convener")
    answer = convener.post(
        f"{PREFIX}/programs/{world.program.id}/exports", json={"format": "docx", "drafts": True}
    )
    assert answer.status_code == 202, answer.json
    job = answer.json
    assert job["format"] == "docx" and job["state"] == "done" and job["pages"] is None
    assert job["filename"] == "production-technician-certificate-2026-2027-curriculum-draft.docx"
    _conforms(answer, "post", "/programs/{program_id}/exports")
    word = convener.get(job["file_url"])
    assert word.status_code == 200
    assert word.mimetype == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert word.headers["Content-Disposition"] == f'attachment; filename="{job["filename"]}"'
    assert word.data.startswith(b"PK")  # a .docx is a zip
    framework = convener.post(
        f"{PREFIX}/frameworks/{world.framework.id}/exports", json={"format": "docx"}
    )
    assert framework.status_code == 202 and framework.json["filename"].endswith(".docx")


def test_an_unknown_format_is_400_with_a_reason(api_as, world, db):
    convener = api_as("convener")
    url = f"{PREFIX}/programs/{world.program.id}/exports"
    for wrong in ("odt", "PDF", "", None, 1, ["docx"]):
        answer = convener.post(url, json={"format": wrong})
        assert answer.status_code == 400, wrong
        assert answer.json["fields"] == {"format": 'Choose the format: "pdf" or "docx".'}
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 0


def test_the_format_is_documented():
    schemas = document()["components"]["schemas"]
    assert schemas["ExportOptions"]["properties"]["format"]["enum"] == ["pdf", "docx"]
    assert schemas["ExportOptions"]["properties"]["format"]["default"] == "pdf"
    assert "format" in schemas["ExportJob"]["required"]
    download = document()["paths"]["/exports/{job_id}/file"]["get"]["responses"]["200"]
    assert set(download["content"]) == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }

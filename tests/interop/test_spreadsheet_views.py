"""The mapping page of a spreadsheet import: columns, guessed mapping, preview, import, refusals."""

from __future__ import annotations

import io

from curriculum.extensions import db
from curriculum.interop.models import ImportJob
from curriculum.jobs import JobState
from curriculum.standards.models import Framework, StandardKind

SHEET = (
    b"Code;Parent code;Kind;Title;Statement\r\n"
    b"A;;Critical work function;Machining;Machines parts to print.\r\n"
    b"A.1;A;;Set up the lathe;Sets up a lathe safely.\r\n"
    b"A.1.1;A.1;Skill;Reads drawings;Reads engineering drawings.\r\n"
)


def upload(client, partnership, data=SHEET, name="Lathe standards.csv", fmt="csv", **extra):
    form = {
        "file": (io.BytesIO(data), name),
        "format": fmt,
        "mode": "draft",
        "framework": "",
        **extra,
    }
    return client.post(
        f"/partnerships/{partnership.id}/imports/new",
        data=form,
        content_type="multipart/form-data",
    )


MAPPING = {"code": "Code", "parent_code": "Parent code", "kind": "Kind", "title": "Title"}


def test_upload_leads_to_the_mapping_page_with_guessed_columns(client, login_as, partnership):
    login_as("convener")
    sent = upload(client, partnership)
    assert sent.status_code == 302 and sent.location.endswith("/mapping")
    page = client.get(sent.location)
    assert page.status_code == 200
    html = page.text
    assert '<option selected value="Parent code">Parent code</option>' in html
    assert '<option value="">— not in the file —</option>' in html
    # The guessed mapping is previewed at once: the tree, nothing failing.
    assert "Set up the lathe" in html and "3 rows read; 0 fail" in html


def test_preview_then_import_creates_the_tree(client, login_as, partnership):
    login_as("convener")
    location = upload(client, partnership).location
    shown = client.post(location, data={**MAPPING, "statement": "Statement", "action": "preview"})
    assert shown.status_code == 200
    assert "Reads drawings" in shown.text and "Key activity" in shown.text
    done = client.post(location, data={**MAPPING, "statement": "Statement", "action": "import"})
    assert done.status_code == 302
    job = db.session.get(ImportJob, location.split("/")[-2])
    assert job.state == JobState.DONE, job.message
    assert job.options["mapping"]["statement"] == "Statement"
    framework = db.session.get(Framework, job.framework_id)
    assert framework.title == "Lathe standards"
    kinds = {s.code: s.kind for s in framework.standards}
    assert kinds == {
        "A": StandardKind.CRITICAL_WORK_FUNCTION,
        "A.1": StandardKind.KEY_ACTIVITY,
        "A.1.1": StandardKind.SKILL,
    }


def test_import_with_failing_rows_shows_them_and_queues_nothing(client, login_as, partnership):
    login_as("convener")
    bad = SHEET + b"B.1;B.9;Key activity;Orphan;\r\n"
    location = upload(client, partnership, data=bad).location
    page = client.get(location)
    assert "disabled" in page.text.split('value="import"')[1].split(">")[0]
    again = client.post(location, data={**MAPPING, "action": "import"})
    assert again.status_code == 200
    assert "row 5, column Parent code" in again.text and "no row has the code B.9" in again.text
    assert "Nothing was imported" in again.text
    job = db.session.get(ImportJob, location.split("/")[-2])
    assert job.state == JobState.QUEUED and not job.options.get("mapping")


def test_a_mapping_without_a_code_column_is_refused_on_the_form(client, login_as, partnership):
    login_as("convener")
    location = upload(client, partnership).location
    shown = client.post(location, data={"title": "Title", "action": "import"})
    assert shown.status_code == 200
    assert "Choose the column that holds each standard&#39;s code." in shown.text
    shown = client.post(location, data={"code": "Nope", "title": "Title", "action": "import"})
    assert shown.status_code == 200 and "Code:" in shown.text
    job = db.session.get(ImportJob, location.split("/")[-2])
    assert job.state == JobState.QUEUED and not job.options.get("mapping")


def test_near_duplicates_are_shown(client, login_as, partnership, factory):
    login_as("convener")
    framework = factory.framework(partnership, "Existing")
    cwf = factory.standard(framework, None, "critical_work_function", "Machining")
    factory.standard(framework, cwf, "key_activity", "Setup", "Sets up the lathe safely.")
    sheet = SHEET.replace(b"A", b"X")  # other codes: new standards, not updates of A, A.1
    location = upload(client, partnership, data=sheet, framework=str(framework.id)).location
    page = client.get(location)
    assert "row 3 “Sets up a lathe safely.” is close to A.1 “Sets up the lathe safely.”" in (
        page.text
    )


def test_others_may_not_map_and_unreadable_files_say_so(client, login_as, partnership, factory):
    login_as("convener")
    location = upload(client, partnership).location
    unreadable = upload(client, partnership, data=b"PK\x03\x04 nope", name="x.xlsx", fmt="xlsx")
    assert "not an Excel workbook" in client.get(unreadable.location).text
    client.post("/logout")
    login_as("panelist")
    assert client.get(location).status_code == 403
    assert client.post(location, data={**MAPPING, "action": "import"}).status_code == 403
    client.post("/logout")
    login_as("outsider")
    assert client.get(location).status_code == 404


def test_a_job_that_no_longer_waits_goes_to_its_page(client, login_as, partnership):
    login_as("convener")
    location = upload(client, partnership).location
    client.post(location, data={**MAPPING, "action": "import"})
    assert client.get(location).status_code == 302

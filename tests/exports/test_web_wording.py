"""The export form and job page in the product's words (not the API's, not the file's slug)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from curriculum.exports.models import ExportJob


def test_no_framework_ticked_asks_to_tick_one_in_the_forms_words(client, world, login_as, db):
    login_as("convener")
    answer = client.post(
        f"/programs/{world.program.id}/exports/new", data={"content": "published", "as_of": ""}
    )
    assert answer.status_code == 200
    assert "Tick at least one framework" in answer.text
    assert "leave the option out" not in answer.text
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 0


def test_the_job_page_is_headed_by_the_documents_title(client, world, login_as, db):
    login_as("convener")
    answer = client.post(
        f"/programs/{world.program.id}/exports/new",
        data={"frameworks": [world.framework.id], "content": "published", "as_of": ""},
    )
    page = client.get(answer.headers["Location"]).text
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1).strip()
    assert heading == f"Aligned curriculum: {world.program.name}"
    assert "production-technician-certificate-2026-2027-curriculum.pdf" in page  # still named

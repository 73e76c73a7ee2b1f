"""The PDF of a release: exactly the versions it fixes (not the current ones), in its tree with
its codes, a cover naming the release, its status and endorsers, DRAFT while in preparation,
retired standards listed as retired; exported by whoever may see the release."""

from __future__ import annotations

import re

import pytest

from curriculum import access
from curriculum.errors import DomainError
from curriculum.exports import services
from curriculum.exports.models import ExportJob
from curriculum.extensions import db
from curriculum.standards import tree
from tests.conftest import login
from tests.exports import release_scene as scene
from tests.exports.conftest import pages_text


def _words(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(pages_text(pdf)))


def _export(release, user, **options) -> ExportJob:
    job = services.request_export("release", release, user, options)
    db.session.refresh(job)
    assert job.state == "done", job.message
    return job


@pytest.fixture
def published(world):
    w = world
    scene.new_version(w, w.pi, "Guards checked", "Check **every** guard before the shift.")
    release = scene.prepare(w, notes="The first edition the panel adopted.")
    scene.publish(w, release)
    return w, release


def test_the_pdf_prints_the_fixed_version_after_the_standard_got_a_newer_one(published):
    w, release = published
    scene.new_version(w, w.pi, "Guards and interlocks checked", "Interlocks are tested too.")
    w.factory.publish(w.pi)  # v3 published on its own, after the release

    job = _export(release, w.factory.user(organization=w.factory.organization()))
    text = _words(job.file.data)
    assert f"Release {release.number}: 2026 edition" in text
    assert "Check every guard before the shift." in text  # v2, the version the release fixed
    assert "Guards and interlocks checked" not in text
    assert "Interlocks are tested too" not in text
    assert re.search(r"A\.1\.1 Guards checked Performance indicator · v2 SUPERSEDED", text)
    assert "The first edition the panel adopted." in text
    assert "DRAFT" not in text
    assert job.filename == "production-technician-release-1-2026-edition.pdf"


def test_the_cover_says_who_endorsed_the_release_and_when(published):
    w, release = published
    text = _words(_export(release, scene.convener(w)).file.data)
    assert "Published" in text
    for e in release.endorsements:
        assert e.organization.name in text
        assert e.user.display_name in text
    assert f"The versions Release {release.number}: 2026 edition fixes" in text


def test_a_release_in_preparation_is_marked_draft_and_hidden_from_outsiders(world):
    w = world
    release = scene.prepare(w, name="2027 edition")
    scene.endorse(w, release, how_many=1)

    panelist = w.factory.member(w.partnership, "panelist")
    job = _export(release, panelist)
    text = _words(job.file.data)
    assert "DRAFT" in text
    assert "In preparation, not yet published" in text
    assert job.filename.endswith("-release-1-2027-edition-draft.pdf")

    outsider = w.factory.user(organization=w.factory.organization())
    with pytest.raises(Exception) as refused:
        services.request_export("release", release, outsider, {})
    assert getattr(refused.value, "status", None) == 404
    # Nor may they follow or download the panelist's export of it.
    assert access.can(panelist, "view", job)
    assert not access.can(outsider, "view", job)


def test_a_release_keeps_its_codes_and_lists_retired_standards(world):
    w = world
    extra = w.factory.standard(w.framework, w.ka, "performance_indicator", "Logs kept")
    tree.set_retired(extra, True)
    db.session.commit()
    release = scene.prepare(w)
    w.pi.code = "A.1.9"  # recoded since the release was fixed
    db.session.commit()

    text = _words(_export(release, scene.convener(w)).file.data)
    assert "A.1.1 Guards checked" in text
    assert "A.1.9" not in text
    retired = text.split("Retired standards")[-1]
    assert "Logs kept" in retired and "retired" in retired


def test_a_release_takes_no_drafts_or_as_of_option(published):
    w, release = published
    with pytest.raises(DomainError, match="takes no drafts option"):
        services.request_export("release", release, scene.convener(w), {"drafts": True})
    with pytest.raises(DomainError, match="takes no as_of option"):
        services.request_export("release", release, scene.convener(w), {"as_of": "2026-01-01"})


def test_the_export_pages_answer_those_who_may_see_the_release(world, client):
    w = world
    release = scene.prepare(w, name="2027 edition")
    form, printed = f"/releases/{release.id}/exports/new", f"/releases/{release.id}/print"

    login(client, w.factory.user(organization=w.factory.organization()).email)
    assert client.get(form).status_code == 404
    assert client.get(printed).status_code == 404
    assert client.post(form, data={"format": "pdf"}).status_code == 404

    client.post("/logout")
    login(client, w.factory.member(w.partnership, "faculty").email)
    page = client.get(form)
    assert page.status_code == 200 and "Export Release 1: 2027 edition" in page.text
    assert "As they stand" not in client.get(printed).text
    asked = client.post(form, data={"format": "pdf"})
    assert asked.status_code == 302
    job = client.get(asked.headers["Location"])
    assert "the versions the release fixes" in job.text
    assert "-release-1-2027-edition-draft.pdf" in job.text

"""The events that notify: mentions and replies in comments, a version sent to review, the
endorsement that meets the quorum, a publication making alignments stale, and an export or an
import finishing or failing."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from curriculum.extensions import db as _db
from curriculum.notifications import kinds
from curriculum.notifications.models import Notification
from curriculum.notifications.services import mark_read
from curriculum.partnerships.services import add_organization
from curriculum.standards import services as standards


def _notes(kind: str | None = None) -> list[Notification]:
    _db.session.expire_all()
    query = sa.select(Notification).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return list(_db.session.scalars(query))


def _who(kind: str) -> set[int]:
    return {note.user_id for note in _notes(kind)}


@pytest.fixture
def scene(factory):
    """Partnership P (quorum 2) with employers Acme (panelist Ana) and Bolt (panelist Dana
    Smith), a college (faculty Fay), a viewer, a convener; a framework with a draft key activity
    A.1; and another partnership's member Olga."""
    p = factory.partnership(name="Valley Partnership", quorum=2)
    acme = factory.organization("Acme", "employer")
    bolt = factory.organization("Bolt", "employer")
    college = factory.organization("Valley College", "college")
    for org in (acme, bolt, college):
        add_organization(p, org)
    ana = factory.member(p, "panelist", "ana@example.org", organization=acme, name="Ana Author")
    dana = factory.member(
        p, "panelist", "dana.smith@example.org", organization=bolt, name="Dana Smith"
    )
    fay = factory.member(p, "faculty", "fay@example.org", organization=college, name="Fay")
    vic = factory.member(p, "viewer", "vic@example.org", name="Vic Viewer")
    carl = factory.member(p, "convener", "carl@example.org", name="Carl Convener")
    olga = factory.member(factory.partnership(), "panelist", "olga@example.org", name="Olga")
    framework = factory.framework(p)
    cwf = factory.standard(framework, None, "critical_work_function", "Safety", author=ana)
    ka = factory.standard(framework, cwf, "key_activity", "Inspect guarding", author=ana)
    return SimpleNamespace(**locals())


# --- Comments ------------------------------------------------------------------------------------


def _comment(scene, author, body, parent=None):
    comment = standards.add_comment(scene.ka, author, body, parent=parent)
    _db.session.commit()
    return comment


def test_a_mention_by_display_name_or_address_tells_the_member(scene):
    comment = _comment(scene, scene.ana, "What do you think, @dana smith? Also @fay.")
    (to_dana, to_fay) = _notes(kinds.MENTION.name)
    assert (to_dana.user_id, to_fay.user_id) == (scene.dana.id, scene.fay.id)
    assert to_dana.title == "Ana Author mentioned you in a comment on A.1"
    assert to_dana.url == f"/standards/{scene.ka.id}#c{comment.id}"
    assert "What do you think" in to_dana.body
    assert to_dana.partnership_id == scene.p.id


def test_who_a_mention_reaches(scene, factory):
    # dan@… could be read at "@Dana Smith": the longest handle wins.
    dan = factory.member(scene.p, "panelist", "dana@example.org", name="Dan")
    _comment(
        scene,
        scene.ana,
        "@Dana Smith, see x@fay and vic@example.org; @olga is elsewhere; @Vic Viewer may not "
        "read drafts; @fayetteville is nobody; @Ana Author is me.",
    )
    assert _who(kinds.MENTION.name) == {scene.dana.id}
    _comment(scene, scene.ana, "Thanks @DANA!")  # an address's local part, any case
    assert _who(kinds.MENTION.name) == {scene.dana.id, dan.id}


def test_a_reply_tells_the_author_of_the_comment_it_answers(scene):
    first = _comment(scene, scene.dana, "Should guarding include interlocks?")
    reply = _comment(scene, scene.ana, "Yes, it should.", parent=first)
    (note,) = _notes(kinds.REPLY.name)
    assert note.user_id == scene.dana.id
    assert note.title == "Ana Author replied to your comment on A.1"
    assert note.url == f"/standards/{scene.ka.id}#c{first.id}" and reply.parent_id == first.id
    # Answering oneself tells nobody; a reply that mentions the author is one mention.
    _comment(scene, scene.dana, "Interlocks on every guard.", parent=first)
    _comment(scene, scene.ana, "Agreed, @Dana Smith.", parent=first)
    assert len(_notes(kinds.REPLY.name)) == 1
    assert _who(kinds.MENTION.name) == {scene.dana.id}


def test_the_comment_page_renders_a_mention_as_written(scene, client):
    from tests.conftest import login

    _comment(scene, scene.ana, "Over to you, @Dana Smith.")
    login(client, scene.dana.email)
    assert "Over to you, @Dana Smith." in client.get(f"/standards/{scene.ka.id}").text


# --- Review, endorsements, publishing ----------------------------------------------------------


def test_a_version_sent_to_review_asks_the_panelists_who_have_not_endorsed(scene):
    version = scene.ka.current_version
    standards.endorse(scene.ka, version, scene.ana)
    standards.move_to_review(scene.ka, version)
    _db.session.commit()
    (note,) = _notes(kinds.VERSION_REVIEW.name)
    assert note.user_id == scene.dana.id  # Acme endorsed; faculty, viewers, conveners: no
    assert note.title == "A.1 version 1 is in review: Inspect guarding"
    assert note.url == f"/standards/{scene.ka.id}" and note.partnership_id == scene.p.id


def test_the_endorsement_that_meets_the_quorum_tells_the_conveners(scene, factory):
    version = scene.ka.current_version
    standards.endorse(scene.ka, version, scene.ana)
    _db.session.commit()
    assert _notes(kinds.READY_TO_PUBLISH.name) == []
    standards.endorse(scene.ka, version, scene.dana)
    _db.session.commit()
    (note,) = _notes(kinds.READY_TO_PUBLISH.name)
    assert note.user_id == scene.carl.id
    assert note.title.startswith("A.1 version 1 can be published: 2 of 2 endorsements")
    # A third organization's endorsement tells nobody again.
    third = factory.organization("Cogs", "employer")
    add_organization(scene.p, third)
    standards.endorse(scene.ka, version, factory.member(scene.p, "panelist", organization=third))
    _db.session.commit()
    assert len(_notes(kinds.READY_TO_PUBLISH.name)) == 1


def test_publishing_tells_faculty_of_alignments_now_stale(scene, factory):
    other_college = factory.organization("Ridge College", "college")
    add_organization(scene.p, other_college)
    rita = factory.member(scene.p, "faculty", organization=other_college)
    factory.publish(scene.ka, endorsers=[scene.ana, scene.dana], by=scene.carl)
    course = factory.course(scene.college, "MFG 110", "Safety")
    factory.align(course, scene.ka, by=scene.fay)
    fresh = factory.course(other_college, "WLD 100", "Welding")
    standards.save_version(scene.ka, 1, "Inspect all guarding", "", None, "", scene.ana)
    _db.session.commit()
    assert _notes(kinds.ALIGNMENTS_STALE.name) == []
    version = factory.publish(scene.ka, endorsers=[scene.ana, scene.dana], by=scene.carl)
    factory.align(fresh, scene.ka, by=rita)  # pinned to version 2: not stale
    (note,) = _notes(kinds.ALIGNMENTS_STALE.name)
    assert note.user_id == scene.fay.id and version.number == 2
    assert note.title == "MFG 110: its alignment to A.1 is stale (version 2 was published)"
    assert note.url == f"/courses/{course.id}#stale"
    # Publishing again (version 3) tells the keepers of both courses now behind (Fay read hers:
    # an unread one would stand for the new one).
    mark_read(note)
    standards.save_version(scene.ka, 2, "Inspect every guard", "", None, "", scene.ana)
    factory.publish(scene.ka, endorsers=[scene.ana, scene.dana], by=scene.carl)
    latest = _notes(kinds.ALIGNMENTS_STALE.name)[1:]
    assert {(n.user_id, n.url) for n in latest} == {
        (scene.fay.id, f"/courses/{course.id}#stale"),
        (rita.id, f"/courses/{fresh.id}#stale"),
    }


# --- Background jobs -----------------------------------------------------------------------------


def test_a_finished_import_tells_whoever_asked(scene, client):
    from tests.conftest import login
    from tests.interop import tiny

    login(client, scene.carl.email)
    form = {
        "file": (io.BytesIO(tiny.data()), "tiny.case.json"),
        "format": "case",
        "mode": "reference",
        "dry_run": "y",
    }
    response = client.post(f"/partnerships/{scene.p.id}/imports/new", data=form)
    job_url = response.headers["Location"]
    (note,) = _notes(kinds.JOB_FINISHED.name)
    assert note.user_id == scene.carl.id and note.url == job_url
    assert note.title == "Your dry run of tiny.case.json finished"
    assert note.body.startswith("Dry run: 3 would be created")
    # The person who watched it finish clears it by opening it.
    assert client.get(f"/notifications/{note.id}/open").headers["Location"] == job_url


def test_a_failed_import_says_so(scene, client):
    from tests.conftest import login

    login(client, scene.carl.email)
    form = {"file": (io.BytesIO(b"not JSON"), "bad.json"), "format": "case", "mode": "reference"}
    client.post(f"/partnerships/{scene.p.id}/imports/new", data=form)
    (note,) = _notes(kinds.JOB_FINISHED.name)
    assert note.title == "Your import of bad.json failed" and "nothing was written" in note.body


def test_an_export_finishing_or_failing_tells_whoever_asked(scene, monkeypatch):
    from curriculum.exports import services, typesetting
    from curriculum.exports.render import RenderError

    job = services.request_export("standards", scene.framework, scene.fay, {"format": "docx"})
    (done,) = _notes(kinds.JOB_FINISHED.name)
    assert done.user_id == scene.fay.id and done.url == f"/exports/{job.id}"
    assert done.title == f"Your export {job.filename} finished"

    def broken(*args, **kwargs):
        raise RenderError("The document took too long to typeset.")

    monkeypatch.setattr(typesetting, "render_pdf", broken)
    failed = services.request_export("standards", scene.framework, scene.carl, {"format": "pdf"})
    latest = _notes(kinds.JOB_FINISHED.name)[-1]
    assert latest.user_id == scene.carl.id and latest.url == f"/exports/{failed.id}"
    assert latest.title.endswith("failed") and "too long" in latest.body

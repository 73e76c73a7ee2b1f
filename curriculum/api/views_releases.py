"""API endpoints: a framework's releases (prepare, list, read), endorsing a release, withdrawing
the endorsement, publishing it, and its CASE package."""

from flask import Response, url_for
from flask_login import current_user

from curriculum import access
from curriculum.api import inputs
from curriculum.api.schemas.releases import (
    RefreshInput,
    Release,
    ReleaseDetail,
    ReleaseEndorsementInput,
    ReleaseInput,
    ReleaseList,
)
from curriculum.api.schemas.standards import Endorsement
from curriculum.api.views import bp
from curriculum.extensions import db
from curriculum.interop.views import release_download_response
from curriculum.releases import services as releases
from curriculum.releases.diffs import entries_of
from curriculum.releases.fixed import in_tree_order
from curriculum.releases.models import Release as ReleaseRow
from curriculum.releases.models import ReleaseStatus
from curriculum.standards import tree


def _user():
    return current_user._get_current_object()


def _release(release_id: int, action: str = "view") -> ReleaseRow:
    release = releases.get_release(release_id)
    access.require(current_user, action, release)
    return release


@bp.post("/frameworks/<int:framework_id>/releases")
def prepare_release(framework_id: int):
    """Prepare the next release of the framework, fixing the current version of every standard
    but those held back (`hold`) (conveners)."""
    framework = tree.get_framework(framework_id)
    access.require(current_user, "prepare", framework)
    data = inputs.parse(ReleaseInput)
    release = releases.prepare_release(
        framework, _user(), name=data.name, notes=data.notes or "", hold=data.hold or ()
    )
    db.session.commit()
    location = url_for(".release", release_id=release.id)
    return Release.of(release, releases.diff(release)).send(), 201, {"Location": location}


@bp.get("/frameworks/<int:framework_id>/releases")
def framework_releases(framework_id: int):
    """The framework's releases this reader may see, newest first."""
    framework = tree.get_framework(framework_id)
    shown = [r for r in releases.releases_of(framework) if access.can(current_user, "view", r)]
    return ReleaseList(releases=[Release.of(r, releases.diff(r)) for r in shown]).send()


@bp.get("/releases/<int:release_id>")
def release(release_id: int):
    """A release with its fixed versions, its diff's counts, its quorum and endorsements."""
    found = _release(release_id)
    return _detail(found)


def _detail(found: ReleaseRow) -> Response:
    return ReleaseDetail.of_detail(
        found,
        releases.diff(found),
        [
            e
            for e, _depth, version in in_tree_order(
                entries_of(found, with_absent=True), with_retired=True
            )
            if version is not None
        ],
        releases.release_quorum(found),
        [s.id for s in releases.changed_since(found)]
        if found.status == ReleaseStatus.PREPARING
        else [],
    ).send()


@bp.post("/releases/<int:release_id>/endorsements")
def endorse_release(release_id: int):
    """The user's organization endorses the whole release (once per organization)."""
    found = _release(release_id, "endorse")
    body = inputs.parse(ReleaseEndorsementInput, inputs.optional_body())
    endorsement = releases.endorse_release(
        found, _user(), body.note or "", seen=releases.read_stamp(body.prepared_at)
    )
    db.session.commit()
    return Endorsement.from_object(endorsement).send(), 201


@bp.delete("/releases/<int:release_id>/endorsements")
def withdraw_release_endorsement(release_id: int):
    """Withdraw the user's organization's endorsement of a release not yet published."""
    found = _release(release_id, "withdraw")
    releases.withdraw_release_endorsement(found, _user())
    db.session.commit()
    return "", 204


@bp.post("/releases/<int:release_id>/publish")
def publish_release(release_id: int):
    """Publish every version the release fixes, once its quorum is met (conveners)."""
    found = _release(release_id, "publish")
    releases.publish_release(found, _user())
    db.session.commit()
    return Release.of(found, releases.diff(found)).send()


@bp.post("/releases/<int:release_id>/refresh")
def refresh_release(release_id: int):
    """Fix the release again on the standards as they are now (conveners): its endorsements
    are withdrawn (their givers are told); 409 when nothing changed."""
    found = _release(release_id, "refresh")
    hold = inputs.parse(RefreshInput, inputs.optional_body()).hold
    releases.refresh(found, _user(), hold)
    db.session.commit()
    return _detail(found)


@bp.post("/releases/<int:release_id>/discard")
def discard_release(release_id: int):
    """Abandon a release in preparation (conveners); it stays listed, discarded."""
    found = _release(release_id, "discard")
    releases.discard_release(found, _user())
    db.session.commit()
    return Release.of(found, releases.diff(found)).send()


@bp.get("/releases/<int:release_id>/case")
def release_case(release_id: int):
    """The release as a CASE 1.1 package (its CFDocument's version is the release number)."""
    return release_download_response(_release(release_id), "case")

"""API endpoints: standards, their versions, endorsements, review and publishing."""

from flask import Response, url_for
from flask_login import current_user

from curriculum import access
from curriculum.api import inputs
from curriculum.api.schemas.standards import (
    Endorsement,
    EndorsementInput,
    Quorum,
    StandardInput,
    Version,
    VersionDetail,
    VersionInput,
)
from curriculum.api.schemas.standards import Standard as StandardOut
from curriculum.api.views import bp
from curriculum.extensions import db
from curriculum.interop.links import links_of
from curriculum.standards import services, tree
from curriculum.standards.models import Standard


def _user():
    return current_user._get_current_object()


def _standard_body(standard: Standard) -> Response:
    access.require(current_user, "view", standard)
    drafts = access.sees_drafts(current_user, standard.framework.partnership_id)
    versions = services.versions_of(standard, public_only=not drafts)
    links = links_of(standard, current_user)
    return StandardOut.of(standard, versions, drafts, links).send()


@bp.post("/frameworks/<int:framework_id>/standards")
def create_standard(framework_id: int):
    """Add a standard (last under its parent) with its version 1."""
    framework = tree.get_framework(framework_id)
    access.require(current_user, "edit_standards", framework)
    data = inputs.parse(StandardInput)
    parent_id = data.parent_id
    parent = db.session.get(Standard, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        raise inputs.InputError(f"There is no standard {parent_id}.", field="parent_id")
    standard = tree.add_standard(
        framework,
        parent,
        data.kind,
        data.title or "",
        statement=data.statement or "",
        level=data.level,
        author=_user(),
        code=data.code,
        category=data.category,
        change_note=data.change_note or "",
    )
    db.session.commit()
    standard = services.get_standard(standard.id)
    location = url_for(".standard", standard_id=standard.id)
    return _standard_body(standard), 201, {"Location": location}


@bp.get("/standards/<int:standard_id>")
def standard(standard_id: int):
    """A standard with its versions, newest first (published ones only, for most readers)."""
    return _standard_body(services.get_standard(standard_id))


@bp.get("/standards/<int:standard_id>/versions/<int:number>")
def version(standard_id: int, number: int):
    """One version; readers who may see drafts also get its endorsement quorum."""
    standard = services.get_standard(standard_id)
    partnership = standard.framework.partnership
    version = services.get_version(standard, number)
    access.require(current_user, "view", version)
    if access.sees_drafts(current_user, partnership):
        quorum = Quorum.of(services.quorum(version, partnership))
        return VersionDetail.of(version, quorum=quorum).send()
    return VersionDetail.of(version).send()


@bp.post("/standards/<int:standard_id>/versions")
def save_version(standard_id: int):
    """Save new content based on `base_version`; fields left out keep the current content."""
    standard = services.get_standard(standard_id)
    access.require(current_user, "edit_standards", standard.framework)
    data = inputs.parse(VersionInput)
    current, sent = standard.current_version, data.model_fields_set

    def given(name: str):  # a field left out keeps the current version's value
        return getattr(data, name) if name in sent else getattr(current, name, None)

    version, created = services.save_version(
        standard,
        data.base_version,
        given("title"),
        given("statement"),
        given("level"),
        data.change_note or "",
        _user(),
    )
    db.session.commit()
    if not created:
        return Version.of(version).send()
    location = url_for(".version", standard_id=standard_id, number=version.number)
    return Version.of(version).send(), 201, {"Location": location}


def _version_for(standard_id: int, number: int, action: str):
    standard = services.get_standard(standard_id)
    access.require(current_user, action, standard.framework)
    return standard, services.get_version(standard, number)


@bp.post("/standards/<int:standard_id>/versions/<int:number>/endorsements")
def endorse(standard_id: int, number: int):
    """The user's organization endorses this exact version (once per organization)."""
    standard, version = _version_for(standard_id, number, "endorse")
    note = inputs.parse(EndorsementInput, inputs.optional_body()).note or ""
    endorsement = services.endorse(standard, version, _user(), note)
    db.session.commit()
    return Endorsement.from_object(endorsement).send(), 201


@bp.delete("/standards/<int:standard_id>/versions/<int:number>/endorsements")
def withdraw_endorsement(standard_id: int, number: int):
    """Withdraw the user's organization's endorsement of an unpublished version."""
    standard, version = _version_for(standard_id, number, "endorse")
    services.withdraw_endorsement(standard, version, _user())
    db.session.commit()
    return "", 204


@bp.post("/standards/<int:standard_id>/versions/<int:number>/review")
def review(standard_id: int, number: int):
    """Send the newest version, a draft, to review (conveners)."""
    standard, version = _version_for(standard_id, number, "publish")
    services.move_to_review(standard, version)
    db.session.commit()
    return Version.of(version).send()


@bp.post("/standards/<int:standard_id>/versions/<int:number>/publish")
def publish(standard_id: int, number: int):
    """Publish the newest version once its endorsement quorum is met (conveners)."""
    standard, version = _version_for(standard_id, number, "publish")
    services.publish(standard, version, _user())
    db.session.commit()
    return Version.of(version).send()

"""Who may see or do what: the one module every view, API endpoint, template, service and job asks.

Rules are registered per kind of object and action (`@rule(Course, "edit")`); `require()` turns
a refusal into one outcome everywhere: 404 when the object is secret to the reader (drafts) or a
signed-in outsider should not learn it exists, 401 for visitors otherwise, 403 for signed-in
people without the right. Site-wide actions use `None` as the object. Refusals are `Denied` (an
`errors.Refused`), never `flask.abort`, so the CLI and jobs can call services that ask here.
Templates get `can(action, obj)` and the `perms` dicts of `permissions()`. Within a request the
asker's roles are read once and kept in `flask.g` (forgotten on any flush touching memberships
or participations); outside requests nothing is cached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from flask import g, has_request_context
from flask_login import AnonymousUserMixin
from sqlalchemy import event
from sqlalchemy.orm import Session

from curriculum.auth.models import User
from curriculum.errors import Refused
from curriculum.exports.models import ExportJob
from curriculum.extensions import db
from curriculum.interop.models import ImportJob
from curriculum.notifications.models import Notification
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Membership, Partnership, PartnershipOrganization, Role
from curriculum.standards.models import Framework, Standard, StandardVersion

# Whoever asks: a signed-in user, Flask-Login's anonymous visitor, or None (the CLI, a job).
Reader: TypeAlias = User | AnonymousUserMixin | None


class Denied(Refused):
    """The user may not do this (401, 403 or 404, decided by `require`)."""

    status = 403


# --- The rule table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    allows: Callable[[Any, Any], bool]
    # Who may learn the object exists when refused (False: 404 instead of 401/403).
    known: Callable[[Any, Any], bool]
    message: str | Callable[[Any], str]


_RULES: dict[tuple[type | None, str], Rule] = {}


def _always(_user, _obj) -> bool:
    return True


def rule(kind: type | None, action: str, *, known=_always, message: str | Callable = ""):
    """Register the function deciding `action` on objects of `kind` (None: site-wide)."""

    def register(allows):
        _RULES[(kind, action)] = Rule(allows, known, message)
        return allows

    return register


def _rule_for(action: str, obj) -> Rule:
    for kind in type(obj).__mro__ if obj is not None else (None,):
        found = _RULES.get((kind, action))
        if found is not None:
            return found
    raise KeyError(f"No access rule for {action!r} on {type(obj).__name__}")


def can(user, action: str, obj=None) -> bool:
    """True when `user` may do `action` on `obj` (None for site-wide actions)."""
    return bool(_rule_for(action, obj).allows(user, obj))


def require(user, action: str, obj=None) -> None:
    """Return quietly when allowed; otherwise raise Denied with 404, 401 or 403 (see above)."""
    found = _rule_for(action, obj)
    if found.allows(user, obj):
        return
    if not found.known(user, obj):
        raise Denied("There is nothing at this address.", status=404)
    if not signed_in(user):
        raise Denied("Please sign in to continue.", status=401)
    message = found.message(obj) if callable(found.message) else found.message
    raise Denied(message or "Your account does not have permission for this.", status=403)


def permissions(user, obj) -> dict[str, bool]:
    """Every action registered for the object's kind at once, for templates choosing buttons."""
    kinds = type(obj).__mro__ if obj is not None else (None,)
    return {action: can(user, action, obj) for kind, action in _RULES if kind in kinds}


# --- Who the user is -------------------------------------------------------------------------


def signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_admin(user) -> bool:
    return signed_in(user) and bool(user.is_site_admin)


def roles_of(user) -> dict[int, Role]:
    """{partnership id: role} of the user, read once per request."""
    if not signed_in(user):
        return {}
    cache = g.setdefault("_access_roles", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = dict(
            db.session.execute(
                db.select(Membership.partnership_id, Membership.role).where(
                    Membership.user_id == user.id
                )
            ).all()
        )
    return cache[user.id]


def role_in(user, partnership: Partnership | int) -> Role | None:
    """The user's role in the partnership, if any."""
    pid = partnership if isinstance(partnership, int) else partnership.id
    return roles_of(user).get(pid)


def convened(user) -> set[int]:
    """Ids of the partnerships the user convenes."""
    return {pid for pid, role in roles_of(user).items() if role == Role.CONVENER}


def partnerships_of(org: Organization | int) -> set[int]:
    """Ids of the partnerships an organization takes part in (approved participation only)."""
    oid = org if isinstance(org, int) else org.id
    cache = g.setdefault("_access_orgs", {}) if has_request_context() else {}
    if oid not in cache:
        cache[oid] = set(
            db.session.scalars(
                db.select(PartnershipOrganization.partnership_id).where(
                    PartnershipOrganization.organization_id == oid
                )
            )
        )
    return cache[oid]


@event.listens_for(Session, "after_flush")
def _forget_roles(session, _context) -> None:
    """A flush that touches memberships or participations makes the cached answers stale."""
    if not has_request_context():
        return
    touched = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(o, Membership | PartnershipOrganization) for o in touched):
        g.pop("_access_roles", None)
        g.pop("_access_orgs", None)


def forget() -> None:
    """Drop the cached roles (after a bulk change the session did not see)."""
    if has_request_context():
        g.pop("_access_roles", None)
        g.pop("_access_orgs", None)


# --- Partnerships ----------------------------------------------------------------------------

_AUTHORS = frozenset({Role.CONVENER, Role.PANELIST, Role.FACULTY})
PARTNERSHIP_ACTIONS: dict[str, frozenset[Role]] = {
    "view_members": frozenset(Role),
    "edit": frozenset({Role.CONVENER}),
    "manage_members": frozenset({Role.CONVENER}),
    "invite": frozenset({Role.CONVENER}),
    "view_audit": frozenset({Role.CONVENER}),
    # Skill standards
    "manage_frameworks": frozenset({Role.CONVENER}),
    "view_drafts": _AUTHORS,
    "edit_standards": _AUTHORS,
    "comment": _AUTHORS,
    "endorse": frozenset({Role.PANELIST}),
    "publish": frozenset({Role.CONVENER}),  # move to review, publish, retire
    "import": frozenset({Role.CONVENER}),  # import frameworks (CASE, spreadsheets, RSD)
    # Career ladders: draw and publish them
    "edit_ladders": frozenset({Role.CONVENER, Role.PANELIST}),
    # Training-needs surveys: open and close them
    "manage_surveys": frozenset({Role.CONVENER}),
    # The dashboard, its performance measures and one-page summary: every member
    "view_dashboard": frozenset(Role),
}


def _insider(user, partnership: Partnership) -> bool:
    """Visitors are told to sign in; signed-in outsiders must not learn what the partnership
    holds."""
    return not signed_in(user) or is_admin(user) or role_in(user, partnership) is not None


def _partnership_rule(action: str, roles: frozenset[Role]) -> None:
    def allows(user, partnership: Partnership) -> bool:
        return is_admin(user) or role_in(user, partnership) in roles

    rule(Partnership, action, known=_insider)(allows)


for _action, _roles in PARTNERSHIP_ACTIONS.items():
    _partnership_rule(_action, _roles)


def sees_drafts(user, partnership: Partnership | int) -> bool:
    """May the user read unpublished versions of the partnership's standards?"""
    return is_admin(user) or role_in(user, partnership) in PARTNERSHIP_ACTIONS["view_drafts"]


def partnerships_by_role(user, action: str) -> set[int]:
    """Ids of the partnerships where the user's own role (not site administration) gives the
    partnership action: whose work waits for them as a member (the work queue)."""
    allowed = PARTNERSHIP_ACTIONS[action]
    return {pid for pid, role in roles_of(user).items() if role in allowed}


# --- Site-wide -------------------------------------------------------------------------------


@rule(None, "administer")
def _administer(user, _obj) -> bool:
    """Users, new partnerships, organizations shared by several partnerships, join requests."""
    return is_admin(user)


@rule(None, "create_organization")
def _create_organization(user, _obj) -> bool:
    return is_admin(user) or bool(convened(user))


# --- Standards: what a reader may see ----------------------------------------------------------


def _never_known(_user, _obj) -> bool:
    return False


@rule(StandardVersion, "view", known=_never_known)
def _view_version(user, version: StandardVersion) -> bool:
    """Published (now or once) versions are public; others need the right to see drafts."""
    return version.published_at is not None or sees_drafts(
        user, version.standard.framework.partnership_id
    )


def shown_version(user, standard: Standard) -> StandardVersion | None:
    """The version a reader sees as the standard's: the newest one for those who see drafts,
    else the published one, else the newest once-published one (a retired standard stays
    readable, marked retired); None when the reader may see none."""
    if sees_drafts(user, standard.framework.partnership_id):
        return standard.current_version
    if standard.published_version is not None:
        return standard.published_version
    return db.session.scalar(
        db.select(StandardVersion)
        .where(
            StandardVersion.standard_id == standard.id, StandardVersion.published_at.is_not(None)
        )
        .order_by(StandardVersion.number.desc())
        .limit(1)
    )


@rule(Standard, "view", known=_never_known)
def _view_standard(user, standard: Standard) -> bool:
    return shown_version(user, standard) is not None


@rule(Framework, "view_drafts", known=_never_known)
def _framework_drafts(user, framework: Framework) -> bool:
    return sees_drafts(user, framework.partnership_id)


# --- Exports ---------------------------------------------------------------------------------


@rule(None, "export")
def _export(user, _obj) -> bool:
    """Signed-in people export published content (drafts need `view_drafts` too)."""
    return signed_in(user)


@rule(ExportJob, "view", message="Only members who may see drafts can follow an export of drafts.")
def _view_export(user, job: ExportJob) -> bool:
    """Whoever may export the same content now (one who asked for drafts and has since lost
    the right to see them no longer sees that file; a release's or a ladder's, whoever may see
    it)."""
    return (
        signed_in(user)
        and (not job.drafts or sees_drafts(user, job.partnership_id))
        and (job.release is None or can(user, "view", job.release))
        and (job.ladder is None or can(user, "view", job.ladder))
    )


# --- Imports ---------------------------------------------------------------------------------


@rule(
    ImportJob,
    "view",
    known=lambda user, job: _insider(user, job.partnership),
    message="Only the person who asked for this import and the partnership's conveners can "
    "follow it.",
)
def _view_import(user, job: ImportJob) -> bool:
    """The person who asked, and whoever may import into the partnership (conveners, admins)."""
    return signed_in(user) and (
        job.requested_by_id == user.id or can(user, "import", job.partnership)
    )


# --- Notifications ---------------------------------------------------------------------------


@rule(Notification, "view", known=_never_known)
def _own_notification(user, note: Notification) -> bool:
    """A notification is its person's alone: anyone else (a site administrator too) gets 404."""
    return signed_in(user) and note.user_id == user.id


# The rules of colleges (organizations, courses, programs) live in their own module; importing
# it registers them, and its helpers are asked through this module.
from curriculum.access_colleges import addable_courses as addable_courses  # noqa: E402
from curriculum.access_colleges import holding_partnerships as holding_partnerships  # noqa: E402
from curriculum.access_colleges import is_faculty_of as is_faculty_of  # noqa: E402
from curriculum.access_colleges import may_place_program as may_place_program  # noqa: E402

# The rules of frameworks (reference frameworks are read-only) and of the typed links between
# standards live in their own module too.
from curriculum.access_frameworks import framework_permissions as framework_permissions  # noqa: E402
from curriculum.access_frameworks import reference_message as reference_message  # noqa: E402

# The rules of career ladders (and their steps, moves and requirements) live in their own module.
from curriculum.access_ladders import LADDER_ACTIONS as LADDER_ACTIONS  # noqa: E402
from curriculum.access_ladders import ladder_of as ladder_of  # noqa: E402

# The rules of needs surveys and of cohort measures live in their own module.
from curriculum.access_needs import results_visible as results_visible  # noqa: E402

# The rules of releases (editions of a framework) live in their own module too.
from curriculum.access_releases import RELEASE_ACTIONS as RELEASE_ACTIONS  # noqa: E402

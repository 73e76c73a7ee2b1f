"""Who may use each state-changing route: the authorization matrix's rule table.

Every endpoint of the URL map that accepts POST, PUT, PATCH or DELETE needs an entry in RULES
(tests/security/test_authorization.py fails naming any endpoint without one). An entry says, for
each role of `world.ROLES`, what its request must get:

    ok         2xx or 3xx (not a redirect to sign in), and the database changed
    forbidden  403: a member without the role, or a user the object does not belong to
    hidden     404: someone who should not learn the object exists (outsiders, drafts)
    login      anonymous: redirected to sign in (HTML) or 401 (API)
    form       the form page again (200/400) with nothing changed (e.g. a choice not offered)

and how to build a request that succeeds for an allowed role: `args(world, role)` fills the URL
parameters from real rows (often a fresh target, so each role finds one in the right state) and
`data(world, role)` gives the form fields (or the JSON body for /api/ routes).

To add a rule, start from one of the role groups below (CONVENER, AUTHORS, COLLEGE, …), e.g.

    RULES["exports.cancel"] = rule(CONVENER, args=lambda w, r: {"job_id": w.export_job().id})
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from curriculum.extensions import db
from curriculum.standards import services as standards
from curriculum.standards.models import Standard
from tests.conftest import PASSWORD
from tests.security.world import ROLES, World, unique

Builder = Callable[[World, str], dict]
OUTCOMES = ("ok", "forbidden", "hidden", "login", "form")


def _nothing(_w: World, _role: str) -> dict:
    return {}


@dataclass(frozen=True)
class Rule:
    """The expected outcome per role, and how to build a request that would succeed."""

    expect: dict[str, str]
    args: Builder = _nothing
    data: Builder = _nothing
    # False where a successful request may leave every row count as it was (nothing to check).
    changes: bool = True


def rule(group: dict[str, str], *, args=_nothing, data=_nothing, changes=True, **overrides):
    """A Rule from a role group, with per-role `overrides` (role="forbidden", …)."""
    expect = {**group, **overrides}
    assert set(expect) == set(ROLES), f"roles missing: {set(ROLES) - set(expect)}"
    assert set(expect.values()) <= set(OUTCOMES), expect
    return Rule(expect=expect, args=args, data=data, changes=changes)


def _group(ok="", forbidden="", hidden="", anonymous="login") -> dict[str, str]:
    expect = {"anonymous": anonymous}
    for outcome, roles in (("ok", ok), ("forbidden", forbidden), ("hidden", hidden)):
        expect.update(dict.fromkeys(roles.split(), outcome))
    return expect


# --- Role groups ------------------------------------------------------------------------------
# The partnership's own rules (access.PARTNERSHIP_ACTIONS): members lacking the role get
# 403, people outside the partnership 404.
CONVENER = _group("convener", "viewer other_faculty panelist faculty", "outsider")
AUTHORS = _group("convener panelist faculty other_faculty", "viewer", "outsider")
PANELIST = _group("panelist", "viewer other_faculty faculty convener", "outsider")
# Drafts are invisible to viewers, so acting on one answers 404 before any role check.
AUTHORS_ON_DRAFT = _group("convener panelist faculty other_faculty", "", "viewer outsider")
CONVENER_ON_DRAFT = _group("convener", "other_faculty panelist faculty", "viewer outsider")
PANELIST_ON_DRAFT = _group("panelist", "other_faculty faculty convener", "viewer outsider")
# A college's courses and programs (access: Course / Program "edit"): its faculty and the
# conveners of the partnership its program belongs to (never conveners of some other partnership
# the college takes part in). Courses are public, so everyone else gets 403, never 404.
COLLEGE = _group("faculty convener", "viewer other_faculty panelist outsider")
# Creating an organization (access "create_organization"): conveners of any partnership.
ANY_CONVENER = _group("convener outsider", "viewer other_faculty panelist faculty")
# Editing one (access: Organization "edit"): conveners of the one partnership it takes part in.
ITS_CONVENER = _group("convener", "viewer other_faculty panelist faculty outsider")
SITE_ADMIN = _group("", "viewer other_faculty panelist faculty convener outsider")
SIGNED_IN = _group("viewer other_faculty panelist faculty convener outsider")
PUBLIC = _group("viewer other_faculty panelist faculty convener outsider", anonymous="ok")


# --- Request builders -------------------------------------------------------------------------
_years = itertools.count(2100, 2)


def _catalog_year() -> str:
    year = next(_years)
    return f"{year}-{year + 1}"


def _current(standard: Standard) -> int:
    return db.session.get(Standard, standard.id).current_version.number


def _bumped(w: World) -> Standard:
    """A.1 with a new version, so reverting it to version 1 changes something."""
    standard = db.session.get(Standard, w.standard.id)
    standards.save_version(
        standard, _current(standard), unique("Bumped "), "", None, "", w.users["panelist"]
    )
    db.session.commit()
    return standard


def _other_key_activity(w: World) -> dict:
    """Move the indicator under whichever key activity it is not under now."""
    parent_id = db.session.get(Standard, w.indicator.id).parent_id
    target = w.republished if parent_id == w.standard.id else w.standard
    return {"parent_id": target.id}


def _stale(w: World, _role: str) -> dict:
    found = w.fresh_alignment(stale=True)
    return {"course_id": found.course_id, "alignment_id": found.id}


def _fresh_version(endorsed=False) -> Builder:
    return lambda w, r: {"standard_id": w.fresh_standard(endorsed).id, "number": 1}


def _course_form(w: World, _role: str) -> dict:
    code = unique("SEC ")
    return {"organization_id": w.college.id, "code": code, "title": "Security", "credits": "3"}


def _program_form(w: World, _role: str) -> dict:
    return {
        "organization_id": w.college.id,
        "name": unique("Program "),
        "award_type": "Certificate",
        "catalog_year": _catalog_year(),
        "partnership_id": w.partnership.id,
        "framework_ids": [w.framework.id],
        "description": "Changed.",
    }


def _partnership_form(w: World, _role: str) -> dict:
    return {
        "name": w.partnership.name,
        "industry": "Advanced manufacturing",
        "region": "Test Valley",
        "description": unique("Changed "),
        "endorsement_quorum": "1",
    }


def _standard(w: World, _role: str) -> dict:
    return {"standard_id": w.standard.id}


RULES: dict[str, Rule] = {}

# --- Sign-in and accounts ---------------------------------------------------------------------
RULES["auth.login"] = rule(PUBLIC, changes=False)
RULES["auth.logout"] = rule(SIGNED_IN)
RULES["auth.profile"] = rule(
    SIGNED_IN,
    data=lambda w, r: {"display_name": unique("Name ")},
    changes=False,  # not audited
)
# The same password again: other sessions still end and API tokens are revoked, and the
# role can sign in again for the next route.
RULES["auth.change_password"] = rule(
    SIGNED_IN,
    data=lambda w, r: {"current_password": PASSWORD, "new_password": PASSWORD, "confirm": PASSWORD},
)
# Sign out everywhere: every session of the user ends (the role signs in again afterwards).
RULES["auth.end_sessions"] = rule(SIGNED_IN)
RULES["auth.create_token"] = rule(SIGNED_IN, data=lambda w, r: {"token-name": unique("script ")})
# One's own token (revoking someone else's is tested on its own: the token stays valid).
RULES["auth.revoke_token"] = rule(
    SIGNED_IN, args=lambda w, r: {"token_id": w.fresh_token("faculty" if r == "anonymous" else r)}
)
RULES["auth.create_user"] = rule(
    SITE_ADMIN,
    data=lambda w, r: {
        "email": f"{unique('new')}@example.org",
        "display_name": "New",
        "password": "long-enough-password",
        "organization_id": "0",
    },
)

# --- Organizations ----------------------------------------------------------------------------
RULES["organizations.create"] = rule(
    ANY_CONVENER,
    data=lambda w, r: {
        "name": unique("Firm "),
        "kind": "employer",
        "partnership_id": (w.other_partnership if r == "outsider" else w.partnership).id,
    },
)
RULES["organizations.edit"] = rule(
    ITS_CONVENER,
    args=lambda w, r: {"org_id": w.employer.id},
    data=lambda w, r: {"name": w.employer.name, "kind": "employer", "city": unique("City ")},
)

RULES["organizations.decide_join_request"] = rule(
    SITE_ADMIN, args=lambda w, r: {"request_id": w.fresh_join_request().id, "decision": "approve"}
)


# --- Partnerships -----------------------------------------------------------------------------
def _p(extra: Builder = _nothing) -> Builder:
    return lambda w, r: {"partnership_id": w.partnership.id, **extra(w, r)}


RULES["partnerships.create"] = rule(
    SITE_ADMIN, data=lambda w, r: {**_partnership_form(w, r), "name": unique("Partnership ")}
)
RULES["partnerships.edit"] = rule(CONVENER, args=_p(), data=_partnership_form)
RULES["partnerships.add_organization"] = rule(
    CONVENER,
    args=_p(),
    data=lambda w, r: {"organization_id": w.factory.organization(unique("Joining ")).id},
)
RULES["partnerships.remove_organization"] = rule(
    CONVENER, args=_p(lambda w, r: {"org_id": w.fresh_partner().id})
)
RULES["partnerships.change_role"] = rule(
    CONVENER,
    args=_p(lambda w, r: {"membership_id": w.fresh_membership().id}),
    data=lambda w, r: {"role": "panelist"},
)
RULES["partnerships.remove_member"] = rule(
    CONVENER, args=_p(lambda w, r: {"membership_id": w.fresh_membership().id})
)
RULES["partnerships.invite"] = rule(
    CONVENER,
    args=_p(),
    data=lambda w, r: {
        "email": f"{unique('invitee')}@example.org",
        "role": "viewer",
        "organization_id": w.employer.id,
    },
)
RULES["partnerships.revoke_invitation"] = rule(
    CONVENER, args=_p(lambda w, r: {"invitation_id": w.fresh_invitation()[0].id})
)
# The one-time token is the permission: a visitor accepts it (creating their account); a
# signed-in user with another email is told whose invitation it is, and nothing changes.
RULES["partnerships.accept_invitation"] = rule(
    PUBLIC,
    args=lambda w, r: {"token": w.fresh_invitation()[1]},
    data=lambda w, r: {
        "display_name": "Guest",
        "password": "long-enough-password",
        "confirm": "long-enough-password",
    },
    changes=False,
)

# --- Frameworks and standards -----------------------------------------------------------------
_framework_form = {"title": "Production Technician", "description": "Changed", "coding_prefix": ""}
RULES["standards.create_framework"] = rule(
    CONVENER, args=_p(), data=lambda w, r: {**_framework_form, "title": unique("Framework ")}
)
RULES["standards.edit_framework"] = rule(
    CONVENER,
    args=lambda w, r: {"framework_id": w.framework.id},
    data=lambda w, r: {**_framework_form, "description": unique("Changed ")},
)
RULES["standards.renumber"] = rule(CONVENER, args=lambda w, r: {"framework_id": w.framework.id})
RULES["standards.create_standard"] = rule(
    AUTHORS,
    args=lambda w, r: {"framework_id": w.framework.id},
    data=lambda w, r: {
        "kind": "key_activity",
        "parent_id": w.cwf.id,
        "title": unique("New activity "),
        "change_note": "Created",
    },
)
RULES["standards.edit"] = rule(
    AUTHORS,
    args=_standard,
    data=lambda w, r: {
        "base_version": _current(w.standard),
        "title": unique("Edited "),
        "statement": "Edited.",
        "change_note": "",
    },
)
RULES["standards.revert"] = rule(
    AUTHORS,
    args=lambda w, r: {"standard_id": _bumped(w).id, "number": 1},
    data=lambda w, r: {"base_version": _current(w.standard)},
)
RULES["standards.comment"] = rule(
    AUTHORS, args=_standard, data=lambda w, r: {"body": "A question.", "version_id": "0"}
)
RULES["standards.resolve_comment"] = rule(
    AUTHORS,
    args=lambda w, r: {
        "standard_id": w.standard.id,
        "comment_id": w.fresh_comment().id,
        "what": "resolve",
    },
)
RULES["standards.move"] = rule(
    AUTHORS_ON_DRAFT,
    args=lambda w, r: {"standard_id": w.indicator.id},
    data=lambda w, r: _other_key_activity(w),
)
RULES["standards.set_code"] = rule(
    AUTHORS, args=_standard, data=lambda w, r: {"code": unique("Z.")}
)
RULES["standards.place"] = rule(
    AUTHORS_ON_DRAFT,
    args=lambda w, r: {"standard_id": w.fresh_siblings().id},
    data=lambda w, r: {"position": "0"},
)
RULES["standards.reorder"] = rule(
    AUTHORS_ON_DRAFT,
    args=lambda w, r: {"standard_id": w.fresh_siblings().id, "direction": "up"},
)
RULES["standards.retire"] = rule(
    AUTHORS_ON_DRAFT, args=lambda w, r: {"standard_id": w.fresh_standard().id}
)
RULES["standards.change_status"] = rule(
    CONVENER_ON_DRAFT, args=lambda w, r: {**_fresh_version(True)(w, r), "move": "publish"}
)
RULES["standards.endorse"] = rule(
    PANELIST_ON_DRAFT, args=_fresh_version(), data=lambda w, r: {"note": "Agreed."}
)
RULES["standards.withdraw"] = rule(PANELIST_ON_DRAFT, args=_fresh_version(endorsed=True))
# Which branches of a framework's tree a person keeps open: anyone signed in who reads it (a
# visitor's state lives in the URL). Saving the same state again changes no row count.
RULES["standards.save_tree_state"] = rule(
    SIGNED_IN,
    args=lambda w, r: {"framework_id": w.framework.id},
    data=lambda w, r: {"all": "1"},
    changes=False,
)


# --- Typed links between standards (curriculum.interop.links) -------------------------------
def _fresh_link(w: World, _role: str) -> dict:
    from curriculum.interop import links

    link = links.add_link(w.standard, w.fresh_standard(), "isRelatedTo", w.users["panelist"])
    db.session.commit()
    return {"link_id": link.id}


RULES["links.add_link"] = rule(
    AUTHORS,
    args=_standard,
    data=lambda w, r: {"target_id": w.fresh_standard().id, "association_type": "isRelatedTo"},
)
RULES["links.remove_link"] = rule(AUTHORS, args=_fresh_link)

# --- Courses, programs, alignments ------------------------------------------------------------
RULES["courses.create_course"] = rule(COLLEGE, data=_course_form, other_faculty="form")
RULES["courses.edit_course"] = rule(
    COLLEGE,
    args=lambda w, r: {"course_id": w.course.id},
    data=lambda w, r: {**_course_form(w, r), "code": "MFG 110", "title": unique("Safety ")},
)
RULES["courses.create_program"] = rule(COLLEGE, data=_program_form, other_faculty="form")
RULES["courses.edit_program"] = rule(
    COLLEGE,
    args=lambda w, r: {"program_id": w.program.id},
    data=lambda w, r: {**_program_form(w, r), "catalog_year": "2026-2027"},
)
RULES["courses.copy_program"] = rule(
    COLLEGE,
    args=lambda w, r: {"program_id": w.program.id},
    data=lambda w, r: {"catalog_year": _catalog_year()},
)
RULES["courses.add_program_course"] = rule(
    COLLEGE,
    args=lambda w, r: {"program_id": w.program.id},
    data=lambda w, r: {
        "course_id": w.fresh_course(in_program=False).id,
        "term": "1",
        "required": "y",
    },
)
RULES["courses.update_program_course"] = rule(
    COLLEGE,
    args=lambda w, r: {"program_id": w.program.id, "entry_id": w.entry.id},
    data=lambda w, r: {"term": "3"},
    changes=False,  # moving a course to another term is not audited
)
RULES["courses.remove_program_course"] = rule(
    COLLEGE, args=lambda w, r: {"program_id": w.program.id, "entry_id": w.fresh_entry().id}
)
RULES["alignment.align"] = rule(
    COLLEGE,
    args=lambda w, r: {"course_id": w.fresh_course().id},
    data=lambda w, r: {
        "framework": w.framework.id,
        "shown": [w.standard.id],
        "standard": [w.standard.id],
        f"level-{w.standard.id}": "mastered",
        f"note-{w.standard.id}": "Lab 2",
    },
)
RULES["alignment.confirm"] = rule(
    COLLEGE, args=lambda w, r: {"alignment_id": w.fresh_alignment(stale=True).id}
)
RULES["alignment.confirm_selected"] = rule(
    COLLEGE, data=lambda w, r: {"alignment": [w.fresh_alignment(stale=True).id]}
)
RULES["alignment.remove"] = rule(
    COLLEGE, args=lambda w, r: {"alignment_id": w.fresh_alignment().id}
)

# --- The API (bearer tokens; JSON bodies) -----------------------------------------------------
RULES["api.create_framework"] = rule(
    CONVENER, args=_p(), data=lambda w, r: {"title": unique("API framework ")}
)
RULES["api.create_standard"] = rule(
    AUTHORS,
    args=lambda w, r: {"framework_id": w.framework.id},
    data=lambda w, r: {"kind": "key_activity", "parent_id": w.cwf.id, "title": unique("API ")},
)
RULES["api.save_version"] = rule(
    AUTHORS,
    args=_standard,
    data=lambda w, r: {"base_version": _current(w.standard), "title": unique("API edit ")},
)
RULES["api.endorse"] = rule(PANELIST, args=_fresh_version(), data=lambda w, r: {"note": "Yes"})
RULES["api.withdraw_endorsement"] = rule(PANELIST, args=_fresh_version(endorsed=True))
RULES["api.review"] = rule(CONVENER, args=_fresh_version())
RULES["api.publish"] = rule(CONVENER, args=_fresh_version(endorsed=True))
RULES["api.align"] = rule(
    COLLEGE,
    args=lambda w, r: {"course_id": w.fresh_course().id},
    data=lambda w, r: {"standard_id": w.standard.id, "level": "mastered"},
)
RULES["api.set_alignments"] = rule(
    COLLEGE,
    args=lambda w, r: {"course_id": w.fresh_course().id},
    data=lambda w, r: {
        "framework_id": w.framework.id,
        "alignments": [{"standard_id": w.standard.id, "level": "mastered", "note": "Lab 2"}],
    },
)
RULES["api.confirm_alignment"] = rule(COLLEGE, args=_stale)
RULES["api.remove_alignment"] = rule(
    COLLEGE,
    args=lambda w, r: (lambda a: {"course_id": a.course_id, "alignment_id": a.id})(
        w.fresh_alignment()
    ),
)

# --- PDF exports (access: "export", Partnership "view_drafts", ExportJob "view") ----------
# Published content: anyone signed in (tests/security/test_authorization.py checks viewers and
# outsiders export it). The rules below ask for drafts, which need view_drafts: the form offers
# others no "drafts" choice (so the post is refused on the form), the API answers 403.
DRAFT_READERS = _group("convener panelist faculty other_faculty", "viewer outsider")
_drafts = {"content": "drafts"}
RULES["exports.new_program_export"] = rule(
    DRAFT_READERS,
    args=lambda w, r: {"program_id": w.program.id},
    data=lambda w, r: {**_drafts, "frameworks": [w.framework.id]},
    viewer="form",
    outsider="form",
)
RULES["exports.new_framework_export"] = rule(
    DRAFT_READERS,
    args=lambda w, r: {"framework_id": w.framework.id},
    data=lambda w, r: _drafts,
    viewer="form",
    outsider="form",
)
RULES["api.export_program"] = rule(
    DRAFT_READERS,
    args=lambda w, r: {"program_id": w.program.id},
    data=lambda w, r: {"drafts": True, "frameworks": [w.framework.id]},
)
RULES["api.export_framework"] = rule(
    DRAFT_READERS,
    args=lambda w, r: {"framework_id": w.framework.id},
    data=lambda w, r: {"drafts": True},
)


# --- Imports (access: Partnership "import", ImportJob "view") -------------------------------
# Conveners import; members without the right get 403, outsiders 404. The API's upload is
# multipart, which the matrix (it sends JSON to /api/) cannot build: the convener's JSON request
# is refused as a form would be (400, nothing written); tests/interop/test_import_api.py
# uploads for real.
class _Upload(io.BytesIO):
    """A file a test may send more than once (the CSRF test repeats each request): the client
    closes what it sent; this one rewinds instead."""

    def close(self) -> None:
        self.seek(0)


def _upload(_w: World, _role: str) -> dict:
    from tests.interop import tiny

    return {
        "file": (_Upload(tiny.data()), "tiny.case.json"),
        "format": "case",
        "mode": "reference",
        "framework": "",
    }


def _dry_run(w: World, _role: str) -> dict:
    from curriculum.interop.models import ImportJob
    from curriculum.jobs import JobState
    from tests.interop import tiny

    job = ImportJob(
        partnership_id=w.partnership.id,
        format="case",
        mode="reference",
        dry_run=True,
        filename="tiny.case.json",
        data=tiny.data(),
        options={},
        summary={"created": 3},
        state=JobState.DONE,
        requested_by_id=w.user("convener").id,
    )
    db.session.add(job)
    db.session.commit()
    return {"job_id": job.id}


RULES["interop.new_import"] = rule(
    CONVENER, args=lambda w, r: {"partnership_id": w.partnership.id}, data=_upload
)
RULES["interop.run"] = rule(CONVENER, args=_dry_run)
RULES["api.import_framework"] = rule(
    CONVENER,
    args=lambda w, r: {"partnership_id": w.partnership.id},
    data=lambda w, r: {"format": "case", "mode": "reference"},
    convener="form",
)


# --- Spreadsheet imports: the mapping page (access: ImportJob "view", Partnership "import") --
_SHEET = b"Code,Parent code,Kind,Title\r\nA,,Critical work function,Machining\r\nA.1,A,,Setup\r\n"


def _waiting_sheet(w: World, _role: str) -> dict:
    from curriculum.interop import services
    from curriculum.interop.models import ImportJob

    job = ImportJob(
        partnership_id=w.partnership.id,
        format="csv",
        mode="draft",
        dry_run=False,
        filename="sheet.csv",
        data=_SHEET,
        options={},
        summary={},
        message=services.WAITING_FOR_MAPPING,
        requested_by_id=w.user("convener").id,
    )
    db.session.add(job)
    db.session.commit()
    return {"job_id": job.id}


RULES["spreadsheets.mapping"] = rule(
    CONVENER,
    args=_waiting_sheet,
    data=lambda w, r: {
        "action": "import",
        "code": "Code",
        "parent_code": "Parent code",
        "kind": "Kind",
        "title": "Title",
    },
)


# --- Email: password reset links and the outbox ------------------------------------------------
def _reset_link(_w: World, _role: str) -> dict:
    """A live reset link of a fresh account (so no role's own sign-in ends)."""
    import hashlib
    from datetime import timedelta

    from curriculum.auth.models import PasswordReset
    from curriculum.auth.services import create_user
    from curriculum.db import utcnow

    user = create_user(f"{unique('reset')}@example.org", "Reset", PASSWORD)
    token = unique("reset-token-")
    hashed = hashlib.sha256(token.encode()).hexdigest()
    db.session.add(
        PasswordReset(user=user, token_hash=hashed, expires_at=utcnow() + timedelta(hours=1))
    )
    db.session.commit()
    return {"token": token}


def _failed_mail(_w: World, _role: str) -> dict:
    from curriculum.jobs import JobState
    from curriculum.mail.models import OutgoingMail

    mail = OutgoingMail(
        kind="test",
        to="nobody@example.org",
        subject="Failed",
        body="x",
        state=JobState.FAILED,
        attempts=6,
        last_error="refused",
    )
    db.session.add(mail)
    db.session.commit()
    return {"mail_id": mail.id}


# Asking for a link: anyone; each role asks for its own address (3 an hour per address).
RULES["auth.forgot_password"] = rule(
    PUBLIC, data=lambda w, r: {"email": w.user("viewer" if r == "anonymous" else r).email}
)
RULES["auth.reset_password"] = rule(
    PUBLIC, args=_reset_link, data=lambda w, r: {"new_password": PASSWORD, "confirm": PASSWORD}
)
RULES["mail.retry"] = rule(SITE_ADMIN, args=_failed_mail)


# --- Notifications: one's own only (access: Notification "view") ------------------------------
OWNER_CONVENER = _group("convener", "", "viewer other_faculty panelist faculty outsider")


def _convener_notification(w: World, _role: str) -> dict:
    """A notification of the convener's: anyone else learns nothing of it (404)."""
    from curriculum.notifications import kinds
    from curriculum.notifications.services import notify

    # A link of its own: notify() adds nothing while the same kind and link wait unread.
    (note,) = notify([w.user("convener")], kinds.REPLY.name, "Note", url=unique("/?note="))
    db.session.commit()
    return {"notification_id": note.id}


def _unread_for(w: World, role: str) -> dict:
    """An unread notification of the role's user, for "Mark all as read" to mark."""
    from curriculum.notifications import kinds
    from curriculum.notifications.services import notify

    if w.user(role) is not None:
        notify([w.user(role)], kinds.REPLY.name, "Note", url=unique("/?note="))
        db.session.commit()
    return {}


# Marking read changes no row count (changes=False); the pages' tests check what it does.
RULES["notifications.mark_read"] = rule(OWNER_CONVENER, args=_convener_notification, changes=False)
RULES["notifications.mark_all_read"] = rule(SIGNED_IN, args=_unread_for, changes=False)
RULES["notifications.preferences"] = rule(SIGNED_IN, data=lambda w, r: {"delivery_reply": "email"})


# --- Releases of a framework (curriculum.releases) -------------------------------------------
def _no_release_preparing(w: World) -> None:
    """Discard the framework's release in preparation, so another can be prepared."""
    from curriculum.releases import services as releases

    preparing = releases.current_preparing(w.framework)
    if preparing is not None:
        releases.discard_release(preparing, w.users["convener"])
        db.session.commit()


def _fresh_release(endorsed: bool = False, changed: bool = False) -> Builder:
    """A new release in preparation (endorsed by the panelist's firm, or with a standard
    changed since it was prepared, if asked)."""

    def build(w: World, _role: str) -> dict:
        from curriculum.releases import services as releases

        _no_release_preparing(w)
        release = releases.prepare_release(
            w.framework, w.users["convener"], name=unique("Edition ")
        )
        if endorsed:
            releases.endorse_release(release, w.users["panelist"])
        db.session.commit()
        if changed:
            w.fresh_standard()
        return {"release_id": release.id}

    return build


def _framework_free(w: World, _role: str) -> dict:
    _no_release_preparing(w)
    return {"framework_id": w.framework.id}


RULES["releases.prepare"] = rule(
    CONVENER, args=_framework_free, data=lambda w, r: {"name": unique("Edition "), "notes": ""}
)
RULES["releases.endorse"] = rule(
    PANELIST_ON_DRAFT, args=_fresh_release(), data=lambda w, r: {"note": "Agreed."}
)
RULES["releases.withdraw"] = rule(PANELIST_ON_DRAFT, args=_fresh_release(endorsed=True))
RULES["releases.publish"] = rule(CONVENER_ON_DRAFT, args=_fresh_release(endorsed=True))
RULES["releases.refresh"] = rule(CONVENER_ON_DRAFT, args=_fresh_release(changed=True))
RULES["releases.discard"] = rule(CONVENER_ON_DRAFT, args=_fresh_release())

# The release's PDF (whoever may see the release: a release in preparation, those who see
# drafts) and the releases API (the same rules as the pages).
RULES["exports.new_release_export"] = rule(
    AUTHORS_ON_DRAFT, args=_fresh_release(), data=lambda w, r: {"format": "pdf"}
)
RULES["api.export_release"] = rule(AUTHORS_ON_DRAFT, args=_fresh_release())
RULES["api.prepare_release"] = rule(
    CONVENER, args=_framework_free, data=lambda w, r: {"name": unique("Edition ")}
)
RULES["api.endorse_release"] = rule(
    PANELIST_ON_DRAFT, args=_fresh_release(), data=lambda w, r: {"note": "Agreed."}
)
RULES["api.withdraw_release_endorsement"] = rule(
    PANELIST_ON_DRAFT, args=_fresh_release(endorsed=True)
)
RULES["api.publish_release"] = rule(CONVENER_ON_DRAFT, args=_fresh_release(endorsed=True))
RULES["api.refresh_release"] = rule(CONVENER_ON_DRAFT, args=_fresh_release(changed=True))
RULES["api.discard_release"] = rule(CONVENER_ON_DRAFT, args=_fresh_release())


# --- Elective groups of a program (the program page's edit mode) ----------------------------
def _fresh_group(w: World, _role: str) -> dict:
    from curriculum.courses import groups

    group = groups.add_group(w.program, unique("Group "), 1)
    db.session.commit()
    return {"program_id": w.program.id, "group_id": group.id}


RULES["courses.add_program_group"] = rule(
    COLLEGE,
    args=lambda w, r: {"program_id": w.program.id},
    data=lambda w, r: {"name": unique("Group "), "choose": "1"},
)
RULES["courses.edit_program_group"] = rule(
    COLLEGE, args=_fresh_group, data=lambda w, r: {"name": unique("Renamed "), "choose": "1"}
)
RULES["courses.delete_program_group"] = rule(COLLEGE, args=_fresh_group)


# --- The catalog through the API (access: Organization "keep_courses", Course / Program "edit")
RULES["api.create_course"] = rule(
    COLLEGE,
    data=lambda w, r: {"organization_id": w.college.id, "code": unique("API "), "title": "New"},
)
RULES["api.update_course"] = rule(
    COLLEGE, args=lambda w, r: {"course_id": w.course.id}, data=lambda w, r: {"title": unique("T ")}
)
RULES["api.create_program"] = rule(
    COLLEGE,
    data=lambda w, r: {
        k: v for k, v in _program_form(w, r).items() if k not in ("award_type", "description")
    },
)
RULES["api.update_program"] = rule(
    COLLEGE,
    args=lambda w, r: {"program_id": w.program.id},
    data=lambda w, r: {"description": unique("Changed ")},
)
RULES["api.set_program_courses"] = rule(
    COLLEGE,
    args=lambda w, r: {"program_id": w.program.id},
    data=lambda w, r: {
        "courses": [
            {"course_id": w.course.id, "term": 1},
            {"course_id": w.fresh_course(in_program=False).id, "term": 2, "required": False},
        ]
    },
)


# --- The catalog import (access: Organization "keep_courses"; an upload is its uploader's) ----
class _Rewound(io.BytesIO):
    """A file the test client may send more than once (it closes what it sent)."""

    def close(self) -> None:
        self.seek(0)


def _catalog_file() -> tuple:
    return (_Rewound(f"Course code,Title\n{unique('IMP ')},Imported\n".encode()), "c.csv")


def _catalog_upload(w: World, role: str) -> dict:
    from curriculum.courses import catalog

    user = w.user(role)
    if user is None:
        return {"token": "0" * 32}
    data, name = _catalog_file()
    return {"token": catalog.keep_upload(user, w.college, None, name, data.read()).token}


RULES["catalog.upload"] = rule(
    COLLEGE,
    data=lambda w, r: {"organization_id": str(w.college.id), "file": _catalog_file()},
    changes=False,  # the file waits for its mapping outside the database
    other_faculty="form",
)
RULES["catalog.mapping"] = rule(
    COLLEGE,
    args=_catalog_upload,
    data=lambda w, r: {"code": "Course code", "title": "Title", "action": "apply"},
)


# --- Learning outcomes (access: Course "edit", as for the course's alignments) -----------------


def _fresh_outcome(w: World, _role: str) -> dict:
    """The first of two outcomes of a fresh course of P's program (so it can move down)."""
    from curriculum.courses import outcomes

    course = w.fresh_course()
    first = outcomes.add_outcome(course, unique("Outcome "), "Quiz")
    outcomes.add_outcome(course, unique("Outcome "), "")
    db.session.commit()
    return {"course_id": course.id, "outcome_id": first.id}


def _outcome_only(w: World, role: str) -> dict:
    return {"outcome_id": _fresh_outcome(w, role)["outcome_id"]}


def _outcome_text(_w: World, _role: str) -> dict:
    return {"text": unique("Outcome "), "assessment": "Practical"}


RULES["courses.add_outcome"] = rule(
    COLLEGE, args=lambda w, r: {"course_id": w.fresh_course().id}, data=_outcome_text
)
RULES["courses.edit_outcome"] = rule(COLLEGE, args=_fresh_outcome, data=_outcome_text)
RULES["courses.move_outcome"] = rule(
    COLLEGE, args=lambda w, r: {**_fresh_outcome(w, r), "direction": "down"}
)
RULES["courses.delete_outcome"] = rule(COLLEGE, args=_fresh_outcome)
RULES["api.add_outcome"] = rule(
    COLLEGE, args=lambda w, r: {"course_id": w.fresh_course().id}, data=_outcome_text
)
RULES["api.change_outcome"] = rule(
    COLLEGE, args=_outcome_only, data=lambda w, r: {"text": unique("Changed "), "position": 2}
)
RULES["api.delete_outcome"] = rule(COLLEGE, args=_outcome_only)
RULES["api.align_outcome"] = rule(
    COLLEGE,
    args=_outcome_only,
    data=lambda w, r: {"standard_id": w.standard.id, "level": "mastered", "note": "Lab 2"},
)


# --- Needs surveys (curriculum.needs; access: NeedsSurvey "respond" / "close", partnership
# "manage_surveys"). Members from the partnership's employers answer: the panelist's firm, and
# the convener's (the world's convener belongs to an employer organization too).
SURVEY_RESPONDENTS = _group("panelist convener", "viewer other_faculty faculty", "outsider")


def _fresh_survey(w: World, _role: str) -> dict:
    return {"survey_id": w.fresh_survey().id}


RULES["needs.new_survey"] = rule(
    CONVENER,
    args=lambda w, r: {"framework_id": w.framework.id},
    data=lambda w, r: {"title": unique("Survey ")},
)
RULES["needs.answer"] = rule(
    SURVEY_RESPONDENTS,
    args=_fresh_survey,
    data=lambda w, r: {f"importance-{w.standard.id}": "4", f"difficulty-{w.standard.id}": "3"},
)
RULES["needs.close"] = rule(CONVENER, args=_fresh_survey)
RULES["api.open_survey"] = rule(
    CONVENER,
    args=lambda w, r: {"framework_id": w.framework.id},
    data=lambda w, r: {"title": unique("Survey ")},
)
RULES["api.answer_survey"] = rule(
    SURVEY_RESPONDENTS,
    args=_fresh_survey,
    data=lambda w, r: {
        "ratings": [{"standard_id": w.standard.id, "importance": 4, "difficulty": 3}]
    },
)
RULES["api.close_survey"] = rule(CONVENER, args=_fresh_survey)
# --- Career ladder pages (access: Ladder "edit" and its parts, for the partnership's conveners
# and panelists; creating one: the partnership action "edit_ladders") ---------------------------
# Other members get 403 on a published ladder; people outside the partnership 404.
LADDER_EDITORS = _group("convener panelist", "viewer other_faculty faculty", "outsider")
# A draft ladder is hidden from viewers (they do not see drafts) as from outsiders.
LADDER_EDITORS_ON_DRAFT = _group("convener panelist", "other_faculty faculty", "viewer outsider")


def _ladder_form(_w: World, _role: str) -> dict:
    return {"title": unique("Ladder "), "description": "A *ladder*.", "status": "draft"}


def _step_form(_w: World, _role: str) -> dict:
    return {"title": unique("Step "), "level": "entry", "wage_median": "19.50"}


RULES["ladders.create"] = rule(
    LADDER_EDITORS, args=lambda w, r: {"partnership_id": w.partnership.id}, data=_ladder_form
)
RULES["ladders.edit"] = rule(
    LADDER_EDITORS, args=lambda w, r: {"ladder_id": w.fresh_ladder().id}, data=_ladder_form
)
RULES["ladders.delete"] = rule(LADDER_EDITORS, args=lambda w, r: {"ladder_id": w.fresh_ladder().id})
RULES["ladders.new_step"] = rule(
    LADDER_EDITORS_ON_DRAFT, args=lambda w, r: {"ladder_id": w.draft_ladder.id}, data=_step_form
)
RULES["ladders.edit_step"] = rule(
    LADDER_EDITORS, args=lambda w, r: {"step_id": w.fresh_step().id}, data=_step_form
)
RULES["ladders.delete_step"] = rule(
    LADDER_EDITORS, args=lambda w, r: {"step_id": w.fresh_step().id}
)
RULES["ladders.new_move"] = rule(
    LADDER_EDITORS,
    args=lambda w, r: {"ladder_id": w.ladder.id},
    data=lambda w, r: {
        "from_step_id": w.fresh_step().id,
        "to_step_id": w.upper_step.id,
        "kind": "up",
        "typical_months": "18",
        "support": "A certificate",
    },
)
RULES["ladders.edit_move"] = rule(
    LADDER_EDITORS,
    args=lambda w, r: {"move_id": w.fresh_move().id},
    data=lambda w, r: {"kind": "up", "typical_months": "30", "support": unique("Support ")},
)
RULES["ladders.delete_move"] = rule(
    LADDER_EDITORS, args=lambda w, r: {"move_id": w.fresh_move().id}
)
RULES["ladders.add_requirement"] = rule(
    LADDER_EDITORS,
    args=lambda w, r: {"step_id": w.fresh_step().id},
    data=lambda w, r: {"standard_id": str(w.standard.id), "level": "intermediate"},
)
RULES["ladders.update_requirement"] = rule(
    LADDER_EDITORS,
    args=lambda w, r: {"requirement_id": w.fresh_requirement().id},
    data=lambda w, r: {"level": "mastery"},
)
RULES["ladders.remove_requirement"] = rule(
    LADDER_EDITORS, args=lambda w, r: {"requirement_id": w.fresh_requirement().id}
)


# --- Career ladders through the API (access: Partnership "edit_ladders"; Ladder and its parts
# "edit"): conveners and panelists draw; members without the role 403, outsiders 404.
_LADDER_API = _group("convener panelist", "viewer other_faculty faculty", "outsider")


def _fresh_ladder(w: World, _role: str) -> dict:
    return {"ladder_id": w.fresh_ladder().id}


def _fresh_step(w: World, _role: str) -> dict:
    return {"step_id": w.fresh_step().id}


def _fresh_move(w: World, _role: str) -> dict:
    return {"move_id": w.fresh_move().id}


def _fresh_requirement(w: World, _role: str) -> dict:
    return {"requirement_id": w.fresh_requirement().id}


RULES["api.create_ladder"] = rule(
    _LADDER_API,
    args=lambda w, r: {"partnership_id": w.partnership.id},
    data=lambda w, r: {"title": unique("Ladder ")},
)
RULES["api.update_ladder"] = rule(
    _LADDER_API, args=_fresh_ladder, data=lambda w, r: {"title": unique("Renamed ")}
)
RULES["api.delete_ladder"] = rule(_LADDER_API, args=_fresh_ladder)
RULES["api.add_step"] = rule(
    _LADDER_API,
    args=lambda w, r: {"ladder_id": w.ladder.id},
    data=lambda w, r: {"title": unique("Step "), "level": "intermediate", "wage_median": 21.5},
)
RULES["api.update_step"] = rule(
    _LADDER_API, args=_fresh_step, data=lambda w, r: {"wage_median": 20, "schedule": "Days"}
)
RULES["api.delete_step"] = rule(_LADDER_API, args=_fresh_step)
RULES["api.add_move"] = rule(
    _LADDER_API,
    args=lambda w, r: {"ladder_id": w.ladder.id},
    data=lambda w, r: {"from_step_id": w.fresh_step().id, "to_step_id": w.upper_step.id},
)
RULES["api.update_move"] = rule(
    _LADDER_API, args=_fresh_move, data=lambda w, r: {"typical_months": 6}
)
RULES["api.delete_move"] = rule(_LADDER_API, args=_fresh_move)
RULES["api.require_standard"] = rule(
    _LADDER_API,
    args=_fresh_step,
    data=lambda w, r: {"standard_id": w.standard.id, "level": "mastery"},
)
RULES["api.update_requirement"] = rule(
    _LADDER_API, args=_fresh_requirement, data=lambda w, r: {"level": "mastery"}
)
RULES["api.remove_requirement"] = rule(_LADDER_API, args=_fresh_requirement)

# The one-page summary (a document kind about a partnership: access "view_dashboard", every
# member; outsiders 404).
MEMBERS = _group("viewer other_faculty panelist faculty convener", "", "outsider")
RULES["exports.new_partnership_export"] = rule(
    MEMBERS,
    args=lambda w, r: {"partnership_id": w.partnership.id},
    data=lambda w, r: {"format": "pdf"},
)
RULES["api.export_partnership"] = rule(
    MEMBERS, args=lambda w, r: {"partnership_id": w.partnership.id}
)

# --- The ladder PDF (kinds/ladder.py: whoever may see the ladder; a draft, those who see the
# partnership's drafts, 404 for others). The draft ladder of the world, so the matrix sees the
# hidden outcome too.
RULES["exports.new_ladder_export"] = rule(
    AUTHORS_ON_DRAFT,
    args=lambda w, r: {"ladder_id": w.draft_ladder.id},
    data=lambda w, r: {"format": "pdf"},
)
RULES["api.export_ladder"] = rule(
    AUTHORS_ON_DRAFT, args=lambda w, r: {"ladder_id": w.draft_ladder.id}
)

# --- Performance measures (access: Program "record_measures", Cohort "edit"): the program's
# college, the partnership's conveners and members from its workforce boards (the viewer).
MEASURES = _group("viewer faculty convener", "other_faculty panelist", "outsider")
_cohort_years = itertools.count(2040)


def _cohort_form(_w: World, _role: str) -> dict:
    return {"entry_year": str(next(_cohort_years)), "entry_season": "spring", "enrolled": "20"}


def _measures_file() -> tuple:
    text = f"Year of entry,Season,Enrolled\n{next(_cohort_years)},Fall,20\n"
    return (_Rewound(text.encode()), "cohorts.csv")


def _measures_upload(w: World, role: str) -> dict:
    from curriculum.courses import catalog

    user, program = w.user(role), {"program_id": w.program.id}
    if user is None:
        return {**program, "token": "0" * 32}
    data, name = _measures_file()
    kept = catalog.keep_upload(user, w.college, w.partnership, name, data.read())
    return {**program, "token": kept.token}


RULES["measures.record"] = rule(
    MEASURES, args=lambda w, r: {"program_id": w.program.id}, data=_cohort_form
)
RULES["measures.edit"] = rule(
    MEASURES,
    args=lambda w, r: {"cohort_id": w.cohort.id},
    data=lambda w, r: {"entry_year": "2024", "entry_season": "fall", "enrolled": "30"},
)
RULES["measures.delete"] = rule(MEASURES, args=lambda w, r: {"cohort_id": w.fresh_cohort().id})
RULES["measures.upload"] = rule(
    MEASURES,
    args=lambda w, r: {"program_id": w.program.id},
    data=lambda w, r: {"file": _measures_file()},
    changes=False,  # the file waits for its mapping outside the database
)
RULES["measures.mapping"] = rule(
    MEASURES,
    args=_measures_upload,
    data=lambda w, r: {
        "entry_year": "Year of entry",
        "entry_season": "Season",
        "enrolled": "Enrolled",
        "action": "apply",
    },
)
RULES["api.record_cohort"] = rule(
    MEASURES,
    args=lambda w, r: {"program_id": w.program.id},
    data=lambda w, r: {"entry_year": next(_cohort_years), "entry_season": "summer", "enrolled": 9},
)
RULES["api.change_cohort"] = rule(
    MEASURES, args=lambda w, r: {"cohort_id": w.cohort.id}, data=lambda w, r: {"enrolled": 40}
)

"""Release pages: preparing a release, a release with its diff and endorsements, and the
convener's and panelists' steps (endorse, withdraw, refresh, publish, discard)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from curriculum import access
from curriculum.errors import DomainError, show_on_form
from curriculum.extensions import db
from curriculum.releases import services
from curriculum.releases.diffs import (
    ReleaseDiff,
    counts_of,
    held_ids,
    held_of,
    holdable,
    holds,
    preview,
)
from curriculum.releases.forms import EndorseReleaseForm, PrepareForm, RefreshForm
from curriculum.releases.models import Release
from curriculum.standards.diff import word_diff
from curriculum.standards.forms import ButtonForm
from curriculum.standards.frameworks import get_framework
from curriculum.standards.models import Framework

bp = Blueprint("releases", __name__)

# Where h-release-out's outputs live, when they are there: (endpoint, label).
OUTPUTS = (
    ("exports.new_release_export", "Print (PDF)"),
    ("releases.case_package", "CASE package"),
)


def word_diffs(result: ReleaseDiff) -> dict[int, dict]:
    """{standard id: title and statement word diffs} of the changed standards."""
    return {
        c.standard.id: {
            "title": word_diff(c.before.version.title, c.entry.version.title),
            "statement": word_diff(c.before.version.statement, c.entry.version.statement),
        }
        for c in result.changed
        if c.before is not None
    }


def framework_releases(framework: Framework) -> dict:
    """What the framework page shows of its releases: those the reader may see, with counts."""
    shown = [r for r in services.releases_of(framework) if access.can(current_user, "view", r)]
    return {"releases": shown, "release_counts": counts_of(shown)}


@bp.route("/frameworks/<int:framework_id>/releases/new", methods=["GET", "POST"])
@login_required
def prepare(framework_id: int):
    framework = get_framework(framework_id)
    access.require(current_user, "prepare", framework)
    preparing = services.current_preparing(framework)
    form = PrepareForm()
    if preparing is None and form.validate_on_submit():
        try:
            release = services.prepare_release(
                framework,
                current_user._get_current_object(),
                name=form.name.data,
                notes=form.notes.data,
                hold=form.hold.data or (),
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"{release.title} is prepared: panelists are asked to endorse it.", "success")
            return redirect(url_for("releases.release", release_id=release.id))
    previous = services.last_published(framework)
    result = preview(framework, previous.id if previous else None)
    return render_template(
        "releases/prepare.html",
        framework=framework,
        partnership=framework.partnership,
        form=form,
        preparing=preparing,
        previous=previous,
        diff=result,
        counts=result.counts(),
        word_diffs=word_diffs(result),
        codes={c.standard.id: c.standard.code for c in result.added + result.unchanged},
        holdable={c.standard.id for c in result.added + result.changed if holds(c.standard)},
        ticked=set(form.hold.data or ()),
        hold_form="prepare-form",
    )


def _outputs(release: Release) -> list[tuple[str, str]]:
    """Links to the release's PDF and CASE package, where those pages exist."""
    return [
        (label, url_for(endpoint, release_id=release.id))
        for endpoint, label in OUTPUTS
        if endpoint in current_app.view_functions
    ]


@bp.get("/releases/<int:release_id>")
def release(release_id: int):
    release = services.get_release(release_id)
    access.require(current_user, "view", release)
    framework = release.framework
    result = services.diff(release)
    perms = access.permissions(current_user, release)
    preparing = release.status.value == "preparing"
    changed = services.changed_since(release) if preparing else []
    held = held_of(release)
    entries = [c.entry for c in (*result.added, *result.unchanged, *result.changed)]
    mine = next(
        (
            e
            for e in release.endorsements
            if current_user.is_authenticated and e.organization_id == current_user.organization_id
        ),
        None,
    )
    return render_template(
        "releases/release.html",
        release=release,
        framework=framework,
        partnership=framework.partnership,
        perms=perms,
        quorum=services.release_quorum(release),
        diff=result,
        counts=result.counts(),
        word_diffs=word_diffs(result),
        codes={e.standard_id: e.code for e in entries},
        changed_since=changed,
        held=held,
        refresh_form=RefreshForm(),
        choices=holdable(framework) if preparing and perms.get("refresh") else [],
        ticked={e.standard_id for e in held},
        my_endorsement=mine,
        endorse_form=EndorseReleaseForm(prepared=release.prepared_at.isoformat()),
        outputs=_outputs(release),
    )


def _step(release_id: int, action: str, run: Callable[[Release], str]):
    """A POST step on a release: authorise, run the service, commit, and say what happened
    (a refusal is flashed and nothing is kept)."""
    release = services.get_release(release_id)
    access.require(current_user, action, release)
    try:
        message = run(release)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("releases.release", release_id=release_id))


def _button() -> None:
    if not ButtonForm().validate_on_submit():
        abort(400)


@bp.post("/releases/<int:release_id>/endorse")
@login_required
def endorse(release_id: int):
    form = EndorseReleaseForm()
    if not form.validate_on_submit():
        abort(400, "The note is too long (1,000 characters at most).")
    user = current_user._get_current_object()

    def run(release: Release) -> str:
        services.endorse_release(
            release, user, form.note.data or "", seen=services.read_stamp(form.prepared.data)
        )
        return f"{user.organization.name} endorses {release.title}."

    return _step(release_id, "endorse", run)


@bp.post("/releases/<int:release_id>/withdraw")
@login_required
def withdraw(release_id: int):
    _button()
    user = current_user._get_current_object()

    def run(release: Release) -> str:
        services.withdraw_release_endorsement(release, user)
        return "Your organization's endorsement is withdrawn."

    return _step(release_id, "withdraw", run)


@bp.post("/releases/<int:release_id>/refresh")
@login_required
def refresh(release_id: int):
    form = RefreshForm()
    if not form.validate_on_submit():
        abort(400, "Hold back standards by their ids.")
    user = current_user._get_current_object()
    hold = (form.hold.data or []) if form.choosing.data else None

    def run(release: Release) -> str:
        withdrawn = len(release.endorsements)
        changed = services.refresh(release, user, hold)
        kept = len(held_ids(release))
        return (
            f"{release.title} now fixes the standards as they are: {changed} changed, "
            + (f"{kept} held back, " if kept else "")
            + f"{withdrawn} endorsement{'s' if withdrawn != 1 else ''} withdrawn."
        )

    return _step(release_id, "refresh", run)


@bp.post("/releases/<int:release_id>/publish")
@login_required
def publish(release_id: int):
    _button()
    user = current_user._get_current_object()

    def run(release: Release) -> str:
        services.publish_release(release, user)
        return f"{release.title} is published."

    return _step(release_id, "publish", run)


@bp.post("/releases/<int:release_id>/discard")
@login_required
def discard(release_id: int):
    _button()
    user = current_user._get_current_object()

    def run(release: Release) -> str:
        services.discard_release(release, user)
        return f"{release.title} is discarded; it stays listed for the record."

    return _step(release_id, "discard", run)


# The release's CASE package registers itself on `bp`.
from curriculum.releases import views_case  # noqa: E402, F401

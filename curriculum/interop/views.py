"""Import pages (the form, the job page with its summary, "Import these changes" after a dry
run) and framework downloads in every registered exchange format."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.datastructures import FileStorage
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.errors import DomainError, NotFound, show_on_form
from curriculum.extensions import db
from curriculum.interop import package, services, writers
from curriculum.interop.forms import ImportForm
from curriculum.interop.models import ImportJob, ImportMode
from curriculum.partnerships.services import get_partnership
from curriculum.releases.models import Release
from curriculum.standards.frameworks import frameworks_of, get_framework

bp = Blueprint("interop", __name__)

MODE_WORDS = {
    ImportMode.REFERENCE.value: "as a reference framework",
    ImportMode.DRAFT.value: "as a partnership framework (drafts)",
}


@bp.app_context_processor
def _helpers() -> dict:
    """What the framework pages show of imports and downloads (their own views stay as they
    are): the registered writers, and a partnership's recent imports the reader may follow."""
    return {
        "download_formats": lambda: list(writers.WRITERS.values()),
        "recent_imports": lambda partnership: (
            services.recent_imports(partnership, current_user)
            if access.signed_in(current_user)
            else []
        ),
        "import_mode_words": MODE_WORDS,
        "reader_label": package.reader_label,
    }


def _form(partnership) -> ImportForm:
    form = ImportForm()
    form.format.choices = [SelectChoice(name, label) for name, label in services.formats()]
    own = [f for f in frameworks_of(partnership)]
    form.framework.choices = form.framework.choices[:1] + [
        SelectChoice(str(f.id), f.title + (" (reference)" if f.is_reference else "")) for f in own
    ]
    if request.method == "GET":
        wanted = params.integer("framework")
        if wanted is not None and any(f.id == wanted for f in own):
            form.framework.data = str(wanted)
        if "case" in package.READERS:
            form.format.data = "case"
    return form


def _target(partnership, form: ImportForm):
    if not form.framework.data:
        return None
    chosen = params.whole_number(form.framework.data, minimum=1)
    found = next((f for f in frameworks_of(partnership) if f.id == chosen), None)
    if found is None:
        raise services.ImportRequestError(
            "Into: choose one of the partnership's frameworks.", field="framework"
        )
    return found


@bp.route("/partnerships/<int:partnership_id>/imports/new", methods=["GET", "POST"])
@login_required
def new_import(partnership_id: int):
    partnership = get_partnership(partnership_id)
    access.require(current_user, "import", partnership)
    form = _form(partnership)
    if form.validate_on_submit():
        upload = form.file.data if isinstance(form.file.data, FileStorage) else None
        try:
            job = services.start_import(
                partnership,
                current_user,
                format=form.format.data,
                mode=form.mode.data,
                dry_run=bool(form.dry_run.data),
                filename=getattr(upload, "filename", "") or "",
                data=upload.read() if upload else b"",
                framework=_target(partnership, form),
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            if services.is_ready(job):
                services.enqueue_import(job)
            elif "spreadsheets.mapping" in current_app.view_functions:
                return redirect(url_for("spreadsheets.mapping", job_id=job.id))
            return redirect(url_for("interop.job", job_id=job.id))
    return render_template(
        "interop/new.html",
        form=form,
        partnership=partnership,
        jobs=services.recent_imports(partnership, current_user),
        limit_mb=round(package.upload_limit() / (1024 * 1024)),
    )


def _visible_job(job_id: str) -> ImportJob:
    job = services.get_import(job_id)
    access.require(current_user, "view", job)
    return job


@bp.get("/imports/<job_id>")
@login_required
def job(job_id: str):
    found = _visible_job(job_id)
    partnership = found.partnership
    framework = found.framework
    done = found.state.value == "done"
    may_import = access.can(current_user, "import", partnership)
    return render_template(
        "interop/job.html",
        job=found,
        title=f"{'Dry run' if found.dry_run else 'Import'}: {found.filename}",
        subtitle=f"{package.reader_label(found.format)}, {MODE_WORDS.get(found.mode, found.mode)}",
        crumbs=[
            (partnership.name, url_for("partnerships.show", partnership_id=partnership.id)),
            ("Frameworks", url_for("standards.frameworks", partnership_id=partnership.id)),
        ],
        status_url=url_for("interop.status", job_id=found.id),
        file_url=url_for("standards.framework", framework_id=framework.id)
        if framework is not None and (done or found.dry_run)
        else None,
        file_label=f"Open {framework.title}" if framework is not None else "",
        retry_url=url_for("interop.new_import", partnership_id=partnership.id)
        if may_import
        else None,
        asked_by=found.requested_by.display_name if found.requested_by else None,
        summary=found.summary or {},
        counts=services.summary_counts(found.summary or {}),
        may_run=may_import and done and found.dry_run,
        waits_for_mapping=found.message == services.WAITING_FOR_MAPPING
        and not found.state.finished,
        mapping_url=url_for("spreadsheets.mapping", job_id=found.id)
        if "spreadsheets.mapping" in current_app.view_functions
        else None,
    )


@bp.get("/imports/<job_id>/status.json")
@login_required
def status(job_id: str):
    found = _visible_job(job_id)
    return jsonify(**found.status(), framework_id=found.framework_id)


@bp.post("/imports/<job_id>/run")
@login_required
def run(job_id: str):
    """Import for real what a dry run showed: a new job with the same file and options."""
    found = _visible_job(job_id)
    access.require(current_user, "import", found.partnership)
    try:
        again = services.rerun(found, current_user, dry_run=False)
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    if services.is_ready(again):
        services.enqueue_import(again)
    return redirect(url_for("interop.job", job_id=again.id))


@bp.get("/frameworks/<int:framework_id>/download/<format>")
def download(framework_id: int, format: str):
    """The framework in a registered exchange format: published versions, or with drafts for
    readers who may see them and ask ?drafts=1."""
    framework = get_framework(framework_id)
    return download_response(framework, format, asked_drafts=wants_drafts())


def wants_drafts() -> bool:
    return request.args.get("drafts", "").lower() in ("1", "true", "yes")


def download_response(framework, name: str, *, asked_drafts: bool) -> Response:
    """The framework written in format `name` as an attachment with its file name and media
    type; NotFound naming the formats when no writer has that name. Drafts only when asked for
    and the reader may see them (otherwise published versions only)."""
    found = writers.WRITERS.get(name)
    if found is None:
        offered = ", ".join(writers.WRITERS) or "none yet"
        raise NotFound(f"There is no format {name!r}; this site writes: {offered}.")
    drafts = asked_drafts and access.can(current_user, "view_drafts", framework)
    data = writers.write(framework, name, drafts=drafts)
    response = Response(data, content_type=found.media_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{writers.filename(framework, name)}"'
    )
    response.headers["Cache-Control"] = "private, no-cache" if drafts else "public, max-age=60"
    return response


def release_download_response(release: Release, name: str) -> Response:
    """The versions a release fixes, in its tree, written in format `name`, as an attachment
    (the caller has checked that the reader may see the release)."""
    found = writers.WRITERS[name]
    response = Response(writers.write_release(release, name), content_type=found.media_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{writers.release_filename(release, name)}"'
    )
    response.headers["Cache-Control"] = "private, no-cache"
    return response

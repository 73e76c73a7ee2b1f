"""The measures pages: a program's cohorts (figures, credentials, placements, trends), recording,
changing and deleting a cohort, and importing cohorts from a spreadsheet (upload, map the
columns, preview, apply) with the template to start from."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import FileStorage

from curriculum import access
from curriculum.courses import catalog
from curriculum.courses import services as courses
from curriculum.errors import DomainError, NotFound, show_on_form
from curriculum.extensions import db
from curriculum.interop.package import ImportRejected
from curriculum.interop.spreadsheet_cells import CSV_TYPE, columns, guard, guess_mapping
from curriculum.measures import importing, services, trends
from curriculum.measures.forms import CohortForm, MeasuresMappingForm, MeasuresUploadForm
from curriculum.measures.models import COUNT_FIELDS, EARNINGS_FIELDS
from curriculum.params import whole_number

bp = Blueprint("measures", __name__)


def _user():
    return current_user._get_current_object()


def _crumbs(program) -> list:
    return [
        ("Programs", url_for("courses.program_list")),
        (
            f"{program.name} ({program.catalog_year})",
            url_for("courses.program", program_id=program.id),
        ),
    ]


@bp.get("/programs/<int:program_id>/measures")
def page(program_id: int):
    """The program's cohorts: figures, shares, earnings against before, trends."""
    program = courses.get_program(program_id)
    access.require(current_user, "view_measures", program)
    cohorts = services.cohorts_of(program)
    return render_template(
        "measures/measures.html",
        program=program,
        rows=[trends.row(c) for c in cohorts],
        charts=trends.charts(cohorts),
        counts=COUNT_FIELDS,
        shares=trends.SHARES,
        may_record=access.can(current_user, "record_measures", program),
        crumbs=_crumbs(program),
    )


def _placements(employers) -> list[dict]:
    """The placements typed in the form (one number per employer; empty: none)."""
    found = []
    for org in employers:
        text = request.form.get(f"placed_{org.id}", "").strip()
        if not text:
            continue
        placed = whole_number(text, minimum=0)
        if placed is None:
            raise services.CohortError(
                f"Placements, {org.name}: enter how many it hired, in digits 0-9.",
                field="placements",
            )
        found.append({"organization_id": org.id, "placed": placed})
    return found


def _form_page(program, form, cohort=None, status=200):
    employers = services.employers_of(program)
    if request.method == "POST":
        placed = {o.id: request.form.get(f"placed_{o.id}", "") for o in employers}
    else:
        placed = {p.organization_id: str(p.placed) for p in (cohort.placements if cohort else [])}
    return (
        render_template(
            "measures/cohort_form.html",
            program=program,
            form=form,
            cohort=cohort,
            employers=employers,
            placed=placed,
            crumbs=[
                *_crumbs(program),
                ("Measures", url_for("measures.page", program_id=program.id)),
            ],
        ),
        status,
    )


def _save(program, form, cohort=None):
    """Record or change the cohort from the form; the error page data on failure."""
    data = form.values()
    if data is None:
        return None, 400
    try:
        data["placements"] = _placements(services.employers_of(program))
        if cohort is None:
            cohort = services.record_cohort(program, data, _user())
        else:
            services.update_cohort(cohort, data, _user())
    except DomainError as exc:
        if exc.field and exc.field.startswith("credentials["):
            exc.field = "credentials"  # the list's line: said on the list's field
        show_on_form(form, exc)
        return None, exc.status
    db.session.commit()
    return cohort, 200


@bp.route("/programs/<int:program_id>/measures/new", methods=["GET", "POST"])
@login_required
def record(program_id: int):
    program = courses.get_program(program_id)
    access.require(current_user, "record_measures", program)
    form = CohortForm()
    if form.validate_on_submit():
        cohort, status = _save(program, form)
        if cohort is not None:
            flash(f"The {cohort.term} cohort is recorded.", "success")
            return redirect(url_for("measures.page", program_id=program.id))
        return _form_page(program, form, status=status)
    return _form_page(program, form, status=400 if form.errors else 200)


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@login_required
def edit(cohort_id: int):
    cohort = services.get_cohort(cohort_id)
    access.require(current_user, "edit", cohort)
    program = cohort.program
    form = CohortForm()
    if request.method == "GET":
        form.fill(cohort)
    elif form.validate_on_submit():
        saved, status = _save(program, form, cohort)
        if saved is not None:
            flash(f"The {saved.term} cohort is saved.", "success")
            return redirect(url_for("measures.page", program_id=program.id))
        return _form_page(program, form, services.get_cohort(cohort_id), status)
    return _form_page(program, form, cohort, 400 if form.errors else 200)


@bp.post("/cohorts/<int:cohort_id>/delete")
@login_required
def delete(cohort_id: int):
    cohort = services.get_cohort(cohort_id)
    access.require(current_user, "edit", cohort)
    program_id, term = cohort.program_id, cohort.term
    services.delete_cohort(cohort, _user())
    db.session.commit()
    flash(f"The {term} cohort is deleted.", "success")
    return redirect(url_for("measures.page", program_id=program_id))


# --- Import ---------------------------------------------------------------------------------


@bp.get("/measures/import/template.csv")
def template():
    """A CSV to start from: the headers the mapping step knows, and two example cohorts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(importing.FIELDS.values())
    writer.writerows([[guard(cell) for cell in row] for row in importing.TEMPLATE_ROWS])
    return Response(
        out.getvalue(),
        mimetype=CSV_TYPE.split(";")[0],
        headers={"Content-Disposition": 'attachment; filename="cohorts-template.csv"'},
    )


@bp.route("/programs/<int:program_id>/measures/import", methods=["GET", "POST"])
@login_required
def upload(program_id: int):
    program = courses.get_program(program_id)
    access.require(current_user, "record_measures", program)
    form = MeasuresUploadForm()
    status = 200
    if form.validate_on_submit():
        file = form.file.data if isinstance(form.file.data, FileStorage) else None
        try:
            kept = catalog.keep_upload(
                _user(),
                program.organization,
                program.partnership,
                getattr(file, "filename", "") or "",
                file.read() if file else b"",
                what="a measures import",
            )
        except DomainError as exc:
            show_on_form(form, exc)
            status = exc.status
        else:
            return redirect(url_for("measures.mapping", program_id=program.id, token=kept.token))
    return (
        render_template(
            "measures/import_upload.html",
            program=program,
            form=form,
            fields=importing.FIELDS,
            limit=catalog._size(catalog.limit()),
            crumbs=[
                *_crumbs(program),
                ("Measures", url_for("measures.page", program_id=program.id)),
            ],
        ),
        status,
    )


@bp.route("/programs/<int:program_id>/measures/import/<token>", methods=["GET", "POST"])
@login_required
def mapping(program_id: int, token: str):
    program = courses.get_program(program_id)
    access.require(current_user, "record_measures", program)
    upload = catalog.get_upload(token, _user())
    if upload.college_id != program.organization_id:
        raise NotFound()
    form = MeasuresMappingForm()
    try:
        names = columns(upload.data, upload.format)
        importing.refuse_people(names)
    except ImportRejected as exc:
        return _mapping_page(program, upload, form, unreadable=exc.problems)
    form.offer(names)
    if request.method == "GET":
        for name, column in guess_mapping(names, importing.SYNONYMS).items():
            form[name].data = column
    elif not form.validate_on_submit():
        return _mapping_page(program, upload, form)
    try:
        read = importing.parse(upload.data, upload.format, form.mapping())
    except ImportRejected as exc:
        form.form_errors.extend(p.message for p in exc.problems)
        return _mapping_page(program, upload, form)
    report = importing.apply(program, read, _user())
    if request.form.get("action") != "apply" or not report.applicable:
        db.session.rollback()  # a preview writes nothing; nor does a file with a failing row
        if request.form.get("action") == "apply":
            form.form_errors.append(
                "Nothing was imported: mend the rows listed under “Rows that fail”, then apply "
                "again."
                if report.problems
                else "Nothing was imported: the file has no rows to import."
            )
        return _mapping_page(program, upload, form, report)
    db.session.commit()
    catalog.discard_upload(upload)
    flash(f"Cohorts imported: {report.summary}.", "success")
    return redirect(url_for("measures.page", program_id=program.id))


def _mapping_page(program, upload, form, report=None, unreadable=None):
    return render_template(
        "measures/import_mapping.html",
        program=program,
        upload=upload,
        form=form,
        report=report,
        unreadable=unreadable or [],
        counts=COUNT_FIELDS,
        earnings=EARNINGS_FIELDS,
        crumbs=[*_crumbs(program), ("Measures", url_for("measures.page", program_id=program.id))],
    )

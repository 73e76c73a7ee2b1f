"""The catalog import pages: upload a CSV or XLSX of courses (and program rows), map its columns,
preview what would be created and updated with the rows that fail, then apply it all at once;
and the template CSV to start from."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import FileStorage
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.courses import catalog, services
from curriculum.courses.catalog_read import FIELDS, SYNONYMS, parse
from curriculum.courses.forms_import import CatalogMappingForm, CatalogUploadForm
from curriculum.errors import DomainError, show_on_form
from curriculum.extensions import db
from curriculum.interop.package import ImportRejected
from curriculum.interop.spreadsheet_cells import CSV_TYPE, columns, guard, guess_mapping
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership

bp = Blueprint("catalog", __name__)

TEMPLATE_ROWS = [
    ["MFG 110", "Shop safety", "3", "45", "Safe work in a machine shop.", "", "", "", "", ""],
    ["MFG 120", "Blueprint reading", "2", "30", "", "", "", "", "", ""],
    ["MFG 110", "", "", "", "", "Production Technician", "2026-2027", "1", "yes", ""],
    ["MFG 120", "", "", "", "", "Production Technician", "2026-2027", "2", "", "Technical"],
]


def _crumbs() -> list:
    return [("Courses", url_for("courses.course_list"))]


def _upload_form() -> tuple[CatalogUploadForm, list[Organization]]:
    colleges = services.colleges_for(current_user)
    if not colleges:
        abort(403, "Only faculty of a college, and conveners of its partnerships, import courses.")
    form = CatalogUploadForm()
    form.organization_id.choices = [SelectChoice(str(c.id), c.name) for c in colleges]
    ids = [c.id for c in colleges]
    partnerships = db.session.scalars(
        db.select(Partnership)
        .where(Partnership.organizations.any(Organization.id.in_(ids)))
        .order_by(Partnership.name)
    ).all()
    form.partnership_id.choices = [SelectChoice("", "— none: courses only —")] + [
        SelectChoice(str(p.id), p.name) for p in partnerships
    ]
    if request.method == "GET" and (wanted := params.integer("college")) in ids:
        form.organization_id.data = str(wanted)
    return form, colleges


@bp.route("/courses/import", methods=["GET", "POST"])
@login_required
def upload():
    form, colleges = _upload_form()
    status = 200
    if form.validate_on_submit():
        college = next(c for c in colleges if str(c.id) == form.organization_id.data)
        access.require(current_user, "keep_courses", college)
        chosen = form.partnership_id.data
        partnership = db.session.get(Partnership, int(chosen)) if chosen else None
        file = form.file.data if isinstance(form.file.data, FileStorage) else None
        try:
            kept = catalog.keep_upload(
                current_user,
                college,
                partnership,
                getattr(file, "filename", "") or "",
                file.read() if file else b"",
            )
        except DomainError as exc:
            show_on_form(form, exc)
            status = exc.status
        else:
            return redirect(url_for("catalog.mapping", token=kept.token))
    return (
        render_template(
            "courses/catalog_upload.html",
            form=form,
            crumbs=_crumbs(),
            limit=catalog._size(catalog.limit()),
            fields=FIELDS,
        ),
        status,
    )


@bp.get("/courses/import/template.csv")
def template():
    """A CSV to start from: the headers the mapping step knows, and example rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS.values())
    writer.writerows([[guard(cell) for cell in row] for row in TEMPLATE_ROWS])
    return Response(
        out.getvalue(),
        mimetype=CSV_TYPE.split(";")[0],
        headers={"Content-Disposition": 'attachment; filename="catalog-template.csv"'},
    )


@bp.route("/courses/import/<token>", methods=["GET", "POST"])
@login_required
def mapping(token: str):
    upload = catalog.get_upload(token, current_user)
    college = db.get_or_404(Organization, upload.college_id)
    access.require(current_user, "keep_courses", college)
    partnership = (
        db.session.get(Partnership, upload.partnership_id) if upload.partnership_id else None
    )
    form = CatalogMappingForm()
    try:
        names = columns(upload.data, upload.format)
    except ImportRejected as exc:
        return _page(upload, college, partnership, form, unreadable=exc.problems)
    form.offer(names)
    if request.method == "GET":
        for name, column in guess_mapping(names, SYNONYMS).items():
            form[name].data = column
    elif not form.validate_on_submit():
        return _page(upload, college, partnership, form)
    report = _run(upload, college, partnership, form)
    if report is None or request.form.get("action") != "apply":
        db.session.rollback()  # a preview writes nothing
        return _page(upload, college, partnership, form, report)
    if not report.applicable:
        db.session.rollback()
        form.form_errors.append(
            "Nothing was imported: mend the rows listed under “Rows that fail” (or choose "
            "other columns), then apply again."
            if report.problems
            else "Nothing was imported: the file has no rows to import."
        )
        return _page(upload, college, partnership, form, report)
    db.session.commit()
    catalog.discard_upload(upload)
    flash(f"Catalog imported: {report.summary}.", "success")
    return redirect(url_for("courses.course_list", college=college.id))


def _run(upload, college, partnership, form) -> catalog.Report | None:
    """What applying the file through the chosen mapping does (flushed, not committed), or None
    with the mapping's problems on the form."""
    try:
        read = parse(upload.data, upload.format, form.mapping())
    except ImportRejected as exc:
        form.form_errors.extend(p.message for p in exc.problems)
        return None
    return catalog.apply(college, read, current_user._get_current_object(), partnership)


def _page(upload, college, partnership, form, report=None, unreadable=None):
    return render_template(
        "courses/catalog_mapping.html",
        upload=upload,
        college=college,
        partnership=partnership,
        form=form,
        report=report,
        unreadable=unreadable or [],
        format_label=catalog.FORMATS.get(upload.format, upload.format),
        crumbs=_crumbs(),
    )

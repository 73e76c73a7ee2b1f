"""The colleges' list of a framework's high-priority needs that their programs do not cover
(page and CSV), from the latest closed survey or the one asked for (?survey=)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from curriculum import access, downloads, params
from curriculum.alignment.coverage_views import may_align
from curriculum.errors import NotFound
from curriculum.exports.filenames import download_name
from curriculum.extensions import db
from curriculum.interop.spreadsheet_cells import guard
from curriculum.needs import gaps
from curriculum.needs.models import NeedsSurvey
from curriculum.standards.frameworks import get_framework
from curriculum.standards.models import Framework

bp = Blueprint("needs_gaps", __name__)

CSV_HEADER = [
    "College",
    "Program",
    "Catalog year",
    "Code",
    "Title",
    "Kind",
    "Coverage",
    "Priority",
    "Firms agreeing",
    "Firms rating it",
    "Spread",
]


def _survey(framework: Framework) -> NeedsSurvey | None:
    """The survey asked for (?survey=, one of this framework's) or the latest closed one; the
    reader must be a member of the partnership either way, and see the survey's results."""
    asked = params.integer("survey")
    if asked is None:
        access.require(current_user, "view_dashboard", framework.partnership)
        survey = gaps.latest_closed(framework)
    else:
        survey = db.session.get(NeedsSurvey, asked)
        if survey is None or survey.framework_id != framework.id:
            raise NotFound("This framework has no such survey.")
    if survey is not None:
        access.require(current_user, "view_results", survey)
    return survey


def _first_college() -> int | None:
    org = getattr(current_user, "organization_id", None) if access.signed_in(current_user) else None
    return org


@bp.get("/frameworks/<int:framework_id>/needs")
def page(framework_id: int):
    """Per program using the framework, the uncovered high-priority needs, with links to align."""
    framework = get_framework(framework_id)
    survey = _survey(framework)
    listed = gaps.for_framework(framework, survey, current_user, _first_college()) if survey else []
    return render_template(
        "needs/gaps.html",
        framework=framework,
        survey=survey,
        listed=listed,
        first_college=_first_college(),
        may_align=may_align,
    )


def filename(framework: Framework, survey: NeedsSurvey) -> str:
    """production-technician-needs-not-covered-2026-employer-survey.csv"""
    return download_name([framework.title, "needs not covered", survey.title], "csv")


def csv_rows(listed: list[gaps.ProgramNeeds]) -> Iterator[Sequence[object]]:
    """One row per program and uncovered need, after the header (`downloads.csv_response`
    writes them)."""
    yield CSV_HEADER
    for entry in listed:
        program = entry.program
        for need in entry.needs:
            r = need.result
            yield [
                guard(program.organization.name),
                guard(program.name),
                guard(program.catalog_year),
                guard(need.standard.code),
                guard(need.row.title),
                need.standard.kind_label,
                need.status,
                str(r.priority),
                r.agree,
                r.respondents,
                str(r.spread),
            ]


@bp.get("/frameworks/<int:framework_id>/needs.csv")
def download(framework_id: int):
    """The same list as CSV."""
    framework = get_framework(framework_id)
    survey = _survey(framework)
    if survey is None:
        raise NotFound("This framework has no closed survey yet, so there is nothing to list.")
    listed = gaps.for_framework(framework, survey, current_user, _first_college())
    return downloads.csv_response(csv_rows(listed), filename(framework, survey))


def needs_link(framework: Framework) -> str:
    return url_for("needs_gaps.page", framework_id=framework.id)

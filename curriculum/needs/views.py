"""Needs survey pages: a framework's surveys, opening one, and a survey (the employer's answer
form, the convener's view of who answered what, the results for members once access allows),
answering it and closing it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.access_needs import MIN_RESPONDENTS
from curriculum.errors import Conflict, DomainError, show_on_form
from curriculum.extensions import db
from curriculum.ladders.models import LadderStep
from curriculum.needs import queries, results, services
from curriculum.needs.chart import bar_chart
from curriculum.needs.forms import AnswerForm, SurveyForm, answers
from curriculum.needs.models import NeedsSurvey
from curriculum.needs.results import HIGH_PRIORITY
from curriculum.releases.models import ReleaseStatus
from curriculum.releases.queries import releases_of
from curriculum.standards.forms import ButtonForm
from curriculum.standards.frameworks import get_framework

bp = Blueprint("needs", __name__)

PER_PAGE = 50


@bp.get("/frameworks/<int:framework_id>/surveys")
def surveys(framework_id: int):
    """The framework's needs surveys (members of its partnership)."""
    framework = get_framework(framework_id)
    access.require(current_user, "view_members", framework.partnership)
    return render_template(
        "needs/surveys.html",
        framework=framework,
        partnership=framework.partnership,
        surveys=queries.surveys_of(framework),
        may_open=access.can(current_user, "manage_surveys", framework.partnership),
        min_respondents=MIN_RESPONDENTS,
    )


@bp.route("/frameworks/<int:framework_id>/surveys/new", methods=["GET", "POST"])
@login_required
def new_survey(framework_id: int):
    """Open a needs survey of the framework or one of its releases (conveners)."""
    framework = get_framework(framework_id)
    access.require(current_user, "manage_surveys", framework.partnership)
    form = SurveyForm()
    choices = [
        r
        for r in releases_of(framework)
        if r.status != ReleaseStatus.DISCARDED and access.can(current_user, "view", r)
    ]
    form.release.choices = [SelectChoice("", "The framework as it is")] + [
        SelectChoice(str(r.id), f"{r.title} ({r.status.label.lower()})") for r in choices
    ]
    if form.validate_on_submit():
        try:
            survey = services.open_survey(
                framework,
                current_user._get_current_object(),
                title=form.title.data,
                instructions=form.instructions.data,
                release_id=int(form.release.data) if form.release.data else None,
                closes_on=form.closes_on.data,
            )
        except DomainError as exc:
            if exc.field == "release_id":
                exc.field = "release"
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"“{survey.title}” is open: the employers can answer it.", "success")
            return redirect(url_for("needs.survey", survey_id=survey.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "needs/new.html", framework=framework, partnership=framework.partnership, form=form
    ), status


def _prefill(survey: NeedsSurvey) -> tuple[dict[str, str], object]:
    """The answer form's values from the firm's saved response, and the response."""
    org_id = current_user.organization_id if current_user.is_authenticated else None
    mine = queries.response_of(survey, org_id)
    values: dict[str, str] = {}
    if mine is not None:
        for r in mine.ratings:
            values[f"importance-{r.standard_id}"] = str(r.importance)
            values[f"difficulty-{r.standard_id}"] = str(r.difficulty)
        for h in mine.hires:
            values[f"hires-{h.step_id}"] = str(h.hires)
    return values, mine


def _render(survey: NeedsSurvey, *, values=None, errors=None, status: int = 200):
    perms = access.permissions(current_user, survey)
    framework = survey.framework
    rows = queries.rateable(survey, current_user)
    titles = {r.standard.id: r.title for r in rows}
    saved, mine = _prefill(survey)
    context: dict = {
        "survey": survey,
        "framework": framework,
        "partnership": framework.partnership,
        "perms": perms,
        "mine": mine,
        "titles": titles,
        "min_respondents": MIN_RESPONDENTS,
        "high_priority": HIGH_PRIORITY,
        "button_form": ButtonForm(),
    }
    if perms["respond"]:
        groups: list[tuple] = []
        for row in queries.offered(rows):
            if row.depth == 0 or not groups:
                groups.append((row, []))
            else:
                groups[-1][1].append(row)
        context.update(
            form=AnswerForm(),
            groups=groups,
            steps=queries.steps_for(current_user, framework.partnership_id),
            values=values if values is not None else saved,
            errors=errors or {},
        )
    seen = results.visible(current_user, survey)
    if seen is not None:
        found, withheld = seen
        page = params.integer("page") or 1
        context.update(
            results=_page(found, page),
            withheld=withheld,
            chart=bar_chart(found, titles, f"Top priorities of “{survey.title}”"),
        )
    if perms["view_answers"]:
        answered = queries.answers_of(survey)
        step_ids = {h.step_id for a in answered for h in a.hires}
        steps = db.session.scalars(db.select(LadderStep).where(LadderStep.id.in_(step_ids)))
        context.update(answered=answered, step_titles={s.id: s.title for s in steps})
    return render_template("needs/survey.html", **context), status


def _page(found: list, page: int):
    from curriculum.alignment.progression_views import ListPage

    return ListPage.of(found, page, PER_PAGE)


@bp.get("/surveys/<int:survey_id>")
def survey(survey_id: int):
    """The survey: the answer form, the answers and the results, as the reader may see them."""
    found = queries.get_survey(survey_id)
    access.require(current_user, "view", found)
    return _render(found)


@bp.post("/surveys/<int:survey_id>/answers")
@login_required
def answer(survey_id: int):
    """Save the firm's answers (replacing what it gave before): a refusal shows the form again
    with what was typed and the message beside its row."""
    found = queries.get_survey(survey_id)
    access.require(current_user, "view", found)
    if not AnswerForm().validate_on_submit():
        abort(400, "Your session expired before you sent the form. Please send it again.")
    ratings, hires = answers(request.form)
    try:
        services.respond(found, current_user._get_current_object(), ratings, hires)
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("needs.survey", survey_id=survey_id))
    except services.SurveyError as exc:
        db.session.rollback()
        key = exc.item if exc.item is not None else "form"
        typed = {k: v for k, v in request.form.items() if k != "csrf_token"}
        return _render(
            queries.get_survey(survey_id), values=typed, errors={key: exc.message}, status=400
        )
    db.session.commit()
    flash("Your firm's answers are saved; you can change them until the survey closes.", "success")
    return redirect(url_for("needs.survey", survey_id=survey_id))


@bp.post("/surveys/<int:survey_id>/close")
@login_required
def close(survey_id: int):
    """Close the survey (conveners): it takes no more answers."""
    found = queries.get_survey(survey_id)
    access.require(current_user, "view", found)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        services.close_survey(found, current_user._get_current_object())
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(f"“{found.title}” is closed; its results stand.", "success")
    return redirect(url_for("needs.survey", survey_id=survey_id))

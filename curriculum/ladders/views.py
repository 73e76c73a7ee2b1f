"""Career ladder pages: a partnership's ladders, a ladder's page (diagram, steps by level with
their job quality, requirements and the programs that lead there, the moves), and new / edit /
delete a ladder. Steps, moves and requirements register their routes on this blueprint from
views_steps.py, views_moves.py and views_requirements.py."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from curriculum import access, params
from curriculum.errors import DomainError, show_on_form
from curriculum.extensions import db
from curriculum.ladders import diagram, ladder_page, services
from curriculum.ladders.forms import DeleteForm, LadderForm
from curriculum.ladders.models import Ladder
from curriculum.partnerships import services as partnerships

bp = Blueprint("ladders", __name__)


def viewable(ladder_id: int) -> Ladder:
    """The ladder with all its page shows, if the reader may see it (404 otherwise)."""
    ladder = ladder_page.load_ladder(ladder_id)
    access.require(current_user, "view", ladder)
    return ladder


def editable(ladder_id: int) -> Ladder:
    """The ladder, if the signed-in person may edit it (404, 401 or 403 otherwise)."""
    ladder = services.get(Ladder, ladder_id)
    access.require(current_user, "edit", ladder)
    return ladder


@bp.get("/partnerships/<int:partnership_id>/ladders")
def index(partnership_id: int):
    partnership = partnerships.get_partnership(partnership_id)
    q = params.search_text()
    page = db.paginate(
        ladder_page.ladders_of(current_user, partnership.id, q),
        page=params.page(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    counts = ladder_page.step_counts([ladder.id for ladder in page.items])
    return render_template(
        "ladders/index.html",
        partnership=partnership,
        perms=access.permissions(current_user, partnership),
        page=page,
        q=q,
        step_counts=counts,
    )


@bp.route("/partnerships/<int:partnership_id>/ladders/new", methods=["GET", "POST"])
@login_required
def create(partnership_id: int):
    partnership = partnerships.get_partnership(partnership_id)
    access.require(current_user, "edit_ladders", partnership)
    form = LadderForm()
    if form.validate_on_submit():
        try:
            ladder = services.create_ladder(
                partnership,
                title=form.title.data,
                description=form.description.data,
                status=form.status.data,
                by=current_user,
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"Ladder “{ladder.title}” created. Add its steps next.", "success")
            return redirect(url_for("ladders.ladder", ladder_id=ladder.id))
    return render_template("ladders/ladder_form.html", form=form, partnership=partnership)


@bp.get("/ladders/<int:ladder_id>")
def ladder(ladder_id: int):
    found = viewable(ladder_id)
    return render_template(
        "ladders/ladder.html",
        ladder=found,
        page=ladder_page.ladder_page(found),
        can_edit=access.can(current_user, "edit", found),
        diagram=diagram.ladder_svg(found) if found.steps else None,
    )


@bp.route("/ladders/<int:ladder_id>/edit", methods=["GET", "POST"])
@login_required
def edit(ladder_id: int):
    found = editable(ladder_id)
    form = LadderForm(obj=found)
    if not form.is_submitted():
        form.status.data = found.status.value
    if form.validate_on_submit():
        try:
            services.update_ladder(
                found,
                {
                    "title": form.title.data,
                    "description": form.description.data,
                    "status": form.status.data,
                },
                by=current_user,
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash("Ladder saved.", "success")
            return redirect(url_for("ladders.ladder", ladder_id=found.id))
    return render_template(
        "ladders/ladder_form.html", form=form, partnership=found.partnership, ladder=found
    )


@bp.route("/ladders/<int:ladder_id>/delete", methods=["GET", "POST"])
@login_required
def delete(ladder_id: int):
    found = editable(ladder_id)
    form = DeleteForm()
    if form.validate_on_submit():
        partnership_id, title = found.partnership_id, found.title
        services.delete_ladder(found, by=current_user)
        db.session.commit()
        flash(f"Ladder “{title}” deleted, with its steps and moves.", "success")
        return redirect(url_for("ladders.index", partnership_id=partnership_id))
    counts = {"steps": len(found.steps), "moves": len(found.moves)}
    return render_template(
        "ladders/delete.html",
        form=form,
        ladder=found,
        what=f"the ladder “{found.title}”",
        consequence=f"Its {counts['steps']} step{'s' if counts['steps'] != 1 else ''} and "
        f"{counts['moves']} move{'s' if counts['moves'] != 1 else ''} are deleted with it.",
        cancel=url_for("ladders.ladder", ladder_id=found.id),
    )


# The steps', moves' and requirements' routes register on this blueprint.
from curriculum.ladders import views_moves, views_requirements, views_steps  # noqa: E402, F401

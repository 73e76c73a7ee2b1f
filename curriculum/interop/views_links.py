"""Typed links between standards: the page that adds one (with its search of the partnership's
standards, reference items first) and the buttons that add and remove them. The links
themselves are shown on the standard's page (templates/interop/_links.html)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from curriculum import access, params
from curriculum.errors import DomainError, NotFound, show_on_form
from curriculum.extensions import db
from curriculum.interop import links
from curriculum.interop.forms import LinkForm
from curriculum.interop.models import Association
from curriculum.standards import services
from curriculum.standards.forms import ButtonForm
from curriculum.standards.models import Standard
from curriculum.standards.tree import ancestors

bp = Blueprint("links", __name__)


def _linkable(standard_id: int) -> Standard:
    standard = services.get_standard(standard_id)
    access.require(current_user, "view", standard)
    access.require(current_user, "link", standard)
    return standard


def _page(standard: Standard, form: LinkForm, q: str, status: int = 200):
    return render_template(
        "interop/link_form.html",
        standard=standard,
        partnership=standard.framework.partnership,
        ancestors=ancestors(standard),
        form=form,
        q=q,
        targets=links.link_targets(standard, q),
        limit=links.MAX_TARGETS,
    ), status


@bp.get("/standards/<int:standard_id>/links/new")
@login_required
def new_link(standard_id: int):
    standard = _linkable(standard_id)
    form = LinkForm(target_id=params.integer("target_id"))
    return _page(standard, form, params.search_text())


@bp.post("/standards/<int:standard_id>/links")
@login_required
def add_link(standard_id: int):
    standard = _linkable(standard_id)
    form = LinkForm()
    q = params.search_text()
    if form.validate_on_submit():
        target = db.session.get(Standard, form.target_id.data)
        try:
            if target is None or not access.can(current_user, "view", target):
                raise DomainError("There is no such standard.", field="target_id")
            link = links.add_link(
                standard, target, form.association_type.data, current_user._get_current_object()
            )
        except DomainError as exc:
            show_on_form(form, exc)
        else:
            db.session.commit()
            flash(f"{standard.code} {link_words(link)} {target.code}.", "success")
            return redirect(url_for("standards.standard", standard_id=standard.id) + "#links")
    return _page(standard, form, q, 400)


def link_words(link: Association) -> str:
    return links.words(link.association_type, True).lower()


@bp.post("/links/<int:link_id>/delete")
@login_required
def remove_link(link_id: int):
    link = db.session.get(Association, link_id)
    if link is None:
        raise NotFound()
    access.require(current_user, "remove", link)
    if not ButtonForm().validate_on_submit():
        abort(400)
    standard_id = link.origin_id
    links.remove_link(link)
    db.session.commit()
    flash("Link removed.", "success")
    return redirect(url_for("standards.standard", standard_id=standard_id) + "#links")

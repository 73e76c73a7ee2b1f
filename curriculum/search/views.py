"""The search page (/search, the navigation's search box) and `flask search reindex`."""

from __future__ import annotations

import click
from flask import Blueprint, render_template
from flask_login import current_user

from curriculum import params
from curriculum.extensions import db
from curriculum.partnerships.models import Partnership
from curriculum.search import indexing, services
from curriculum.search.models import SearchKind
from curriculum.standards.models import Framework

bp = Blueprint("search", __name__)


def read_filters() -> services.Filters:
    """The filters of the query string (a 400 for ids that are not ids, kinds or statuses that
    do not exist)."""
    from flask import request

    filters = services.Filters(
        kind=(request.args.get("kind") or "").strip() or None,
        partnership=params.integer("partnership"),
        framework=params.integer("framework"),
        status=(request.args.get("status") or "").strip() or None,
    )
    filters.check()
    return filters


@bp.get("/search")
def search():
    text = params.search_text()
    filters = read_filters()
    page = params.page()
    results = services.search(current_user, text, filters, page)
    partnerships = db.session.scalars(db.select(Partnership).order_by(Partnership.name)).all()
    frameworks = db.session.scalars(
        db.select(Framework).order_by(Framework.title, Framework.id)
    ).all()
    return render_template(
        "search/search.html",
        q=text,
        results=results,
        filters=filters,
        kinds=list(SearchKind),
        statuses=services.STATUSES,
        partnerships=partnerships,
        frameworks=frameworks,
    )


@bp.cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the search index from the data (run after upgrading, before serving)."""
    with db.engine.begin() as connection:
        count = indexing.reindex_all(connection)
    click.echo(f"Search index rebuilt: {count} entries.")

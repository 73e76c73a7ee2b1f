"""API endpoints: partnerships, their frameworks, and a framework with its whole tree."""

from flask import url_for
from flask_login import current_user

from curriculum import access, params
from curriculum.api import caching, inputs
from curriculum.api.schemas.general import Partnership, PartnershipList
from curriculum.api.schemas.standards import Framework, FrameworkInput, FrameworkList, FrameworkTree
from curriculum.api.views import bp
from curriculum.extensions import db
from curriculum.partnerships.services import get_partnership, search
from curriculum.standards import tree


@bp.get("/partnerships")
def partnerships():
    """Every partnership, as on the site's list; `q` keeps those with the words in it."""
    found = db.session.scalars(search(params.search_text()))
    return PartnershipList(partnerships=[Partnership.from_object(p) for p in found]).send()


@bp.get("/partnerships/<int:partnership_id>/frameworks")
def frameworks(partnership_id: int):
    """The partnership's frameworks, by title."""
    partnership = get_partnership(partnership_id)
    found = [Framework.of(f) for f in tree.frameworks_of(partnership)]
    return FrameworkList(frameworks=found).send()


@bp.post("/partnerships/<int:partnership_id>/frameworks")
def create_framework(partnership_id: int):
    """A new, empty framework (conveners)."""
    partnership = get_partnership(partnership_id)
    access.require(current_user, "manage_frameworks", partnership)
    data = inputs.parse(FrameworkInput)
    framework = tree.create_framework(
        partnership,
        {
            "title": data.title,
            "description": data.description or "",
            "occupation_codes": data.occupation_codes or [],
            "coding_prefix": data.coding_prefix or "",
        },
    )
    db.session.commit()
    location = url_for(".framework", framework_id=framework.id)
    return Framework.of(framework).send(), 201, {"Location": location}


@bp.get("/frameworks/<int:framework_id>")
def framework(framework_id: int):
    """The framework and its standards in tree order; published content only for readers who
    may not see drafts. With an ETag and a Last-Modified: If-None-Match (or If-Modified-Since)
    gets 304 while nothing in it changed."""
    framework = tree.get_framework(framework_id)
    drafts = access.can(current_user, "view_drafts", framework.partnership)
    changed = caching.framework_changed(framework.id)
    tag = caching.etag("tree", caching.framework_rows(framework.id), drafts=drafts)
    unchanged = caching.not_modified(tag, changed)
    if unchanged is not None:
        return unchanged
    nodes = tree.load_tree(framework, drafts=drafts)
    return caching.tagged(FrameworkTree.of_tree(framework, nodes, drafts).send(), tag, changed)

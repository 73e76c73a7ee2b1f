"""API endpoints: partnerships, their frameworks, and a framework with its whole tree."""

from flask import jsonify, url_for
from flask_login import current_user

from curriculum import access, params
from curriculum.api import inputs, serializers
from curriculum.api.views import bp
from curriculum.extensions import db
from curriculum.partnerships.services import get_partnership, search
from curriculum.standards import tree


@bp.get("/partnerships")
def partnerships():
    """Every partnership, as on the site's list; `q` keeps those with the words in it."""
    found = db.session.scalars(search(params.search_text()))
    return jsonify(partnerships=[serializers.partnership(p) for p in found])


@bp.get("/partnerships/<int:partnership_id>/frameworks")
def frameworks(partnership_id: int):
    """The partnership's frameworks, by title."""
    partnership = get_partnership(partnership_id)
    return jsonify(frameworks=[serializers.framework(f) for f in tree.frameworks_of(partnership)])


@bp.post("/partnerships/<int:partnership_id>/frameworks")
def create_framework(partnership_id: int):
    """A new, empty framework (conveners)."""
    partnership = get_partnership(partnership_id)
    access.require(current_user, "manage_frameworks", partnership)
    data = inputs.body()
    framework = tree.create_framework(
        partnership,
        {
            "title": inputs.string(data, "title"),
            "description": inputs.string(data, "description") or "",
            "occupation_codes": inputs.strings(data, "occupation_codes"),
            "coding_prefix": inputs.string(data, "coding_prefix") or "",
        },
    )
    db.session.commit()
    location = url_for(".framework", framework_id=framework.id)
    return jsonify(serializers.framework(framework)), 201, {"Location": location}


@bp.get("/frameworks/<int:framework_id>")
def framework(framework_id: int):
    """The framework and its standards in tree order; published content only for readers who
    may not see drafts."""
    framework = tree.get_framework(framework_id)
    drafts = access.can(current_user, "view_drafts", framework.partnership)
    nodes = tree.load_tree(framework, drafts=drafts)
    return jsonify(serializers.framework_tree(framework, nodes, drafts))

"""Reading standards: a standard, its history, one version, two compared (the blueprint of the
framework and standard pages; views_frameworks.py and views_editing.py add the rest)."""

from flask import (
    Blueprint,
    render_template,
)
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from curriculum import access, params
from curriculum.alignment.services import alignments_of_standard
from curriculum.interop.links import links_of
from curriculum.interop.source import source_details
from curriculum.ladders.reach import steps_requiring
from curriculum.releases.services import release_of
from curriculum.standards import services, tree
from curriculum.standards.diff import change_summary, word_diff
from curriculum.standards.forms import (
    ButtonForm,
    CodeForm,
    CommentForm,
    EndorseForm,
    MoveForm,
)
from curriculum.standards.models import (
    KIND_LABELS,
    Standard,
    StandardKind,
    child_kinds,
    may_hold,
)
from curriculum.standards.tree import ancestors

bp = Blueprint("standards", __name__)


# --- Frameworks ----------------------------------------------------------------------------


def load_standard(standard_id: int):
    """The standard, its partnership and the reader's permissions; 404 when nothing is visible."""
    standard = services.get_standard(standard_id)
    partnership = standard.framework.partnership
    access.require(current_user, "view", standard)
    perms = access.framework_permissions(current_user, standard.framework)
    return standard, partnership, perms


@bp.get("/standards/<int:standard_id>")
def standard(standard_id: int):
    standard, partnership, perms = load_standard(standard_id)
    shown = access.shown_version(current_user, standard)
    assert shown is not None  # load_standard refused a reader who may see none
    version = services.get_version(standard, shown.number)
    earlier = services.last_endorsed(standard, version)
    children = tree.children(standard, drafts=perms["view_drafts"])
    context: dict = {}
    if perms["view_drafts"]:
        comments, resolved = services.comments_of(standard)
        comment_form = CommentForm()
        comment_form.version_id.choices = version_choices(standard)
        context.update(comments=comments, resolved_count=resolved, comment_form=comment_form)
    return render_template(
        "standards/standard.html",
        standard=standard,
        partnership=partnership,
        perms=perms,
        version=version,
        ancestors=ancestors(standard),
        children=children,
        quorum=services.quorum(version, partnership),
        published_in=release_of(standard.published_version),
        earlier=earlier if earlier and access.can(current_user, "view", earlier) else None,
        my_endorsement=next(
            (
                e
                for e in version.endorsements
                if current_user.is_authenticated
                and e.organization_id == current_user.organization_id
            ),
            None,
        ),
        endorse_form=EndorseForm(),
        button=ButtonForm(),
        move_form=move_form(standard) if perms["edit_standards"] else None,
        code_form=CodeForm(code=standard.code),
        child_kinds=_child_kinds(standard, perms),
        kind_labels=KIND_LABELS,
        aligned=_aligned(standard),
        links=links_of(standard, current_user),
        ladder_steps=steps_requiring(standard, current_user),
        source_details=source_details(version),
        **context,
    )


def _aligned(standard: Standard) -> list:
    """The courses (course-level) and outcomes aligned to the standard that the reader may see,
    by course, then outcome (course-level first); one query whatever their number."""
    found = [
        a for a in alignments_of_standard(standard) if access.can(current_user, "view", a.course)
    ]
    return sorted(
        found,
        key=lambda a: (a.course.code, a.course_id, a.outcome.position if a.outcome else 0),
    )


def _child_kinds(standard: Standard, perms: dict) -> list[StandardKind]:
    """The kinds the page offers to add under the standard (for readers who may not add: the
    kinds it may hold, so an empty list says "nothing yet"; an imported item, often a leaf of
    its source, says nothing)."""
    if perms["edit_standards"]:
        return tree.kinds_offered(standard.framework, standard)
    return [] if standard.kind == StandardKind.ITEM else child_kinds(standard.kind)


def version_choices(standard: Standard):
    return [SelectChoice(0, "the standard in general")] + [
        SelectChoice(vid, f"version {number}") for vid, number in services.version_numbers(standard)
    ]


def move_form(standard: Standard) -> MoveForm | None:
    if not any(may_hold(k, standard.kind) for k in StandardKind):
        return None
    form = MoveForm(parent_id=standard.parent_id)
    form.parent_id.choices = [
        SelectChoice(p.id, f"{p.code} {p.title or ''}")
        for p in tree.parent_choices(standard.framework, standard.kind)
    ]
    return form


@bp.get("/standards/<int:standard_id>/history")
def history(standard_id: int):
    standard, partnership, perms = load_standard(standard_id)
    versions = services.versions_of(standard, public_only=not perms["view_drafts"])
    older = [*versions[1:], None]  # each shown version against the one shown before it
    changes = {
        v.id: change_summary(o.content(), v.content())
        if o
        else ("First version" if v.number == 1 else "Earliest version shown")
        for v, o in zip(versions, older, strict=True)
    }
    return render_template(
        "standards/history.html",
        changes=changes,
        standard=standard,
        partnership=partnership,
        perms=perms,
        versions=versions,
        ancestors=ancestors(standard),
        button=ButtonForm(),
    )


def _visible_version(standard, number: int):
    version = services.get_version(standard, number)
    access.require(current_user, "view", version)
    return version


@bp.get("/standards/<int:standard_id>/versions/<int:number>")
def version(standard_id: int, number: int):
    standard, partnership, perms = load_standard(standard_id)
    version = _visible_version(standard, number)
    return render_template(
        "standards/version.html",
        standard=standard,
        partnership=partnership,
        perms=perms,
        version=version,
        ancestors=ancestors(standard),
        quorum=services.quorum(version, partnership),
    )


@bp.get("/standards/<int:standard_id>/compare")
def compare(standard_id: int):
    standard, partnership, perms = load_standard(standard_id)
    a_number = params.integer("a") or 0
    b_number = params.integer("b") or 0
    a = _visible_version(standard, a_number)
    b = _visible_version(standard, b_number)
    return render_template(
        "standards/compare.html",
        standard=standard,
        partnership=partnership,
        perms=perms,
        a=a,
        b=b,
        title_diff=word_diff(a.title, b.title),
        statement_diff=word_diff(a.statement, b.statement),
        level_changed=a.level != b.level,
        changed=a.content() != b.content(),
        versions=services.versions_of(standard, public_only=not perms["view_drafts"]),
        ancestors=ancestors(standard),
    )


# The other pages of the blueprint live beside it.
from curriculum.standards import views_editing, views_frameworks  # noqa: E402, F401

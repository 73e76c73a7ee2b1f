"""Who may change a framework and link its standards: a reference framework (someone else's,
brought in by import) is read-only for everyone here, and the rules of typed links between
standards (registered in the one rule table of curriculum/access.py, which imports this module;
ask `access`, never this module, from views, services and templates)."""

from __future__ import annotations

from curriculum.access import _insider, can, permissions, rule
from curriculum.interop.models import Association
from curriculum.standards.models import Framework, Standard

# --- Frameworks: reference frameworks are read-only ---------------------------------------------
# A reference framework is someone else's, brought in by import: nobody here (not conveners, not
# site administrators) edits its details or its standards, saves, reverts, reviews, endorses or
# publishes its versions; it changes only by re-import. The partnership's rule decides the rest.
# Commenting stays open: comments are the partnership's own discussion of how it uses an item
# (which courses teach it, which of its standards match it), change nothing in the framework and
# are never exported. Viewing, aligning courses, printing and exporting ask other rules.
FRAMEWORK_ACTIONS = ("manage_frameworks", "edit_standards", "publish", "endorse", "comment")
READ_ONLY_ACTIONS = frozenset({"manage_frameworks", "edit_standards", "publish", "endorse"})


def reference_message(framework: Framework) -> str:
    return (
        f"{framework.title} is a reference framework: it is read-only here and changes only "
        "by importing it again."
    )


def _framework_rule(action: str) -> None:
    def allows(user, framework: Framework) -> bool:
        if framework.is_reference and action in READ_ONLY_ACTIONS:
            return False
        return can(user, action, framework.partnership)

    def known(user, framework: Framework) -> bool:
        return _insider(user, framework.partnership)

    def message(framework: Framework) -> str:
        return reference_message(framework) if framework.is_reference else ""

    rule(Framework, action, known=known, message=message)(allows)


for _action in FRAMEWORK_ACTIONS:
    _framework_rule(_action)


def framework_permissions(user, framework: Framework) -> dict[str, bool]:
    """The partnership's `perms` with the framework's own answers over them (for the pages of a
    framework and its standards: a reference framework offers no authoring actions)."""
    return {
        **permissions(user, framework.partnership),
        **permissions(user, framework),
    }


# --- Typed links between standards (curriculum.interop.links) ----------------------------------


@rule(
    Standard,
    "link",
    known=lambda user, s: _insider(user, s.framework.partnership),
    message=lambda s: reference_message(s.framework) if s.framework.is_reference else "",
)
def _link_standard(user, standard: Standard) -> bool:
    """Whoever may edit a partnership standard links it to items of the partnership's
    frameworks (a reference framework's standards take links only from its package)."""
    return can(user, "edit_standards", standard.framework)


def _remove_link_message(association: Association) -> str:
    if association.framework.is_reference:
        return reference_message(association.framework)
    return ""


@rule(
    Association,
    "remove",
    known=lambda user, a: _insider(user, a.framework.partnership),
    message=_remove_link_message,
)
def _remove_link(user, association: Association) -> bool:
    """Links between standards of a partnership framework, made here or carried by a draft
    import, go with the right to edit their origin; never the tree's isChildOf."""
    return (
        association.association_type != "isChildOf"
        and association.origin is not None
        and not association.framework.is_reference
        and can(user, "edit_standards", association.origin.framework)
    )

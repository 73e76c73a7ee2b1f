"""What audit action codes mean in words, and the filters of a partnership's log.

Dependency-free, so each feature's package can describe its own actions on import.
"""

# What each action code means, in words, and the filters of the partnership log. Each feature
# contributes its own in its package's __init__.py with `describe_actions(...)`; a code without a
# label is still shown readably (see action_label).
ACTION_LABELS: dict[str, str] = {}
ACTION_FILTERS: dict[str, str] = {"": "All events"}


def describe_actions(labels: dict[str, str], filters: dict[str, str] | None = None) -> None:
    """A feature's action labels ("standard.published": "Standard published") and log filters
    (an action prefix such as "standard." and its name)."""
    ACTION_LABELS.update(labels)
    ACTION_FILTERS.update(filters or {})


def action_label(action: str) -> str:
    """The words for an action code: its label, or the code made readable
    ("standard.peer_reviewed" -> "Standard peer reviewed")."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    words = " ".join(part.replace("_", " ") for part in action.split(".") if part).strip()
    return words[:1].upper() + words[1:] if words else action

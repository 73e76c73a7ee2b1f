"""Skill standards: frameworks, the standards tree, versions, endorsements, comments."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "framework.created": "Framework created",
        "framework.updated": "Framework edited",
        "framework.renumbered": "Framework renumbered",
        "standard.created": "Standard created",
        "standard.version_saved": "Standard edited",
        "standard.code_changed": "Standard code changed",
        "standard.moved": "Standard moved",
        "standard.reordered": "Standards reordered",
        "standard.in_review": "Standard sent to review",
        "standard.published": "Standard published",
        "standard.retired": "Standard retired",
        "standard.version_retired": "Standard version retired",
        "standard.restored": "Standard restored",
        "standard.reverted": "Standard reverted",
        "standard.endorsed": "Standard endorsed",
        "standard.endorsement_withdrawn": "Endorsement withdrawn",
        "standard.commented": "Comment added",
        "standard.comment_resolved": "Comment resolved",
        "standard.comment_reopened": "Comment reopened",
    },
    filters={
        "framework.": "Frameworks",
        "standard.": "Standards",
    },
)

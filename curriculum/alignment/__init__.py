"""Alignment of courses to exact standard versions; coverage and gaps of programs."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "alignment.created": "Course aligned",
        "alignment.updated": "Alignment changed",
        "alignment.confirmed": "Alignment re-confirmed",
        "alignment.removed": "Alignment removed",
    },
    filters={
        "alignment.": "Alignments",
    },
)

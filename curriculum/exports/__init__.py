"""Exports of curricula and standards (PDF and Word): jobs, documents, files."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "export.requested": "Export requested",
    },
    filters={
        "export.": "Exports",
    },
)

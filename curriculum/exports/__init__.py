"""PDF exports of curricula and standards: jobs, documents, files."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "export.requested": "Export requested",
    },
    filters={
        "export.": "Exports",
    },
)

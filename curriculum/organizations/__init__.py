"""Organizations: the firms, colleges, labor groups and boards that people belong to."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "organization.created": "Organization created",
        "organization.updated": "Organization edited",
    },
    filters={
        "organization.": "Organizations",
    },
)

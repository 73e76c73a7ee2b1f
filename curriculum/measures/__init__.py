"""Performance measures per program and cohort: counts only, small counts suppressed."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "cohort.recorded": "Cohort figures recorded",
        "cohort.updated": "Cohort figures changed",
        "cohort.deleted": "Cohort figures deleted",
    },
    filters={"cohort.": "Performance measures"},
)

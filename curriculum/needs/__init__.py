"""Training-needs surveys across firms: each employer rates the standards' importance and how
hard they are to hire for; only aggregates are shown to other firms."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "needs.survey_opened": "Needs survey opened",
        "needs.survey_answered": "Needs survey answered",
        "needs.survey_closed": "Needs survey closed",
    },
    filters={"needs.": "Needs surveys"},
)

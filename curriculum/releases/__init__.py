"""Releases: numbered editions of a partnership framework, endorsed and published as a whole."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "release.prepared": "Release prepared",
        "release.refreshed": "Release refreshed",
        "release.endorsed": "Release endorsed",
        "release.endorsement_withdrawn": "Release endorsement withdrawn",
        "release.published": "Release published",
        "release.discarded": "Release discarded",
    },
    filters={"release.": "Releases"},
)

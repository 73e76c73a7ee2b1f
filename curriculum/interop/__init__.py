"""Standards in and out: CASE 1.0/1.1 packages and REST API, spreadsheets, CTDL-ASN and RSD."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "framework.imported": "Framework imported",
        "association.created": "Link added",
        "association.deleted": "Link removed",
    },
    filters={
        "framework.imported": "Imports",
    },
)

# The readers register themselves with `package.READERS` when imported, and the writers
# (CTDL-ASN, RSD) with `writers.WRITERS`.
from curriculum.interop import case_read, ctdl, rsd, rsd_read  # noqa: E402, F401

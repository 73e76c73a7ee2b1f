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

# Every reader registers itself with `package.READERS` when imported, every writer with
# `writers.WRITERS`: importing the package registers them all, for pages, API, CLI and jobs.
from curriculum.interop import (  # noqa: E402, F401
    case_read,
    case_write,
    ctdl,
    rsd,
    rsd_read,
    spreadsheet_read,
    spreadsheet_write,
)

"""What pages show of where imported content came from: the source document's fields (a CASE
CFDocument's creator, publisher …) for "About the source", and an imported node's kept fields
(notes, educationLevel …) for "Source details", each with a readable label, only those present.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from curriculum.standards.models import Framework, StandardVersion
from curriculum.templating import format_datetime

# The source document's fields a framework page shows, in this order.
DOCUMENT_LABELS = {
    "creator": "Creator",
    "publisher": "Publisher",
    "officialSourceURL": "Official source",
    "version": "Version",
    "adoptionStatus": "Adoption status",
    "frameworkType": "Framework type",
    "subject": "Subject",
    "language": "Language",
    "educationLevel": "Education level",
    "licenseURI": "License",
    "statusStartDate": "In force from",
    "statusEndDate": "In force until",
    "lastChangeDateTime": "Last changed at the source",
    "notes": "Notes",
}
# An imported node's kept fields a standard page shows, in this order.
ITEM_LABELS = {
    "notes": "Notes",
    "educationLevel": "Education level",
    "conceptKeywords": "Concept keywords",
    "language": "Language",
    "listEnumeration": "List enumeration",
    "alternativeLabel": "Alternative label",
    "abbreviatedStatement": "Abbreviated statement",
    "licenseURI": "License",
    "statusStartDate": "In force from",
    "statusEndDate": "In force until",
    "lastChangeDateTime": "Last changed at the source",
}


@dataclass(frozen=True)
class Detail:
    label: str
    text: str
    url: str = ""  # set when the value is a web address, to link


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value if _text(v))
    if isinstance(value, dict):  # a CASE link object {title, identifier, uri}
        return str(value.get("title") or value.get("uri") or value.get("identifier") or "")
    return str(value).strip()


def _url(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("uri")
    text = value if isinstance(value, str) else ""
    return text if text.startswith(("https://", "http://")) else ""


def _when(key: str, text: str) -> str:
    """A source timestamp (lastChangeDateTime …) as the app's other times read; other text and
    plain dates as they came."""
    if not key.endswith("DateTime"):
        return text
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    return format_datetime(
        (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    )


def details(fields: dict | None, labels: dict[str, str]) -> list[Detail]:
    """The labelled fields present (and not empty) in `fields`, in the labels' order."""
    fields = fields if isinstance(fields, dict) else {}
    out = []
    for key, label in labels.items():
        text = _when(key, _text(fields.get(key)))
        if text:
            out.append(Detail(label, text, _url(fields.get(key))))
    return out


def about_source(framework: Framework) -> list[Detail]:
    """An imported framework's "About the source" (empty for frameworks authored here)."""
    return details(framework.source_fields, DOCUMENT_LABELS)


def source_details(version: StandardVersion) -> list[Detail]:
    """An imported node's "Source details", from the version shown."""
    return details(version.source_fields, ITEM_LABELS)

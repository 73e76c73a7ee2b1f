"""What the JSON-LD writers (CTDL-ASN, RSD) share: the IRIs of frameworks and standards, CTIDs,
the language of a framework, dates, and the keywords an imported node brought.

A node's IRI is this server's address for it, built from its exchange identity
(`Standard.identifier`, `Framework.identifier`), so it stays the same across versions,
exports and re-imports: `<site>/ims/case/v1p1/CFItems/<identifier>` (the CASE REST API's
address of the same item) and `…/CFDocuments/<identifier>` for a framework. The site's root is
the request's when there is one, else SERVER_NAME (with PREFERRED_URL_SCHEME), so a CLI or
background export names nodes as the web does when SERVER_NAME is set.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from flask import current_app, has_request_context, request

from curriculum.extensions import db
from curriculum.standards.models import Framework, Standard, StandardVersion

if TYPE_CHECKING:
    from curriculum.interop.writers import Snapshot

DEFAULT_LANGUAGE = "en-US"
ITEM_PATH = "ims/case/v1p1/CFItems/"
DOCUMENT_PATH = "ims/case/v1p1/CFDocuments/"
# uuid5 namespace for CTIDs and identities made from identifiers that are not UUIDs.
NAMESPACE = uuid.UUID("6b8f7f0e-5a3c-5d47-9a3e-2f4d3c1b0a91")

_UUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def site_root() -> str:
    """This server's root URL, ending in "/"."""
    if has_request_context():
        return request.url_root
    config = current_app.config
    scheme = config.get("PREFERRED_URL_SCHEME") or "http"
    host = config.get("SERVER_NAME") or "localhost"
    root = config.get("APPLICATION_ROOT") or "/"
    return f"{scheme}://{host}{root.rstrip('/')}/"


def item_iri(identifier: str) -> str:
    """The IRI of a standard (or any node) whose exchange identity is `identifier`."""
    return site_root() + ITEM_PATH + quote(identifier, safe="")


def framework_iri(framework: Framework) -> str:
    return site_root() + DOCUMENT_PATH + quote(framework.identifier, safe="")


def as_uuid(identifier: str) -> str:
    """`identifier` when it is a UUID, else a UUID made from it (the same one every time)."""
    if _UUID.match(identifier):
        return identifier.lower()
    return str(uuid.uuid5(NAMESPACE, identifier))


def ctid(identifier: str) -> str:
    """The Credential Transparency Identifier of a node: "ce-" and a UUID."""
    return "ce-" + as_uuid(identifier)


def is_iri(value: str) -> bool:
    return value.startswith(("http://", "https://", "urn:"))


def external_iri(identifier: str, uri: str = "") -> str | None:
    """The IRI of a node known only by its source identifier and URI (the other end of a link
    that is not a standard here): its URI, its identifier when that is an IRI, a urn:uuid for a
    bare UUID; None when it has no usable IRI."""
    if uri and is_iri(uri):
        return uri
    if is_iri(identifier):
        return identifier
    if _UUID.match(identifier):
        return "urn:uuid:" + identifier.lower()
    return None


def language(framework: Framework) -> str:
    """The framework's language tag: its source's (a CASE CFDocument `language`), else en-US."""
    source = framework.source_fields or {}
    found = source.get("language") or source.get("inLanguage")
    if isinstance(found, list):
        found = found[0] if found else None
    return found if isinstance(found, str) and found.strip() else DEFAULT_LANGUAGE


def timestamp(value: datetime | None) -> str | None:
    """An ISO 8601 time in UTC with its zone ("2026-01-02T03:04:05Z")."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def day(value: datetime | None) -> str | None:
    """The date of a time ("2026-01-02")."""
    return value.astimezone(UTC).date().isoformat() if isinstance(value, datetime) else None


def newest(*values: datetime | date | None) -> datetime | None:
    found = [v for v in values if isinstance(v, datetime)]
    return max(found) if found else None


def keywords(version: StandardVersion | None) -> list[str]:
    """The keywords an imported node brought (RSD `keywords`, CASE `conceptKeywords`)."""
    source = (version.source_fields if version is not None else None) or {}
    found = source.get("keywords")
    if found is None:
        found = source.get("conceptKeywords")
    if isinstance(found, str):
        found = [found]
    if not isinstance(found, list):
        return []
    return [k for k in found if isinstance(k, str) and k.strip()]


def identities_elsewhere(snap: Snapshot) -> dict[int, str]:
    """The exchange identity of every standard of another framework that one of the snapshot's
    links touches, by id (in one query)."""
    wanted = {
        i
        for link in snap.associations
        for i in (link.origin_id, link.destination_id)
        if i is not None
    }
    if not wanted:
        return {}
    rows = db.session.execute(
        db.select(Standard.id, Standard.source_identifier, Standard.uuid).where(
            Standard.id.in_(wanted), Standard.framework_id != snap.framework.id
        )
    )
    return {id_: source or uuid_ for id_, source, uuid_ in rows}

"""What the CASE REST API answers with: which served framework holds an identifier, its built
package (kept by `case_cache` while nothing a visitor sees has changed), the imsx_StatusInfo
refusals and the conditional-GET answers (ETag, Last-Modified, 304)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from flask import Response, current_app, request
from sqlalchemy import and_, or_
from sqlalchemy.orm import aliased

from curriculum.extensions import db
from curriculum.interop import case_cache, case_write
from curriculum.interop.case_schema import V1_0, V1_1, item_type_identifier, tree_link_identifier
from curriculum.interop.models import Association, Definition, DefinitionKind
from curriculum.interop.writers import snapshot
from curriculum.standards.models import Framework, Standard, StandardKind

UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
NEVER = datetime(2000, 1, 1, tzinfo=UTC)  # Last-Modified of an empty list, or of nothing found


class CaseError(Exception):
    """A refusal answered with an imsx_StatusInfo body."""

    def __init__(self, status: int, minor: str, description: str):
        super().__init__(description)
        self.status, self.minor, self.description = status, minor, description


def status_info(exc: CaseError) -> Response:
    body = {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": exc.description,
        "imsx_codeMinor": {
            "imsx_codeMinorField": [
                {
                    "imsx_codeMinorFieldName": "TargetEndSystem",
                    "imsx_codeMinorFieldValue": exc.minor,
                }
            ]
        },
    }
    return current_app.response_class(
        json.dumps(body), status=exc.status, mimetype="application/json"
    )


def not_found(kind: str, identifier: str) -> CaseError:
    minor = "unknownobject" if UUID.fullmatch(identifier) else "invalid_uuid"
    return CaseError(
        404, minor, f"There is no published {kind} with the identifier {identifier!r}."
    )


def answer(body: dict, last_modified: datetime) -> Response:
    """The JSON body with its ETag (a hash of it) and Last-Modified; 304 when the client's
    copy is current."""
    data = json.dumps(body, ensure_ascii=False).encode()
    response = current_app.response_class(data, mimetype="application/json")
    response.set_etag(hashlib.sha256(data).hexdigest()[:40])
    response.last_modified = last_modified.astimezone(UTC).replace(microsecond=0)
    response.cache_control.public = True
    response.cache_control.no_cache = True  # keep it, but ask again (a conditional GET)
    response.make_conditional(request)
    return response


def version() -> str:
    """The CASE version the request's path names."""
    return V1_0 if request.path.startswith("/ims/case/v1p0/") else V1_1


# --- Which frameworks are served -------------------------------------------------------------


def served():
    """Frameworks with at least one published, active standard."""
    published = (
        db.select(Standard.id)
        .where(
            Standard.framework_id == Framework.id,
            Standard.published_version_id.is_not(None),
            Standard.retired_at.is_(None),
        )
        .exists()
    )
    return db.select(Framework).where(published)


def named(column_source, column_uuid, identifier: str):
    """An imported object matches its source identifier; one authored here its uuid."""
    return or_(
        column_source == identifier, and_(column_source.is_(None), column_uuid == identifier)
    )


def first(framework_ids: Iterable[int], pick: Callable[[dict], Any]) -> tuple[Any, datetime]:
    """(found, last modified) from the first served framework among `framework_ids` (by id)
    whose visitor's package `pick` finds something in; (None, NEVER) when none does.

    One query picks the served frameworks with their change stamps; a package kept with the
    same stamp is used as it is, else built (and kept)."""
    ids = sorted(set(framework_ids))
    if not ids:
        return None, NEVER
    query = (
        served()
        .add_columns(*case_cache.stamp_columns())
        .where(Framework.id.in_(ids))
        .order_by(Framework.id)
    )
    cache = case_cache.packages()
    case_version, base = version(), case_write.api_base()
    for framework, *stamp in db.session.execute(query):

        def build(framework: Framework = framework) -> tuple[dict, datetime]:
            snap = snapshot(framework, drafts=False)
            if not snap.nodes:
                return {}, datetime.now(UTC)
            return case_write.build(snap, case_version), case_write.modified(snap)

        built = cache.get((framework.id, case_version, base), tuple(stamp), build)
        if not built.package:
            continue
        found = pick(built.package)
        if found is not None:
            return found, built.modified
    return None, NEVER


def package_of(identifier: str) -> tuple[dict, datetime]:
    ids = db.session.scalars(
        db.select(Framework.id).where(
            named(Framework.source_identifier, Framework.uuid, identifier)
        )
    )
    package, modified = first(ids, lambda package: package)
    if package is None:
        raise not_found("CFDocument", identifier)
    return package, modified


def item_frameworks(identifier: str) -> list[int]:
    return list(
        db.session.scalars(
            db.select(Standard.framework_id)
            .where(named(Standard.source_identifier, Standard.uuid, identifier))
            .distinct()
        )
    )


def find(objects: list[dict], identifier: str) -> dict | None:
    return next((o for o in objects if o.get("identifier") == identifier), None)


def association_frameworks(identifier: str) -> set[int]:
    """Frameworks whose package may hold the association: those of a stored one (its own and
    those of standards at its ends), else of the tree edge the export names so."""
    origin, destination = aliased(Standard), aliased(Standard)
    rows = db.session.execute(
        db.select(Association.framework_id, origin.framework_id, destination.framework_id)
        .outerjoin(origin, origin.id == Association.origin_id)
        .outerjoin(destination, destination.id == Association.destination_id)
        .where(Association.identifier == identifier)
    )
    found = {i for row in rows for i in row if i is not None}
    if found or not UUID.fullmatch(identifier):
        return found
    parent = aliased(Standard)
    edges = db.session.execute(
        db.select(
            Standard.framework_id,
            Standard.source_identifier,
            Standard.uuid,
            parent.source_identifier,
            parent.uuid,
            Framework.source_identifier,
            Framework.uuid,
        )
        .join(Framework, Framework.id == Standard.framework_id)
        .outerjoin(parent, parent.id == Standard.parent_id)
        .where(Standard.retired_at.is_(None))
    )
    for framework_id, child_s, child_u, parent_s, parent_u, fw_s, fw_u in edges:
        parent_ident = (parent_s or parent_u) if parent_u else (fw_s or fw_u)
        if tree_link_identifier(child_s or child_u, parent_ident) == identifier:
            found.add(framework_id)
    return found


def definition(kind: DefinitionKind, identifier: str) -> tuple[dict, datetime]:
    """A definition (or rubric) of a served package: (object, last modified)."""
    ids = set(
        db.session.scalars(
            db.select(Definition.framework_id).where(
                Definition.kind == kind, Definition.identifier == identifier
            )
        )
    )
    if kind == DefinitionKind.ITEM_TYPE:
        ids |= made_type_frameworks(identifier)

    def pick(package: dict):
        if kind == DefinitionKind.RUBRIC:
            return find(package["CFRubrics"], identifier)
        return find(package["CFDefinitions"].get(kind.value, []), identifier)

    found, modified = first(ids, pick)
    if found is None:
        raise not_found(kind.value.removesuffix("s"), identifier)
    return found, modified


def made_type_frameworks(identifier: str) -> set[int]:
    """Frameworks with standards of the item type the export defines under `identifier`."""
    titles = {kind.label: kind for kind in StandardKind}
    titles |= {
        t: StandardKind.ITEM
        for t in db.session.scalars(db.select(Standard.item_type).distinct())
        if t
    }
    for title, kind in titles.items():
        if item_type_identifier(title) == identifier:
            condition = (
                Standard.item_type == title
                if title not in {k.label for k in StandardKind}
                else Standard.kind == kind
            )
            return set(
                db.session.scalars(db.select(Standard.framework_id).where(condition).distinct())
            )
    return set()

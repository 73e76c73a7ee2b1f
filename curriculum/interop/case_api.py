"""The CASE REST API (1EdTech CASE 1.0 and 1.1), read-only, under /ims/case/v1p0/ and
/ims/case/v1p1/: what a visitor may see of every framework, published versions only.

Every answer is cut from the framework's CFPackage as `case_write` writes it for a visitor
(`writers.snapshot(framework, drafts=False)`: the one visibility rule), so an object here is
exactly the one in the package. A framework with nothing published is not served (404). An
identifier imported into several partnerships names the first framework (by id) serving it.
Errors carry an `imsx_StatusInfo` body; answers carry ETag and Last-Modified and honour
If-None-Match / If-Modified-Since (304).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, request
from sqlalchemy import and_, or_
from sqlalchemy.orm import aliased, joinedload

from curriculum.extensions import db
from curriculum.interop import case_write
from curriculum.interop.case_write import V1_0, V1_1
from curriculum.interop.models import Association, Definition, DefinitionKind
from curriculum.interop.writers import snapshot
from curriculum.standards.models import Framework, Standard, StandardKind, StandardVersion

bp = Blueprint("case_api", __name__, url_prefix="/ims/case")

VERSIONS = {"v1p0": V1_0, "v1p1": V1_1}
DEFAULT_LIMIT = 100
# CFDocument fields the list may be sorted by.
SORTABLE = frozenset(
    {
        "identifier",
        "uri",
        "title",
        "creator",
        "publisher",
        "description",
        "lastChangeDateTime",
        "adoptionStatus",
        "language",
        "version",
        "officialSourceURL",
        "statusStartDate",
        "statusEndDate",
        "notes",
        "frameworkType",
    }
)
UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
NUMBER = re.compile(r"[0-9]{1,9}")
NEVER = datetime(2000, 1, 1, tzinfo=UTC)  # Last-Modified of an empty list


class CaseError(Exception):
    """A refusal answered with an imsx_StatusInfo body."""

    def __init__(self, status: int, minor: str, description: str):
        super().__init__(description)
        self.status, self.minor, self.description = status, minor, description


@bp.errorhandler(CaseError)
def case_error(exc: CaseError):
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


def _served():
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


def _named(column_source, column_uuid, identifier: str):
    """An imported object matches its source identifier; one authored here its uuid."""
    return or_(
        column_source == identifier, and_(column_source.is_(None), column_uuid == identifier)
    )


def _first(framework_ids: Iterable[int], pick: Callable[[dict], Any]):
    """(found, snapshot) from the first served framework among `framework_ids` (by id) whose
    visitor's package `pick` finds something in; (None, None) when none does."""
    ids = sorted(set(framework_ids))
    if not ids:
        return None, None
    query = _served().where(Framework.id.in_(ids)).order_by(Framework.id)
    for framework in db.session.scalars(query):
        snap = snapshot(framework, drafts=False)
        if not snap.nodes:
            continue
        found = pick(case_write.build(snap, version()))
        if found is not None:
            return found, snap
    return None, None


def _package_of(identifier: str):
    ids = db.session.scalars(
        db.select(Framework.id).where(
            _named(Framework.source_identifier, Framework.uuid, identifier)
        )
    )
    package, snap = _first(ids, lambda package: package)
    if package is None:
        raise not_found("CFDocument", identifier)
    return package, snap


def _item_frameworks(identifier: str) -> list[int]:
    return list(
        db.session.scalars(
            db.select(Standard.framework_id)
            .where(_named(Standard.source_identifier, Standard.uuid, identifier))
            .distinct()
        )
    )


def _find(objects: list[dict], identifier: str) -> dict | None:
    return next((o for o in objects if o.get("identifier") == identifier), None)


# --- Routes ----------------------------------------------------------------------------------


def route(path: str):
    """Register the view under both versions' prefixes (endpoints `<name>_v1p0`, `_v1p1`)."""

    def register(view):
        for prefix in VERSIONS:
            bp.add_url_rule(
                f"/{prefix}/{path}", endpoint=f"{view.__name__}_{prefix}", view_func=view
            )
        return view

    return register


def _count(name: str, default: int, least: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not NUMBER.fullmatch(raw) or int(raw) < least:
        raise CaseError(
            400,
            "invalid_selection_field",
            f"{name} must be a whole number of at least {least} (at most 9 digits).",
        )
    return int(raw)


@route("CFDocuments")
def documents():
    """Every served framework's CFDocument: limit, offset, sort (a field), orderBy asc|desc."""
    limit = _count("limit", DEFAULT_LIMIT, 1)
    offset = _count("offset", 0, 0)
    sort = request.args.get("sort") or "title"
    if sort not in SORTABLE:
        raise CaseError(
            400, "invalid_sort_field", f"sort must be one of: {', '.join(sorted(SORTABLE))}."
        )
    order = request.args.get("orderBy") or "asc"
    if order not in ("asc", "desc"):
        raise CaseError(400, "invalid_selection_field", "orderBy must be asc or desc.")
    frameworks = list(
        db.session.scalars(
            _served().options(joinedload(Framework.partnership)).order_by(Framework.id)
        )
    )
    shown: dict[int, list[StandardVersion]] = {f.id: [] for f in frameworks}
    rows = db.session.execute(
        db.select(Standard.framework_id, StandardVersion)
        .join(StandardVersion, StandardVersion.id == Standard.published_version_id)
        .where(Standard.framework_id.in_(list(shown)), Standard.retired_at.is_(None))
    )
    for framework_id, shown_version in rows:
        shown[framework_id].append(shown_version)
    base = case_write.api_base()
    docs = [
        case_write.document(f, shown[f.id], drafts=False, version=version(), base=base)
        for f in frameworks
    ]
    docs.sort(key=lambda d: str(d.get(sort, "")).casefold(), reverse=order == "desc")
    times = [NEVER]
    for f in frameworks:
        times += [f.updated_at, *([f.imported_at] if f.imported_at else [])]
        times += [v.published_at or v.created_at for v in shown[f.id]]
    response = answer({"CFDocuments": docs[offset : offset + limit]}, max(times))
    response.headers["X-Total-Count"] = str(len(docs))
    return response


@route("CFDocuments/<identifier>")
def document(identifier: str):
    package, snap = _package_of(identifier)
    return answer(package["CFDocument"], case_write.modified(snap))


@route("CFPackages/<identifier>")
def package(identifier: str):
    found, snap = _package_of(identifier)
    return answer(found, case_write.modified(snap))


@route("CFItems/<identifier>")
def item(identifier: str):
    found, snap = _first(
        _item_frameworks(identifier), lambda package: _find(package["CFItems"], identifier)
    )
    if found is None:
        raise not_found("CFItem", identifier)
    return answer(found, case_write.modified(snap))


def _touches(association: dict, identifier: str) -> bool:
    return identifier in (
        association["originNodeURI"].get("identifier"),
        association["destinationNodeURI"].get("identifier"),
    )


@route("CFItemAssociations/<identifier>")
def item_associations(identifier: str):
    """The item and every association with it at one end."""

    def pick(package: dict):
        found = _find(package["CFItems"], identifier)
        if found is None:
            return None
        links = [a for a in package["CFAssociations"] if _touches(a, identifier)]
        return {"CFItem": found, "CFAssociations": links}

    found, snap = _first(_item_frameworks(identifier), pick)
    if found is None:
        raise not_found("CFItem", identifier)
    response = answer(found, case_write.modified(snap))
    response.headers["X-Total-Count"] = str(len(found["CFAssociations"]))
    return response


def _association_frameworks(identifier: str) -> set[int]:
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
        if case_write.tree_link_identifier(child_s or child_u, parent_ident) == identifier:
            found.add(framework_id)
    return found


@route("CFAssociations/<identifier>")
def association(identifier: str):
    found, snap = _first(
        _association_frameworks(identifier),
        lambda package: _find(package["CFAssociations"], identifier),
    )
    if found is None:
        raise not_found("CFAssociation", identifier)
    return answer(found, case_write.modified(snap))


def _definition(kind: DefinitionKind, identifier: str):
    """A definition (or rubric) of a served package: (object, snapshot)."""
    ids = set(
        db.session.scalars(
            db.select(Definition.framework_id).where(
                Definition.kind == kind, Definition.identifier == identifier
            )
        )
    )
    if kind == DefinitionKind.ITEM_TYPE:
        ids |= _made_type_frameworks(identifier)

    def pick(package: dict):
        if kind == DefinitionKind.RUBRIC:
            return _find(package["CFRubrics"], identifier)
        return _find(package["CFDefinitions"].get(kind.value, []), identifier)

    found, snap = _first(ids, pick)
    if found is None:
        raise not_found(kind.value.removesuffix("s"), identifier)
    return found, snap


def _made_type_frameworks(identifier: str) -> set[int]:
    """Frameworks with standards of the item type the export defines under `identifier`."""
    titles = {kind.label: kind for kind in StandardKind}
    titles |= {
        t: StandardKind.ITEM
        for t in db.session.scalars(db.select(Standard.item_type).distinct())
        if t
    }
    for title, kind in titles.items():
        if case_write.item_type_identifier(title) == identifier:
            condition = (
                Standard.item_type == title
                if title not in {k.label for k in StandardKind}
                else Standard.kind == kind
            )
            return set(
                db.session.scalars(db.select(Standard.framework_id).where(condition).distinct())
            )
    return set()


def _collection(kind: DefinitionKind, identifier: str):
    """CFItemTypes, CFConcepts and CFSubjects answer a set of one."""
    found, snap = _definition(kind, identifier)
    return answer({kind.value: [found]}, case_write.modified(snap))


def _single(kind: DefinitionKind, identifier: str):
    found, snap = _definition(kind, identifier)
    return answer(found, case_write.modified(snap))


@route("CFItemTypes/<identifier>")
def item_type(identifier: str):
    return _collection(DefinitionKind.ITEM_TYPE, identifier)


@route("CFConcepts/<identifier>")
def concept(identifier: str):
    return _collection(DefinitionKind.CONCEPT, identifier)


@route("CFSubjects/<identifier>")
def subject(identifier: str):
    return _collection(DefinitionKind.SUBJECT, identifier)


@route("CFLicenses/<identifier>")
def license_(identifier: str):
    return _single(DefinitionKind.LICENSE, identifier)


@route("CFAssociationGroupings/<identifier>")
def association_grouping(identifier: str):
    return _single(DefinitionKind.ASSOCIATION_GROUPING, identifier)


@route("CFRubrics/<identifier>")
def rubric(identifier: str):
    return _single(DefinitionKind.RUBRIC, identifier)

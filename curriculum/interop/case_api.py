"""The CASE REST API (1EdTech CASE 1.0 and 1.1), read-only, under /ims/case/v1p0/ and
/ims/case/v1p1/: what a visitor may see of every framework, published versions only.

Every answer is cut from the framework's CFPackage as `case_write` writes it for a visitor
(`writers.snapshot(framework, drafts=False)`: the one visibility rule), so an object here is
exactly the one in the package; `case_lookup` finds the framework and keeps its built package
(`case_cache`) while nothing a visitor sees has changed. A framework with nothing published is
not served (404). An identifier imported into several partnerships names the first framework
(by id) serving it. Errors carry an `imsx_StatusInfo` body; answers carry ETag and
Last-Modified and honour If-None-Match / If-Modified-Since (304).
"""

from __future__ import annotations

import re

from flask import Blueprint, request
from sqlalchemy.orm import joinedload

from curriculum.extensions import db
from curriculum.interop import case_write
from curriculum.interop.case_lookup import (
    NEVER,
    CaseError,
    answer,
    association_frameworks,
    definition,
    find,
    first,
    item_frameworks,
    not_found,
    package_of,
    served,
    status_info,
    version,
)
from curriculum.interop.case_schema import V1_0, V1_1
from curriculum.interop.models import DefinitionKind
from curriculum.standards.models import Framework, Standard, StandardVersion

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
NUMBER = re.compile(r"[0-9]{1,9}")


@bp.errorhandler(CaseError)
def case_error(exc: CaseError):
    return status_info(exc)


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
            served().options(joinedload(Framework.partnership)).order_by(Framework.id)
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
    package, modified = package_of(identifier)
    return answer(package["CFDocument"], modified)


@route("CFPackages/<identifier>")
def package(identifier: str):
    return answer(*package_of(identifier))


@route("CFItems/<identifier>")
def item(identifier: str):
    found, modified = first(
        item_frameworks(identifier), lambda package: find(package["CFItems"], identifier)
    )
    if found is None:
        raise not_found("CFItem", identifier)
    return answer(found, modified)


def _touches(association: dict, identifier: str) -> bool:
    return identifier in (
        association["originNodeURI"].get("identifier"),
        association["destinationNodeURI"].get("identifier"),
    )


@route("CFItemAssociations/<identifier>")
def item_associations(identifier: str):
    """The item and every association with it at one end."""

    def pick(package: dict):
        found = find(package["CFItems"], identifier)
        if found is None:
            return None
        links = [a for a in package["CFAssociations"] if _touches(a, identifier)]
        return {"CFItem": found, "CFAssociations": links}

    found, modified = first(item_frameworks(identifier), pick)
    if found is None:
        raise not_found("CFItem", identifier)
    response = answer(found, modified)
    response.headers["X-Total-Count"] = str(len(found["CFAssociations"]))
    return response


@route("CFAssociations/<identifier>")
def association(identifier: str):
    found, modified = first(
        association_frameworks(identifier),
        lambda package: find(package["CFAssociations"], identifier),
    )
    if found is None:
        raise not_found("CFAssociation", identifier)
    return answer(found, modified)


def _collection(kind: DefinitionKind, identifier: str):
    """CFItemTypes, CFConcepts and CFSubjects answer a set of one."""
    found, modified = definition(kind, identifier)
    return answer({kind.value: [found]}, modified)


def _single(kind: DefinitionKind, identifier: str):
    return answer(*definition(kind, identifier))


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

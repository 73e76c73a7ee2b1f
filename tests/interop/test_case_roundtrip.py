"""Round trips through the CASE reader, the import engine and the CASE writer, on the small
package the tests carry and on the real one: an export of an import keeps every item, field,
association and definition of the original (compared field by field, naming what differs),
the 1.0 export validates, and importing an export elsewhere gives the same content."""

from __future__ import annotations

import json
import re

from curriculum.extensions import db
from curriculum.interop import engine, package, writers
from curriculum.interop.case_write import ADDED_IN_1_1, TYPES_1_0
from curriculum.standards.models import Framework
from tests.interop import case_world as w
from tests.interop.test_case_write import set_aside_1_1


def differences(original: dict, exported: dict, skip: set[str] = frozenset()) -> list[str]:
    """Every field of the original missing from the export or with another value there, named
    "CFItems[<identifier>].<field>" (`skip`: places a reader's fix changed on purpose)."""
    found: list[str] = []

    def compare(where: str, old: dict, new: dict | None) -> None:
        if new is None:
            found.append(f"{where}: missing")
            return
        for key, value in old.items():
            place = f"{where}.{key}"
            if place in skip:
                continue
            if key not in new:
                found.append(f"{place}: missing")
            elif new[key] != value:
                found.append(f"{place}: {value!r} became {new[key]!r}")

    compare("CFDocument", original["CFDocument"], exported["CFDocument"])
    for section in ("CFItems", "CFAssociations", "CFRubrics"):
        by_id = {o["identifier"]: o for o in exported.get(section, [])}
        for obj in original.get(section, []):
            compare(f"{section}[{obj['identifier']}]", obj, by_id.get(obj["identifier"]))
    definitions = original.get("CFDefinitions") or {}
    for kind, objects in definitions.items() if isinstance(definitions, dict) else []:
        if not isinstance(objects, list):
            continue
        by_id = {o["identifier"]: o for o in exported["CFDefinitions"].get(kind, [])}
        for obj in objects:
            compare(f"{kind}[{obj['identifier']}]", obj, by_id.get(obj["identifier"]))
    return found


FIX_PLACE = re.compile(r"(\w+)(?:\[(\d+)\])?(?: \(([^)]+)\))?\.(\w+)")
DEFINITION_PLACE = re.compile(r"CFDefinitions\.(\w+)\[(\d+)\]\.(\w+)")


def fixed_places(read: package.Package, original: dict) -> set[str]:
    """The places the reader's fixes changed on purpose, named as `differences` names them:
    "CFItems[4] (<id>).lastChangeDateTime" -> "CFItems[<id>].lastChangeDateTime"."""
    places = set()
    for fix in read.fixes:
        if found := DEFINITION_PLACE.fullmatch(fix.where):
            kind, index, name = found.groups()
            identifier = original["CFDefinitions"][kind][int(index)]["identifier"]
            places.add(f"{kind}[{identifier}].{name}")
        elif found := FIX_PLACE.fullmatch(fix.where):
            section, index, identifier, name = found.groups()
            if identifier is None and index is not None:
                identifier = original[section][int(index)]["identifier"]
            places.add(f"{section}[{identifier}].{name}")
    return places


def one_oh(original: dict) -> dict:
    """What a CASE 1.0 package can carry of the original."""
    out = set_aside_1_1(
        {
            **original,
            "CFAssociations": original.get("CFAssociations", []),
            "CFItems": original.get("CFItems", []),
            "CFRubrics": original.get("CFRubrics", []),
            "CFDefinitions": original.get("CFDefinitions") or {},
        }
    )
    out["CFAssociations"] = [a for a in out["CFAssociations"] if a["associationType"] in TYPES_1_0]
    return out


def import_(data: bytes, partnership, name: str) -> tuple[Framework, package.Package]:
    read = package.read("case", data)
    summary = engine.apply(
        read, partnership, mode="reference", dry_run=False, user=None, filename=name
    )
    db.session.commit()
    return db.session.get(Framework, summary["framework_id"]), read


def export(app, framework: Framework, name: str) -> dict:
    with app.test_request_context("/"):
        return json.loads(writers.write(framework, name, drafts=False))


def round_trip(app, factory, data: bytes, name: str) -> None:
    original = json.loads(data)
    first, read = import_(data, factory.partnership(), name)
    skip = fixed_places(read, original)
    full = export(app, first, "case")
    assert differences(original, full, skip) == []
    old = export(app, first, "case-1.0")
    assert differences(one_oh(original), old, skip) == []
    w.validate(old)
    assert not any(k in ADDED_IN_1_1["CFDocument"] for k in old["CFDocument"])
    # The export imported into another partnership gives the same content back.
    second, _ = import_(json.dumps(full).encode(), factory.partnership(), "export.json")
    again = export(app, second, "case")
    assert differences(full, again) == []
    assert len(again["CFItems"]) == len(full["CFItems"])
    assert len(again["CFAssociations"]) == len(full["CFAssociations"])


def test_the_small_package_round_trips(app, factory, small_bytes):
    round_trip(app, factory, small_bytes, "small.case.json")


def test_the_real_package_round_trips(app, factory, real_bytes):
    original = json.loads(real_bytes)
    round_trip(app, factory, real_bytes, "smarterbalanced.json")
    assert len(original["CFItems"]) == 585 and len(original["CFAssociations"]) == 3367

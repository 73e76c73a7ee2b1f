"""The CASE reader's leniency: the real-world defects it mends, each listed as a `Fix`
(timestamps without a zone, bare identifiers or URLs where a LinkGenURI object belongs,
misspelled association types), and the problems it collects before refusing a file."""

from __future__ import annotations

import re
from typing import Any

from curriculum.interop.case_schema import ASSOCIATION_TYPES
from curriculum.interop.package import Fix, Node, Problem

_TYPE_KEYS = {re.sub(r"[\s_\-]", "", t).lower(): t for t in ASSOCIATION_TYPES}

# A date and time without a zone: "2018-02-22T22:02:19", "2018-02-22 22:02:19.5".
_NAIVE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$")
_TIMESTAMP_KEYS = ("lastChangeDateTime",)


class Reading:
    """One reading: the fixes made and problems found so far."""

    def __init__(self) -> None:
        self.fixes: list[Fix] = []
        self.problems: list[Problem] = []

    def fix(self, where: str, message: str) -> None:
        self.fixes.append(Fix(where, message))

    def problem(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    # --- Field mends -----------------------------------------------------------------------

    def timestamps(self, obj: dict, where: str) -> None:
        for key in _TIMESTAMP_KEYS:
            value = obj.get(key)
            if isinstance(value, str):
                match = _NAIVE.match(value.strip())
                if match:
                    obj[key] = f"{match.group(1)}T{match.group(2)}+00:00"
                    self.fix(f"{where}.{key}", f"{value!r} has no time zone; read as UTC.")

    def link_gen(self, obj: dict, key: str, where: str) -> Node | None:
        """A LinkGenURI field ({identifier, uri, title}); a bare string becomes one."""
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            text = value.strip()
            if "/" in text:
                node = Node(identifier=text.rstrip("/").rsplit("/", 1)[-1], uri=text)
            else:
                node = Node(identifier=text)
            obj[key] = {"title": node.title, "identifier": node.identifier, "uri": node.uri}
            self.fix(f"{where}.{key}", f"a bare {value!r} where a link object belongs.")
            return node
        if isinstance(value, dict):
            identifier = value.get("identifier")
            uri = value.get("uri") if isinstance(value.get("uri"), str) else ""
            if not isinstance(identifier, str) or not identifier.strip():
                if uri:
                    identifier = uri.rstrip("/").rsplit("/", 1)[-1]
                    value["identifier"] = identifier
                    self.fix(f"{where}.{key}.identifier", "missing; taken from the uri.")
                else:
                    return None
            title = value.get("title")
            return Node(
                identifier=identifier.strip(),
                uri=uri or "",
                title=title if isinstance(title, str) else "",
            )
        return None

    def association_type(self, value: Any, where: str) -> str:
        text = value.strip() if isinstance(value, str) else ""
        if text.startswith("ext:") or text in ASSOCIATION_TYPES:
            return text
        key = re.sub(r"[\s_\-]", "", text).lower()
        found = _TYPE_KEYS.get(key) or _TYPE_KEYS.get("is" + key)
        if found:
            self.fix(f"{where}.associationType", f"{value!r} read as {found}.")
            return found
        if not text:
            self.problem(f"{where}.associationType", "missing.")
        return text

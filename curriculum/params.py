"""Reading what a request sends, for pages and the API alike: whole numbers (ids) from query and
form parameters, search text, and JSON bodies (nesting depth, lone surrogates)."""

from __future__ import annotations

import json
import re

from flask import request
from flask.json.provider import DefaultJSONProvider

from curriculum.errors import DomainError

# The largest value of an INTEGER column (PostgreSQL): ids and numbers never pass it.
MAX_INTEGER = 2**31 - 1
# Searches compare with LIKE: SQLite refuses long patterns ("LIKE pattern too complex").
MAX_SEARCH_LENGTH = 200
# JSON objects and arrays nested deeper than this are refused (no body here needs more than 3).
MAX_JSON_DEPTH = 32

_WHOLE = re.compile(r"[+-]?[0-9]{1,20}")
# A NUL (PostgreSQL text cannot hold it) or a UTF-16 surrogate (no UTF-8 text can hold a lone
# one: encoding the page or the database value fails).
UNHOLDABLE = re.compile("[\x00\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class ParamError(DomainError):
    """A query or form parameter that is not what the page reads (400)."""


def whole_number(raw, minimum: int = -MAX_INTEGER, maximum: int = MAX_INTEGER) -> int | None:
    """`raw` as an int when it is written in ASCII digits (an optional sign, surrounding spaces
    allowed) and lies within [minimum, maximum]; else None. int() would also take '١' or '1_0'
    and numbers of any size."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, str) and _WHOLE.fullmatch(raw.strip()):
        number = int(raw.strip())
    else:
        return None
    return number if minimum <= number <= maximum else None


def integer(name: str, source=None, *, minimum: int = 1, maximum: int = MAX_INTEGER) -> int | None:
    """The whole number in parameter `name` of `source` (default: the query string), None when
    it is absent or empty; ParamError (400) when it is anything else."""
    source = request.args if source is None else source
    raw = source.get(name, "")
    if not isinstance(raw, str) or not raw.strip():
        return None
    number = whole_number(raw, minimum, maximum)
    if number is None:
        what = "a positive whole number" if minimum == 1 else f"a whole number from {minimum}"
        raise ParamError(f"{name} must be {what}, at most {maximum}.", field=name)
    return number


def ids(name: str, source=None) -> list[int]:
    """Every value of a repeated parameter (tick boxes) as an id; ParamError (400) when one is
    not a whole number from 1 to MAX_INTEGER."""
    source = request.form if source is None else source
    found = [whole_number(raw, 1) for raw in source.getlist(name)]
    if None in found:
        raise ParamError(f"{name} must list ids (whole numbers from 1 to {MAX_INTEGER}).", name)
    return [number for number in found if number is not None]


def page() -> int:
    """The page number of a paged list (?page=, default 1). db.paginate would read it with
    int(): any size, and Unicode digits."""
    return integer("page") or 1


def search_text(name: str = "q", source=None) -> str:
    """The search text in parameter `name` (default: the query string), stripped; ParamError
    (400) when it is longer than MAX_SEARCH_LENGTH characters."""
    source = request.args if source is None else source
    text = (source.get(name) or "").strip()
    if len(text) > MAX_SEARCH_LENGTH:
        raise ParamError(
            f"Search for at most {MAX_SEARCH_LENGTH} characters (this search had {len(text):,}).",
            field=name,
        )
    return text


# --- JSON bodies -------------------------------------------------------------------------------


class JSONRefused(ValueError):
    """Valid JSON that no request here may send (too deep, or text that cannot be stored)."""


def _check(value) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH and strings holding a lone surrogate; iterative,
    so that a deep document cannot exhaust the stack here either."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise JSONRefused(
                    "The JSON holds a lone UTF-16 surrogate (such as \\ud800), "
                    "which is not a character."
                )
        elif isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise JSONRefused(f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels.")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing (ValueError, so a 400) bodies too deep to handle or holding lone
    surrogates: request.get_json() goes through here."""

    def loads(self, s, **kwargs):
        return _load(s, **kwargs)


def _load(s, **kwargs):
    try:
        value = json.loads(s, **kwargs)
    except RecursionError:
        raise JSONRefused(f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels.") from None
    _check(value)
    return value


def json_refusal() -> str | None:
    """Why the request's JSON body was refused, when it parses but breaks the rules above."""
    try:
        _load(request.get_data())
    except JSONRefused as exc:
        return str(exc)
    except ValueError:
        return None
    return None

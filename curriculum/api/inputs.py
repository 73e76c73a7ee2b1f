"""Reading a request: the JSON body's object, read through its model in api/schemas/ (a field of
the wrong JSON type is a 400 naming it), and integer query parameters."""

from __future__ import annotations

from typing import TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from curriculum import params
from curriculum.errors import DomainError

M = TypeVar("M", bound=BaseModel)


class InputError(DomainError):
    """A request body that is not JSON, or a field of the wrong type (400)."""


def body() -> dict:
    """The request's JSON object, or InputError."""
    data = request.get_json(silent=True)
    if data is None and request.is_json and (refusal := params.json_refusal()):
        raise InputError(refusal)
    if not isinstance(data, dict):
        raise InputError("Send a JSON object with the header Content-Type: application/json.")
    return data


def optional_body() -> dict:
    """The request's JSON object, or {} when the request has no body."""
    return body() if request.get_data() else {}


def parse(model: type[M], data: dict | None = None) -> M:
    """The request's JSON object (or `data`) read through `model`; the first field at fault is
    an InputError naming it (a field of a list's item as `alignments[2]`)."""
    try:
        return model.model_validate(body() if data is None else data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        raise _refusal(error) from None


def _refusal(error) -> InputError:
    loc = list(error["loc"])
    path = _path(loc)
    # A field of an item of a list is reported on the item: `alignments[2]`.
    last_index = max((i for i, p in enumerate(loc) if isinstance(p, int)), default=None)
    field = path if last_index is None else _path(loc[: last_index + 1])
    if error["type"] == "enum":  # as the services say it: “expert” is not a level: use ...
        name = next((p for p in reversed(loc) if isinstance(p, str)), "value").replace("_", " ")
        expected = error["ctx"]["expected"].replace("'", "")
        message = f"{path}: “{error['input']}” is not a {name}: use {expected}."
    else:
        message = f"{path or 'The body'} {_what(error)}"
    return InputError(message, field=field or None)


def _path(loc) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def _what(error) -> str:
    """What is wrong with the value, in the API's words."""
    kind, ctx = error["type"], error.get("ctx") or {}
    named = bool(error["loc"]) and isinstance(error["loc"][-1], str)
    if kind == "missing" or (kind.endswith("_type") and error["input"] is None and named):
        return "is required."
    words = {
        "string_type": "must be a string.",
        "int_type": "must be an integer.",
        "float_type": "must be a number.",
        "bool_type": "must be true or false.",
        "list_type": "must be a list.",
        "model_type": "must be an object.",
        "dict_type": "must be an object.",
        "less_than_equal": f"must be at most {ctx.get('le')}.",
        "greater_than_equal": f"must be at least {ctx.get('ge')}.",
        "string_too_long": f"must be at most {ctx.get('max_length')} characters.",
    }
    return words.get(kind, error["msg"] + ".")


def query_integer(name: str) -> int | None:
    """A positive integer query parameter (?page=2), or None when it is absent or empty."""
    return params.integer(name)

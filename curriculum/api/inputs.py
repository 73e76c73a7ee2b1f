"""Reading a request: the JSON body's object and fields of the right JSON type, and integer
query parameters."""

from flask import request

from curriculum import params
from curriculum.errors import DomainError
from curriculum.params import MAX_INTEGER

MISSING = object()


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


def string(data: dict, name: str, default=None, *, required: bool = False) -> str | None:
    """A string field (null allowed unless required); `default` when it is absent."""
    value = data.get(name, MISSING)
    if required and value in (MISSING, None):
        raise InputError(f"{name} is required.", field=name)
    if value is MISSING:
        return default
    if value is not None and not isinstance(value, str):
        raise InputError(f"{name} must be a string.", field=name)
    return value


def integer(data: dict, name: str, *, required: bool = False) -> int | None:
    """An integer field (null allowed unless required)."""
    value = data.get(name)
    if value is None:
        if required:
            raise InputError(f"{name} is required.", field=name)
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{name} must be an integer.", field=name)
    if abs(value) > MAX_INTEGER:
        raise InputError(f"{name} must be at most {MAX_INTEGER}.", field=name)
    return value


def strings(data: dict, name: str) -> list[str]:
    """A list of strings (absent or null: empty)."""
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{name} must be a list of strings.", field=name)
    return value


def optional_body() -> dict:
    """The request's JSON object, or {} when the request has no body."""
    return body() if request.get_data() else {}


def query_integer(name: str) -> int | None:
    """A positive integer query parameter (?page=2), or None when it is absent or empty."""
    return params.integer(name)

"""What every API schema shares: the base classes of responses and request bodies, and the
value types whose JSON differs from pydantic's default (times, credits, bounded integers)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Self

from flask import Response as FlaskResponse
from flask import current_app
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    StrictInt,
    StrictStr,
    WithJsonSchema,
)

from curriculum.params import MAX_INTEGER

__all__ = [
    "Bool",
    "Credits",
    "Id",
    "Input",
    "Integer",
    "Response",
    "Str",
    "Time",
    "number",
]


class Response(BaseModel):
    """A JSON object the API sends. Built from the ORM objects (attributes of the same names, or
    a model's `of(...)`); no key the model does not declare (additionalProperties: false)."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    @classmethod
    def from_object(cls, obj: Any, **values: Any) -> Self:
        """The model of `obj`: each field from `values`, else from the attribute of its name (an
        optional field of no such attribute is left out)."""
        data = dict(values)
        for name, field in cls.model_fields.items():
            if name not in data and (field.is_required() or hasattr(obj, name)):
                data[name] = getattr(obj, name)
        return cls(**data)

    @classmethod
    def of_values(cls, **values: Any) -> Self:
        """The model from values the server made itself (ints, strings, enums, models already
        made: nothing to convert), without validating them again: for the many small objects
        of a large answer (a coverage matrix's 8,000 cells, a tree's 1,600 standards), where
        validation is most of the cost. Every field is given (TypeError otherwise)."""
        if values.keys() != cls.model_fields.keys():
            missing = cls.model_fields.keys() - values.keys()
            extra = values.keys() - cls.model_fields.keys()
            raise TypeError(f"{cls.__name__}: missing {sorted(missing)}, unknown {sorted(extra)}")
        return cls.model_construct(**values)

    def send(self) -> FlaskResponse:
        """This object as the JSON response (serialized by pydantic, in the order of the fields:
        for a tree of 1,600 standards about three times faster than a dict through jsonify)."""
        return current_app.response_class(
            self.model_dump_json() + "\n", mimetype="application/json"
        )


class Input(BaseModel):
    """A request body: JSON types are checked strictly (no "1" for 1, no 1 for true); keys the
    model does not name are ignored."""

    model_config = ConfigDict(extra="ignore")


def number(value: Decimal) -> int | float:
    """Credits as a JSON number: 3, or 4.5."""
    return int(value) if value == value.to_integral_value() else float(value)


# An ISO 8601 timestamp with its offset (2026-05-01T12:00:00+00:00), as datetime.isoformat().
Time = Annotated[
    datetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Credits = Annotated[
    Decimal,
    PlainSerializer(number, return_type=float),
    WithJsonSchema({"type": "number"}),
]
Str = StrictStr
Bool = StrictBool
# An integer a request may send: what an INTEGER column holds.
Integer = Annotated[StrictInt, Field(ge=-MAX_INTEGER, le=MAX_INTEGER)]
# An id a request may send (ids in paths and queries are the same: see openapi.ID).
Id = Annotated[StrictInt, Field(le=MAX_INTEGER)]

"""The base of every form: a submitted form is read from what was sent and nothing else, and
whole numbers are ASCII digits within an INTEGER column's range."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from werkzeug.datastructures import CombinedMultiDict
from wtforms import IntegerField as _IntegerField
from wtforms import StringField

from curriculum.params import MAX_INTEGER, whole_number


def whole(value) -> int:
    """`coerce=` for select fields of ids: like int(), but ASCII digits within range only."""
    if value is None:
        raise TypeError("no value")
    number = whole_number(value)
    if number is None:
        raise ValueError("Not a whole number.")
    return number


class IntegerField(_IntegerField):
    """wtforms' IntegerField takes what int() takes ('١', '1_000', 40 digits); this takes ASCII
    digits from -MAX_INTEGER to MAX_INTEGER, which an INTEGER column holds."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = whole_number(valuelist[0])
        if self.data is None:
            raise ValueError(
                self.invalid_value_message
                or f"Enter a whole number in digits 0-9, at most {MAX_INTEGER:,}."
            )


class Form(FlaskForm):
    """FlaskForm, except that once a form is submitted (POST), only what was sent counts: a
    field left out is empty or its declared default, never the edited object's value (whose
    type may differ) nor a value given to the constructor; text fields read "" rather than
    None; and a JSON body is not taken for a form."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto:
                if not _is_submitted():
                    return None
                if request.files:
                    return CombinedMultiDict((request.files, request.form))
                return request.form  # even when empty: nothing was sent, so every field is empty
            return formdata

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        formdata = self.meta.wrap_formdata(self, formdata)
        if formdata is not None:
            obj, data, kwargs = None, None, {}
        super().process(formdata, obj, data, extra_filters, **kwargs)
        if formdata is not None:
            for field in self._fields.values():
                if isinstance(field, StringField) and field.data is None:
                    field.data = ""

"""The base of every form: a submitted form is read from what was sent and nothing else,
whole numbers are ASCII digits within an INTEGER column's range, and WTForms' stock messages
("Field cannot be longer than 300 characters.", "Not a valid choice.") say, in the product's
voice and naming the field, what to do instead."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from markupsafe import Markup, escape
from werkzeug.datastructures import CombinedMultiDict
from wtforms import IntegerField as _IntegerField
from wtforms import StringField
from wtforms.widgets import Select

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


class LongSelect(Select):
    """WTForms' Select writing the same HTML, each plain option (no render_kw, no attributes
    given) with one format instead of a sorted attribute dict: for choosers of hundreds of
    options, such as the parents a standard may move under."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        label = escape(choice.label or choice.value)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{escape(value)}">{label}</option>')


LABEL = "{label}"  # replaced by the field's label once the form is validated

# WTForms' own messages (passed through the form's translations) -> ours. `%(...)s` values
# are filled in by WTForms (max, min, length...), then LABEL by Form.validate().
MESSAGES: dict[str, str] = {
    "This field is required.": "{label}: fill this in.",
    "Field cannot be longer than %(max)d character.": (
        "{label}: use at most %(max)d character (you typed %(length)d)."
    ),
    "Field cannot be longer than %(max)d characters.": (
        "{label}: use at most %(max)d characters (you typed %(length)d)."
    ),
    "Field must be at least %(min)d character long.": (
        "{label}: use at least %(min)d character (you typed %(length)d)."
    ),
    "Field must be at least %(min)d characters long.": (
        "{label}: use at least %(min)d characters (you typed %(length)d)."
    ),
    "Field must be between %(min)d and %(max)d characters long.": (
        "{label}: use %(min)d to %(max)d characters (you typed %(length)d)."
    ),
    "Field must be exactly %(max)d character long.": "{label}: use exactly %(max)d character.",
    "Field must be exactly %(max)d characters long.": "{label}: use exactly %(max)d characters.",
    "Number must be at least %(min)s.": "{label}: enter %(min)s or more.",
    "Number must be at most %(max)s.": "{label}: enter %(max)s or less.",
    "Number must be between %(min)s and %(max)s.": (
        "{label}: enter a number from %(min)s to %(max)s."
    ),
    "Not a valid choice.": "{label}: choose one of the options listed (the list may have changed; "
    "reload the page to see it).",
    "'%(value)s' is not a valid choice for this field.": (
        "{label}: “%(value)s” is not among the options; choose from the list."
    ),
    "'%(value)s' are not valid choices for this field.": (
        "{label}: “%(value)s” are not among the options; choose from the list."
    ),
    "Invalid Choice: could not coerce.": "{label}: choose one of the options listed.",
    "Invalid choice(s): one or more data inputs could not be coerced.": (
        "{label}: choose among the options listed."
    ),
    "Not a valid integer value.": "{label}: enter a whole number in digits 0-9.",
    "Not a valid decimal value.": "{label}: enter a number, such as 3 or 3.5.",
    "Not a valid float value.": "{label}: enter a number, such as 3 or 3.5.",
    "Not a valid date value.": "{label}: enter a date as YYYY-MM-DD, such as 2026-09-01.",
    "Not a valid datetime value.": "{label}: enter a date and time, such as 2026-09-01 14:30.",
    "Not a valid time value.": "{label}: enter a time, such as 14:30.",
    "Invalid email address.": "{label}: enter a whole email address, such as name@example.org.",
    "Invalid URL.": "{label}: enter a whole web address, starting with https://.",
    "Invalid input.": "{label}: this is not in the form expected; see the hint.",
    "Field must be equal to %(other_name)s.": "{label}: type the same as in %(other_name)s.",
}


class _Messages:
    """The form's translations: our wording for WTForms' stock messages, the rest as given."""

    def gettext(self, string: str) -> str:
        return MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


_MESSAGES = _Messages()


def label_of(field) -> str:
    """The field's label as a person reads it (its name, when it has no label)."""
    text = (field.label.text if field.label else "") or field.name.replace("_", " ")
    return text.rstrip(" :?")


class Form(FlaskForm):
    """FlaskForm, except that once a form is submitted (POST), only what was sent counts: a
    field left out is empty or its declared default, never the edited object's value (whose
    type may differ) nor a value given to the constructor; text fields read "" rather than
    None; and a JSON body is not taken for a form."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _MESSAGES

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

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self._fields.values():
            if field.errors and isinstance(field.errors, list):
                label = label_of(field)
                field.errors = [
                    e.replace(LABEL, label, 1) if isinstance(e, str) else e for e in field.errors
                ]
        return valid

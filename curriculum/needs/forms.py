"""The forms of needs surveys: opening one, and the answer form (whose rows, a standard's
importance and difficulty and a step's expected hires, are drawn by the template and read by
`answers()`)."""

from __future__ import annotations

from collections.abc import Mapping

from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from curriculum.forms import Form
from curriculum.needs.services import HiresInput, RatingInput
from curriculum.params import whole_number
from curriculum.standards.forms import MARKDOWN_HINT


class SurveyForm(Form):
    title = StringField(
        "Title",
        description="How the survey is known, for example “2027 hiring needs”.",
        validators=[DataRequired(message="Give the survey a title."), Length(max=200)],
    )
    release = SelectField(
        "Standards surveyed",
        choices=[SelectChoice("", "The framework as it is")],
        default="",
        description="A release: the firms rate the standards as that edition fixes them.",
    )
    instructions = TextAreaField(
        "Instructions",
        description="What the firms are asked, and by when (optional). " + MARKDOWN_HINT,
        validators=[Length(max=20000)],
    )
    closes_on = DateField(
        "Meant to close on",
        validators=[Optional()],
        description="Optional: the day you mean to close it (you close it with its button).",
    )


class AnswerForm(Form):
    """The answer form's CSRF token; its rows are `importance-<standard id>`,
    `difficulty-<standard id>` and `hires-<step id>`."""


def _value(raw: str):
    """ "" is no answer (None); digits are a number; anything else is passed on as typed, for
    the service to refuse naming the row."""
    raw = raw.strip()
    if not raw:
        return None
    number = whole_number(raw)
    return raw if number is None else number


def _id(name: str, prefix: str) -> int | None:
    return whole_number(name[len(prefix) :], 1) if name.startswith(prefix) else None


def answers(form: Mapping[str, str]) -> tuple[list[RatingInput], list[HiresInput]]:
    """The ratings and hires sent by the answer form, in the order of its rows."""
    ratings: dict[int, dict] = {}
    hires: list[HiresInput] = []
    for name in form:
        if (sid := _id(name, "importance-")) is not None:
            ratings.setdefault(sid, {})["importance"] = _value(form[name])
        elif (sid := _id(name, "difficulty-")) is not None:
            ratings.setdefault(sid, {})["difficulty"] = _value(form[name])
        elif (step := _id(name, "hires-")) is not None:
            hires.append(HiresInput(step_id=step, hires=_value(form[name])))
    return [RatingInput(standard_id=sid, **values) for sid, values in ratings.items()], hires

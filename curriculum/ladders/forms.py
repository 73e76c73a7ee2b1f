"""Forms of the career ladder pages: a ladder, a step (with a number per benefit; the hiring
employers are rows of tick boxes read by the view), a move, a requirement. Numbers are text
fields checked by the services, whose messages name the field, so what was typed stays."""

from __future__ import annotations

import re

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from curriculum.forms import Form, whole
from curriculum.ladders.models import Benefit, LadderStatus, MoveKind, StepLevel
from curriculum.standards.models import Level

MARKDOWN_HINT = "Markdown is supported."
_CODE = re.compile(r"\d\d-\d\d\d\d\.\d\d")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _code_only(value):
    """ "51-4041.00 Machinists" (as the occupation search shows it) -> "51-4041.00"."""
    value = _strip(value)
    if isinstance(value, str):
        first = value.split(" ", 1)[0]
        if _CODE.fullmatch(first):
            return first
    return value


def _choices(enum) -> list[SelectChoice]:
    return [SelectChoice(m.value, m.label) for m in enum]


class LadderForm(Form):
    title = StringField(
        "Title",
        description="For example “Production and maintenance”.",
        filters=[_strip],
        validators=[DataRequired(message="Enter the title."), Length(max=200)],
    )
    description = TextAreaField(
        "Description",
        description="Who the ladder is for and how to read it. " + MARKDOWN_HINT,
        validators=[Length(max=5000)],
    )
    status = SelectField(
        "Status",
        choices=_choices(LadderStatus),
        default=LadderStatus.DRAFT.value,
        description="A draft is seen by the partnership's conveners, panelists and faculty; "
        "a published ladder by everyone.",
    )


def _number(label: str, hint: str = "", size: int = 12) -> StringField:
    return StringField(label, description=hint, filters=[_strip], validators=[Length(max=size)])


class StepForm(Form):
    title = StringField(
        "Job title",
        filters=[_strip],
        validators=[DataRequired(message="Enter the job title."), Length(max=200)],
    )
    onet_code = StringField(
        "O*NET-SOC occupation",
        description="Its code, such as 51-4041.00 (Machinists); search for one below.",
        filters=[_code_only],
        validators=[Length(max=200)],
    )
    level = SelectField("Level", choices=_choices(StepLevel), default=StepLevel.ENTRY.value)
    position = _number("Place in its row", "Steps of one level are drawn left to right by it.")
    description = TextAreaField(
        "Description", description=MARKDOWN_HINT, validators=[Length(max=5000)]
    )
    wage_low = _number("Low", "Dollars an hour, such as 17.25.", 20)
    wage_median = _number("Median", "Dollars an hour.", 20)
    wage_high = _number("High", "Dollars an hour.", 20)
    wage_source = StringField(
        "Source of the wages",
        description="For example “Ohio Department of Job and Family Services, OES”.",
        filters=[_strip],
        validators=[Length(max=200)],
    )
    wage_year = _number("Year of the wages", "For example 2025.", 8)
    schedule = TextAreaField(
        "Schedule",
        description="Shifts, hours, overtime, weekends.",
        validators=[Length(max=5000)],
    )
    conditions = TextAreaField(
        "Working conditions",
        description="Physical demands, environment, protective equipment.",
        validators=[Length(max=5000)],
    )


# One field per benefit: how many of the partnership's employers offer it (the services'
# errors name these fields benefit_<name>).
for _benefit in Benefit:
    setattr(StepForm, f"benefit_{_benefit.value}", _number(_benefit.label))

BENEFIT_FIELDS = [(b, f"benefit_{b.value}") for b in Benefit]


class MoveForm(Form):
    from_step_id = SelectField("From", coerce=whole)
    to_step_id = SelectField("To", coerce=whole)
    kind = SelectField(
        "Kind",
        choices=_choices(MoveKind),
        default=MoveKind.UP.value,
        description="Up: to a higher level. Sideways: to a step of the same level "
        "(another employer, occupation or track).",
    )
    typical_months = _number("Typical time (months)", "How long people usually take.", 8)
    support = TextAreaField(
        "Training or credential that supports it",
        description="For example “Industrial Maintenance certificate; employer pays tuition”.",
        validators=[Length(max=5000)],
    )


class RequireForm(Form):
    """Require a standard (found by the search) at a proficiency level."""

    standard_id = HiddenField("Standard")
    level = SelectField("Level required", choices=_choices(Level), default=Level.BASELINE.value)


class RequirementForm(Form):
    """Change a requirement's level."""

    level = SelectField("Level required", choices=_choices(Level))


class DeleteForm(Form):
    """A confirmation: only the CSRF token."""

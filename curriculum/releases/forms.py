"""The forms of releases: preparing one, and endorsing one."""

from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from curriculum.forms import Form
from curriculum.standards.forms import MARKDOWN_HINT


class PrepareForm(Form):
    name = StringField(
        "Name",
        description="How the edition is known, for example “2027 edition”.",
        validators=[DataRequired(message="Give the release a name."), Length(max=200)],
    )
    notes = TextAreaField(
        "Notes",
        description="What this edition is about (optional). " + MARKDOWN_HINT,
        validators=[Length(max=20000)],
    )


class EndorseReleaseForm(Form):
    note = StringField(
        "Note (optional)",
        description="Shown with your organization's endorsement.",
        validators=[Length(max=1000)],
    )

"""The forms of releases: preparing one, endorsing one, and refreshing one."""

from wtforms import HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from curriculum.forms import Form, whole
from curriculum.standards.forms import MARKDOWN_HINT


def hold_field() -> SelectMultipleField:
    """The "hold back" tick boxes (name `hold`, a standard id each), drawn beside the diff's
    standards by the template; which ids may be held is the service's rule (a 400 naming
    `hold` otherwise)."""
    return SelectMultipleField(
        "Hold back",
        coerce=whole,
        validate_choice=False,
        description="Ticked standards' changes stay out of this edition.",
    )


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
    hold = hold_field()


class EndorseReleaseForm(Form):
    # When the release's content was fixed as the endorser read it (its prepared_at): a refresh
    # since then changed what they would endorse, so the service refuses it.
    prepared = HiddenField()
    note = StringField(
        "Note (optional)",
        description="Shown with your organization's endorsement.",
        validators=[Length(max=1000)],
    )


class RefreshForm(Form):
    """Refreshing a release, choosing again which standards it holds back (`choosing` marks a
    form that sends the choice, so no box ticked means holding nothing back)."""

    choosing = HiddenField(default="1")
    hold = hold_field()

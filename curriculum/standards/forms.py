"""Framework, standard, version, endorsement and comment forms."""

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from curriculum.forms import Form, IntegerField, LongSelect, whole
from curriculum.standards.models import KIND_LABELS, Level, SkillCategory

LEVEL_CHOICES = [SelectChoice("", "— none —"), *(SelectChoice(v.value, v.label) for v in Level)]
CATEGORY_CHOICES = [SelectChoice(c.value, c.label) for c in SkillCategory]
MARKDOWN_HINT = "Markdown is supported: **bold**, _italic_, lists with - and links."


class FrameworkForm(Form):
    title = StringField(
        "Title",
        validators=[DataRequired(message="Give the framework a title."), Length(max=200)],
    )
    coding_prefix = StringField(
        "Coding prefix",
        description="Printed before every code, for example PT (optional).",
        validators=[Optional(), Length(max=16)],
    )
    occupation_codes = StringField(
        "Occupations (O*NET-SOC codes)",
        description="Separate codes with spaces or commas, for example 51-4041.00 51-9199.00. "
        "Search below to find codes.",
        validators=[Length(max=2000)],
    )
    description = TextAreaField(
        "Description", description=MARKDOWN_HINT, validators=[Length(max=20000)]
    )


class ContentFields:
    """The fields every version carries."""

    title = StringField(
        "Title", validators=[DataRequired(message="Give the standard a title."), Length(max=300)]
    )
    statement = TextAreaField(
        "Statement", description=MARKDOWN_HINT, validators=[Length(max=20000)]
    )
    level = SelectField("Proficiency level", choices=LEVEL_CHOICES, validators=[Optional()])


class StandardForm(ContentFields, Form):
    kind = SelectField("Kind", choices=[SelectChoice(k.value, v) for k, v in KIND_LABELS.items()])
    # Shown only for knowledge and skill items; the service checks it (and ignores it otherwise).
    category = SelectField(
        "Category",
        description="For knowledge and skill items.",
        choices=CATEGORY_CHOICES,
        validate_choice=False,
    )
    parent_id = HiddenField()
    code = StringField(
        "Code",
        description="Leave empty for the next code in sequence (A, A.1, A.1.3 …).",
        validators=[Optional(), Length(max=32)],
    )
    change_note = StringField("Note", default="Created", validators=[Length(max=500)])


class VersionForm(ContentFields, Form):
    base_version = HiddenField(validators=[InputRequired()])
    change_note = StringField(
        "What changed, and why",
        description="Shown in the history, for the panel.",
        validators=[Length(max=500)],
    )


class EndorseForm(Form):
    note = StringField(
        "Note (optional)",
        description="Shown with your organization's endorsement.",
        validators=[Length(max=1000)],
    )


class CommentForm(Form):
    body = TextAreaField(
        "Comment",
        description=MARKDOWN_HINT,
        validators=[DataRequired(message="Write something first."), Length(max=10000)],
    )
    version_id = SelectField("About", coerce=whole, validators=[Optional()])
    parent_id = HiddenField()


class MoveForm(Form):
    parent_id = SelectField("New parent", coerce=whole, widget=LongSelect())


class CodeForm(Form):
    code = StringField("Code", validators=[DataRequired(message="Enter a code."), Length(max=32)])


class PlaceForm(Form):
    position = IntegerField(validators=[InputRequired()])


class ButtonForm(Form):
    """An empty form: a POST button with its CSRF token."""

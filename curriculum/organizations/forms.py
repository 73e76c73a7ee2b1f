"""The organization form."""

from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, Optional

from curriculum.forms import Form, whole
from curriculum.organizations.models import KIND_LABELS


class OrganizationForm(Form):
    # New organizations only: the partnership it joins (conveners choose one they convene; a
    # site administrator may leave it empty). Removed from the form when editing.
    partnership_id = SelectField(
        "Joins the partnership",
        coerce=whole,
        default=0,
        description="It takes part in this partnership from the start, so its conveners keep it.",
    )
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        "Kind", choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()]
    )
    city = StringField("City", validators=[Optional(), Length(max=120)])
    website = StringField(
        "Website", validators=[Optional(), URL(message="Enter a full address."), Length(max=255)]
    )
    description = TextAreaField(
        "Description",
        description="Markdown is supported.",
        validators=[Length(max=20000)],
        render_kw={"rows": 8},
    )

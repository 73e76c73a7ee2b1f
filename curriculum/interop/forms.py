"""The form of a link between standards."""

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from curriculum.forms import Form, IntegerField
from curriculum.interop.links import ADDABLE_TYPES, words


class LinkForm(Form):
    target_id = IntegerField(
        "Standard to link to", validators=[InputRequired(message="Choose a standard.")]
    )
    association_type = SelectField(
        "Kind of link",
        choices=[SelectChoice(t, words(t, True)) for t in ADDABLE_TYPES],
        validators=[InputRequired(message="Choose the kind of link.")],
    )

"""Partnership, member and invitation forms."""

from wtforms import (
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from curriculum.auth.forms import PASSWORD_HINT
from curriculum.auth.services import MIN_PASSWORD_LENGTH, PASSWORD_LENGTH_MESSAGE
from curriculum.forms import Form, IntegerField, whole
from curriculum.partnerships.models import Role

ROLE_CHOICES = [SelectChoice(r.value, r.label) for r in Role]

# What each role does, for the people choosing one (the invite form).
ROLE_HELP = {
    Role.CONVENER: "Runs the partnership: members, invitations, frameworks and publishing.",
    Role.PANELIST: "Speaks for an employer or labor organization: drafts, comments on and "
    "endorses standards.",
    Role.FACULTY: "Keeps a college's courses and programs and aligns them to the standards.",
    Role.VIEWER: "Reads what the partnership has published.",
}


class PartnershipForm(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    industry = StringField("Industry", validators=[DataRequired(), Length(max=200)])
    naics_code = StringField(
        "NAICS code",
        description="Optional, 2 to 6 digits (for example 3330 for machinery manufacturing).",
        validators=[Optional(), Regexp(r"^\d{2,6}$", message="A NAICS code is 2 to 6 digits.")],
    )
    region = StringField("Region", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        "Description",
        description="Markdown is supported.",
        validators=[Length(max=20000)],
        render_kw={"rows": 8},
    )
    endorsement_quorum = IntegerField(
        "Endorsement quorum",
        default=3,
        description="How many distinct employer or labor organizations must endorse a version "
        "before it can be published.",
        validators=[
            InputRequired(message="Enter how many organizations must endorse."),
            NumberRange(min=1, max=100, message="Enter a number from 1 to 100."),
        ],
    )


class NewPartnershipForm(PartnershipForm):
    convener_email = EmailField(
        "First convener",
        description="Email of an existing account who will run the partnership (optional).",
        validators=[Optional(), Email(), Length(max=254)],
    )


class RoleForm(Form):
    role = SelectField("Role", choices=ROLE_CHOICES)


class ConfirmForm(Form):
    """An empty form: a POST button with its CSRF token."""


class AddOrganizationForm(Form):
    organization_id = SelectField("Organization", coerce=whole, validators=[DataRequired()])


class InvitationForm(Form):
    email = EmailField(
        "Email",
        validators=[
            DataRequired(message="Enter the email address of the person to invite."),
            Email(message="Enter a whole email address, such as name@example.org."),
            Length(max=254),
        ],
    )
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.PANELIST.value)
    organization_id = SelectField(
        "Organization",
        coerce=whole,
        description="The organization this person speaks for.",
        validators=[DataRequired(message="Choose an organization.")],
    )


class AcceptInvitationForm(Form):
    display_name = StringField(
        "Your name",
        description="As colleagues in the partnership will see it.",
        validators=[DataRequired(message="Enter your name."), Length(max=120)],
    )
    password = PasswordField(
        "Choose a password",
        description=PASSWORD_HINT,
        validators=[
            DataRequired(message="Choose a password."),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=PASSWORD_LENGTH_MESSAGE),
        ],
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            DataRequired(message="Type the password again."),
            EqualTo("password", message="The two passwords differ."),
        ],
    )

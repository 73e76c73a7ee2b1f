"""Sign-in, profile, password and user-administration forms."""

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from curriculum.auth.services import MIN_PASSWORD_LENGTH, PASSWORD_LENGTH_MESSAGE
from curriculum.forms import Form, whole

PASSWORD_HINT = f"At least {MIN_PASSWORD_LENGTH} characters."


class LoginForm(Form):
    email = EmailField(
        "Email", validators=[DataRequired(message="Enter your email address."), Length(max=254)]
    )
    password = PasswordField("Password", validators=[DataRequired(message="Enter your password.")])
    remember = BooleanField("Keep me signed in on this device")


class ProfileForm(Form):
    display_name = StringField(
        "Name", validators=[DataRequired(message="Enter your name."), Length(max=120)]
    )


class NewPasswordForm(Form):
    """A new password, typed twice: the rules of every form that sets one."""

    new_password = PasswordField(
        "New password",
        description=PASSWORD_HINT,
        validators=[
            DataRequired(message="Choose a new password."),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=PASSWORD_LENGTH_MESSAGE),
        ],
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            DataRequired(message="Type the new password again."),
            EqualTo("new_password", message="The two passwords differ."),
        ],
    )


class PasswordForm(NewPasswordForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired(message="Enter your current password.")]
    )


class ForgotPasswordForm(Form):
    email = EmailField(
        "Email",
        description="The address you sign in with.",
        validators=[DataRequired(message="Enter your email address."), Length(max=254)],
    )


class UserCreateForm(Form):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    display_name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    password = PasswordField(
        "Password",
        description=PASSWORD_HINT,
        validators=[
            DataRequired(message="Choose a password."),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=PASSWORD_LENGTH_MESSAGE),
        ],
    )
    organization_id = SelectField("Organization", coerce=whole)
    is_site_admin = BooleanField("Site administrator")


class TokenForm(Form):
    name = StringField(
        "Token name",
        validators=[DataRequired(), Length(max=100)],
        description="What will use it, such as “nightly export script”.",
    )

"""Course, program and program-course forms."""

from wtforms import (
    BooleanField,
    DecimalField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from curriculum.forms import Form, IntegerField, whole

MARKDOWN_HINT = "Markdown is supported."


class CourseForm(Form):
    organization_id = SelectField("College", coerce=whole)
    code = StringField(
        "Code",
        description="As in the catalog, for example MFG 110.",
        validators=[DataRequired(message="Enter the course code."), Length(max=32)],
    )
    title = StringField(
        "Title", validators=[DataRequired(message="Enter the course title."), Length(max=200)]
    )
    credits = DecimalField(
        "Credits",
        places=2,
        validators=[
            InputRequired(message="Enter the credits, for example 3."),
            NumberRange(min=0, max=99, message="Credits are between 0 and 99."),
        ],
    )
    contact_hours = IntegerField(
        "Contact hours",
        validators=[Optional(), NumberRange(min=0, max=2000, message="Between 0 and 2,000.")],
    )
    description = TextAreaField(
        "Description", description=MARKDOWN_HINT, validators=[Length(max=20000)]
    )
    learning_outcomes = TextAreaField(
        "Learning outcomes",
        description="One outcome per line.",
        validators=[Length(max=20000)],
    )


class ProgramForm(Form):
    organization_id = SelectField("College", coerce=whole)
    name = StringField(
        "Name",
        validators=[DataRequired(message="Enter the program's name."), Length(max=200)],
    )
    award_type = StringField(
        "Award",
        description="Certificate, Associate of Applied Science, Diploma …",
        validators=[DataRequired(message="Enter the award."), Length(max=80)],
    )
    catalog_year = StringField(
        "Catalog year",
        description="For example 2026-2027.",
        validators=[DataRequired(message="Enter the catalog year."), Length(max=9)],
    )
    partnership_id = SelectField("Partnership", coerce=whole)
    framework_ids = SelectMultipleField(
        "Frameworks", coerce=whole, description="The skill standards the program answers to."
    )
    description = TextAreaField(
        "Description", description=MARKDOWN_HINT, validators=[Length(max=20000)]
    )
    committee_signatory = StringField(
        "Signs for the college",
        description="The title under the college's signature line on the printed curriculum's "
        "approval page. Left empty: Chair, College Curriculum Committee.",
        validators=[Length(max=120)],
    )
    convener_signatory = StringField(
        "Signs for the partnership",
        description="The title under the partnership's signature line. Left empty: Convener, "
        "Sector Partnership.",
        validators=[Length(max=120)],
    )


class ProgramCourseForm(Form):
    course_id = SelectField("Course", coerce=whole)
    term = IntegerField(
        "Term",
        default=1,
        validators=[InputRequired(), NumberRange(min=1, max=12, message="Term 1 to 12.")],
    )
    required = BooleanField("Required", default=True)


def group_id(value) -> int | None:
    """`coerce=` for the elective-group choice: no group ("") is None."""
    if value in (None, "", "None"):
        return None
    return whole(value)


class EntryForm(Form):
    """One program course in the edit mode: its term, required or not, its elective group."""

    term = IntegerField(
        "Term",
        validators=[
            InputRequired(message="Enter the term, a number from 1 to 12."),
            NumberRange(min=1, max=12, message="The term is a number from 1 to 12."),
        ],
    )
    required = BooleanField("Required")
    group_id = SelectField("Elective group", coerce=group_id, validate_choice=False)


class GroupForm(Form):
    """An elective group: its name and how many of its courses a student chooses (the service
    checks both and words the message)."""

    name = StringField("Group name", validators=[Length(max=120)])
    choose = StringField("Choose", validators=[Length(max=12)])


class CopyForm(Form):
    catalog_year = StringField(
        "New catalog year",
        description="For example 2027-2028.",
        validators=[DataRequired(message="Enter the catalog year."), Length(max=9)],
    )

"""The catalog import's forms: the upload (college, partnership of new programs, file) and the
column mapping (one select per catalog field, as a standards import maps its columns)."""

from flask_wtf.file import FileField
from wtforms import SelectField

from curriculum.courses.catalog_read import FIELDS as NAMES
from curriculum.forms import Form
from curriculum.interop.forms import ColumnMappingForm


class CatalogUploadForm(Form):
    organization_id = SelectField("College", choices=[], coerce=str)
    partnership_id = SelectField(
        "Partnership of new programs",
        choices=[],
        coerce=str,
        default="",
        description="Programs the file names that the college does not have yet are created in "
        "this partnership. Not needed for a file of courses only.",
    )
    file = FileField(
        "File",
        description="A CSV file or an Excel workbook (.xlsx; its first sheet), with a header "
        "row. If the form comes back with a message, choose the file again: browsers do not "
        "keep it.",
    )


class CatalogMappingForm(ColumnMappingForm):
    """Which column holds each field of a course or of a program row."""

    code = SelectField(NAMES["code"], choices=[], default="", description="Such as MFG 110.")
    title = SelectField(NAMES["title"], choices=[], default="")
    credits = SelectField(NAMES["credits"], choices=[], default="", description="Such as 3.")
    contact_hours = SelectField(NAMES["contact_hours"], choices=[], default="")
    description = SelectField(NAMES["description"], choices=[], default="")
    program = SelectField(
        NAMES["program"],
        choices=[],
        default="",
        description="A row naming a program puts its course in that program.",
    )
    catalog_year = SelectField(
        NAMES["catalog_year"], choices=[], default="", description="Such as 2026-2027."
    )
    term = SelectField(NAMES["term"], choices=[], default="", description="1 to 12; 1 if empty.")
    required = SelectField(
        NAMES["required"],
        choices=[],
        default="",
        description="Yes or no (required, elective); empty: required, unless in a group.",
    )
    group = SelectField(
        NAMES["group"],
        choices=[],
        default="",
        description="Either/or electives: courses of one group, a student chooses one.",
    )

    FIELDS = tuple(NAMES)

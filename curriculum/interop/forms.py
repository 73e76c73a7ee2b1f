"""The import form: the file, its format, reference or draft, dry run, and the framework to
import into (optional)."""

from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice

from curriculum.forms import Form
from curriculum.interop.models import ImportMode


class ImportForm(Form):
    file = FileField(
        "File",
        description="A CASE package (.json), a spreadsheet (.csv, .xlsx) or an RSD collection "
        "(.json). If the form comes back with a message, choose the file again: browsers do not "
        "keep it.",
    )
    format = RadioField("Format", choices=[])  # the registered readers (views._form)
    mode = RadioField(
        "Import as",
        choices=[
            SelectChoice(
                ImportMode.REFERENCE.value,
                "A reference framework: someone else's standards (a state's, a national "
                "body's, another partnership's), read-only here, published as they arrive and "
                "changed only by importing them again",
            ),
            SelectChoice(
                ImportMode.DRAFT.value,
                "A partnership framework: every item arrives as draft version 1 for the panel "
                "to review, edit, endorse and publish",
            ),
        ],
        default=ImportMode.REFERENCE.value,
    )
    dry_run = BooleanField(
        "Dry run: show what would be created, updated and retired, and write nothing",
        default=True,
    )
    framework = SelectField(
        "Into",
        choices=[SelectChoice("", "A new framework, or the one the file names")],
        default="",
        description="Importing a package again updates the framework it made (matched by "
        "its identifier); a spreadsheet can also add to one of the partnership's frameworks.",
    )

"""The import form (the file, its format, reference or draft, dry run, the framework to import
into), the column mapping of a spreadsheet, and the form of a link between standards."""

from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from curriculum.forms import Form, IntegerField
from curriculum.interop.links import ADDABLE_TYPES, words
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
        "its identifier) and retires what the file no longer holds. A file imported into "
        "another of the partnership's frameworks only adds and updates: it retires nothing.",
    )


class ColumnMappingForm(Form):
    """Which column of a spreadsheet holds each of `FIELDS` (one select each; the view fills
    the choices with the file's columns, after "— not in the file —"). Subclasses declare the
    selects and name them in FIELDS."""

    FIELDS: tuple[str, ...] = ()

    def offer(self, columns: list[str]) -> None:
        choices = [SelectChoice("", "— not in the file —")] + [
            SelectChoice(c, c) for c in dict.fromkeys(columns) if c
        ]
        for name in self.FIELDS:
            self[name].choices = choices

    def mapping(self) -> dict[str, str]:
        return {name: self[name].data for name in self.FIELDS if self[name].data}


class MappingForm(ColumnMappingForm):
    """Which column of a spreadsheet holds each field of a standard."""

    code = SelectField(
        "Code", choices=[], default="", description="Unique in the file, such as B.2.1."
    )
    parent_code = SelectField(
        "Parent code",
        choices=[],
        default="",
        description="The code of the row above it in the tree.",
    )
    kind = SelectField(
        "Kind",
        choices=[],
        default="",
        description="Critical work function, Key activity, Performance indicator, Knowledge, "
        "Skill or Item (any case); an empty cell is guessed from the parent where it can be.",
    )
    title = SelectField("Title", choices=[], default="")
    statement = SelectField("Statement", choices=[], default="")
    level = SelectField(
        "Level", choices=[], default="", description="Baseline, Intermediate or Mastery."
    )
    category = SelectField(
        "Category",
        choices=[],
        default="",
        description="Academic, Employability or Occupational / technical.",
    )
    identifier = SelectField(
        "Identifier",
        choices=[],
        default="",
        description="A CASE identifier, kept as the standard's identity; else the code is.",
    )

    FIELDS = (
        "code",
        "parent_code",
        "kind",
        "title",
        "statement",
        "level",
        "category",
        "identifier",
    )


class LinkForm(Form):
    target_id = IntegerField(
        "Standard to link to", validators=[InputRequired(message="Choose a standard.")]
    )
    association_type = SelectField(
        "Kind of link",
        choices=[SelectChoice(t, words(t, True)) for t in ADDABLE_TYPES],
        validators=[InputRequired(message="Choose the kind of link.")],
    )

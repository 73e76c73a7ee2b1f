"""The export form: the format, which frameworks, published only or with drafts, and "as of"
a date."""

from wtforms import DateField, RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from curriculum.courses.paths import SCOPE_LABELS
from curriculum.forms import Form, whole


class ExportForm(Form):
    format = RadioField(
        "Format",
        choices=[SelectChoice("pdf", "PDF")],  # the kind's formats (views._form)
        default="pdf",
        description="Word documents have the same sections and tables, for editing.",
    )
    frameworks = SelectMultipleField(
        "Skill standards",
        coerce=whole,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description="The frameworks whose alignment and coverage the document prints.",
    )
    content = RadioField(
        "Versions",
        choices=[
            SelectChoice("published", "Published versions only"),
            SelectChoice("drafts", "Also drafts (every page is marked DRAFT)"),
        ],
        default="published",
    )
    scope = RadioField(
        "Coverage from",
        choices=[SelectChoice(k, v) for k, v in SCOPE_LABELS.items()],
        default="required",
        description="Which courses the coverage figures and gaps count; the matrix and the "
        "course pages print every course.",
    )
    electives = SelectMultipleField(
        "Chosen electives",
        coerce=whole,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description="With “Required courses and chosen electives”.",
    )
    as_of = DateField(
        "As of",
        validators=[Optional()],
        description="Leave empty for today. A past date prints the versions and alignments "
        "as they stood at the end of that day, for accreditation.",
    )

    def validate_frameworks(self, field) -> None:
        if field.choices and not field.data:
            raise ValidationError(
                "Tick at least one framework: the document prints the alignment and coverage "
                "of the frameworks ticked."
            )

    def options(self) -> dict:
        data = {
            "format": self.format.data,
            "drafts": self.content.data == "drafts",
            "as_of": self.as_of.data,
        }
        if self.frameworks is not None and self.frameworks.choices:
            data["frameworks"] = list(self.frameworks.data or [])
        if self.scope is not None:
            data["scope"] = self.scope.data
            chosen = list(self.electives.data or []) if self.electives is not None else []
            data["electives"] = chosen if self.scope.data == "chosen" else []
        return data

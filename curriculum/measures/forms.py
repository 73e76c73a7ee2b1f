"""The cohort form (term of entry, the counts, the medians, credentials earned, where the figures
come from), the upload of a measures file and its column mapping. Placements are one number per
employer of the partnership, read by the view (their names depend on the partnership)."""

from __future__ import annotations

import re

from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from curriculum.forms import Form, IntegerField
from curriculum.interop.forms import ColumnMappingForm
from curriculum.measures import services
from curriculum.measures.importing import FIELDS as NAMES
from curriculum.measures.models import COUNT_FIELDS, EARNINGS_FIELDS, Cohort, Season

_LINE = re.compile(r"^(?P<name>.+?)\s*[:,;\t]\s*(?P<count>-?[0-9]+)\s*$")


class CohortForm(Form):
    entry_year = IntegerField("Year of entry", description="Such as 2025.")
    entry_season = SelectField(
        "Season", choices=[SelectChoice(s.value, s.label) for s in Season], default="fall"
    )
    enrolled = IntegerField(COUNT_FIELDS["enrolled"], validators=[Optional()])
    completed = IntegerField(COUNT_FIELDS["completed"], validators=[Optional()])
    employed_q2 = IntegerField(COUNT_FIELDS["employed_q2"], validators=[Optional()])
    employed_q4 = IntegerField(COUNT_FIELDS["employed_q4"], validators=[Optional()])
    with_health_insurance = IntegerField(
        COUNT_FIELDS["with_health_insurance"], validators=[Optional()]
    )
    with_paid_time_off = IntegerField(COUNT_FIELDS["with_paid_time_off"], validators=[Optional()])
    median_earnings_before = StringField(
        EARNINGS_FIELDS["median_earnings_before"],
        description="In dollars, such as 7800. Leave empty when not known.",
    )
    median_earnings_after = StringField(
        EARNINGS_FIELDS["median_earnings_after"], description="In dollars, such as 11250."
    )
    credentials = TextAreaField(
        "Credentials earned",
        description="One credential a line, then how many earned it: “NIMS Machining Level I: 12”.",
    )
    source = StringField(
        "Source",
        validators=[Length(max=services.MAX_SOURCE)],
        description="Where the figures come from, such as the state's wage records.",
    )
    notes = TextAreaField("Notes", validators=[Length(max=services.MAX_NOTES)])

    COUNTS = tuple(COUNT_FIELDS)

    def fill(self, cohort: Cohort) -> None:
        """Show the cohort's figures (a GET of the edit page)."""
        self.entry_year.data = cohort.entry_year
        self.entry_season.data = cohort.entry_season.value
        for name in (*COUNT_FIELDS, "source", "notes"):
            self[name].data = getattr(cohort, name)
        for name in EARNINGS_FIELDS:
            value = getattr(cohort, name)
            self[name].data = "" if value is None else f"{value:f}"
        self.credentials.data = "\n".join(f"{c.credential}: {c.earned}" for c in cohort.credentials)

    def values(self) -> dict | None:
        """What the form says, for the services; None (with the error on the field) when the
        credentials cannot be read."""
        data: dict = {name: self[name].data for name in ("entry_year", "entry_season")}
        data.update({name: self[name].data for name in COUNT_FIELDS})
        data.update({name: self[name].data.strip() for name in EARNINGS_FIELDS})
        data.update(source=self.source.data, notes=self.notes.data)
        credentials = []
        for number, line in enumerate(self.credentials.data.splitlines(), start=1):
            if not line.strip():
                continue
            found = _LINE.match(line.strip())
            if found is None:
                self.credentials.errors = [
                    f"Credentials earned, line {number}: write the credential, a colon and how "
                    "many earned it, such as “OSHA 10: 14”."
                ]
                return None
            credentials.append({"credential": found["name"], "earned": int(found["count"])})
        data["credentials"] = credentials
        return data


class MeasuresUploadForm(Form):
    file = FileField(
        "File",
        description="A CSV file or an Excel workbook (.xlsx; its first sheet), with a header row "
        "and one row per cohort. If the form comes back with a message, choose the file again: "
        "browsers do not keep it.",
    )


def _select(name: str, description: str = "") -> SelectField:
    return SelectField(NAMES[name], choices=[], default="", description=description)


class MeasuresMappingForm(ColumnMappingForm):
    """Which column holds each figure of a cohort."""

    entry_year = _select("entry_year", "Such as 2025.")
    entry_season = _select("entry_season", "Winter, spring, summer or fall.")
    enrolled = _select("enrolled")
    completed = _select("completed")
    employed_q2 = _select("employed_q2")
    employed_q4 = _select("employed_q4")
    with_health_insurance = _select("with_health_insurance")
    with_paid_time_off = _select("with_paid_time_off")
    median_earnings_before = _select("median_earnings_before", "In dollars.")
    median_earnings_after = _select("median_earnings_after", "In dollars.")
    source = _select("source")
    notes = _select("notes")

    FIELDS = tuple(NAMES)

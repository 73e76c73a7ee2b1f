"""The API's objects of a program's cohorts (performance measures) and the bodies that record and
change them. Every count goes through the suppression rule: a count from 1 to 4 (and a median
or share of so few people) is sent as null and named in `suppressed`."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, PlainSerializer, StrictFloat, WithJsonSchema

from curriculum.api.schemas.base import Id, Input, Integer, Response, Str, Time
from curriculum.api.schemas.general import IdAndName
from curriculum.measures import models, privacy, services, trends
from curriculum.measures.models import COUNT_FIELDS, Season

Money = Annotated[
    Decimal,
    PlainSerializer(float, return_type=float),
    WithJsonSchema({"type": "number"}),
]
Amount = Annotated[StrictFloat, Field(ge=0, le=float(services.MAX_EARNINGS))]
SUPPRESSED = (
    "The figures withheld because they count (or are the median of) 1 to 4 people: each is "
    "null here. Names a cohort's field, or credentials[i].earned, placements[i].placed."
)


class Credential(Response):
    credential: str
    earned: int | None = Field(description="null: unknown or suppressed (1 to 4).")


class Placement(Response):
    organization: IdAndName = Field(description="The employer.")
    placed: int | None = Field(description="null: suppressed (1 to 4).")


class Cohort(Response):
    """A program's students who entered in one term, and what became of them (counts)."""

    id: int
    program_id: int
    entry_year: int
    entry_season: Season
    term: str = Field(description='Such as "Fall 2025".')
    enrolled: int | None
    completed: int | None
    employed_q2: int | None = Field(description="Employed in the sector, 2nd quarter after exit.")
    employed_q4: int | None = Field(description="Employed in the sector, 4th quarter after exit.")
    with_health_insurance: int | None
    with_paid_time_off: int | None
    median_earnings_before: Money | None = Field(description="Quarterly, in dollars.")
    median_earnings_after: Money | None = Field(description="Quarterly, in dollars.")
    source: str
    notes: str
    credentials: list[Credential]
    placements: list[Placement]
    suppressed: list[str] = Field(description=SUPPRESSED)
    updated_at: Time

    @classmethod
    def of(cls, c: models.Cohort) -> Cohort:
        suppressed = trends.suppressed_fields(c)
        credentials = []
        for i, cred in enumerate(c.credentials):
            if privacy.is_suppressed(cred.earned):
                suppressed.append(f"credentials[{i}].earned")
            credentials.append(
                Credential(credential=cred.credential, earned=privacy.shown(cred.earned))
            )
        placements = []
        for i, p in enumerate(c.placements):
            if privacy.is_suppressed(p.placed):
                suppressed.append(f"placements[{i}].placed")
            placements.append(
                Placement(
                    organization=IdAndName(id=p.organization.id, name=p.organization.name),
                    placed=privacy.shown(p.placed),
                )
            )
        medians = trends.medians(c)
        return cls.from_object(
            c,
            **{name: privacy.shown(getattr(c, name)) for name in COUNT_FIELDS},
            median_earnings_before=medians.before,
            median_earnings_after=medians.after,
            credentials=credentials,
            placements=placements,
            suppressed=suppressed,
        )


class CohortList(Response):
    """A program's cohorts, oldest term first."""

    program_id: int
    items: list[Cohort]


class CredentialInput(Input):
    credential: Str = Field(max_length=services.MAX_CREDENTIAL)
    earned: Integer


class PlacementInput(Input):
    organization_id: Id = Field(description="An employer of the program's partnership.")
    placed: Integer


_COUNT = "A count of people (0 or more, at most those enrolled); null: not known."


class CohortChange(Input):
    """The fields to change; a field left out stays as it is."""

    entry_year: Integer | None = None
    entry_season: Season | None = None
    enrolled: Integer | None = Field(None, description=_COUNT)
    completed: Integer | None = Field(None, description=_COUNT)
    employed_q2: Integer | None = Field(None, description=_COUNT)
    employed_q4: Integer | None = Field(None, description=_COUNT)
    with_health_insurance: Integer | None = Field(None, description=_COUNT)
    with_paid_time_off: Integer | None = Field(None, description=_COUNT)
    median_earnings_before: Amount | None = Field(None, description="Dollars a quarter.")
    median_earnings_after: Amount | None = Field(None, description="Dollars a quarter.")
    source: Str | None = Field(None, max_length=services.MAX_SOURCE)
    notes: Str | None = Field(None, max_length=services.MAX_NOTES)
    credentials: list[CredentialInput] | None = Field(
        None, description="Replaces the list of credentials earned."
    )
    placements: list[PlacementInput] | None = Field(
        None, description="Replaces the list of placements by employer."
    )

    def data(self) -> dict:
        """The fields sent, for the services."""
        return self.model_dump(include=self.model_fields_set)


class CohortInput(CohortChange):
    """A new cohort: its term of entry, and the figures known."""

    entry_year: Integer = Field(description="Such as 2025.")
    entry_season: Season

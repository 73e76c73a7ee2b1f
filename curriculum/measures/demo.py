"""The demo's performance measures: three cohorts (Fall 2023, 2024 and 2025) of each demo
program, with believable counts: enrolment growing, completions and employment with the lag
real wage records have (the newest cohorts' later figures are not known yet), credentials by
credential, placements by demo employer, and median quarterly earnings before and after. Some
counts are under 5, so the suppression rule (measures/privacy.py) shows on every page.

The rows are written directly with the models (the cohort pages have their own services); the
content is data, in curriculum/data/demo/measures.json. Idempotent: a cohort that exists
already (program, year, season) is left as it is.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from curriculum.auth.models import find_by_email
from curriculum.courses.models import Program
from curriculum.extensions import db
from curriculum.measures.models import (
    COUNT_FIELDS,
    Cohort,
    CohortCredential,
    CohortPlacement,
    Season,
)
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership

DATA = Path(__file__).resolve().parent.parent / "data" / "demo" / "measures.json"


def data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _money(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def load(partnership: Partnership) -> list[Cohort]:
    """Add the demo cohorts that are missing; returns those added."""
    content = data()
    programs = {
        p.organization.name: p
        for p in db.session.scalars(
            db.select(Program).where(Program.partnership_id == partnership.id).order_by(Program.id)
        )
    }
    employers = {o.name: o for o in db.session.scalars(db.select(Organization))}
    added = []
    for college, cohorts in content["cohorts"].items():
        program = programs.get(college)
        if program is None:
            continue
        existing = {
            (c.entry_year, c.entry_season)
            for c in db.session.scalars(db.select(Cohort).where(Cohort.program_id == program.id))
        }
        by = find_by_email(content["recorded_by"][college])
        for row in cohorts:
            season = Season(row["season"])
            if (row["year"], season) in existing:
                continue
            cohort = Cohort(
                program=program,
                entry_year=row["year"],
                entry_season=season,
                median_earnings_before=_money(row["median_earnings_before"]),
                median_earnings_after=_money(row["median_earnings_after"]),
                source=content["source"][college],
                notes=row["notes"],
                updated_by=by,
                **{name: row[name] for name in COUNT_FIELDS},
            )
            for credential, earned in row["credentials"].items():
                cohort.credentials.append(CohortCredential(credential=credential, earned=earned))
            for name, placed in row["placements"].items():
                employer = employers.get(name)
                if employer is not None:
                    cohort.placements.append(CohortPlacement(organization=employer, placed=placed))
            db.session.add(cohort)
            added.append(cohort)
    db.session.flush()
    return added

"""The demo's career lattice: "Production and maintenance", from production associate up to
maintenance, automation and supervision, and sideways between quality, setup and maintenance.

Its steps carry Ohio hourly wages (with their source and year), the benefits the demo's
employers offer, the employers hiring with their openings, and requirements drawn from the
Production Technician standards (by code, at a proficiency level). Everything goes through the
ladder services (create_ladder, add_step, require_standard, add_move, then update_ladder to
publish it), so the audit log tells the story. The content is data, in
curriculum/data/demo/ladders.json. Idempotent: a ladder already there is left as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

from curriculum.auth.models import User
from curriculum.extensions import db
from curriculum.ladders import moves, requirements, services, steps
from curriculum.ladders.models import Ladder, LadderStatus
from curriculum.partnerships.models import Partnership
from curriculum.standards.models import Framework, Standard

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "ladders.json"
_DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))

FRAMEWORK: str = _DATA["framework"]  # the framework whose standards the steps require
DRAWN_BY: str = _DATA["drawn_by"]  # the account that draws the ladders
WAGE_SOURCE: str = _DATA["wage_source"]
WAGE_YEAR: int = _DATA["wage_year"]
# [{title, description, steps: [{title, onet_code, level, position, description, wages
# [low, median, high], schedule, conditions, benefits {name: employers}, employers [[name,
# openings]], requirements [[code, level]]}], moves: [[from, to, kind, months, support]]}]
LADDERS: list[dict] = _DATA["ladders"]


def load(partnership: Partnership, users: dict[str, User]) -> list[Ladder]:
    """The demo ladders of the partnership (each drawn once, then published)."""
    return [_ladder(partnership, spec, users[DRAWN_BY]) for spec in LADDERS]


def _ladder(partnership: Partnership, spec: dict, by: User) -> Ladder:
    found = db.session.scalar(
        db.select(Ladder).where(
            Ladder.partnership_id == partnership.id, Ladder.title == spec["title"]
        )
    )
    if found is not None:
        return found
    framework = db.session.scalar(
        db.select(Framework).where(
            Framework.partnership_id == partnership.id, Framework.title == FRAMEWORK
        )
    )
    assert framework is not None, f"the demo framework {FRAMEWORK!r} is loaded first"
    found = db.select(Standard).where(Standard.framework_id == framework.id)
    standards = {s.code: s for s in db.session.scalars(found)}
    employers = {o.name: o.id for o in steps.employers_of(partnership.id)}
    ladder = services.create_ladder(
        partnership, title=spec["title"], description=spec["description"], by=by
    )
    by_title = {}
    for row in spec["steps"]:
        low, median, high = row["wages"]
        step = steps.add_step(
            ladder,
            steps.StepData(
                title=row["title"],
                onet_code=row["onet_code"],
                level=row["level"],
                position=row["position"],
                description=row["description"],
                wage_low=low,
                wage_median=median,
                wage_high=high,
                wage_source=WAGE_SOURCE,
                wage_year=WAGE_YEAR,
                schedule=row["schedule"],
                conditions=row["conditions"],
                benefits=row["benefits"],
                employers=[(employers[name], openings) for name, openings in row["employers"]],
            ),
            by=by,
        )
        for code, level in row["requirements"]:
            requirements.require_standard(step, standards[code].id, level, by=by)
        by_title[step.title] = step
    for origin, target, kind, months, support in spec["moves"]:
        moves.add_move(
            ladder,
            {
                "from_step_id": by_title[origin].id,
                "to_step_id": by_title[target].id,
                "kind": kind,
                "typical_months": months,
                "support": support,
            },
            by=by,
        )
    return services.update_ladder(ladder, {"status": LadderStatus.PUBLISHED}, by=by)

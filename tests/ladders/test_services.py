"""Drawing ladders (services, steps, moves, requirements): every message of bad input names
its field and says what to do; duplicates are 409; moves keep to their levels; requirements
stay in the partnership, go stale when a newer version is published and are re-pinned by
`confirm`; deleting a step takes its moves with it."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from curriculum.errors import Conflict, NotFound
from curriculum.ladders import moves, requirements, services, steps
from curriculum.ladders.models import Ladder, LadderMove, LadderStep
from curriculum.ladders.services import LadderError
from curriculum.ladders.steps import StepData
from curriculum.partnerships.services import add_organization
from curriculum.standards import services as standards

ONET = "51-4041.00"  # Machinists, in the bundled list


@pytest.fixture
def scene(partnership, factory, db):
    """A draft ladder of the partnership with two employers taking part (and one employer
    outside it), an entry step and an advanced one, and a framework A > A.1."""
    ours = [factory.organization(name=f"Employer {n}", kind="employer") for n in (1, 2)]
    for org in ours:
        add_organization(partnership, org)
    outsider = factory.organization(name="Faraway Tool", kind="employer")
    ladder = services.create_ladder(partnership, title="Production")
    entry = steps.add_step(ladder, StepData(title="Associate", level="entry"))
    upper = steps.add_step(ladder, StepData(title="Technician", level="advanced"))
    author = factory.member(partnership, "panelist")
    framework = factory.framework(partnership)
    cwf = factory.standard(framework, None, "critical_work_function", "Safety", author=author)
    ka = factory.standard(framework, cwf, "key_activity", "Inspect guarding", author=author)
    db.session.commit()
    return SimpleNamespace(
        partnership=partnership,
        employers=steps.employers_of(partnership.id),
        ours=ours,
        outsider=outsider,
        ladder=ladder,
        entry=entry,
        upper=upper,
        author=author,
        ka=ka,
        cwf=cwf,
        factory=factory,
    )


def _refused(call, *args, field: str, words: str, kind=LadderError, **kwargs):
    with pytest.raises(kind) as caught:
        call(*args, **kwargs)
    assert caught.value.field == field
    assert words in caught.value.message, caught.value.message
    return caught.value


# --- Ladders -----------------------------------------------------------------------------------


def test_a_ladder_needs_a_title_and_a_real_status(scene, db):
    _refused(
        services.create_ladder, scene.partnership, title="  ", field="title", words="Enter the"
    )
    _refused(
        services.create_ladder,
        scene.partnership,
        title="Lattice",
        status="secret",
        field="status",
        words="“secret” is not one of draft, published",
    )
    _refused(
        services.create_ladder,
        scene.partnership,
        title="x" * 201,
        field="title",
        words="at most 200 characters (this has 201)",
    )
    _refused(
        services.update_ladder,
        scene.ladder,
        {"description": 5},
        field="description",
        words="must be text",
    )


def test_a_duplicate_ladder_title_is_a_409(scene, db):
    error = _refused(
        services.create_ladder,
        scene.partnership,
        title="production",
        kind=Conflict,
        field="title",
        words="already has a ladder called “production”",
    )
    assert error.status == 409
    other = services.create_ladder(scene.partnership, title="Maintenance")
    _refused(
        services.update_ladder,
        other,
        {"title": "PRODUCTION"},
        kind=Conflict,
        field="title",
        words="already has a ladder",
    )
    services.update_ladder(scene.ladder, {"title": "Production", "status": "published"})
    assert scene.ladder.is_published


@pytest.mark.parametrize("bad", ["abc", "-1", "99999999999999999999", None, "1.5", "١"])
def test_an_id_that_is_no_row_is_not_found(scene, bad):
    with pytest.raises(NotFound):
        services.get(Ladder, bad)
    assert services.get(LadderStep, str(scene.entry.id)) == scene.entry


# --- Steps -------------------------------------------------------------------------------------


def test_a_duplicate_step_title_is_a_409(scene, db):
    _refused(
        steps.add_step,
        scene.ladder,
        StepData(title="TECHNICIAN"),
        kind=Conflict,
        field="title",
        words="already has a step called “TECHNICIAN”",
    )
    _refused(
        steps.update_step,
        scene.entry,
        StepData(title="technician"),
        kind=Conflict,
        field="title",
        words="already has a step",
    )
    steps.update_step(scene.entry, StepData(title="Associate"))  # its own title: no clash


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (StepData(wage_low="25", wage_median="20"), "wage_low", "low wage cannot be above the med"),
        (StepData(wage_median="30", wage_high="25"), "wage_high", "median wage cannot be above"),
        (StepData(wage_low="30", wage_high="25"), "wage_low", "low wage cannot be above the high"),
        (StepData(wage_median="abc"), "wage_median", "an hourly amount in dollars"),
        (StepData(wage_high="10000"), "wage_high", "between $0 and $9999.99"),
        (StepData(wage_low="-1"), "wage_low", "between $0 and $9999.99"),
        (StepData(wage_low="NaN"), "wage_low", "between $0 and $9999.99"),
        (StepData(wage_year="1989"), "wage_year", "1990 or later"),
        (StepData(wage_year="3000"), "wage_year", f"between 0 and {date.today().year + 1:,}"),
        (StepData(wage_year="last year"), "wage_year", "must be a whole number"),
        (StepData(wage_year="١٩٩٩"), "wage_year", "must be a whole number"),
        (StepData(position="9" * 20), "position", "between 0 and 1,000"),
        (StepData(level="senior"), "level", "“senior” is not one of entry, intermediate"),
        (StepData(onet_code="99-9999.99"), "onet_code", "not an O*NET-SOC code of the list"),
        (StepData(schedule="x" * 5001), "schedule", "at most 5,000 characters"),
        (StepData(title=""), "title", "Enter the job title"),
    ],
)
def test_each_bad_field_of_a_step_says_why(scene, db, data, field, words):
    if data.title is None:
        data.title = "Lead"
    _refused(steps.add_step, scene.ladder, data, field=field, words=words)


def test_wages_in_order_are_kept_with_their_source_and_year(scene, db):
    step = steps.add_step(
        scene.ladder,
        StepData(
            title="Lead",
            onet_code=ONET,
            wage_low="$19.5",
            wage_median="22",
            wage_high="22",
            wage_source="OEWS Dayton MSA",
            wage_year=str(date.today().year),
        ),
    )
    assert (step.wage_low, step.wage_median, step.wage_high) == (
        Decimal("19.50"),
        Decimal("22.00"),
        Decimal("22.00"),
    )
    # An update is checked against what the step already holds.
    _refused(
        steps.update_step, step, StepData(wage_low="23"), field="wage_low", words="above the med"
    )


def test_benefit_counts_are_bounded_by_the_partnerships_employers(scene, db):
    most = len(scene.employers)
    assert most >= 2
    step = steps.add_step(
        scene.ladder,
        StepData(title="Lead", benefits={"health_insurance": most, "retirement": "1"}),
    )
    assert {b.benefit.value: b.employers for b in step.benefits} == {
        "health_insurance": most,
        "retirement": 1,
    }
    _refused(
        steps.update_step,
        step,
        StepData(benefits={"paid_time_off": most + 1}),
        field="benefit_paid_time_off",
        words=f"{most + 1} employers, but the partnership has {most} employers",
    )
    _refused(
        steps.update_step,
        step,
        StepData(benefits={"dental": 1}),
        field="benefits",
        words="“dental” is not one of health_insurance",
    )
    _refused(
        steps.update_step,
        step,
        StepData(benefits={"retirement": "-2"}),
        field="benefit_retirement",
        words="between 0 and",
    )


def test_only_the_partnerships_employers_hire_for_a_step(scene, db):
    first, second = scene.ours
    step = steps.add_step(
        scene.ladder, StepData(title="Lead", employers=[(first.id, 3), (second.id, None)])
    )
    assert step.openings == 3
    _refused(
        steps.update_step,
        step,
        StepData(employers=[(scene.outsider.id, 1)]),
        field="employers",
        words=f"organization {scene.outsider.id} is not one of them",
    )
    _refused(
        steps.update_step,
        step,
        StepData(employers=[(first.id, 1), (first.id, 2)]),
        field="employers",
        words=f"{first.name} is named twice",
    )
    _refused(
        steps.update_step,
        step,
        StepData(employers=[("abc", 1)]),
        field="employers",
        words="Name each hiring employer by its id",
    )
    _refused(
        steps.update_step,
        step,
        StepData(employers=[(first.id, "many")]),
        field="employers",
        words="Openings must be a whole number",
    )
    steps.update_step(step, StepData(employers=[(second.id, 4)]))
    db.session.commit()
    assert [(e.organization_id, e.openings) for e in step.employers] == [(second.id, 4)]


def test_deleting_a_step_removes_its_moves(scene, db):
    middle = steps.add_step(scene.ladder, StepData(title="Operator", level="intermediate"))
    moves.add_move(scene.ladder, {"from_step_id": scene.entry.id, "to_step_id": middle.id})
    kept = moves.add_move(
        scene.ladder, {"from_step_id": scene.entry.id, "to_step_id": scene.upper.id}
    )
    moves.add_move(scene.ladder, {"from_step_id": middle.id, "to_step_id": scene.upper.id})
    db.session.commit()
    steps.delete_step(middle)
    db.session.commit()
    assert db.session.scalars(db.select(LadderMove.id)).all() == [kept.id]
    assert db.session.get(LadderStep, middle.id) is None


# --- Moves -------------------------------------------------------------------------------------


def test_an_up_move_goes_to_a_higher_level(scene, db):
    _refused(
        moves.add_move,
        scene.ladder,
        {"from_step_id": scene.upper.id, "to_step_id": scene.entry.id, "kind": "up"},
        field="kind",
        words="An up move goes to a higher level: Technician is advanced, Associate is entry",
    )
    peer = steps.add_step(scene.ladder, StepData(title="Inspector", level="entry"))
    _refused(
        moves.add_move,
        scene.ladder,
        {"from_step_id": scene.entry.id, "to_step_id": peer.id},  # up by default
        field="kind",
        words="Make it a sideways move",
    )


def test_a_sideways_move_stays_at_its_level(scene, db):
    _refused(
        moves.add_move,
        scene.ladder,
        {"from_step_id": scene.entry.id, "to_step_id": scene.upper.id, "kind": "sideways"},
        field="kind",
        words="A sideways move stays at the same level: Associate is entry, Technician is adv",
    )
    peer = steps.add_step(scene.ladder, StepData(title="Inspector", level="entry"))
    move = moves.add_move(
        scene.ladder,
        {"from_step_id": scene.entry.id, "to_step_id": peer.id, "kind": "sideways"},
    )
    _refused(moves.update_move, move, {"kind": "up"}, field="kind", words="An up move goes")


def test_other_bad_moves(scene, db, factory):
    ladder = scene.ladder
    up = {"from_step_id": scene.entry.id, "to_step_id": scene.upper.id}
    _refused(
        moves.add_move,
        ladder,
        {"from_step_id": scene.entry.id, "to_step_id": scene.entry.id},
        field="to_step_id",
        words="A move goes to another step",
    )
    other = services.create_ladder(scene.partnership, title="Elsewhere")
    there = steps.add_step(other, StepData(title="Welder", level="advanced"))
    _refused(
        moves.add_move,
        ladder,
        {"from_step_id": scene.entry.id, "to_step_id": there.id},
        field="to_step_id",
        words="Choose a step of this ladder",
    )
    _refused(
        moves.add_move,
        ladder,
        {**up, "typical_months": "601"},
        field="typical_months",
        words="between 0 and 600",
    )
    moves.add_move(ladder, {**up, "typical_months": "18", "support": "Maintenance certificate"})
    _refused(
        moves.add_move,
        ladder,
        up,
        kind=Conflict,
        field="to_step_id",
        words="already a move from Associate to Technician",
    )


# --- Requirements ------------------------------------------------------------------------------


def test_a_step_requires_standards_of_its_own_partnership_only(scene, db, factory):
    elsewhere = factory.partnership(name="Lakeshore Partnership")
    theirs = factory.framework(elsewhere, "Welding")
    foreign = factory.standard(theirs, None, "critical_work_function", "Weld", author=None)
    factory.publish(foreign)
    _refused(
        requirements.require_standard,
        scene.upper,
        foreign.id,
        "baseline",
        field="standard_id",
        words="belongs to another partnership's framework",
    )
    for bad in ("abc", "99999999999999999999", None, 10**9):
        _refused(
            requirements.require_standard,
            scene.upper,
            bad,
            "baseline",
            field="standard_id",
            words="There is no such standard",
        )
    _refused(
        requirements.require_standard,
        scene.upper,
        scene.ka.id,
        "expert",
        field="level",
        words="“expert” is not one of baseline, intermediate, mastery",
    )
    found = requirements.require_standard(scene.upper, scene.ka.id, "mastery")
    assert found.version == scene.ka.current_version and found.level.value == "mastery"


def test_a_requirement_goes_stale_and_confirm_re_pins_it(scene, db):
    convener = scene.factory.member(scene.partnership, "convener")
    for standard in (scene.cwf, scene.ka):
        scene.factory.publish(standard, by=convener)
    found = requirements.require_standard(scene.upper, scene.ka.id, "intermediate")
    db.session.commit()
    assert found.version.number == 1 and not found.is_stale
    standards.save_version(scene.ka, 1, "Inspect all guarding", "", None, "", scene.author)
    db.session.commit()
    assert not found.is_stale  # a draft does not make it stale
    scene.factory.publish(scene.ka, number=2, by=convener)
    db.session.refresh(found)
    assert found.is_stale and found.version.number == 1
    requirements.update_requirement(found, {"level": "mastery"})
    assert found.is_stale and found.level.value == "mastery"  # a new level keeps the pin
    requirements.update_requirement(found, {"confirm": True})
    db.session.commit()
    assert found.version.number == 2 and not found.is_stale
    _refused(requirements.update_requirement, found, {"level": "top"}, field="level", words="“top”")


def test_a_new_level_that_would_break_a_move_is_refused(scene, db):
    moves.add_move(scene.ladder, {"from_step_id": scene.entry.id, "to_step_id": scene.upper.id})
    db.session.commit()
    _refused(
        steps.update_step,
        scene.upper,
        StepData(level="entry"),
        field="level",
        words="the move from Associate to Technician would not fit: An up move goes to a higher",
    )
    db.session.rollback()
    steps.update_step(scene.upper, StepData(level="expert"))  # still above: fine
    db.session.commit()
    assert scene.upper.level.value == "expert"

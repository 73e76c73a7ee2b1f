"""The ladder diagram: levels as rows, steps as focusable links with their wages and hiring
employers, up and sideways moves drawn differently, text alternatives, escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from curriculum.extensions import db
from curriculum.ladders import diagram, moves, services, steps
from curriculum.ladders.models import Ladder

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def drawn(app, factory):
    partnership = factory.partnership(name="Diagram Partnership")
    employer = factory.organization("Diagram Tooling", "employer")
    from curriculum.partnerships import services as partnerships

    partnerships.add_organization(partnership, employer)
    ladder = services.create_ladder(partnership, title="Plant <floor> & maintenance")
    add = steps.add_step
    entry = add(
        ladder,
        steps.StepData(
            title="Production associate",
            level="entry",
            wage_low="16",
            wage_median="18.50",
            wage_high="21",
            employers=[(employer.id, 4)],
        ),
    )
    inspector = add(ladder, steps.StepData(title="Quality inspector", level="entry"))
    middle = add(ladder, steps.StepData(title="Machine setter", level="intermediate"))
    top = add(ladder, steps.StepData(title="Plant supervisor", level="expert", wage_median="35"))
    moves.add_move(ladder, {"from_step_id": entry.id, "to_step_id": middle.id, "kind": "up"})
    moves.add_move(
        ladder, {"from_step_id": entry.id, "to_step_id": inspector.id, "kind": "sideways"}
    )
    moves.add_move(ladder, {"from_step_id": inspector.id, "to_step_id": top.id, "kind": "up"})
    db.session.commit()
    db.session.expire_all()
    return db.session.get(Ladder, ladder.id)


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def test_levels_are_rows_from_entry_at_the_bottom(app, drawn):
    with app.test_request_context():
        root = parse(diagram.ladder_svg(drawn))
    levels = {
        t.text: float(t.get("y")) for t in root.iter(f"{SVG}text") if t.get("class") == "level"
    }
    # Only the levels the ladder uses, entry lowest (largest y), expert highest.
    assert list(levels) == ["Expert", "Intermediate", "Entry"]
    assert levels["Expert"] < levels["Intermediate"] < levels["Entry"]


def test_steps_are_focusable_links_showing_wages_and_hiring(app, drawn):
    with app.test_request_context():
        root = parse(diagram.ladder_svg(drawn))
    links = [a for a in root.iter(f"{SVG}a") if a.get("class") == "step"]
    assert len(links) == 4
    entry = next(a for a in links if "Production associate" in a.get("aria-label"))
    assert entry.get("href").endswith(f"/steps/{drawn.steps[0].id}")
    texts = [t.text for t in entry.iter(f"{SVG}text")]
    assert "$16–$21 an hour (median $18.50)" in texts
    assert "1 hiring employer" in texts
    # Without links (print, the API), steps are groups: nothing to follow.
    with app.test_request_context():
        plain = parse(diagram.ladder_svg(drawn, links=False))
    assert not list(plain.iter(f"{SVG}a"))


def test_up_and_sideways_moves_differ_by_line_and_head_not_colour(app, drawn):
    with app.test_request_context():
        root = parse(diagram.ladder_svg(drawn))
    groups = [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").startswith("move ")]
    ups = [g for g in groups if "move-up" in g.get("class")]
    sideways = [g for g in groups if "move-sideways" in g.get("class")]
    assert len(ups) == 2 and len(sideways) == 1
    for g in ups:
        assert not any(e.get("stroke-dasharray") for e in g)
        assert g.find(f"{SVG}polygon") is not None  # a filled head
    (side,) = sideways
    assert any(e.get("stroke-dasharray") for e in side)
    assert side.find(f"{SVG}polyline") is not None  # an open head
    # The move spanning two rows goes round the boxes (a polyline), not behind the middle one.
    long_move = next(
        g for g in ups if "Quality inspector to Plant supervisor" in g.findtext(f"{SVG}title")
    )
    assert long_move.find(f"{SVG}polyline") is not None


def test_title_and_description_name_every_step_and_move_escaped(app, drawn):
    with app.test_request_context():
        markup = str(diagram.ladder_svg(drawn))
    root = parse(markup)
    assert "&lt;floor&gt; &amp;" in markup and "<floor>" not in markup
    labelled = root.get("aria-labelledby").split()
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert by_id[labelled[0]].text == "Plant <floor> & maintenance: career ladder"
    desc = by_id[labelled[1]].text
    for name in ("Production associate", "Quality inspector", "Machine setter", "Plant supervisor"):
        assert name in desc
    assert "Production associate to Quality inspector (sideways)" in desc


def test_an_empty_ladder_says_so(app, factory):
    ladder = services.create_ladder(factory.partnership(name="Empty P"), title="Empty")
    db.session.commit()
    with app.test_request_context():
        root = parse(diagram.ladder_svg(ladder))
    assert "No steps yet." in [t.text for t in root.iter(f"{SVG}text")]

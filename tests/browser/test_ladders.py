"""Journey: a convener draws a career ladder: a new ladder, two steps (the first with wages,
benefits and a hiring employer, found by the occupation search; a failed save keeps what was
typed), an up move between them, a required standard; then reads the ladder page with its
diagram, and a visitor sees it once it is published."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.extensions import db
from curriculum.ladders.models import Ladder
from tests.browser.conftest import fresh, sign_in

pytestmark = pytest.mark.browser


def test_a_convener_draws_a_ladder_and_a_visitor_reads_it(demo, page, new_page, shot):
    partnership_id = demo.id
    db.session.commit()
    sign_in(page, "convener@example.com")
    page.goto(f"/partnerships/{partnership_id}")
    page.get_by_role("link", name="Career ladders").click()
    page.get_by_role("link", name="New ladder").click()
    page.get_by_label("Title").fill("Machining pathway")
    page.get_by_label("Description").fill("From *operator* to **machinist**.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ladder “Machining pathway” created.")).to_be_visible()
    expect(page.get_by_text("This ladder is a draft")).to_be_visible()

    # The first step: a wrong wage is said beside it, and what was typed stays.
    page.get_by_role("link", name="Add a step").click()
    page.get_by_label("Job title").fill("CNC operator")
    page.get_by_label("Find an occupation").fill("lathe turning")
    page.get_by_role("button", name=re.compile(r"^51-4034\.00")).click()
    expect(page.get_by_label("O*NET-SOC occupation")).to_have_value("51-4034.00")
    page.get_by_label("Low").fill("25")
    page.get_by_label("Median").fill("19.50")
    page.get_by_label("High").fill("23")
    page.get_by_label("Source of the wages").fill("Ohio LMI, OES")
    page.get_by_label("Year of the wages").fill("2025")
    page.get_by_label("Health insurance").fill("4")
    employer = page.locator("table.hiring-rows tbody tr").first
    employer.get_by_role("checkbox").check()
    employer.get_by_role("textbox").fill("6")
    page.get_by_role("button", name="Save step").click()
    expect(page.get_by_text("The low wage cannot be above the median.")).to_be_visible()
    expect(page.get_by_label("Source of the wages")).to_have_value("Ohio LMI, OES")
    expect(page.locator("table.hiring-rows tbody tr").first.get_by_role("checkbox")).to_be_checked()
    page.get_by_label("Low").fill("17.25")
    page.get_by_role("button", name="Save step").click()
    expect(page.get_by_text("Step “CNC operator” saved.")).to_be_visible()
    expect(page.get_by_text("Lathe and Turning Machine Tool Setters").first).to_be_visible()

    # The second step, two levels up; then the move between them.
    fresh()
    ladder = db.session.scalar(db.select(Ladder).where(Ladder.title == "Machining pathway"))
    ladder_id = ladder.id
    db.session.commit()
    page.goto(f"/ladders/{ladder_id}/steps/new")
    page.get_by_label("Job title").fill("Machinist")
    page.get_by_label("O*NET-SOC occupation").fill("51-4041.00")
    page.get_by_label("Level").select_option("advanced")
    page.get_by_label("Median").fill("26.40")
    page.get_by_role("button", name="Save step").click()
    expect(page.get_by_text("Step “Machinist” saved.")).to_be_visible()
    page.get_by_role("link", name="Add a required standard").click()
    page.get_by_label("Code or title, e.g. A.1 or lockout").fill("safety")
    page.locator("#main").get_by_role("button", name="Search").click()
    first = page.locator("table.require-table tbody tr").first
    code = first.locator(".code").inner_text()
    first.get_by_role("button", name="Require").click()
    required = re.compile(rf"Machinist now requires {re.escape(code)}")
    expect(page.get_by_text(required)).to_be_visible()

    page.goto(f"/ladders/{ladder_id}")
    page.get_by_role("link", name="Add a move").click()
    page.get_by_label("From").select_option(label="CNC operator (entry)")
    page.get_by_label("To").select_option(label="Machinist (advanced)")
    page.get_by_label("Typical time (months)").fill("30")
    page.get_by_label("Training or credential that supports it").fill("Machining certificate")
    page.get_by_role("button", name="Save move").click()
    expect(page.get_by_text("Move CNC operator → Machinist added.")).to_be_visible()

    # The ladder page: the diagram with both steps as links, the steps by level, the move.
    diagram = page.locator("svg.ladder-diagram")
    expect(diagram).to_be_visible()
    expect(diagram.locator("a.step")).to_have_count(2)
    expect(page.locator(".step-card")).to_have_count(2)
    expect(page.get_by_text("$17.25 low · $19.50 median · $23.00 high an hour")).to_be_visible()
    benefit = re.compile(r"Health insurance: offered by 4 of \d+ employers")
    expect(page.get_by_text(benefit)).to_be_visible()
    expect(page.locator("table.moves")).to_contain_text("Machining certificate")
    shot(page, "ladder-page")

    # Published, a visitor reads it (no edit controls).
    page.get_by_role("link", name="Edit ladder").click()
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save").click()
    visitor = new_page()
    visitor.goto(f"/ladders/{ladder_id}")
    expect(visitor.get_by_role("heading", name="Machining pathway")).to_be_visible()
    expect(visitor.locator("svg.ladder-diagram a.step")).to_have_count(2)
    expect(visitor.get_by_role("link", name="Add a step")).to_have_count(0)
    visitor.locator("svg.ladder-diagram a.step").first.click()
    expect(visitor).to_have_url(re.compile(r"/steps/\d+$"))
    shot(visitor, "step-page")

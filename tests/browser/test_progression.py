"""The progression page in a browser: the demo program's check at desktop and phone widths,
its flag filter, and the links to it from the coverage page."""

import pytest
from playwright.sync_api import expect

from curriculum.courses.models import Program
from curriculum.extensions import db

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _overflows(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_the_progression_page_at_desktop_and_phone_widths(demo, page, shot):
    program = db.session.scalar(
        db.select(Program).where(Program.frameworks.any()).order_by(Program.id)
    )
    program_id, name = program.id, program.name
    db.session.rollback()
    page.goto(f"/programs/{program_id}/coverage")
    page.get_by_role("link", name="Progression check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="Problems found")).to_be_visible()
    expect(page.locator("table.progression tbody tr").first).to_be_visible()
    shot(page, "desktop")
    assert not _overflows(page)
    page.get_by_label("Problem", exact=True).select_option("not_on_required_path")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Not covered on the required path")).to_be_visible()
    for row in page.locator("table.progression tbody tr").all():
        expect(row).to_contain_text("Not covered on the required path")
    page.set_viewport_size(PHONE)
    shot(page, "phone")
    assert not _overflows(page)

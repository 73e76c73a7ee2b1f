"""Journey: faculty keep a course's learning outcomes on its page: a failed add keeps what was
typed, an outcome is added, moved up, shows the standard it serves, and is deleted (the
confirmation says its alignments go with it)."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.alignment import services as alignment
from curriculum.auth.models import find_by_email
from curriculum.courses.models import CourseOutcome, Program
from curriculum.extensions import db
from tests.browser.conftest import fresh, sign_in

pytestmark = pytest.mark.browser


def _course():
    program = db.session.scalar(
        db.select(Program).where(Program.frameworks.any()).order_by(Program.id)
    )
    entry = sorted(program.courses, key=lambda pc: (pc.term, pc.position))[0]
    return entry.course.id, len(entry.course.outcomes)


def test_faculty_add_move_align_and_delete_an_outcome(demo, page, shot):
    course_id, before = _course()
    db.session.commit()
    sign_in(page, "faculty@example.com")
    page.goto(f"/courses/{course_id}")
    expect(page.get_by_role("heading", name=re.compile("Learning outcomes"))).to_be_visible()

    page.get_by_text("Add a learning outcome").click()
    page.get_by_label("Assessed by").fill("Practical: guard inspection, observed")
    page.get_by_role("button", name="Add outcome").click()
    expect(page.get_by_text("Enter the outcome.")).to_be_visible()
    expect(page.get_by_label("Assessed by")).to_have_value("Practical: guard inspection, observed")
    page.get_by_label("Outcome", exact=True).fill("Inspect machine guarding before a shift")
    page.get_by_role("button", name="Add outcome").click()
    expect(page.get_by_text(f"Outcome {before + 1} added.")).to_be_visible()

    fresh()
    added = db.session.scalar(
        db.select(CourseOutcome).where(
            CourseOutcome.course_id == course_id,
            CourseOutcome.text == "Inspect machine guarding before a shift",
        )
    )
    item = page.locator(f"#outcome-{added.id}")
    item.get_by_role("button", name="Move up").click()
    expect(page.get_by_text(f"Now outcome {before}.")).to_be_visible()

    # Aligned on the align page (another journey): here through the service.
    from curriculum.alignment.models import Alignment

    standard = db.session.scalars(
        db.select(Alignment.standard_id).where(Alignment.course_id == course_id)
    ).first()
    from curriculum.standards.models import Standard

    alignment.align(
        added.course,
        db.session.get(Standard, standard),
        "mastered",
        "Observed on the line",
        find_by_email("faculty@example.com"),
        outcome=added,
    )
    added_id = added.id
    db.session.commit()
    page.reload()
    item = page.locator(f"#outcome-{added.id}")
    expect(item).to_contain_text("Assessed by: Practical: guard inspection, observed")
    expect(item.locator(".outcome-serves")).to_contain_text("v")
    expect(item.get_by_role("link", name="Align this outcome")).to_have_attribute(
        "href", re.compile(rf"outcome={added.id}")
    )
    shot(page, "course-outcomes")

    confirm = item.locator("form[data-confirm]").get_attribute("data-confirm")
    assert "alignment to standards will be deleted with it" in confirm
    item.get_by_role("button", name="Delete").click()
    expect(page.get_by_text(f"Outcome {before} deleted, with its 1 alignment.")).to_be_visible()
    fresh()
    assert db.session.get(CourseOutcome, added_id) is None

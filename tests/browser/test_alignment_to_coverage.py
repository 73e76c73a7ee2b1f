"""Journey 2: faculty align a course to three standards at three levels; one of them gets a new
published version; the faculty home's work queue leads to the course's stale alignment with
its diff; they re-confirm it; the coverage matrix shows the course's cells and the gap filter
leaves only uncovered standards."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.alignment import coverage
from curriculum.alignment.counting import LEAF_KINDS
from curriculum.alignment.models import Alignment
from curriculum.auth.models import find_by_email
from curriculum.courses import services as courses
from curriculum.courses.models import Program
from curriculum.extensions import db
from curriculum.standards import services as standards
from curriculum.standards.models import Standard
from tests.browser.conftest import fresh, sign_in

pytestmark = pytest.mark.browser

LEVELS = ("introduced", "reinforced", "mastered")
HOW = (
    "Safety lecture and quiz",
    "Shop walk-through, written report",
    "Practical exam on the lab press",
)
NEW_SENTENCE = "Readings are logged in the shift report."

# The matrix as {standard id: text of the course's cell}, read from the page itself.
READ_COLUMN = """code => {
  const heads = [...document.querySelectorAll('table.coverage-matrix thead th')];
  const col = heads.findIndex(th => th.querySelector('a')?.textContent === code);
  const out = {};
  for (const tr of document.querySelectorAll('table.coverage-matrix tbody tr')) {
    const id = tr.querySelector('th a').getAttribute('href').split('/').pop();
    out[id] = tr.children[col].textContent.trim();
  }
  return out;
}"""


def _top(standard: Standard) -> Standard:
    while standard.parent_id is not None:
        standard = db.session.get(Standard, standard.parent_id)
    return standard


def _world():
    """A new course of the demo college in the program (with two learning outcomes, the second
    worded like a standard no course covers), three standards of one critical work function
    that no course covers, and a fourth elsewhere."""
    program = db.session.scalar(
        db.select(Program).where(Program.frameworks.any()).order_by(Program.id)
    )
    framework = program.frameworks[0]
    cover = coverage.coverage(program, framework)
    uncovered = [
        r.standard
        for r in cover.rows
        if not r.cells
        and r.standard.kind in LEAF_KINDS  # what the figures and gaps count by default
        and r.standard.current_version_id == r.standard.published_version_id
    ]
    by_function: dict[int, list[Standard]] = {}
    for s in uncovered:
        by_function.setdefault(_top(s).id, []).append(s)
    chosen = next(found[:3] for found in by_function.values() if len(found) >= 3)
    rest = [s for s in uncovered if s not in chosen]
    assert rest, "the demo should leave gaps"
    function = _top(chosen[0])
    course = courses.create_course(
        program.organization,
        {
            "code": "MFG 199",
            "title": "Shop Floor Readiness",
            "credits": "3",
            "learning_outcomes": f"Keep a tidy bench\n{rest[0].published_version.title}",
        },
    )
    courses.add_course(program, course, term=1)
    db.session.commit()
    ids = (
        program.id,
        course.id,
        course.code,
        [s.id for s in chosen],
        rest[0].id,
        (function.id, function.code),
    )
    db.session.commit()
    return ids


def _publish_new_version(standard_id: int) -> int:
    """The panel revises the standard and the convener publishes it (journey 1 does it by hand)."""
    standard = db.session.get(Standard, standard_id)
    current = standard.current_version
    version, _ = standards.save_version(
        standard,
        current.number,
        current.title,
        f"{current.statement.strip()} {NEW_SENTENCE}",
        current.level.value if current.level else "",
        "Log readings",
        find_by_email("panelist@example.com"),
    )
    for email in ("panelist@example.com", "panelist2@example.com", "panelist3@example.com"):
        standards.endorse(standard, version, find_by_email(email))
    standards.publish(standard, version, find_by_email("convener@example.com"))
    db.session.commit()
    return version.number


def test_align_republish_reconfirm_and_read_coverage(demo, page, shot):
    program_id, course_id, code, chosen, still_uncovered, (function_id, function_code) = _world()

    sign_in(page, "faculty@example.com")
    page.goto(f"/courses/{course_id}")
    page.get_by_role("link", name=re.compile(r"^Align to ")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Align {code}")
    # One critical work function at a time: choose the one holding the three standards.
    chooser = page.get_by_role("navigation", name="Critical work functions")
    chooser.get_by_role("link", name=re.compile(rf"^{re.escape(function_code)} ")).click()
    expect(chooser.locator('[aria-current="page"]')).to_contain_text(function_code)
    expect(page.locator('input[name="shown"]').first).to_have_attribute("value", str(function_id))
    for sid, level, how in zip(chosen, LEVELS, HOW, strict=True):
        page.locator(f'input[name="standard"][value="{sid}"]').check()
        page.locator(f"#level-{sid}").select_option(level)
        page.locator(f"#note-{sid}").fill(how)
    shot(page, "align-form")
    page.get_by_role("button", name="Save alignments").first.click()
    expect(page.locator(".flash")).to_have_text(
        f"Alignments of {code} saved: 3 added, 0 updated, 0 removed."
    )
    # The chooser counts them; the course page lists them.
    expect(chooser.locator('[aria-current="page"] .count')).to_contain_text("3/")
    page.get_by_role("link", name=f"Back to {code}").first.click()
    expect(page.locator("table.alignments tbody tr")).to_have_count(3)
    shot(page, "course-aligned")

    # The panel publishes a new version of the reinforced one: the alignment turns stale.
    stale_id = chosen[1]
    fresh()
    new_number = _publish_new_version(stale_id)
    stale_code = db.session.get(Standard, stale_id).code
    # The faculty home's work queue names the course; one click leads to its stale alignments.
    page.goto("/")
    queued = page.locator("#needs-you .queue-item").filter(has_text=f"{code} ")
    expect(queued).to_contain_text("1 stale alignment")
    shot(page, "home-stale")
    queued.get_by_role("link").click()
    item = page.locator(".stale-item").filter(has_text=f"{code} → {stale_code}")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(f"now v{new_number} published")
    expect(item.locator("dd.statement-diff ins")).to_contain_text(["Readings are logged"])
    shot(page, "course-stale")
    item.get_by_role("button", name=f"Re-confirm against v{new_number}").click()
    expect(page.locator(".flash")).to_have_text(
        f"{code} → {stale_code} re-confirmed against version {new_number}."
    )
    expect(page.locator(".stale-item").filter(has_text=f"{code} → {stale_code}")).to_have_count(0)
    page.goto("/")
    expect(page.locator("#needs-you .queue-item").filter(has_text=f"{code} ")).to_have_count(0)
    fresh()
    pinned = db.session.scalar(db.select(Alignment).where(Alignment.standard_id == stale_id))
    assert pinned.version.number == new_number

    # The coverage matrix: the course's column holds I, R and M on the three rows.
    page.goto(f"/programs/{program_id}/coverage")
    column = page.evaluate(READ_COLUMN, code)
    assert [column[str(sid)] for sid in chosen] == ["I", "R", "M"]
    assert sum(1 for text in column.values() if text) == 3
    shot(page, "coverage")

    # The gap filter keeps only the standards no course covers.
    page.get_by_label("Show").select_option("uncovered")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"gaps=uncovered"))
    expect(page.locator("#matrix-heading")).to_contain_text("Standards no course covers")
    best = page.locator("table.coverage-matrix tbody td.best").all_inner_texts()
    assert best and set(best) == {"–"}
    shown = page.evaluate(READ_COLUMN, code)
    assert str(still_uncovered) in shown
    assert not {str(sid) for sid in chosen} & set(shown)
    shot(page, "coverage-gaps")

    # A gap acted on: align a course to it, the course's outcome worded like it suggested first.
    page.goto(f"/programs/{program_id}/gaps/{still_uncovered}/align")
    gap_code = db.session.get(Standard, still_uncovered).code
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Align a course to {gap_code}")
    page.locator(f'input[name="course"][value="{course_id}"]').check()
    shot(page, "gap-choose-course")
    page.get_by_role("button", name="Open the align page").click()
    expect(page).to_have_url(re.compile(rf"standard={still_uncovered}"))
    best = page.locator(".suggestion").first
    expect(best).to_contain_text("Suggested")
    expect(best).to_contain_text("Outcome 2")
    shot(page, "gap-suggested")
    best.get_by_label("Level").select_option("mastered")
    best.get_by_label("How it is taught or assessed").fill("Capstone practical")
    best.get_by_role("button", name="Align outcome 2").click()
    expect(page.locator(".flash")).to_have_text(
        f"Alignments of {code} outcome 2 saved: 1 added, 0 updated, 0 removed."
    )
    expect(page.locator(".suggestion").first).to_contain_text("aligned as mastered")
    page.goto(f"/programs/{program_id}/coverage")
    assert page.evaluate(READ_COLUMN, code)[str(still_uncovered)] == "M"

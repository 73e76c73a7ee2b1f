"""Journey 3: the convener's publish button waits for the quorum and then asks first; an editor is
told, before saving, that endorsements stay with the version replaced; on a phone the coverage
matrix is a list, on a desktop its header row and standard column stay in view. Screenshots at
1280 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.courses import services as courses
from curriculum.courses.models import Program
from curriculum.extensions import db
from curriculum.standards.models import Standard, VersionStatus
from tests.browser.conftest import fresh, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _b2() -> tuple[int, int]:
    """The demo's B.2: in review, endorsed by two of the three panel employers."""
    standard = db.session.scalar(db.select(Standard).where(Standard.code == "B.2"))
    found = standard.id, standard.current_version.number
    db.session.rollback()
    return found


def _overflows(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_publish_waits_for_the_quorum_then_asks_with_the_open_comments(demo, new_page, shot):
    sid, number = _b2()
    convener = new_page()
    sign_in(convener, "convener@example.com")
    convener.goto(f"/standards/{sid}")
    waiting = convener.get_by_role("button", name=f"Publish version {number}", exact=True)
    expect(waiting).to_be_disabled()
    reason = convener.locator("#publish-why")
    expect(reason).to_contain_text("2 of 3 endorsements; waiting for")
    expect(reason).to_contain_text("Buckeye Fluid Power")
    assert waiting.get_attribute("aria-describedby") == "publish-why"
    shot(convener, "waiting-1280")
    convener.set_viewport_size(PHONE)
    expect(waiting).to_be_visible()
    assert not _overflows(convener)
    shot(convener, "waiting-390")

    # Buckeye's panelist endorses: the quorum is met.
    tom = new_page()
    sign_in(tom, "panelist3@example.com")
    tom.goto(f"/standards/{sid}")
    tom.get_by_role("button", name=f"Endorse version {number} for Buckeye Fluid Power").click()
    expect(tom.locator(".flash")).to_have_text(f"Buckeye Fluid Power endorses version {number}.")

    convener.set_viewport_size(DESKTOP)
    convener.reload()
    expect(convener.locator("#publish-why")).to_have_count(0)
    ask = convener.locator("details.publish-confirm")
    real = ask.get_by_role("button", name=f"Publish version {number}", exact=True)
    expect(real).to_be_hidden()  # nothing publishes on one click
    ask.locator("summary").click()
    expect(ask.locator(".open-comments")).to_have_text(
        re.compile(r"^1 comment is still open on this standard\.")
    )
    shot(convener, "asking-1280")
    convener.set_viewport_size(PHONE)
    assert not _overflows(convener)
    shot(convener, "asking-390")
    real.click()
    expect(convener.locator(".flash")).to_have_text(f"Version {number} is published.")
    fresh()
    standard = db.session.get(Standard, sid)
    assert standard.published_version.number == number
    assert standard.published_version.status == VersionStatus.PUBLISHED


def test_editing_an_endorsed_version_says_the_endorsements_stay_behind(demo, new_page, shot):
    sid, number = _b2()
    marcus = new_page()
    sign_in(marcus, "panelist@example.com")
    marcus.goto(f"/standards/{sid}/edit")
    warning = marcus.locator(".endorsement-warning")
    expect(warning).to_contain_text(f"Version {number} has 2 endorsements")
    expect(warning).to_contain_text(f"they stay with version {number}")
    expect(warning).to_contain_text(f"version {number + 1}, which starts at 0 of 3")
    # The warning comes before the first field and the Save button.
    assert warning.bounding_box()["y"] < marcus.get_by_label("Title").bounding_box()["y"]
    shot(marcus, "edit-warning-1280")
    marcus.set_viewport_size(PHONE)
    expect(warning).to_be_visible()
    assert not _overflows(marcus)
    shot(marcus, "edit-warning-390")

    marcus.get_by_label("Statement").fill("Measure part features, including thread gauges.")
    marcus.get_by_label("What changed, and why").fill("Thread gauges")
    marcus.get_by_role("button", name="Save new version").click()
    expect(marcus.locator(".flash")).to_have_text(f"Saved as version {number + 1}.")
    # As the page said: the new version starts with none, the old one keeps its two.
    expect(marcus.locator("#endorsements .quorum")).to_contain_text("0 of 3")
    expect(marcus.locator("#endorsements")).to_contain_text(
        f"Version {number} was endorsed by Kestrel Precision Machining, Miami Valley Automation"
    )


def _program() -> tuple[int, int]:
    program = db.session.scalar(
        db.select(Program).where(Program.frameworks.any()).order_by(Program.id)
    )
    found = program.id, program.frameworks[0].id
    db.session.rollback()
    return found


def test_the_coverage_matrix_is_a_list_on_a_phone(demo, new_page, shot):
    pid, fid = _program()
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in_phone(page, "faculty@example.com")
    page.goto(f"/programs/{pid}/coverage?framework={fid}")
    expect(page.locator(".coverage-wrap")).to_be_hidden()  # no sideways box inside the page
    items = page.locator(".coverage-list > li")
    expect(items.first).to_be_visible()
    assert not _overflows(page)
    # Every item fits the screen, and a covered standard names its courses with their levels.
    widths = items.evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
    assert max(widths) <= PHONE["width"]
    covered = page.locator(".coverage-list li", has=page.locator(".taught")).first
    expect(covered.locator(".taught").first).to_have_text(re.compile(r"^[A-Z]{3} \d{3} [IRM]\*?$"))
    expect(page.locator(".coverage-list .none").first).to_have_text("Not covered by any course")
    covered.scroll_into_view_if_needed()
    shot(page, "coverage-list-390")
    # The gap filter still works on the list.
    page.get_by_label("Show").select_option("uncovered")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator(".coverage-list .taught")).to_have_count(0)
    expect(page.locator(".coverage-list .none").first).to_be_visible()

    page.set_viewport_size(DESKTOP)
    page.goto(f"/programs/{pid}/coverage?framework={fid}")
    expect(page.locator(".coverage-list")).to_be_hidden()
    wrap = page.locator(".coverage-wrap")
    wrap.scroll_into_view_if_needed()
    wrap.evaluate("w => { w.scrollTop = 600; w.scrollLeft = 400; }")
    box = wrap.bounding_box()
    head = page.locator(".coverage-matrix thead th.course").first.bounding_box()
    row = page.locator(".coverage-matrix tbody tr").nth(20).locator("th.std").bounding_box()
    assert abs(head["y"] - box["y"]) <= 2  # the header row stays at the top
    assert abs(row["x"] - box["x"]) <= 2  # the standard column stays at the left
    shot(page, "coverage-matrix-scrolled-1280")


def sign_in_phone(page, email: str) -> None:
    """Sign in at phone width: the navigation is behind the Menu button."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def _fit(page) -> None:
    """Every table box shows all of its table (nothing clipped) and the page has no sideways
    scroll."""
    sizes = page.locator(".table-wrap").evaluate_all(
        "els => els.map(w => [w.scrollWidth, w.clientWidth])"
    )
    assert sizes and all(scroll <= client for scroll, client in sizes), sizes
    assert not _overflows(page)


def test_course_tables_and_buttons_fit(demo, new_page, shot):
    pid, fid = _program()
    page = new_page()
    sign_in(page, "convener@example.com")
    page.goto(f"/programs/{pid}")
    # The read view: the courses as text, with no form; coverage figures above them.
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator(".coverage-figure").first).to_contain_text("required courses cover")
    _fit(page)
    shot(page, "program-1280")
    page.set_viewport_size(PHONE)
    _fit(page)
    expect(page.locator("td[data-label=Credits]").first).to_be_visible()
    shot(page, "program-390")

    # The edit mode: each row's term, required, group, Update and Remove stay inside the row.
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Edit courses").click()
    page.get_by_label("New group's name").fill("Automation elective")
    page.get_by_role("button", name="Add group").click()
    expect(page.locator(".flash")).to_contain_text("Elective group Automation elective added")
    _fit(page)
    remove = page.get_by_role("button", name=re.compile(r"^Remove [A-Z]")).first
    cell = page.locator("td.row-actions").first.bounding_box()
    button = remove.bounding_box()
    assert button["x"] + button["width"] <= cell["x"] + cell["width"]
    shot(page, "program-edit-1280")
    page.set_viewport_size(PHONE)
    _fit(page)
    rights = page.locator("#courses td.row-actions :is(input, select, button)").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    )
    assert rights and max(rights) <= PHONE["width"], max(rights)
    # Put the first elective-free row's course into the group, at phone width.
    row = page.locator("#courses tbody tr").first
    code = row.locator("th.code").inner_text()
    row.get_by_label("Required").uncheck()
    row.get_by_label(f"Elective group of {code}").select_option(label="Automation elective")
    row.get_by_role("button", name=f"Update {code}").click()
    expect(page.locator(".flash")).to_contain_text(f"{code}: term")
    expect(page.locator(".flash")).to_contain_text(f"automation elective: choose 1 of {code}")
    _fit(page)
    shot(page, "program-edit-390")
    # Add an existing course of the college, found by search, at phone width.
    program = db.session.get(Program, pid)
    courses.create_course(
        program.organization, {"code": "WLD 101", "title": "Welding Fundamentals", "credits": 3}
    )
    db.session.commit()
    page.get_by_label(re.compile("^Search .*courses$")).fill("weld")
    page.locator("#add").get_by_role("button", name="Search", exact=True).click()
    found = page.locator("#add tbody tr")
    expect(found).to_have_count(1)
    _fit(page)
    found.get_by_label("Term").fill("2")
    found.get_by_label("Required").uncheck()
    shot(page, "program-add-390")
    found.get_by_role("button", name="Add WLD 101").click()
    expect(page.locator(".flash")).to_have_text("WLD 101 added to term 2.")
    expect(page.locator("#courses")).to_contain_text("Welding Fundamentals")
    _fit(page)
    page.get_by_role("link", name="Done editing").click()
    expect(page.locator("#courses")).to_contain_text(f"Automation elective: choose 1 of {code}")
    _fit(page)
    page.goto("/courses")
    assert not _overflows(page)
    sizes = page.locator(".table-wrap").evaluate_all(
        "els => els.map(w => [w.scrollWidth, w.clientWidth])"
    )
    assert all(scroll <= client for scroll, client in sizes)
    shot(page, "courses-390")

    page.set_viewport_size(DESKTOP)
    page.goto(f"/frameworks/{fid}")
    tops = page.locator(".page-head .actions > *").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    # Export, Add, Edit framework, Renumber codes, Import into it: all in one line.
    assert len(tops) == 5 and len(set(tops)) == 1, tops
    shot(page, "framework-1280")

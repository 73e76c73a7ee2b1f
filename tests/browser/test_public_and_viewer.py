"""Journey 4: someone with no account sees only what is public; a viewer reaches no edit form."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.courses.models import Course, Program
from curriculum.extensions import db
from curriculum.standards.models import Framework, Standard
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _public_world():
    """The demo's framework, its never-published standards, and one standard with a newer draft."""
    framework = db.session.scalar(db.select(Framework))
    unpublished = list(
        db.session.scalars(
            db.select(Standard).where(
                Standard.framework_id == framework.id, Standard.published_version_id.is_(None)
            )
        )
    )
    redrafted = next(
        s
        for s in db.session.scalars(db.select(Standard).order_by(Standard.id))
        if s.published_version_id
        and s.current_version_id != s.published_version_id
        and s.current_version.statement != s.published_version.statement
    )
    assert unpublished and redrafted
    return framework, unpublished, redrafted


def _only_in(draft: str, published: str) -> str:
    """A sentence of the draft that the published statement does not have."""
    return next(s for s in re.split(r"(?<=\.)\s+", draft) if s not in published)


def test_anonymous_sees_only_published_content(demo, page, shot, console):
    framework, unpublished, redrafted = _public_world()
    draft_statement = redrafted.current_version.statement
    published = redrafted.published_version
    course = db.session.scalar(db.select(Course).order_by(Course.id))

    page.goto("/")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    shot(page, "home")

    page.goto(f"/frameworks/{framework.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(framework.title)
    tree = page.locator("main").inner_text()
    for standard in unpublished:
        assert standard.current_version.title not in tree, standard.code
    assert page.get_by_role("link", name="Add critical work function").count() == 0
    shot(page, "framework")

    # A standard with a newer draft shows its published version, and its history only those.
    page.goto(f"/standards/{redrafted.id}")
    expect(page.locator(".statement")).to_contain_text(published.statement.split("\n")[0][:40])
    text = page.locator("main").inner_text()
    assert _only_in(draft_statement, published.statement) not in text
    assert redrafted.current_version.change_note not in text
    assert page.get_by_role("link", name="Edit", exact=True).count() == 0
    assert page.get_by_role("button", name=re.compile("^Endorse")).count() == 0
    shot(page, "standard")
    page.goto(f"/standards/{redrafted.id}/history")
    numbers = page.locator("table.history tbody tr td:first-child a").all_inner_texts()
    assert f"v{redrafted.current_version.number}" not in numbers
    assert f"v{published.number}" in numbers

    # Drafts never published are not found; members' pages and edit forms ask to sign in.
    console.allow(r"status of 404")
    response = page.goto(f"/standards/{unpublished[0].id}")
    assert response.status == 404
    for path in (
        f"/standards/{redrafted.id}/edit",
        f"/partnerships/{demo.id}/members",
        f"/courses/{course.id}/align",
    ):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/login\?next="))
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shot(page, "sign-in-asked")

    page.goto(f"/courses/{course.id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(course.title)
    assert page.get_by_role("link", name="Edit course").count() == 0
    assert page.get_by_role("link", name=re.compile("^Align to")).count() == 0


def test_viewer_has_no_edit_buttons_and_edit_urls_answer_403(demo, page, shot, console):
    framework, _unpublished, redrafted = _public_world()
    course = db.session.scalar(db.select(Course).order_by(Course.id))
    program = db.session.scalar(db.select(Program).order_by(Program.id))

    sign_in(page, "viewer@example.com")
    shot(page, "viewer-home")
    pages_and_buttons = {
        f"/frameworks/{framework.id}": ["Add critical work function", "Edit framework"],
        f"/standards/{redrafted.id}": ["Edit", "Send to review", "Add comment"],
        f"/courses/{course.id}": ["Edit course", f"Align to {framework.title}"],
        f"/programs/{program.id}": ["Edit program", "Add to program", "Copy program"],
        f"/partnerships/{demo.id}": ["Edit", "Remove", "Add to partnership"],
    }
    for path, labels in pages_and_buttons.items():
        page.goto(path)
        main = page.locator("main")
        for label in labels:
            assert main.get_by_role("link", name=label, exact=True).count() == 0, (path, label)
            assert main.get_by_role("button", name=label, exact=True).count() == 0, (path, label)
        moves = main.get_by_role("button", name=re.compile(r"^(Endorse|Publish|Retire)"))
        assert moves.count() == 0, path
    page.goto(f"/standards/{redrafted.id}")
    shot(page, "viewer-standard")

    console.allow(r"status of 403")
    for path in (
        f"/frameworks/{framework.id}/edit",
        f"/frameworks/{framework.id}/standards/new",
        f"/standards/{redrafted.id}/edit",
        f"/courses/{course.id}/edit",
        f"/courses/{course.id}/align",
        f"/programs/{program.id}/edit",
        f"/partnerships/{demo.id}/edit",
        f"/partnerships/{demo.id}/invitations/new",
    ):
        response = page.goto(path)
        assert response.status == 403, path
        expect(page.locator(".error-page .status")).to_have_text("Error 403")
        assert page.locator("main form textarea, main form input[type=text]").count() == 0
    shot(page, "viewer-403")

"""The framework tree in a browser: a branch opens in place (its rows fetched), closes again,
and the state stays: in the URL for a visitor, in the person's saved state once signed in."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.extensions import db
from curriculum.standards.models import Framework, Standard
from curriculum.standards.tree_state import TreeState
from tests.browser.conftest import fresh, sign_in

pytestmark = pytest.mark.browser


def _demo_framework() -> tuple[Framework, list[Standard]]:
    framework = db.session.scalar(db.select(Framework).order_by(Framework.id))
    tops = list(
        db.session.scalars(
            db.select(Standard)
            .where(Standard.framework_id == framework.id, Standard.parent_id.is_(None))
            .order_by(Standard.position)
        )
    )
    return framework, tops


def test_a_visitor_opens_and_closes_a_branch_and_the_url_keeps_it(demo, page, shot):
    framework, tops = _demo_framework()
    a, b = tops[0], tops[1]
    page.goto(f"/frameworks/{framework.id}")
    toggles = page.locator("button.toggle")
    expect(toggles).to_have_count(len(tops))
    expect(page.locator("a.toggle-link").first).to_be_hidden()  # the no-script links
    expect(page.get_by_role("button", name=f"Standards under {b.code}")).to_have_attribute(
        "aria-expanded", "false"
    )
    assert page.locator(f"#b{b.id} li").count() == 0  # a closed branch sends no rows
    shot(page, "closed")

    button = page.get_by_role("button", name=f"Standards under {b.code}")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#b{b.id}")).to_be_visible()
    first_child = page.locator(f"#b{b.id} > li").first
    expect(first_child.locator("> .row .code")).to_have_text(f"{b.code}.1")
    expect(page).to_have_url(re.compile(rf"[?&]open={b.id}\b"))
    shot(page, "one-open")

    page.reload()  # the URL holds the state
    expect(page.get_by_role("button", name=f"Standards under {b.code}")).to_have_attribute(
        "aria-expanded", "true"
    )
    expect(page.get_by_role("button", name=f"Standards under {a.code}")).to_have_attribute(
        "aria-expanded", "false"
    )
    button = page.get_by_role("button", name=f"Standards under {b.code}")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.locator(f"#b{b.id}")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"[?&]all=0"))

    page.get_by_role("link", name="Expand all").click()
    expect(page.locator("button.toggle[aria-expanded=true]")).to_have_count(len(tops))
    # On a phone the open tree fits the screen's width (no row runs off it).
    page.set_viewport_size({"width": 390, "height": 844})
    widest = page.locator(".ftree .row").evaluate_all(
        "rows => Math.max(...rows.map(r => r.getBoundingClientRect().right))"
    )
    assert widest <= 390, widest
    shot(page, "all-open-390")


def test_a_signed_in_person_finds_the_tree_as_they_left_it(demo, page, shot):
    framework, tops = _demo_framework()
    c = tops[2]
    sign_in(page, "convener@example.com")
    page.goto(f"/frameworks/{framework.id}")
    button = page.get_by_role("button", name=f"Standards under {c.code}")
    with page.expect_response(lambda r: r.url.endswith("/tree-state")) as saved:
        button.click()
    assert saved.value.ok
    expect(button).to_have_attribute("aria-expanded", "true")
    fresh()
    user_states = list(db.session.scalars(db.select(TreeState)))
    assert [(s.framework_id, s.open_ids, s.all_open) for s in user_states] == [
        (framework.id, [c.id], False)
    ]

    page.goto(f"/frameworks/{framework.id}")  # no state in the URL: the saved one
    expect(page.get_by_role("button", name=f"Standards under {c.code}")).to_have_attribute(
        "aria-expanded", "true"
    )
    expect(page.locator(f"#b{c.id} > li").first).to_be_visible()
    shot(page, "remembered")

    page.get_by_role("button", name="Expand all").click()
    expect(page.locator("button.toggle[aria-expanded=true]")).to_have_count(len(tops))
    page.get_by_role("button", name="Collapse all").click()
    expect(page.locator("button.toggle[aria-expanded=true]")).to_have_count(0)
    page.goto(f"/frameworks/{framework.id}")
    expect(page.locator("button.toggle[aria-expanded=true]")).to_have_count(0)

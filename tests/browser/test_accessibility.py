"""axe-core (bundled with axe-playwright-python) on the main pages: no critical violations.

Serious ones are listed in the failure message too, so whoever fixes a page sees them all.
"""

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from curriculum.courses.models import Course, Program
from curriculum.extensions import db
from curriculum.standards.models import Framework, Standard
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

RUN_AXE = "() => axe.run(document, {resultTypes: ['violations']})"


def _violations(page) -> list[dict]:
    page.evaluate(AXE_SCRIPT)  # through DevTools, so the page's CSP does not block it
    return page.evaluate(RUN_AXE)["violations"]


def _report(found: dict[str, list[dict]], impacts: set[str]) -> str:
    lines = []
    for path, violations in found.items():
        for v in violations:
            if v["impact"] in impacts:
                targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
                lines.append(f"{path}: [{v['impact']}] {v['id']}: {v['help']} ({targets})")
    return "\n".join(lines)


def _pages() -> dict[str, list[str]]:
    """The main pages, by who looks at them (None: signed out); members see their buttons."""
    framework = db.session.scalar(db.select(Framework).order_by(Framework.id))
    standard = db.session.scalar(
        db.select(Standard)
        .where(Standard.published_version_id.is_not(None))
        .where(Standard.current_version_id != Standard.published_version_id)
        .order_by(Standard.id)
    )
    course = db.session.scalar(db.select(Course).order_by(Course.id))
    program = db.session.scalar(db.select(Program).order_by(Program.id))
    public = [
        "/",
        "/login",
        f"/frameworks/{framework.id}",
        f"/standards/{standard.id}",
        f"/courses/{course.id}",
        f"/programs/{program.id}/coverage",
    ]
    number = standard.current_version.number
    return {
        None: public,
        "convener@example.com": [
            f"/standards/{standard.id}",
            f"/standards/{standard.id}/history",
            f"/standards/{standard.id}/compare?a=1&b={number}",
            f"/standards/{standard.id}/edit",
            f"/programs/{program.id}/exports/new",
        ],
        "faculty@example.com": [
            "/",
            f"/courses/{course.id}",
            f"/courses/{course.id}/align",
            f"/programs/{program.id}",
        ],
    }


def test_main_pages_have_no_critical_accessibility_violations(demo, new_page):
    found: dict[str, list[dict]] = {}
    for who, paths in _pages().items():
        page = new_page()
        if who:
            sign_in(page, who)
        for path in paths:
            response = page.goto(path)
            assert response.ok, path
            found[f"{who or 'visitor'} {path}"] = _violations(page)
    assert len(found) == 15
    critical = _report(found, {"critical"})
    assert not critical, (
        "critical accessibility violations:\n"
        + critical
        + "\nserious ones, while you are there:\n"
        + _report(found, {"serious"})
    )

"""Journey 1: two panelists edit one key activity at once; the second to save merges on the
conflict page; three employers endorse; the convener publishes; the history compares v1 with it."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.extensions import db
from curriculum.standards.models import Standard, StandardKind, StandardVersion, VersionStatus
from tests.browser.conftest import fresh, sign_in

pytestmark = pytest.mark.browser

THEIRS = "Findings are entered in the plant's hazard log before the end of the shift."
MINE = "Each corrective action names who owns it and a date to finish."


def _key_activity() -> Standard:
    """A key activity of the demo whose only version is published."""
    return db.session.scalar(
        db.select(Standard)
        .join(StandardVersion, StandardVersion.id == Standard.current_version_id)
        .where(
            Standard.kind == StandardKind.KEY_ACTIVITY,
            Standard.current_version_id == Standard.published_version_id,
            StandardVersion.number == 1,
        )
        .order_by(Standard.id)
        .limit(1)
    )


def _edit(page, standard_id: int, statement: str, note: str) -> None:
    page.goto(f"/standards/{standard_id}/edit")
    page.get_by_label("Statement").fill(statement)
    page.get_by_label("What changed, and why").fill(note)


def test_conflict_merge_endorse_publish_compare(demo, new_page, shot, console):
    standard = _key_activity()
    sid, code, v1 = standard.id, standard.code, standard.current_version
    original = v1.statement.strip()
    assert v1.number == 1
    db.session.rollback()

    # Marcus (Kestrel) opens the editor; Priya (Miami Valley Automation) saves first.
    marcus = new_page()
    sign_in(marcus, "panelist@example.com")
    _edit(marcus, sid, f"{original} {MINE}", "Owners and dates for corrective actions")
    expect(marcus.get_by_text("You are editing version 1.")).to_be_visible()
    shot(marcus, "marcus-editing-v1")

    priya = new_page()
    sign_in(priya, "panelist2@example.com")
    _edit(priya, sid, f"{original} {THEIRS}", "Hazard log")
    priya.get_by_role("button", name="Save new version").click()
    expect(priya.locator(".flash")).to_have_text("Saved as version 2.")

    # Marcus saves from version 1: the conflict page (409) shows both texts and their diff.
    console.allow(r"status of 409 \(CONFLICT\)")
    marcus.get_by_role("button", name="Save new version").click()
    expect(marcus.get_by_role("heading", level=1)).to_have_text(
        f"Someone saved {code} while you were editing"
    )
    expect(marcus.get_by_role("alert")).to_contain_text("Nothing was overwritten.")
    theirs_card = marcus.locator(".card", has=marcus.get_by_role("heading", name="now current"))
    expect(theirs_card.locator("pre")).to_contain_text(THEIRS)
    mine_card = marcus.locator(".card", has=marcus.get_by_role("heading", name="Your text"))
    expect(mine_card.locator("pre")).to_contain_text(MINE)
    diff = marcus.locator("dd.statement-diff")
    expect(diff.locator("ins")).to_contain_text(["Each corrective action"])
    expect(diff.locator("del")).to_contain_text(["Findings are entered"])
    expect(marcus.get_by_label("Statement")).to_have_value(f"{original} {MINE}")
    shot(marcus, "conflict")

    merged = f"{original} {THEIRS} {MINE}"
    marcus.get_by_label("Statement").fill(merged)
    marcus.get_by_label("What changed, and why").fill("Merged with Priya's hazard log")
    marcus.get_by_role("button", name="Save as version 3").click()
    expect(marcus.locator(".flash")).to_have_text("Saved as version 3.")
    expect(marcus.locator(".statement")).to_contain_text(THEIRS)
    expect(marcus.locator(".statement")).to_contain_text(MINE)
    shot(marcus, "merged-v3")

    # Three panelists of three employers endorse version 3.
    tom = new_page()
    sign_in(tom, "panelist3@example.com")
    for count, page in enumerate((marcus, priya, tom), start=1):
        page.goto(f"/standards/{sid}")
        page.get_by_label("Note (optional)").fill("Reviewed with our shop floor leads.")
        page.get_by_role("button", name=re.compile(r"^Endorse version 3 for ")).click()
        expect(page.locator(".quorum strong")).to_have_text(f"{count} of 3")
    expect(tom.locator(".quorum")).to_contain_text("ready to publish")
    shot(tom, "three-endorsements")

    # The convener publishes.
    dana = new_page()
    sign_in(dana, "convener@example.com")
    dana.goto(f"/standards/{sid}")
    dana.locator("details.publish-confirm summary").click()  # publishing asks first
    dana.get_by_role("button", name="Publish version 3", exact=True).click()
    expect(dana.locator(".flash")).to_have_text("Version 3 is published.")
    shot(dana, "published")

    # The history compares version 1 with version 3.
    dana.goto(f"/standards/{sid}/history")
    expect(dana.locator("table.history tbody tr")).to_have_count(3)
    dana.get_by_label("Compare version").select_option("1")
    dana.get_by_label("with").select_option("3")
    dana.get_by_role("button", name="Compare").click()
    expect(dana).to_have_url(re.compile(r"/compare\?a=1&b=3$"))
    expect(dana.get_by_role("heading", level=1)).to_have_text(f"{code}: version 1 → version 3")
    added = dana.locator("dd.statement-diff ins").all_inner_texts()
    assert "hazard log" in " ".join(added) and "corrective action" in " ".join(added)
    shot(dana, "compare-v1-v3")

    fresh()
    versions = db.session.scalars(
        db.select(StandardVersion)
        .where(StandardVersion.standard_id == sid)
        .order_by(StandardVersion.number)
    ).all()
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[1].statement.strip() == f"{original} {THEIRS}"  # Priya's save kept
    assert versions[2].status == VersionStatus.PUBLISHED
    assert {e.organization.name for e in versions[2].endorsements} == {
        "Kestrel Precision Machining",
        "Miami Valley Automation",
        "Buckeye Fluid Power",
    }
    assert db.session.get(Standard, sid).published_version_id == versions[2].id

# ruff: noqa: F811 (the fixtures framework and ka are imported from test_views)
"""What the standard pages tell people before they act: the publish button and its reason,
the edit page's word on endorsements, the history's line of what changed, the level legend."""

import re

from curriculum.alignment import services as alignment
from curriculum.courses import services as courses
from curriculum.standards import services
from tests.standards.test_views import framework, ka  # noqa: F401 (fixtures)

PUBLISH_FORM = re.compile(r'<form method="post" action="/standards/\d+/versions/\d+/publish"')


def _endorse(ka, partnership, factory, db, times):
    for _ in range(times):
        services.endorse(ka, ka.current_version, factory.member(partnership, "panelist"))
    db.session.commit()


def test_publish_is_disabled_with_the_reason_until_the_quorum_is_met(
    client,
    login_as,
    ka,
    partnership,
    factory,
    db,
):
    _endorse(ka, partnership, factory, db, 2)
    login_as("convener")
    page = client.get(f"/standards/{ka.id}").text
    assert re.search(r'<button type="button" class="publish-waiting" disabled[^>]*>Publish', page)
    assert "2 of 3 endorsements; waiting for" in page
    assert not PUBLISH_FORM.search(page)  # no form that would publish on a click


def test_publish_asks_first_and_counts_the_open_comments(
    client,
    login_as,
    ka,
    partnership,
    factory,
    db,
):
    author = factory.member(partnership, "panelist")
    services.add_comment(ka, author, "Is *every* guard too strict?")
    done = services.add_comment(ka, author, "Typo in the title.")
    services.set_resolved(ka, done, author, True)
    services.add_comment(ka, author, "Name the lockout step too.")
    _endorse(ka, partnership, factory, db, 3)
    login_as("convener")
    page = client.get(f"/standards/{ka.id}").text
    assert "publish-waiting" not in page
    confirm = page[page.index('<details class="publish-confirm">') :]
    confirm = confirm[: confirm.index("</details>")]
    assert "<summary" in confirm and PUBLISH_FORM.search(confirm)  # the real button is inside
    assert "2 comments are still open" in confirm


def test_editing_an_endorsed_version_says_the_endorsements_stay_with_it(
    client,
    login_as,
    ka,
    partnership,
    factory,
    db,
):
    login_as("panelist")
    assert "endorsement-warning" not in client.get(f"/standards/{ka.id}/edit").text
    _endorse(ka, partnership, factory, db, 2)
    page = client.get(f"/standards/{ka.id}/edit").text
    assert "Version 1 has 2 endorsements" in page
    assert "they stay with version 1. Saving makes version 2, which starts at 0 of 3" in page
    assert page.index("endorsement-warning") < page.index('name="title"')


def test_history_says_what_each_version_changed_and_published_once(
    client,
    login_as,
    ka,
    partnership,
    factory,
    db,
):
    factory.publish(ka)
    services.save_version(
        ka,
        1,
        "Inspect machine guarding",
        "Check that *every* guard is in place and locked before starting the machine.",
        "mastery",
        "Locked too",
        None,
    )
    services.save_version(ka, 2, "Inspect all machine guarding", None, "mastery", "Title", None)
    db.session.commit()
    login_as("panelist")
    page = client.get(f"/standards/{ka.id}/history").text
    assert "Statement (+2 words) and level (no level → Mastery) changed" in page
    assert "Title and statement (−13 words) changed" in page
    assert "First version" in page
    assert "published published" not in re.sub(r"<[^>]+>|\s+", " ", page).replace("  ", " ")
    assert re.search(r"since \d\d \w{3} \d{4}", page)


def test_the_level_legend_shows_where_both_scales_appear(
    client,
    login_as,
    ka,
    partnership,
    factory,
    db,
):
    services.save_version(ka, 1, "Inspect machine guarding", "Check.", "baseline", "", None)
    factory.publish(ka)
    teacher = factory.member(partnership, "faculty")
    college = teacher.organization
    course = courses.create_course(college, {"code": "MFG 101", "title": "Safety", "credits": "3"})
    db.session.commit()
    login_as("viewer")
    assert "level-legend" not in client.get(f"/standards/{ka.id}").text  # no course yet
    alignment.align(course, ka, "mastered", "Lab", teacher)
    db.session.commit()
    for url in (f"/standards/{ka.id}", f"/courses/{course.id}"):
        page = client.get(url).text
        assert page.count('class="level-legend"') == 1, url
        legend = page[page.index('class="level-legend"') :]
        assert "Baseline" in legend and "Mastery" in legend and "Mastered" in legend

"""The framework PDF's "Training needs" section: the latest closed survey's ranked priorities
(aggregates only), printed when the exporter may see the survey's results."""

from flask_login import login_user

from curriculum.exports import kinds, services
from curriculum.extensions import db
from tests.conftest import login
from tests.exports.conftest import pages_text
from tests.needs.conftest import closed_survey


def test_the_print_view_has_the_ranked_priorities_for_who_may_see_them(client, world, factory):
    survey = closed_survey(world, firms=world.firms[:2])  # two firms: members see no results
    viewer = factory.member(world.partnership, "viewer")
    assert login(client, viewer.email).status_code == 302
    page = client.get(f"/frameworks/{world.framework.id}/print").text
    assert "Guards checked" in page and "Training needs" not in page
    client.post("/logout")
    convener = factory.member(world.partnership, "convener")
    assert login(client, convener.email).status_code == 302
    page = client.get(f"/frameworks/{world.framework.id}/print").text
    assert 'href="#training-needs"' in page  # in the contents
    section = page.split('id="training-needs"', 1)[1]
    assert f"From {survey.title}" in section and "2 employers rated" in section
    # Ranked by priority, highest first, with the high ones marked in words; no firm named.
    order = [section.index(t) for t in ("Guards checked", "Inspect guarding", "Lock out energy")]
    assert order == sorted(order)
    assert section.count("(high priority)") == 3
    assert "Firm X" not in page and "Firm Y" not in page


def test_the_exported_pdf_prints_the_section(app, world, factory):
    closed_survey(world)
    faculty = world.faculty
    with app.test_request_context():
        login_user(faculty)
        job = services.request_export("standards", world.framework, faculty, {})
    db.session.refresh(job)
    assert job.state == "done", job.message
    assert job.options["needs"]
    text = "\n".join(pages_text(job.file.data))
    assert "Training needs" in text and "(high priority)" in text
    assert "Firm X" not in text


def test_without_a_request_nobody_is_known_and_no_section_is_asked(app, world):
    closed_survey(world)
    assert kinds.get("standards").more_options(world.framework, {}) == {}

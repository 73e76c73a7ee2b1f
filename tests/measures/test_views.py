"""The measures page and the cohort forms: who sees and records, counts under 5 never shown,
shares and earnings against before, the trend charts, forms keeping what was typed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from curriculum.extensions import db
from curriculum.measures.models import Cohort
from tests.measures.conftest import signed_in


class _Text(HTMLParser):
    """The text of a page (what a reader sees, and what an SVG's title says)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_a_count_of_three_never_appears_on_the_page(client, world, small):
    page = signed_in(client, world, "panelist").get(f"/programs/{world.program.id}/measures")
    assert page.status_code == 200
    text = text_of(page.text)
    assert re.search(r"(?<![\d.,$])3(?![\d,])", text) is None, text
    assert "OSHA 10 <5" in text
    assert "<5" in text
    # 16 of 20 completed is shown with its share; the share of the 3 insured is not.
    assert "16 (80.0%)" in text
    assert "15.0%" not in text


def test_earnings_change_against_the_cohorts_own_before(client, world, small):
    text = text_of(
        signed_in(client, world, "viewer").get(f"/programs/{world.program.id}/measures").text
    )
    assert "$8,000 $10,000 +$2,000 (+25.0%)" in text


def test_a_median_of_fewer_than_five_people_is_not_shown(client, world, small):
    small.employed_q4 = 4
    db.session.commit()
    page = signed_in(client, world, "viewer").get(f"/programs/{world.program.id}/measures")
    text = text_of(page.text)
    assert "$10,000" not in text and "+$2,000" not in text
    assert "After, Fall 2022" in text  # said to be left out of the chart


def test_the_trend_charts_are_svg_with_a_text_alternative(client, world, small):
    world.fresh_cohort(2023)  # 24 enrolled, 18 completed
    page = signed_in(client, world, "faculty").get(f"/programs/{world.program.id}/measures")
    html = page.text
    assert html.count("<svg") == 2
    assert 'role="img"' in html and '<title id="chart-shares-title">' in html
    text = text_of(html)
    assert "Completed Employed in the sector, Q2" in text
    assert "Fall 2022 80% 60% 70%" in text  # the chart's numbers as text
    assert "Fall 2023 75% not shown not shown" in text
    assert "Employed in the sector, Q2, Fall 2023" in text  # left out, and said so


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("anonymous", 401)])
def test_outsiders_do_not_see_the_measures(client, world, small, role, status):
    if role != "anonymous":
        signed_in(client, world, role)
    response = client.get(f"/programs/{world.program.id}/measures")
    assert response.status_code == status


def test_the_program_page_links_to_the_measures_for_members_only(client, world):
    url = f"/programs/{world.program.id}"
    assert "/measures" not in client.get(url).text
    assert (
        f"/programs/{world.program.id}/measures"
        in signed_in(client, world, "panelist").get(url).text
    )


def test_members_who_may_not_record_see_no_record_button_and_are_refused(client, world, small):
    signed_in(client, world, "panelist")
    page = client.get(f"/programs/{world.program.id}/measures")
    assert "Record a cohort" not in page.text
    assert client.get(f"/programs/{world.program.id}/measures/new").status_code == 403


def test_a_cohort_is_recorded_through_the_form(client, world):
    signed_in(client, world, "viewer")  # a workforce board's member
    response = client.post(
        f"/programs/{world.program.id}/measures/new",
        data={
            "entry_year": "2021",
            "entry_season": "spring",
            "enrolled": "30",
            "completed": "25",
            "median_earnings_before": "7,500",
            "credentials": "NIMS Level I: 12\nOSHA 10, 30",
            f"placed_{world.employer.id}": "9",
            "source": "State wage records",
        },
    )
    assert response.status_code == 302, response.text
    cohort = db.session.scalar(db.select(Cohort).where(Cohort.entry_year == 2021))
    assert (cohort.enrolled, cohort.completed) == (30, 25)
    assert [(c.credential, c.earned) for c in cohort.credentials] == [
        ("NIMS Level I", 12),
        ("OSHA 10", 30),
    ]
    assert [p.placed for p in cohort.placements] == [9]


def test_an_impossible_figure_comes_back_with_what_was_typed(client, world):
    signed_in(client, world, "faculty")
    response = client.post(
        f"/programs/{world.program.id}/measures/new",
        data={
            "entry_year": "2021",
            "entry_season": "fall",
            "enrolled": "20",
            "completed": "25",
            "credentials": "CNC operator: 4",
            f"placed_{world.employer.id}": "6",
            "notes": "typed notes",
        },
    )
    assert response.status_code == 400
    assert "Completed: 25 is more than were enrolled (20)." in response.text
    assert 'value="25"' in response.text and "typed notes" in response.text
    assert "CNC operator: 4" in response.text
    assert f'name="placed_{world.employer.id}" value="6"' in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Cohort)) == 1


def test_an_unreadable_credentials_line_is_said_on_its_field(client, world):
    signed_in(client, world, "faculty")
    response = client.post(
        f"/programs/{world.program.id}/measures/new",
        data={"entry_year": "2021", "entry_season": "fall", "credentials": "just a name"},
    )
    assert response.status_code == 400
    assert "Credentials earned, line 1" in response.text


def test_a_term_recorded_twice_is_refused_on_the_form(client, world, small):
    signed_in(client, world, "convener")
    response = client.post(
        f"/programs/{world.program.id}/measures/new",
        data={"entry_year": "2022", "entry_season": "fall", "enrolled": "9"},
    )
    assert response.status_code == 409
    assert "has a Fall 2022 cohort already" in response.text


def test_a_cohort_is_edited_and_deleted(client, world, small):
    signed_in(client, world, "faculty")
    form = client.get(f"/cohorts/{small.id}/edit")
    assert 'value="20"' in form.text and "OSHA 10: 3" in form.text
    response = client.post(
        f"/cohorts/{small.id}/edit",
        data={"entry_year": "2022", "entry_season": "fall", "enrolled": "21", "completed": "17"},
    )
    assert response.status_code == 302
    found = db.session.get(Cohort, small.id)
    db.session.refresh(found)
    assert (found.enrolled, found.completed, found.credentials) == (21, 17, [])
    cohort_id = small.id
    assert client.post(f"/cohorts/{cohort_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(Cohort.id).where(Cohort.id == cohort_id)) is None


def test_a_credential_earned_by_more_than_enrolled_is_said_on_its_field(client, world):
    signed_in(client, world, "faculty")
    response = client.post(
        f"/programs/{world.program.id}/measures/new",
        data={"entry_year": "2021", "entry_season": "fall", "enrolled": "8",
              "credentials": "OSHA 10: 9"},
    )  # fmt: skip
    assert response.status_code == 400
    message = "Credential OSHA 10: more earned it (9) than were enrolled (8)."
    assert response.text.count(message) == 1
    assert 'id="credentials-error"' in response.text

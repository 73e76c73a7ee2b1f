"""The survey pages: the framework's link, opening a survey, the employer's answer form (kept
on error), the convener's view of the answers, the results for firms (never another firm's
answers), the chart and closing."""

from __future__ import annotations

import re

import pytest

from curriculum.extensions import db
from curriculum.needs.models import NeedsSurvey, SurveyRating, SurveyResponse, SurveyStatus
from tests.conftest import csrf_token_from, login
from tests.needs.surveys_world import answer, build_needs


@pytest.fixture
def needs(factory, partnership):
    return build_needs(factory, partnership)


def _as(app, user):
    """A new client signed in as `user`."""
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _token(client, url):
    return csrf_token_from(client.get(url).text)


def test_framework_page_links_to_surveys_for_members(app, client, needs):
    url = f"/frameworks/{needs.framework.id}"
    assert f"/frameworks/{needs.framework.id}/surveys" not in client.get(url).text
    client = _as(app, needs.faculty)
    assert f"/frameworks/{needs.framework.id}/surveys" in client.get(url).text
    listing = client.get(f"/frameworks/{needs.framework.id}/surveys")
    assert listing.status_code == 200 and "2027 hiring needs" in listing.text
    assert "Open a survey" not in listing.text


def test_convener_opens_a_survey(app, client, needs):
    client = _as(app, needs.convener)
    url = f"/frameworks/{needs.framework.id}/surveys/new"
    blank = client.post(url, data={"csrf_token": _token(client, url), "title": ""})
    assert blank.status_code == 400 and "Give the survey a title" in blank.text
    response = client.post(
        url, data={"csrf_token": _token(client, url), "title": "Spring check", "release": ""}
    )
    assert response.status_code == 302
    survey = db.session.scalar(db.select(NeedsSurvey).where(NeedsSurvey.title == "Spring check"))
    assert survey is not None and survey.release_id is None
    client = _as(app, needs.panelists[0])
    assert client.get(url).status_code == 403


def _answer_url(needs):
    return f"/surveys/{needs.survey.id}/answers"


def _post_answers(client, needs, fields):
    token = _token(client, f"/surveys/{needs.survey.id}")
    return client.post(_answer_url(needs), data={"csrf_token": token, **fields})


def test_employer_answers_and_sees_the_form_prefilled(app, client, needs):
    client = _as(app, needs.panelists[0])
    page = client.get(f"/surveys/{needs.survey.id}")
    assert page.status_code == 200
    assert f'name="importance-{needs.a1.id}"' in page.text  # a key activity
    assert f'name="importance-{needs.a11.id}"' not in page.text  # indicators are not offered
    assert f'name="hires-{needs.operator.id}"' in page.text
    response = _post_answers(
        client,
        needs,
        {
            f"importance-{needs.a.id}": "5",
            f"difficulty-{needs.a.id}": "4",
            f"importance-{needs.a1.id}": "",
            f"difficulty-{needs.a1.id}": "",
            f"hires-{needs.operator.id}": "6",
        },
    )
    assert response.status_code == 302
    saved = db.session.scalars(db.select(SurveyRating)).all()
    assert [(r.standard_id, r.importance, r.difficulty) for r in saved] == [(needs.a.id, 5, 4)]
    again = client.get(f"/surveys/{needs.survey.id}").text
    chosen = re.search(rf'name="importance-{needs.a.id}">(.*?)</select>', again, re.S).group(1)
    assert '<option value="5" selected>' in chosen
    assert f'name="hires-{needs.operator.id}" value="6"' in again


def test_a_bad_answer_keeps_what_was_typed_and_saves_nothing(app, client, needs):
    client = _as(app, needs.panelists[0])
    response = _post_answers(
        client,
        needs,
        {
            f"importance-{needs.a.id}": "4",
            f"difficulty-{needs.a.id}": "2",
            f"importance-{needs.a1.id}": "7",
            f"difficulty-{needs.a1.id}": "3",
            f"hires-{needs.operator.id}": "12",
        },
    )
    assert response.status_code == 400
    assert f"{needs.a1.code}: importance is rated from 1 to 5." in response.text
    assert f'name="hires-{needs.operator.id}" value="12"' in response.text
    assert '<option value="7" selected>' in response.text
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 0
    negative = _post_answers(
        client,
        needs,
        {
            f"importance-{needs.a.id}": "4",
            f"difficulty-{needs.a.id}": "2",
            f"hires-{needs.operator.id}": "-3",
        },
    )
    assert negative.status_code == 400 and "expected hires are a whole number" in negative.text
    foreign = _post_answers(
        client,
        needs,
        {f"importance-{needs.foreign.id}": "4", f"difficulty-{needs.foreign.id}": "4"},
    )
    assert foreign.status_code == 400 and "Rate standards of" in foreign.text
    stranger_step = _post_answers(
        client,
        needs,
        {
            f"importance-{needs.a.id}": "4",
            f"difficulty-{needs.a.id}": "2",
            f"hires-{needs.other_step.id}": "3",
        },
    )
    assert stranger_step.status_code == 400
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 0


def test_others_cannot_answer_or_see(app, client, needs, factory):
    client = _as(app, needs.faculty)
    page = client.get(f"/surveys/{needs.survey.id}")
    assert page.status_code == 200 and "results are shown once 3 firms" in page.text
    assert f'name="importance-{needs.a.id}"' not in page.text
    refused = client.post(
        _answer_url(needs),
        data={
            "csrf_token": _token(client, f"/surveys/{needs.survey.id}"),
            f"importance-{needs.a.id}": "4",
            f"difficulty-{needs.a.id}": "4",
        },
    )
    assert refused.status_code == 403
    outsider = factory.member(needs.other, "convener")
    client = _as(app, outsider)
    assert client.get(f"/surveys/{needs.survey.id}").status_code == 404


def _three_firms_answer(needs):
    answer(
        needs.survey, needs.panelists[0], {needs.a: (5, 5), needs.b1: (1, 2)}, {needs.operator: 3}
    )
    answer(needs.survey, needs.panelists[1], {needs.a: (4, 3), needs.a1: (2, 2)})
    answer(needs.survey, needs.panelists[2], {needs.a: (3, 3), needs.a1: (4, 4)})


def test_no_firm_sees_another_firms_answers(app, client, needs):
    answer(needs.survey, needs.panelists[0], {needs.a: (5, 5), needs.b1: (1, 2)})
    client = _as(app, needs.panelists[3])
    early = client.get(f"/surveys/{needs.survey.id}").text
    assert "results are shown once 3 firms have answered" in early
    assert "Firm A" not in early
    _three_firms_answer(needs)
    page = client.get(f"/surveys/{needs.survey.id}").text
    assert "Firm A" not in page and "Firm B" not in page and "Who answered" not in page
    results = page.split('id="results"')[1]
    assert needs.a.code in page and "High priority" in page
    # B.1 was rated by firm A alone (A.1 by two firms): its figures would be firm A's answer.
    assert f'<span class="code">{needs.b1.code}</span> Set up the machine</th>' not in results
    assert "2 standards are not shown: rated by fewer than 3 firms" in page
    # Not in the chart either, neither in its text alternative.
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "Set up the machine" not in svg and "<desc" in svg and "<title" in svg


def test_convener_sees_who_answered_what(app, client, needs):
    _three_firms_answer(needs)
    client = _as(app, needs.convener)
    page = client.get(f"/surveys/{needs.survey.id}").text
    assert "Who answered (3)" in page
    assert f"/frameworks/{needs.framework.id}/needs?survey={needs.survey.id}" in page
    for firm in ("Firm A", "Firm B", "Firm C"):
        assert firm in page
    assert needs.panelists[0].display_name in page
    assert "Operator 3" in page  # firm A's expected hires
    # The ranked list with every figure, A first (priority 14.4 > 8.0 …).
    ranked = re.findall(r'<span class="code">([^<]+)</span>', page.split('id="results"')[1])
    assert ranked[0] == needs.a.code


def test_close_is_a_confirmed_post_and_refuses_later_answers(app, client, needs):
    client = _as(app, needs.convener)
    page = client.get(f"/surveys/{needs.survey.id}").text
    assert "data-confirm=" in page and f"/surveys/{needs.survey.id}/close" in page
    assert client.get(f"/surveys/{needs.survey.id}/close").status_code == 405
    token = csrf_token_from(page)
    assert (
        client.post(f"/surveys/{needs.survey.id}/close", data={"csrf_token": token}).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(NeedsSurvey, needs.survey.id).status == SurveyStatus.CLOSED
    client = _as(app, needs.panelists[0])
    response = client.post(
        _answer_url(needs),
        data={
            "csrf_token": _token(client, f"/surveys/{needs.survey.id}"),
            f"importance-{needs.a.id}": "4",
            f"difficulty-{needs.a.id}": "4",
        },
        follow_redirects=True,
    )
    assert "it takes no more answers" in response.text
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 0


def test_long_results_are_paged(app, client, needs, factory):
    extra = [
        factory.standard(needs.framework, needs.b, "key_activity", f"Extra {n}") for n in range(55)
    ]
    for panelist in needs.panelists[:3]:
        answer(needs.survey, panelist, {s: (3, 3) for s in extra})
    client = _as(app, needs.panelists[3])
    first = client.get(f"/surveys/{needs.survey.id}").text
    assert "Page 1 of 2" in first
    second = client.get(f"/surveys/{needs.survey.id}?page=2").text
    assert "Page 2 of 2" in second


def test_the_conveners_page_runs_the_same_queries_for_more_firms(
    app, needs, factory, count_queries
):
    def page_queries() -> int:
        client = _as(app, needs.convener)
        with count_queries() as statements:
            assert client.get(f"/surveys/{needs.survey.id}").status_code == 200
        return len(statements)

    for panelist in needs.panelists[:3]:
        answer(needs.survey, panelist, {needs.a: (4, 4), needs.b1: (3, 2)}, {needs.operator: 2})
    few = page_queries()
    for n in range(6):
        firm = factory.organization(f"More {n}", "employer")
        more = factory.member(needs.partnership, "panelist", organization=firm)
        answer(needs.survey, more, {needs.a: (5, 3), needs.a1: (2, 2)}, {needs.machinist: 1})
    assert page_queries() == few

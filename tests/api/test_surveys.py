"""The needs survey API: listing and opening surveys, a survey as each caller may see it (no
results below 3 firms, never another firm's answers), PUT of the firm's answers (400 naming the
field, nothing saved; 409 once closed) and closing."""

from __future__ import annotations

import pytest

from curriculum.extensions import db
from curriculum.needs.models import SurveyRating, SurveyResponse
from tests.api.conftest import ApiClient
from tests.needs.surveys_world import answer, build_needs


@pytest.fixture
def needs(factory, partnership):
    return build_needs(factory, partnership)


@pytest.fixture
def api(app, token_for):
    return lambda user: ApiClient(app, token_for(user), user)


def _put(client: ApiClient, url: str, body):
    return client.client.put(url, json=body, headers=client.headers)


def test_list_and_open(api, app, needs):
    convener = api(needs.convener)
    url = f"/api/v1/frameworks/{needs.framework.id}/surveys"
    listed = convener.get(url)
    assert listed.status_code == 200
    assert [s["title"] for s in listed.json["surveys"]] == ["2027 hiring needs"]
    created = convener.post(url, json={"title": "Spring", "closes_on": "2099-05-01"})
    assert created.status_code == 201, created.json
    assert created.json["status"] == "open" and created.json["closes_on"] == "2099-05-01"
    assert created.headers["Location"].endswith(f"/api/v1/surveys/{created.json['id']}")
    bad = convener.post(url, json={"title": "x", "release_id": 999999})
    assert bad.status_code == 400 and "release_id" in bad.json["fields"]
    assert api(needs.panelists[0]).post(url, json={"title": "Mine"}).status_code == 403
    assert ApiClient(app).get(url).status_code == 401
    outsider = api(needs.factory.member(needs.other, "convener"))
    assert outsider.get(url).status_code == 404


def test_put_mine_creates_then_replaces(api, needs):
    panelist = api(needs.panelists[0])
    url = f"/api/v1/surveys/{needs.survey.id}/responses/mine"
    body = {
        "ratings": [{"standard_id": needs.a.id, "importance": 5, "difficulty": 4}],
        "hires": [{"step_id": needs.operator.id, "hires": 3}],
    }
    first = _put(panelist, url, body)
    assert first.status_code == 201, first.json
    assert first.json["ratings"] == [{"standard_id": needs.a.id, "importance": 5, "difficulty": 4}]
    assert first.json["hires"] == [{"step_id": needs.operator.id, "hires": 3}]
    again = _put(
        panelist,
        url,
        {"ratings": [{"standard_id": needs.a11.id, "importance": 2, "difficulty": 2}]},
    )
    assert again.status_code == 200 and again.json["hires"] == []
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 1
    mine = panelist.get(f"/api/v1/surveys/{needs.survey.id}").json["mine"]
    assert mine["ratings"] == [{"standard_id": needs.a11.id, "importance": 2, "difficulty": 2}]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"ratings": [{"standard_id": "foreign", "importance": 3, "difficulty": 3}]},
            "ratings[0].standard_id",
        ),
        ({"ratings": [{"standard_id": "a", "importance": 6, "difficulty": 3}]}, "ratings[0]"),
        ({"ratings": [{"standard_id": "a", "importance": 0, "difficulty": 3}]}, "ratings[0]"),
        ({"ratings": [{"standard_id": "a", "importance": 3}]}, "ratings[0].difficulty"),
        ({"ratings": []}, "ratings"),
        (
            {
                "ratings": [{"standard_id": "a", "importance": 3, "difficulty": 3}],
                "hires": [{"step_id": "operator", "hires": -1}],
            },
            "hires[0]",
        ),
        (
            {
                "ratings": [{"standard_id": "a", "importance": 3, "difficulty": 3}],
                "hires": [{"step_id": "other_step", "hires": 1}],
            },
            "hires[0].step_id",
        ),
    ],
)
def test_bad_answers_are_400_naming_the_field(api, needs, body, field):
    def real(item):
        return {k: getattr(needs, v).id if k.endswith("_id") else v for k, v in item.items()}

    sent = {key: [real(i) for i in items] for key, items in body.items()}
    response = _put(
        api(needs.panelists[0]), f"/api/v1/surveys/{needs.survey.id}/responses/mine", sent
    )
    assert response.status_code == 400, response.json
    assert field in response.json["fields"]
    assert db.session.scalar(db.select(db.func.count(SurveyRating.id))) == 0


def test_only_employers_answer_and_closed_is_409(api, needs):
    url = f"/api/v1/surveys/{needs.survey.id}/responses/mine"
    body = {"ratings": [{"standard_id": needs.a.id, "importance": 5, "difficulty": 4}]}
    assert _put(api(needs.faculty), url, body).status_code == 403
    assert (
        api(needs.panelists[0]).post(f"/api/v1/surveys/{needs.survey.id}/close").status_code == 403
    )
    closed = api(needs.convener).post(f"/api/v1/surveys/{needs.survey.id}/close")
    assert closed.status_code == 200 and closed.json["status"] == "closed"
    refused = _put(api(needs.panelists[0]), url, body)
    assert refused.status_code == 409 and "no more answers" in refused.json["error"]
    assert api(needs.convener).post(f"/api/v1/surveys/{needs.survey.id}/close").status_code == 409


def test_results_as_each_caller_may_see_them(api, needs):
    url = f"/api/v1/surveys/{needs.survey.id}"
    answer(
        needs.survey, needs.panelists[0], {needs.a: (5, 5), needs.b1: (1, 2)}, {needs.operator: 3}
    )
    answer(needs.survey, needs.panelists[1], {needs.a: (4, 3)})
    early = api(needs.panelists[3]).get(url).json
    assert "results" not in early and "responses" not in early
    assert "3 firms" in early["results_note"] and early["mine"] is None
    answer(needs.survey, needs.panelists[2], {needs.a: (3, 3)})
    firm_d = api(needs.panelists[3]).get(url).json
    assert [r["code"] for r in firm_d["results"]] == [needs.a.code]
    assert firm_d["withheld"] == 1 and "responses" not in firm_d
    # Firm B sees its own answers, never firm A's, even with three firms in.
    firm_b = api(needs.panelists[1]).get(url).json
    assert firm_b["mine"]["organization"] == "Firm B"
    assert "Firm A" not in str(firm_b) and needs.b1.id not in [
        r["standard_id"] for r in firm_b["results"]
    ]
    convener = api(needs.convener).get(url).json
    assert {r["organization"] for r in convener["responses"]} == {"Firm A", "Firm B", "Firm C"}
    assert {r["code"] for r in convener["results"]} == {needs.a.code, needs.b1.code}
    top = convener["results"][0]
    assert top["code"] == needs.a.code and top["respondents"] == 3 and top["agree"] == 2
    # (25×3 + 12 + 9) / 5 = 19.2: firm A's 3 expected hires weigh its score three times.
    assert top["priority"] == 19.2 and top["high"] is True


def test_the_document_describes_the_survey_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert set(paths["/frameworks/{framework_id}/surveys"]) >= {"get", "post"}
    assert "get" in paths["/surveys/{survey_id}"]
    assert "put" in paths["/surveys/{survey_id}/responses/mine"]
    assert "post" in paths["/surveys/{survey_id}/close"]

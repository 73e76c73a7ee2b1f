"""Opening, answering and closing needs surveys: the rules and what is kept."""

from __future__ import annotations

import pytest

from curriculum.access import Denied
from curriculum.audit.models import AuditEvent
from curriculum.errors import Conflict
from curriculum.extensions import db
from curriculum.needs import queries, results, services
from curriculum.needs.models import SurveyRating, SurveyResponse, SurveyStatus
from curriculum.needs.services import HiresInput, RatingInput, SurveyError
from curriculum.releases import services as releases
from tests.needs.surveys_world import answer, build_needs


@pytest.fixture
def needs(factory, partnership):
    return build_needs(factory, partnership)


def _actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_open_survey_is_audited_and_for_conveners_only(needs):
    assert needs.survey.is_open and needs.survey.framework_id == needs.framework.id
    assert "needs.survey_opened" in _actions()
    with pytest.raises(Denied) as refused:
        services.open_survey(needs.framework, needs.panelists[0], title="Mine")
    assert refused.value.status == 403
    with pytest.raises(SurveyError) as bad:
        services.open_survey(needs.framework, needs.convener, title="  ")
    assert bad.value.field == "title"


def test_a_release_survey_rates_what_the_release_fixes(needs, factory):
    factory.publish(needs.a, endorsers=needs.panelists[:3], by=needs.convener)
    release = releases.prepare_release(
        needs.framework, needs.convener, name="2027 edition", hold=[needs.b.id, needs.b1.id]
    )
    db.session.commit()
    survey = services.open_survey(
        needs.framework, needs.convener, title="Release needs", release_id=release.id
    )
    db.session.commit()
    codes = {r.standard.code for r in queries.rateable(survey, needs.panelists[0])}
    assert needs.a.code in codes and needs.a1.code in codes
    assert needs.b.code not in codes  # held back, never published: not in the edition
    with pytest.raises(SurveyError) as refused:
        answer(survey, needs.panelists[0], {needs.b: (5, 5)})
    assert refused.value.field == "ratings[0].standard_id"
    with pytest.raises(Denied) as outside:
        services.open_survey(needs.other_framework, needs.convener, title="Not ours")
    assert outside.value.status == 404


def test_another_frameworks_release_is_refused(needs, factory):
    release = releases.prepare_release(needs.framework, needs.convener, name="One")
    db.session.commit()
    with pytest.raises(SurveyError) as refused:
        services.open_survey(needs.framework, needs.convener, title="x", release_id=release.id + 99)
    assert refused.value.field == "release_id"
    releases.discard_release(release, needs.convener)
    with pytest.raises(SurveyError):
        services.open_survey(needs.framework, needs.convener, title="x", release_id=release.id)


def test_one_response_per_firm_replaced_on_each_submit(needs):
    first = answer(
        needs.survey, needs.panelists[0], {needs.a: (5, 4), needs.a1: (3, 2)}, {needs.operator: 4}
    )
    again = answer(needs.survey, needs.panelists[0], {needs.b1: (2, 2)})
    assert again.id == first.id
    rows = db.session.scalars(db.select(SurveyResponse)).all()
    assert len(rows) == 1
    ratings = db.session.scalars(db.select(SurveyRating)).all()
    assert [(r.standard_id, r.importance, r.difficulty) for r in ratings] == [(needs.b1.id, 2, 2)]
    assert again.hires == []
    assert _actions().count("needs.survey_answered") == 2


@pytest.mark.parametrize(
    ("ratings", "hires", "field"),
    [
        ([RatingInput("foreign", 3, 3)], [], "ratings[0].standard_id"),
        ([RatingInput("a1", 6, 3)], [], "ratings[0].importance"),
        ([RatingInput("a1", 3, 0)], [], "ratings[0].difficulty"),
        ([RatingInput("a1", 3, None)], [], "ratings[0].difficulty"),
        ([RatingInput("a1", "3", 3)], [], "ratings[0].importance"),
        ([RatingInput("a1", 3, 3), RatingInput("a1", 2, 2)], [], "ratings[1].standard_id"),
        ([], [], "ratings"),
        ([RatingInput("a1", 3, 3)], [HiresInput("operator", -1)], "hires[0].hires"),
        ([RatingInput("a1", 3, 3)], [HiresInput("other_step", 2)], "hires[0].step_id"),
    ],
)
def test_bad_answers_name_the_field_and_save_nothing(needs, ratings, hires, field):
    def real(value):
        return (
            getattr(needs, value).id if isinstance(value, str) and hasattr(needs, value) else value
        )

    sent = [RatingInput(real(r.standard_id), r.importance, r.difficulty) for r in ratings]
    steps = [HiresInput(real(h.step_id), h.hires) for h in hires]
    with pytest.raises(SurveyError) as refused:
        services.respond(needs.survey, needs.panelists[0], sent, steps)
    assert refused.value.field == field
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 0
    assert "needs.survey_answered" not in _actions()


def test_only_employer_members_answer(needs):
    with pytest.raises(Denied) as refused:
        answer(needs.survey, needs.faculty, {needs.a: (5, 5)})
    assert refused.value.status == 403
    with pytest.raises(Denied):
        answer(needs.survey, needs.convener, {needs.a: (5, 5)})


def test_closing_refuses_answers_with_a_reason(needs):
    answer(needs.survey, needs.panelists[0], {needs.a: (5, 4)})
    with pytest.raises(Denied):
        services.close_survey(needs.survey, needs.panelists[0])
    services.close_survey(needs.survey, needs.convener)
    db.session.commit()
    assert needs.survey.status == SurveyStatus.CLOSED and needs.survey.closed_at is not None
    assert "needs.survey_closed" in _actions()
    with pytest.raises(Conflict) as refused:
        answer(needs.survey, needs.panelists[0], {needs.a: (1, 1)})
    assert "closed" in refused.value.message and refused.value.status == 409
    db.session.rollback()
    kept = db.session.scalars(db.select(SurveyRating)).all()
    assert [(r.importance, r.difficulty) for r in kept] == [(5, 4)]
    with pytest.raises(Conflict):
        services.close_survey(needs.survey, needs.convener)


def test_results_hide_thinly_rated_standards_from_firms(needs):
    for i, panelist in enumerate(needs.panelists[:3]):
        ratings = {needs.a: (5, 4)}
        if i == 0:
            ratings[needs.b1] = (1, 1)  # only firm A rates B.1
        answer(needs.survey, panelist, ratings, {needs.operator: i + 1})
    shown, withheld = results.visible(needs.panelists[3], needs.survey)
    assert [r.standard.id for r in shown] == [needs.a.id] and withheld == 1
    convener_sees, none_withheld = results.visible(needs.convener, needs.survey)
    assert {r.standard.id for r in convener_sees} == {needs.a.id, needs.b1.id}
    assert none_withheld == 0


def test_results_wait_for_three_firms(needs):
    answer(needs.survey, needs.panelists[0], {needs.a: (5, 4)})
    answer(needs.survey, needs.panelists[1], {needs.a: (5, 4)})
    db.session.expire_all()
    survey = queries.get_survey(needs.survey.id)
    assert results.visible(needs.panelists[0], survey) is None
    assert results.visible(needs.convener, survey) is not None


def test_the_form_offers_work_functions_and_key_activities(needs):
    rows = queries.offered(queries.rateable(needs.survey, needs.panelists[0]))
    assert [r.standard.code for r in rows] == [
        needs.a.code,
        needs.a1.code,
        needs.a2.code,
        needs.b.code,
        needs.b1.code,
    ]
    # The indicator may still be rated (through the API): it is one of the framework's.
    answer(needs.survey, needs.panelists[0], {needs.a11: (4, 4)})


def test_a_reference_framework_may_be_surveyed(needs, factory):
    """Surveying changes nothing in the framework: the partnership asks its firms about the
    items its colleges align to. Without work functions the form offers the top two levels."""
    from curriculum.standards.models import FrameworkOrigin

    reference = factory.framework(needs.partnership, "State standards")
    top = factory.standard(reference, None, "item", "Domain")
    child = factory.standard(reference, top, "item", "Cluster")
    deep = factory.standard(reference, child, "item", "Standard")
    reference.origin = FrameworkOrigin.REFERENCE
    for standard in (top, child, deep):
        factory.publish(standard, endorsers=needs.panelists[:3], by=needs.convener)
    db.session.commit()
    survey = services.open_survey(reference, needs.convener, title="State needs")
    db.session.commit()
    rows = queries.offered(queries.rateable(survey, needs.panelists[0]))
    assert [r.standard.id for r in rows] == [top.id, child.id]
    answer(survey, needs.panelists[0], {deep: (4, 5)})
    assert survey.responses[0].ratings[0].standard_id == deep.id

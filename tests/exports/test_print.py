"""Printed documents an accreditor accepts: statements, the grouped appendix, the approval page
and "as of" dates that make sense (the demo's accessibility is in test_demo_pdf.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from curriculum.alignment import services as alignment
from curriculum.courses import services as courses
from curriculum.courses.models import COMMITTEE_SIGNATORY, CONVENER_SIGNATORY, Program
from curriculum.exports import documents
from curriculum.exports.models import ExportJob
from curriculum.standards import services as standards
from tests.exports.conftest import pages_text
from tests.exports.test_content import LAST_YEAR, _backdate, _words

FIRST = "Check each **guard** and interlock before the shift starts."
SECOND = "Check each guard, interlock and light curtain at every changeover."


@pytest.fixture
def stated(world, db):
    """The indicator's v2 says FIRST (v1 said nothing), published; MFG 110 aligned to it; then
    v3, with the same title, says SECOND and is published. All last January."""
    w = world
    w.convener = w.factory.member(w.partnership, "convener")
    for s in (w.cwf, w.ka):
        w.factory.publish(s)
    standards.save_version(w.pi, 1, "Guards checked", FIRST, None, "Say what", w.convener)
    w.factory.publish(w.pi)
    alignment.align(w.course, w.pi, "reinforced", "Guarding lab", w.convener)
    db.session.commit()
    standards.save_version(w.pi, 2, "Guards checked", SECOND, None, "Changeovers", w.convener)
    w.factory.publish(w.pi)
    _backdate(db, LAST_YEAR)
    return w


def test_a_course_prints_the_statement_of_the_version_it_is_aligned_to(stated, export):
    w = stated
    text = _words(export(w.program, w.convener).file.data)
    # MFG 110 cites v2 (stale): its words are printed under the title, v3's are not.
    assert "Guards checked Check each guard and interlock before the shift starts." in text
    assert "Check each guard, interlock and light curtain" not in text
    # The standards document prints every statement: the published one here.
    standards_text = _words(export(w.framework, w.convener).file.data)
    assert SECOND in standards_text and "Check each guard and interlock" not in standards_text


def test_the_statement_is_in_the_gathered_data(stated):
    doc = documents.curriculum_document(
        stated.program, [stated.framework], drafts=False, as_of=None
    )
    (aligned,) = doc.courses[0].alignments[stated.framework.id]
    assert (aligned.pinned.version.number, aligned.pinned.statement) == (2, FIRST)
    assert aligned.shown.statement == SECOND


def test_the_appendix_lists_versions_under_the_set_of_organizations_that_endorsed_them(
    stated, db, export
):
    w = stated
    doc = documents.curriculum_document(w.program, [w.framework], drafts=False, as_of=None)
    ((framework, groups),) = doc.appendix
    assert framework == w.framework
    # Every publish() above had its own three endorsing employers: four sets, four groups,
    # each listed once with its versions (the indicator's v2 and v3 apart).
    listed = [(p.code, p.version.number) for g in groups for p in g.versions]
    assert sorted(listed) == [("A", 1), ("A.1", 1), ("A.1.1", 2), ("A.1.1", 3)]
    assert len(groups) == 4 and all(len(g.endorsers) == 3 for g in groups)
    assert all(list(g.endorsers) == sorted(g.endorsers) for g in groups)
    text = _words(export(w.program, w.convener).file.data)
    appendix = text[text.rindex("Appendix: the standards printed") :]
    for group in groups:
        assert appendix.count(f"Endorsed by {', '.join(group.endorsers)} (") == 1


def test_versions_with_the_same_endorsers_share_one_heading(world, db, export):
    w = world
    w.convener = w.factory.member(w.partnership, "convener")
    employers = [w.factory.member(w.partnership, "panelist") for _ in range(3)]
    for s in (w.cwf, w.ka, w.pi):
        for person in employers:
            standards.endorse(s, s.current_version, person)
        standards.publish(s, s.current_version, w.convener)
    db.session.commit()
    doc = documents.curriculum_document(w.program, [w.framework], drafts=False, as_of=None)
    ((_, groups),) = doc.appendix
    assert len(groups) == 1 and [p.code for p in groups[0].versions] == ["A", "A.1", "A.1.1"]
    names = sorted(p.organization.name for p in employers)
    text = _words(export(w.program, w.convener).file.data)
    assert text.count(f"Endorsed by {', '.join(names)} (3 versions)") == 1


def test_the_approval_page_names_the_basis_the_endorsers_and_who_signs(stated, db, export):
    w = stated
    courses.update_program(
        w.program,
        {
            "name": w.program.name,
            "award_type": w.program.award_type,
            "catalog_year": w.program.catalog_year,
            "partnership_id": w.partnership.id,
            "framework_ids": [w.framework.id],
            "committee_signatory": "  Dean of Workforce Programs ",
            "convener_signatory": "",
        },
    )
    db.session.commit()
    assert w.program.committee_signatory == "Dean of Workforce Programs"
    assert w.program.convener_signatory == CONVENER_SIGNATORY
    doc = documents.curriculum_document(w.program, [w.framework], drafts=False, as_of=None)
    approval = doc.approval
    assert approval.partnership == w.partnership
    (basis,) = approval.frameworks
    assert (basis.framework, basis.versions) == (w.framework, 4)
    assert basis.newest_publication == LAST_YEAR.date()
    # The organizations of the printed versions' endorsements, with their people.
    people = {org.name: org.people for org in approval.endorsers}
    assert len(people) == 12 and all(len(names) == 1 for names in people.values())
    assert approval.signatories == [
        ("Dean of Workforce Programs", w.college.name),
        (CONVENER_SIGNATORY, w.partnership.name),
    ]
    pages = pages_text(export(w.program, w.convener).file.data)
    page = next(p for p in pages if "Signatures" in p)
    flat = " ".join(page.split())
    assert w.partnership.name in flat and "Production Technician" in flat
    some_org, (some_person,) = next(iter(people.items()))
    assert f"{some_org}: {some_person}" in flat
    assert "Dean of Workforce Programs, Valley College" in flat
    assert f"{CONVENER_SIGNATORY}, {w.partnership.name}" in flat
    assert len(re.findall(r"\bSignature\b", flat)) == 2 and flat.count("Date") >= 2


def test_new_programs_get_the_usual_signatories(world):
    assert (world.program.committee_signatory, world.program.convener_signatory) == (
        COMMITTEE_SIGNATORY,
        CONVENER_SIGNATORY,
    )


def test_the_program_form_keeps_the_signatories(client, world, login_as, db):
    login_as("convener")
    form = client.get(f"/programs/{world.program.id}/edit")
    assert 'name="committee_signatory"' in form.text and COMMITTEE_SIGNATORY in form.text
    answer = client.post(
        f"/programs/{world.program.id}/edit",
        data={
            "name": world.program.name,
            "award_type": "Certificate",
            "catalog_year": "2026-2027",
            "partnership_id": world.partnership.id,
            "framework_ids": [world.framework.id],
            "committee_signatory": "Vice President, Academic Affairs",
            "convener_signatory": "Executive Director",
        },
    )
    assert answer.status_code == 302, answer.text
    program = db.session.get(Program, world.program.id)
    assert program.committee_signatory == "Vice President, Academic Affairs"
    assert program.convener_signatory == "Executive Director"
    long = client.post(
        f"/programs/{world.program.id}/edit",
        data={"name": world.program.name, "committee_signatory": "x" * 121},
    )
    assert long.status_code == 200 and "120 characters" in long.text
    db.session.expire_all()
    assert db.session.get(Program, world.program.id).convener_signatory == "Executive Director"


# --- "As of" dates before there is anything to print --------------------------------------


def test_the_earliest_date_is_the_first_publication(stated, db):
    w = stated
    assert documents.earliest_as_of([w.framework], drafts=False) == LAST_YEAR.date()
    assert documents.earliest_as_of([w.framework], drafts=True) == LAST_YEAR.date()
    assert documents.earliest_as_of([], drafts=False) is None


def test_an_as_of_date_before_the_first_publication_is_refused(stated, db, export):
    from curriculum.errors import DomainError

    w = stated
    day_before = (LAST_YEAR - timedelta(days=1)).date().isoformat()
    for subject in (w.program, w.framework):
        with pytest.raises(DomainError) as refused:
            export(subject, w.convener, as_of=day_before)
        assert refused.value.field == "as_of" and refused.value.status == 400
        assert "2026-01-10" in str(refused.value)
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 0
    # The first day itself prints what was published that day.
    job = export(w.program, w.convener, as_of=LAST_YEAR.date().isoformat())
    assert job.state == "done" and "Guards checked" in _words(job.file.data)


def test_the_form_and_the_api_refuse_it_with_the_earliest_date(
    stated, client, login_as, api_as, db
):
    w = stated
    login_as("convener")
    page = client.post(
        f"/programs/{w.program.id}/exports/new",
        data={"frameworks": [w.framework.id], "content": "published", "as_of": "2020-01-01"},
    )
    assert page.status_code == 200
    assert "Choose 2026-01-10 or later" in page.text and 'value="2020-01-01"' in page.text
    shown = client.get(f"/programs/{w.program.id}/print?as_of=2020-01-01")
    assert shown.status_code == 400 and "2026-01-10" in shown.text
    api = api_as("convener")
    answer = api.post(f"/api/v1/frameworks/{w.framework.id}/exports", json={"as_of": "2020-01-01"})
    assert answer.status_code == 400, answer.json
    assert "2026-01-10" in str(answer.json)
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 0

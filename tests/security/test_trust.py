"""Trust between partnerships: organizations belong to the partnerships that use them, rights over
a college's courses come from its faculty or the program's partnership, invitations and
endorsements count only for participating organizations, and drafts stay private everywhere.

World: partnership P (quorum 1) with Valley College, Acme Tooling (employer) and a framework;
partnership Q convened by the "outsider".
"""

from __future__ import annotations

import re

import pytest

from curriculum import access
from curriculum.alignment.models import Alignment
from curriculum.audit.models import AuditEvent
from curriculum.auth.models import User
from curriculum.courses.models import Course, Program
from curriculum.extensions import db
from curriculum.organizations.models import Organization, OrganizationKind
from curriculum.partnerships import invitations
from curriculum.partnerships import services as partnerships
from curriculum.partnerships.models import JoinRequest, PartnershipOrganization
from curriculum.standards import services as standards
from curriculum.standards import tree
from curriculum.standards.models import Standard
from tests.conftest import login

# --- Organizations ---------------------------------------------------------------------------


def _org_form(org: Organization, **changes) -> dict:
    return {
        "name": org.name,
        "kind": org.kind.value,
        "city": org.city,
        "website": org.website,
        "description": org.description,
        **changes,
    }


def test_a_convener_of_another_partnership_cannot_edit_an_organization(world, client):
    login(client, world.users["outsider"].email)
    response = client.post(
        f"/organizations/{world.employer.id}/edit", data=_org_form(world.employer, kind="other")
    )
    assert response.status_code == 403
    db.session.refresh(world.employer)
    assert world.employer.kind == OrganizationKind.EMPLOYER
    assert ">Edit</a>" not in client.get(f"/organizations/{world.employer.id}").text


def test_its_own_convener_edits_it_and_every_partnership_it_takes_part_in_sees_the_edit(
    app, world, client, factory
):
    login(client, world.users["convener"].email)
    response = client.post(
        f"/organizations/{world.employer.id}/edit", data=_org_form(world.employer, city="Dayton")
    )
    assert response.status_code == 302
    # Once it also takes part in Q (approved by a site administrator), only administrators edit it.
    admin = factory.user(admin=True)
    partnerships.add_organization(world.other_partnership, world.employer, by=admin)
    db.session.commit()
    response = client.post(
        f"/organizations/{world.employer.id}/edit", data=_org_form(world.employer, kind="agency")
    )
    assert response.status_code == 403
    login(client := app.test_client(), admin.email)
    response = client.post(
        f"/organizations/{world.employer.id}/edit", data=_org_form(world.employer, kind="agency")
    )
    assert response.status_code == 302
    logged = db.session.scalars(
        db.select(AuditEvent.partnership_id).where(
            AuditEvent.action == "organization.updated", AuditEvent.object_id == world.employer.id
        )
    ).all()
    assert sorted(logged) == sorted(
        [world.partnership.id, world.partnership.id, world.other_partnership.id]
    )
    log = client.get(f"/partnerships/{world.other_partnership.id}/audit").text
    assert "Edited organization Acme Tooling: kind" in log


def test_adding_an_organization_of_another_partnership_is_a_request_an_admin_approves(
    app, world, client, factory
):
    outsider = world.users["outsider"]
    login(client, outsider.email)
    response = client.post(
        f"/partnerships/{world.other_partnership.id}/organizations",
        data={"organization_id": world.college.id},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "site administrator" in page and "pending" in page
    assert "Valley College (College)" not in page  # waiting: not offered again
    assert not partnerships.takes_part(world.college, world.other_partnership)
    # Pending confers nothing: Q's convener still cannot touch the college's courses.
    assert not access.can(outsider, "edit", world.course)
    assert not access.can(outsider, "keep_courses", world.college)
    # Asking again adds no second request.
    client.post(
        f"/partnerships/{world.other_partnership.id}/organizations",
        data={"organization_id": world.college.id},
    )
    assert db.session.scalar(db.select(db.func.count(JoinRequest.id))) == 1
    request = db.session.scalar(db.select(JoinRequest))
    # Only a site administrator decides.
    assert client.post(f"/organizations/join-requests/{request.id}/approve").status_code == 403
    admin = factory.user(admin=True)
    login(client := app.test_client(), admin.email)
    listing = client.get("/organizations/join-requests").text
    assert "Valley College" in listing and world.other_partnership.name in listing
    response = client.post(f"/organizations/join-requests/{request.id}/approve")
    assert response.status_code == 302
    assert partnerships.takes_part(world.college, world.other_partnership)
    again = client.post(f"/organizations/join-requests/{request.id}/decline")
    assert again.status_code == 302
    db.session.refresh(request)
    assert request.state == "approved"  # decided once


def test_sharing_a_partnership_with_a_college_gives_no_rights_over_its_courses(
    world, client, factory
):
    """Even once the college takes part in Q, Q's convener changes none of P's program, its
    courses or their alignments."""
    outsider = world.users["outsider"]
    partnerships.add_organization(
        world.other_partnership, world.college, by=factory.user(admin=True)
    )
    db.session.commit()
    login(client, outsider.email)
    course, program = world.course, world.program
    assert client.get(f"/courses/{course.id}/edit").status_code == 403
    response = client.post(
        f"/courses/{course.id}/edit",
        data={"code": course.code, "title": "Renamed", "credits": "3", "learning_outcomes": ""},
    )
    assert response.status_code == 403
    response = client.post(f"/alignments/{world.alignment.id}/remove")
    assert response.status_code == 403
    response = client.post(
        f"/programs/{program.id}/edit",
        data={
            "organization_id": program.organization_id,
            "name": program.name,
            "award_type": program.award_type,
            "catalog_year": program.catalog_year,
            "partnership_id": world.other_partnership.id,
        },
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Course, course.id).title == "Safety"
    assert db.session.get(Alignment, world.alignment.id) is not None
    assert db.session.get(Program, program.id).partnership_id == world.partnership.id
    # The college's own faculty still may; so may P's convener, whose partnership holds it.
    assert access.can(world.users["faculty"], "edit", course)
    assert access.can(world.users["convener"], "edit", course)


def test_a_program_moves_only_into_a_partnership_its_mover_may_place_it_in(
    app, world, client, factory
):
    partnerships.add_organization(
        world.other_partnership, world.college, by=factory.user(admin=True)
    )
    db.session.commit()
    program = world.program
    data = {
        "organization_id": program.organization_id,
        "name": program.name,
        "award_type": program.award_type,
        "catalog_year": program.catalog_year,
        "partnership_id": world.other_partnership.id,
        "description": "",
    }
    login(client, world.users["convener"].email)  # convenes P, not Q
    response = client.post(f"/programs/{program.id}/edit", data=data)
    assert response.status_code == 200 and "place programs in" in response.text
    db.session.expire_all()
    assert db.session.get(Program, program.id).partnership_id == world.partnership.id
    login(client := app.test_client(), world.users["faculty"].email)  # the college's faculty may
    response = client.post(f"/programs/{program.id}/edit", data=data)
    assert response.status_code == 302, re.findall(r'class="error"[^<]*>([^<]*)', response.text)
    db.session.expire_all()
    assert db.session.get(Program, program.id).partnership_id == world.other_partnership.id


# --- Invitations and endorsements --------------------------------------------------------------


def test_an_invitation_speaks_only_for_an_organization_of_the_inviting_partnership(
    world, client, factory
):
    """Q's convener cannot invite P's panelist (an Acme Tooling account) to speak for Acme in Q,
    nor bring Acme into Q by inviting someone new for it."""
    login(client, world.users["outsider"].email)
    url = f"/partnerships/{world.other_partnership.id}/invitations/new"
    page = client.get(url).text
    assert f">{world.employer.name} (" not in page  # takes part elsewhere: not offered
    for email in (world.users["panelist"].email, "new-person@example.org"):
        response = client.post(
            url, data={"email": email, "role": "panelist", "organization_id": world.employer.id}
        )
        assert response.status_code == 200
        assert "site administrator" in response.text or "speaks for" in response.text
    assert not partnerships.takes_part(world.employer, world.other_partnership)
    assert db.session.scalar(db.select(db.func.count(JoinRequest.id))) == 0  # rolled back
    # An existing account of another organization cannot use an invitation made for a third.
    other_firm = factory.organization("Other Firm", "employer")
    partnerships.add_organization(world.other_partnership, other_firm)
    db.session.commit()
    with pytest.raises(partnerships.PartnershipError, match="speaks for Acme Tooling"):
        invitations.create_invitation(
            world.other_partnership,
            world.users["panelist"].email,
            "panelist",
            other_firm,
            world.users["outsider"],
        )


def test_an_endorsement_counts_only_for_an_organization_taking_part(world, factory):
    """An employer pending approval to join Q neither endorses Q's standards nor counts."""
    q = world.other_partnership
    q.endorsement_quorum = 1
    standard = tree.add_standard(world.other_framework, None, "critical_work_function", "Weld")
    panelist = world.users["panelist"]  # Acme Tooling, taking part in P only
    partnerships.add_member(q, panelist, "panelist")
    db.session.commit()
    assert db.session.scalar(db.select(JoinRequest.organization_id)) == world.employer.id
    with pytest.raises(standards.StandardError, match="does not take part") as refused:
        standards.endorse(standard, standard.current_version, panelist)
    assert refused.value.status == 403
    db.session.rollback()
    # An endorsement recorded before the organization left does not count either.
    fresh = world.fresh_standard(endorsed=True)
    assert standards.quorum(fresh.current_version, world.partnership).met
    db.session.delete(
        db.session.get(PartnershipOrganization, (world.partnership.id, world.employer.id))
    )
    db.session.commit()
    status = standards.quorum(fresh.current_version, world.partnership)
    assert not status.met and world.employer in status.others
    with pytest.raises(Exception, match="Not published"):
        standards.publish(fresh, fresh.current_version, world.users["convener"])


# --- Drafts stay private -----------------------------------------------------------------------

SECRET = "Zanzibar-draft-text"


def _api_urls(app, world) -> list[str]:
    """Every GET route of the API, filled with the world's ids (each standard, version 1-3)."""
    ids = {
        "partnership_id": [world.partnership.id, world.other_partnership.id],
        "framework_id": [world.framework.id, world.other_framework.id],
        "standard_id": [
            s.id
            for s in db.session.scalars(db.select(Standard))  # every node
        ],
        "number": [1, 2, 3],
        "course_id": [c.id for c in db.session.scalars(db.select(Course))],
        "program_id": [world.program.id],
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or "GET" not in rule.methods:
            continue
        if set(rule.arguments) - set(ids):
            continue  # exports: their own tests
        combos = [{}]
        for name in rule.arguments:
            combos = [{**c, name: v} for c in combos for v in ids[name]]
        for values in combos:
            urls.append(
                re.sub(r"<(?:\w+:)?(\w+)>", lambda m, v=values: str(v[m.group(1)]), rule.rule)
            )
    return urls


def test_no_api_response_shows_unpublished_text_to_visitors_or_viewers(app, world, client):
    """Draft titles, statements and change notes of standards never published (and drafts on
    top of published versions) appear in no API answer to a visitor or a viewer."""
    author = world.users["panelist"]
    secret = tree.add_standard(world.framework, world.cwf, "key_activity", SECRET, SECRET)
    standards.save_version(world.standard, 2, SECRET, SECRET, None, SECRET, author)
    world.fresh_alignment()
    from curriculum.alignment import services as alignment

    alignment.align(world.course, secret, "introduced", "", world.users["faculty"])
    db.session.commit()
    urls = _api_urls(app, world)
    assert len(urls) > 20
    faculty = app.test_client()
    login(faculty, world.users["faculty"].email)
    seen_by_faculty = any(SECRET in faculty.get(u).get_data(as_text=True) for u in urls)
    assert seen_by_faculty  # the walk reaches the drafts: it would notice a leak
    viewer = app.test_client()
    login(viewer, world.users["viewer"].email)
    for reader in (app.test_client(), viewer):
        for url in urls:
            body = reader.get(url).get_data(as_text=True)
            assert SECRET not in body, url


def test_a_standard_whose_only_published_version_was_retired_reads_the_same_on_page_and_api(
    world, client
):
    standard = world.fresh_standard(endorsed=True)
    standards.publish(standard, standard.current_version, world.users["convener"])
    standards.retire_version(standard, standard.current_version)
    db.session.commit()
    page = client.get(f"/standards/{standard.id}")
    api = client.get(f"/api/v1/standards/{standard.id}")
    assert (page.status_code, api.status_code) == (200, 200)
    assert "Retired" in page.text or "retired" in page.text
    assert api.json["versions"][0]["status"] == "retired"
    # One never published at all is hidden from both.
    draft = world.fresh_standard()
    assert client.get(f"/standards/{draft.id}").status_code == 404
    assert client.get(f"/api/v1/standards/{draft.id}").status_code == 404


def test_the_course_page_shows_no_draft_title_to_a_visitor(world, client):
    from curriculum.alignment import services as alignment

    secret = tree.add_standard(world.framework, world.cwf, "key_activity", SECRET, SECRET)
    alignment.align(world.course, secret, "introduced", "", world.users["faculty"])
    db.session.commit()
    page = client.get(f"/courses/{world.course.id}").text
    assert SECRET not in page and "a standard still in draft" in page
    login(client, world.users["faculty"].email)
    assert SECRET in client.get(f"/courses/{world.course.id}").text


def _valley_in_q(world, factory):
    """Valley College takes part in Q too (a site administrator approved it)."""
    partnerships.add_organization(
        world.other_partnership, world.college, by=factory.user(admin=True)
    )
    db.session.commit()


def test_stale_alignment_diffs_show_no_draft_text_to_those_who_may_not_see_it(app, world, factory):
    """An alignment pinned to a draft that was never published, made stale by a published
    v2: a Valley account that is faculty in Q only sees the published text, not the draft."""
    from curriculum.alignment import services as alignment

    standard = tree.add_standard(world.framework, world.cwf, "key_activity", SECRET, SECRET)
    alignment.align(world.course, standard, "introduced", "", world.users["faculty"])
    standards.save_version(standard, 1, "Public title", "Public text.", None, "", None)
    standards.endorse(standard, standard.current_version, world.users["panelist"])
    standards.publish(standard, standard.current_version, world.users["convener"])
    _valley_in_q(world, factory)
    q_faculty = factory.member(world.other_partnership, "faculty", organization=world.college)
    db.session.commit()
    reader = app.test_client()
    login(reader, q_faculty.email)
    page = reader.get(f"/courses/{world.course.id}").text
    assert "Public title" in page and SECRET not in page
    home = reader.get("/").text  # the work queue's item for the course: no statement at all
    assert world.course.code in home and SECRET not in home
    author = app.test_client()
    login(author, world.users["faculty"].email)  # sees P's drafts: the whole diff
    assert SECRET in author.get(f"/courses/{world.course.id}").text


def test_a_convener_cannot_take_over_a_course_of_another_partnerships_program(app, world, factory):
    from curriculum.courses import services as courses

    _valley_in_q(world, factory)
    q_program = courses.create_program(
        world.college,
        {
            "name": "Q Program",
            "award_type": "Certificate",
            "catalog_year": "2026-2027",
            "partnership_id": world.other_partnership.id,
        },
    )
    db.session.commit()
    outsider = app.test_client()
    login(outsider, world.users["outsider"].email)
    page = outsider.get(f"/programs/{q_program.id}?edit=1").text
    assert f'name="course_id" value="{world.course.id}"' not in page  # not offered
    assert "only faculty of Valley College may add it" in page
    response = outsider.post(
        f"/programs/{q_program.id}/courses", data={"course_id": world.course.id, "term": "1"}
    )
    assert response.status_code == 400
    assert "only faculty of Valley College" in response.text
    db.session.expire_all()
    assert not db.session.get(Program, q_program.id).courses
    assert not access.can(world.users["outsider"], "edit", world.course)
    # The college's faculty may share it; then it is theirs alone (no convener edits it).
    courses.add_course(q_program, world.course, 1, by=world.users["faculty"])
    db.session.commit()
    assert not access.can(world.users["outsider"], "edit", world.course)
    assert not access.can(world.users["convener"], "edit", world.course)
    assert access.can(world.users["faculty"], "edit", world.course)


def test_an_invitation_of_an_organization_that_has_since_left_cannot_be_used(app, world, factory):
    firm = factory.organization("Firm Two", "employer")
    partnerships.add_organization(world.partnership, firm)
    invitation, token = invitations.create_invitation(
        world.partnership, "late@example.org", "panelist", firm, world.users["convener"]
    )
    partnerships.remove_organization(world.partnership, firm)
    partnerships.add_organization(world.other_partnership, firm)
    db.session.commit()
    guest = app.test_client()
    form = {"display_name": "Late", "password": "a-long-enough-password"}
    form["confirm"] = form["password"]
    response = guest.post(f"/invitations/{token}", data=form)
    assert response.status_code in (200, 409)
    assert "no longer takes part" in response.text
    assert db.session.scalar(db.select(User).where(User.email == "late@example.org")) is None

"""Partnership pages: viewing, creating, editing, members, roles, invitations, access control."""

import re
from datetime import timedelta

from curriculum.audit.models import AuditEvent
from curriculum.auth.models import User
from curriculum.db import utcnow
from curriculum.partnerships.models import Invitation, Membership, Partnership, Role
from tests.conftest import login


def _invite(client, partnership, email, role="panelist", organization=None, factory=None):
    org = organization or factory.organization()
    response = client.post(
        f"/partnerships/{partnership.id}/invitations/new",
        data={"email": email, "role": role, "organization_id": org.id},
    )
    assert response.status_code == 302, response.text
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    start = page.text.index('value="', page.text.index('id="invite-link"')) + len('value="')
    link = page.text[start : page.text.index('"', start)]
    return link[link.index("/invitations/") :]


def test_anyone_can_read_a_partnership_and_its_organizations(client, partnership, factory):
    factory.member(partnership, "panelist")
    page = client.get(f"/partnerships/{partnership.id}")
    assert page.status_code == 200
    assert partnership.name in page.text and "Employer" in page.text
    assert "Members</a>" not in page.text  # the member list is for members
    assert client.get("/partnerships/").status_code == 200


def test_partnership_list_is_searchable_and_paged(client, factory, app):
    for i in range(30):
        factory.partnership(name=f"Region {i:02d} Partnership")
    factory.partnership(name="Lakeshore Food Processing")
    first = client.get("/partnerships/").text
    assert "Page 1 of 2" in first
    assert "Region 00" in first and "Region 29" not in first
    assert "Region 29" in client.get("/partnerships/?page=2").text
    found = client.get("/partnerships/?q=lakeshore").text
    assert "Lakeshore Food Processing" in found and "Region 00" not in found


def test_members_see_the_member_list(client, login_as, partnership):
    user = login_as("viewer")
    page = client.get(f"/partnerships/{partnership.id}/members")
    assert page.status_code == 200
    assert user.email in page.text
    assert "Invite someone" not in page.text and "<select" not in page.text


def test_member_of_another_partnership_cannot_see_the_member_list(client, login_as, factory):
    other = factory.partnership(name="Other Partnership")
    factory.member(other, "convener")
    login_as("convener")
    assert client.get(f"/partnerships/{other.id}/members").status_code == 404
    assert client.get(f"/partnerships/{other.id}/audit").status_code == 404
    assert client.get(f"/partnerships/{other.id}/edit").status_code == 404


def test_anonymous_is_sent_to_sign_in_for_members(client, partnership):
    response = client.get(f"/partnerships/{partnership.id}/members")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_panelist_cannot_manage_members(client, login_as, partnership, factory, db):
    other = factory.member(partnership, "faculty")
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == other.id))
    login_as("panelist")
    base = f"/partnerships/{partnership.id}"
    assert (
        client.post(f"{base}/members/{membership.id}/role", data={"role": "viewer"}).status_code
        == 403
    )
    assert client.post(f"{base}/members/{membership.id}/remove").status_code == 403
    assert client.get(f"{base}/invitations/new").status_code == 403
    assert client.get(f"{base}/edit").status_code == 403
    assert client.get(f"{base}/audit").status_code == 403
    assert db.session.get(Membership, membership.id).role == Role.FACULTY


def test_convener_changes_a_role_and_it_is_audited(client, login_as, partnership, factory, db):
    other = factory.member(partnership, "viewer")
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == other.id))
    login_as("convener")
    response = client.post(
        f"/partnerships/{partnership.id}/members/{membership.id}/role",
        data={"role": "panelist"},
        follow_redirects=True,
    )
    assert "is now panelist" in response.text
    assert db.session.get(Membership, membership.id).role == Role.PANELIST
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "membership.role_changed")
    )
    assert event.details == {"user_id": other.id, "old": "viewer", "new": "panelist"}
    assert event.partnership_id == partnership.id
    log = client.get(f"/partnerships/{partnership.id}/audit").text
    assert "membership.role_changed" in log and "viewer → panelist" in log


def test_unknown_role_is_refused(client, login_as, partnership, factory, db):
    other = factory.member(partnership, "viewer")
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == other.id))
    login_as("convener")
    response = client.post(
        f"/partnerships/{partnership.id}/members/{membership.id}/role", data={"role": "owner"}
    )
    assert response.status_code == 400
    assert db.session.get(Membership, membership.id).role == Role.VIEWER


def test_the_last_convener_cannot_be_demoted_or_removed(client, login_as, partnership, db):
    me = login_as("convener")
    mine = db.session.scalar(db.select(Membership).where(Membership.user_id == me.id))
    base = f"/partnerships/{partnership.id}/members/{mine.id}"
    response = client.post(f"{base}/role", data={"role": "viewer"}, follow_redirects=True)
    assert "needs at least one convener" in response.text
    response = client.post(f"{base}/remove", follow_redirects=True)
    assert "needs at least one convener" in response.text
    assert db.session.get(Membership, mine.id).role == Role.CONVENER


def test_a_convener_can_step_down_once_another_convener_exists(
    client, login_as, partnership, factory, db
):
    me = login_as("convener")
    factory.member(partnership, "convener")
    mine = db.session.scalar(db.select(Membership).where(Membership.user_id == me.id))
    response = client.post(
        f"/partnerships/{partnership.id}/members/{mine.id}/role", data={"role": "panelist"}
    )
    assert response.status_code == 302
    assert db.session.get(Membership, mine.id).role == Role.PANELIST
    # Now a panelist: managing members is over.
    assert (
        client.post(f"/partnerships/{partnership.id}/members/{mine.id}/remove").status_code == 403
    )


def test_convener_removes_a_member(client, login_as, partnership, factory, db):
    other = factory.member(partnership, "panelist")
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == other.id))
    login_as("convener")
    response = client.post(
        f"/partnerships/{partnership.id}/members/{membership.id}/remove", follow_redirects=True
    )
    assert "was removed from the partnership" in response.text
    assert db.session.scalar(db.select(Membership).where(Membership.user_id == other.id)) is None
    assert db.session.get(User, other.id) is not None  # the account stays


def test_membership_of_another_partnership_is_not_reachable(client, login_as, factory, db):
    other = factory.partnership(name="Elsewhere")
    stranger = factory.member(other, "panelist")
    theirs = db.session.scalar(db.select(Membership).where(Membership.user_id == stranger.id))
    login_as("convener")
    mine = db.session.scalar(db.select(Partnership).where(Partnership.name != "Elsewhere"))
    response = client.post(f"/partnerships/{mine.id}/members/{theirs.id}/remove")
    assert response.status_code == 404
    assert db.session.get(Membership, theirs.id) is not None


def test_invitation_accepted_creates_the_account_and_membership(
    client, app, login_as, partnership, factory, db
):
    login_as("convener")
    college = factory.organization(name="Valley College", kind="college")
    link = _invite(client, partnership, "New.Faculty@Example.org", "faculty", college)
    stranger = app.test_client()
    page = stranger.get(link)
    assert page.status_code == 200 and "Valley College" in page.text
    response = stranger.post(
        link,
        data={
            "display_name": "Nia Faculty",
            "password": "long-enough-pw",
            "confirm": "long-enough-pw",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "new.faculty@example.org"))
    assert user.display_name == "Nia Faculty" and user.organization_id == college.id
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == user.id))
    assert membership.partnership_id == partnership.id and membership.role == Role.FACULTY
    assert stranger.get("/account").status_code == 200  # signed in straight away
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"invitation.created", "invitation.accepted", "membership.added"} <= actions


def test_invitation_link_is_single_use(client, app, login_as, partnership, factory, db):
    login_as("convener")
    link = _invite(client, partnership, "once@example.org", factory=factory)
    data = {"display_name": "Once", "password": "long-enough-pw", "confirm": "long-enough-pw"}
    assert app.test_client().post(link, data=data).status_code == 302
    second = app.test_client().post(link, data={**data, "display_name": "Twice"})
    assert second.status_code == 410
    assert "already been used" in second.text
    assert (
        db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "once@example.org"))
        == 1
    )


def test_expired_invitation_is_refused(client, app, login_as, partnership, factory, db):
    login_as("convener")
    link = _invite(client, partnership, "late@example.org", factory=factory)
    invitation = db.session.scalar(db.select(Invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = app.test_client().post(
        link,
        data={"display_name": "Late", "password": "long-enough-pw", "confirm": "long-enough-pw"},
    )
    assert response.status_code == 410 and "expired" in response.text
    assert db.session.scalar(db.select(User).where(User.email == "late@example.org")) is None


def test_unknown_invitation_token_is_404(client):
    response = client.get("/invitations/not-a-real-token")
    assert response.status_code == 404 and "not valid" in response.text


def test_withdrawn_invitation_is_refused(client, app, login_as, partnership, factory, db):
    login_as("convener")
    link = _invite(client, partnership, "maybe@example.org", factory=factory)
    invitation = db.session.scalar(db.select(Invitation))
    members_page = client.get(f"/partnerships/{partnership.id}/members").text
    assert "maybe@example.org" in members_page
    client.post(f"/partnerships/{partnership.id}/invitations/{invitation.id}/revoke")
    assert app.test_client().get(link).status_code == 410
    # Withdrawing twice is a conflict, shown as a 409 page.
    again = client.post(f"/partnerships/{partnership.id}/invitations/{invitation.id}/revoke")
    assert again.status_code == 409


def test_bad_invitation_input_keeps_what_was_typed(client, login_as, partnership, factory, db):
    member = factory.member(partnership, "panelist")
    login_as("convener")
    response = client.post(
        f"/partnerships/{partnership.id}/invitations/new",
        data={"email": member.email, "role": "panelist", "organization_id": member.organization_id},
    )
    assert response.status_code == 200
    assert "already a member" in response.text
    assert f'value="{member.email}"' in response.text
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


def test_invitation_forms_say_what_is_missing(client, app, login_as, partnership, factory):
    login_as("convener")
    response = client.post(
        f"/partnerships/{partnership.id}/invitations/new",
        data={"email": "", "role": "viewer", "organization_id": factory.organization().id},
    )
    assert "Enter the email address of the person to invite." in response.text
    assert "This field is required." not in response.text
    link = _invite(client, partnership, "blank@example.org", factory=factory)
    stranger = app.test_client()
    page = stranger.get(link).text
    assert "At least 10 characters." in page  # the rule is shown before the first try
    response = stranger.post(link, data={})
    assert response.status_code == 200
    for message in ("Enter your name.", "Choose a password.", "Type the password again."):
        assert message in response.text
    assert "This field is required." not in response.text


def test_invitation_for_an_existing_account_needs_that_account(
    client, app, login_as, partnership, factory, db
):
    existing = factory.user(email="known@example.org", organization=factory.organization())
    login_as("convener")
    link = _invite(client, partnership, "known@example.org", "viewer", existing.organization)
    anonymous = app.test_client()
    assert "Sign in to accept" in anonymous.get(link).text
    assert anonymous.post(link).status_code == 200  # nothing happens without signing in
    assert db.session.scalar(db.select(Membership).where(Membership.user_id == existing.id)) is None
    known = app.test_client()
    login(known, "known@example.org")
    assert known.post(link).status_code == 302
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == existing.id))
    assert membership.role == Role.VIEWER


def test_site_admin_creates_a_partnership_with_a_convener(client, login_as, factory, db):
    convener = factory.user(email="runner@example.org")
    login_as("admin")
    data = {
        "name": "Coastal Shipbuilding Partnership",
        "industry": "Shipbuilding",
        "naics_code": "336611",
        "region": "Gulf Coast",
        "description": "Welders and *fitters*.",
        "endorsement_quorum": 2,
        "convener_email": "runner@example.org",
    }
    response = client.post("/partnerships/new", data=data)
    assert response.status_code == 302
    partnership = db.session.scalar(db.select(Partnership).where(Partnership.name == data["name"]))
    assert partnership.endorsement_quorum == 2
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == convener.id))
    assert membership.role == Role.CONVENER and membership.partnership_id == partnership.id
    assert "<em>fitters</em>" in client.get(f"/partnerships/{partnership.id}").text


def test_new_partnership_form_errors_keep_the_input(client, login_as, partnership, db):
    login_as("admin")
    response = client.post(
        "/partnerships/new",
        data={
            "name": partnership.name,
            "industry": "X",
            "region": "Y",
            "endorsement_quorum": 0,
            "description": "kept text",
        },
    )
    assert response.status_code == 200
    assert "kept text" in response.text
    assert "Enter a number from 1 to 100." in response.text
    response = client.post(
        "/partnerships/new",
        data={"name": partnership.name, "industry": "X", "region": "Y", "endorsement_quorum": 3},
    )
    assert "already exists" in response.text
    assert db.session.scalar(db.select(db.func.count(Partnership.id))) == 1


def test_only_site_admins_create_partnerships(client, login_as):
    login_as("convener")
    assert client.get("/partnerships/new").status_code == 403


def test_convener_edits_the_partnership(client, login_as, partnership, db):
    login_as("convener")
    response = client.post(
        f"/partnerships/{partnership.id}/edit",
        data={
            "name": partnership.name,
            "industry": "Machining",
            "region": "North",
            "description": "New words",
            "endorsement_quorum": 4,
            "naics_code": "",
        },
    )
    assert response.status_code == 302
    db.session.refresh(partnership)
    assert partnership.endorsement_quorum == 4 and partnership.industry == "Machining"
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "partnership.updated")
    )
    assert set(event.details["changes"]) == {
        "industry",
        "region",
        "description",
        "endorsement_quorum",
    }


def test_convener_adds_and_removes_organizations(client, login_as, partnership, factory, db):
    me = login_as("convener")
    newcomer = factory.organization(name="Newcomer Tool & Die")
    response = client.post(
        f"/partnerships/{partnership.id}/organizations",
        data={"organization_id": newcomer.id},
        follow_redirects=True,
    )
    assert "Newcomer Tool &amp; Die is now part of the partnership." in response.text
    response = client.post(
        f"/partnerships/{partnership.id}/organizations/{newcomer.id}/remove", follow_redirects=True
    )
    assert "was removed from the partnership" in response.text
    # An organization with members cannot be removed.
    response = client.post(
        f"/partnerships/{partnership.id}/organizations/{me.organization_id}/remove",
        follow_redirects=True,
    )
    assert "still has 1 member in this partnership" in response.text  # not "1 member(s)"
    db.session.refresh(partnership)
    assert [o.id for o in partnership.organizations] == [me.organization_id]


def test_reloading_the_invitation_created_page_does_not_invite_again(
    client, login_as, partnership, factory, db
):
    login_as("convener")
    org = factory.organization()
    response = client.post(
        f"/partnerships/{partnership.id}/invitations/new",
        data={"email": "reload@example.org", "role": "viewer", "organization_id": org.id},
    )
    assert response.status_code == 302  # POST-redirect-GET
    created = response.headers["Location"]
    first = client.get(created)
    assert "/invitations/" in first.text and "Copy link" in first.text
    again = client.get(created)  # the reload is a GET: nothing is created
    assert again.status_code == 200
    assert 'id="invite-link"' not in again.text and "shown once" in again.text
    assert "Withdraw this invitation" in again.text
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 1


def test_a_second_pending_invitation_of_the_same_email_is_refused(
    client, login_as, partnership, factory, db
):
    login_as("convener")
    _invite(client, partnership, "twice@example.org", factory=factory)
    response = client.post(
        f"/partnerships/{partnership.id}/invitations/new",
        data={
            "email": "Twice@Example.org",
            "role": "viewer",
            "organization_id": factory.organization().id,
        },
    )
    assert response.status_code == 200
    assert "already invited" in response.text and "withdraw the old invitation" in response.text
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 1
    # Once the old one is withdrawn, a new one can be sent.
    old = db.session.scalar(db.select(Invitation))
    client.post(f"/partnerships/{partnership.id}/invitations/{old.id}/revoke")
    _invite(client, partnership, "twice@example.org", factory=factory)
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 2


def test_accepting_closes_the_other_invitations_of_that_email(
    client, app, login_as, partnership, factory, db
):
    from curriculum.partnerships.invitations import create_invitation

    convener = login_as("convener")
    org = factory.organization()
    # An older duplicate (made before duplicates were refused): set aside while the new
    # one is created, then pending again.
    older, _token = create_invitation(partnership, "dup@example.org", "viewer", org, convener)
    older.revoked_at = utcnow()
    db.session.commit()
    link = _invite(client, partnership, "dup@example.org", factory=factory)
    older.revoked_at = None
    db.session.commit()
    data = {"display_name": "Dup", "password": "long-enough-pw", "confirm": "long-enough-pw"}
    assert app.test_client().post(link, data=data).status_code == 302
    assert db.session.get(Invitation, older.id).state == "revoked"
    members_page = client.get(f"/partnerships/{partnership.id}/members").text
    pending = members_page[members_page.index("Pending invitations") :]
    assert "dup@example.org" not in pending


def test_a_page_past_the_end_says_so_and_links_to_the_first(client, login_as, partnership, factory):
    factory.member(partnership, "viewer")
    login_as("admin")
    response = client.get("/partnerships/?page=999&q=valley")
    assert response.status_code == 200
    assert "There is no page 999" in response.text and "No partnerships yet" not in response.text
    assert 'href="/partnerships/?q=valley">go to the first page' in response.text
    for path in (
        f"/partnerships/{partnership.id}/members",
        f"/partnerships/{partnership.id}/audit",
        "/organizations/",
        "/admin/users",
    ):
        page = client.get(f"{path}?page=999").text
        assert "There is no page 999" in page, path
        assert f'href="{path}">go to the first page' in page, path


def test_invite_form_lists_the_partnerships_organizations_first(
    client, login_as, partnership, factory
):
    factory.organization(name="Aardvark Outsiders")  # first by name, but not in the partnership
    me = login_as("convener")
    page = client.get(f"/partnerships/{partnership.id}/invitations/new").text
    inside = page.index(f">{me.organization.name} (")
    outside = page.index(">Aardvark Outsiders (")
    assert page.index('label="In this partnership"') < inside < outside
    assert "in no partnership yet; joins when invited" in page[inside:outside]
    assert "Speaks for an employer or labor organization" in page  # the roles explained
    assert 'class="breadcrumbs"' in page and f">{partnership.name}</a>" in page


def test_description_fields_are_tall_enough_for_markdown(client, login_as, partnership):
    login_as("admin")
    for path in (f"/partnerships/{partnership.id}/edit", "/organizations/new"):
        textarea = re.search(r"<textarea[^>]*>", client.get(path).text).group(0)
        assert 'rows="8"' in textarea, path


def test_member_and_audit_tables_stack_on_phones(client, login_as, partnership):
    login_as("convener")
    members = client.get(f"/partnerships/{partnership.id}/members").text
    assert '<table class="members stack">' in members and 'data-label="Role"' in members
    audit = client.get(f"/partnerships/{partnership.id}/audit").text
    assert '<table class="audit stack">' in audit and 'data-label="When"' in audit
    css = client.get("/static/css/app.css")
    # The visually hidden header label is positioned: its box must stay inside the wrapper.
    assert re.search(r"\.table-wrap \{[^}]*position: relative", css.text)
    assert "table.stack td[data-label]::before" in css.text
    css.close()

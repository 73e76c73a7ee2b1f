"""Organizations: list, search, view, create, edit."""

from curriculum.organizations.models import Organization, OrganizationKind


def test_list_search_and_filter_by_kind(client, factory):
    factory.organization(name="Acme Tooling", kind="employer")
    factory.organization(name="River College", kind="college")
    page = client.get("/organizations/").text
    assert "Acme Tooling" in page and "River College" in page
    page = client.get("/organizations/?q=acme").text
    assert "Acme Tooling" in page and "River College" not in page
    page = client.get("/organizations/?kind=college").text
    assert "River College" in page and "Acme Tooling" not in page


def test_show_lists_partnerships(client, factory, partnership):
    member = factory.member(partnership, "panelist")
    page = client.get(f"/organizations/{member.organization_id}").text
    assert partnership.name in page
    assert "count toward a partnership" in page


def test_convener_creates_and_edits_an_organization(client, login_as, db, partnership):
    login_as("convener")
    assert partnership.name in client.get("/organizations/new").text
    response = client.post(
        "/organizations/new",
        data={
            "partnership_id": partnership.id,
            "name": "Tri-County Labor Council",
            "kind": "labor",
            "city": "Xenia, OH",
            "website": "https://labor.example.org",
            "description": "**Unions**",
        },
    )
    assert response.status_code == 302
    org = db.session.scalar(
        db.select(Organization).where(Organization.name == "Tri-County Labor Council")
    )
    assert org.kind == OrganizationKind.LABOR
    # It takes part in the convener's partnership from the start, so its conveners keep it.
    assert [p.id for p in org.partnerships] == [partnership.id]
    assert "<strong>Unions</strong>" in client.get(f"/organizations/{org.id}").text
    response = client.post(
        f"/organizations/{org.id}/edit",
        data={
            "name": "Tri-County Labor Council",
            "kind": "labor",
            "city": "Dayton, OH",
            "website": "",
            "description": "",
        },
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.city == "Dayton, OH"


def test_duplicate_name_is_refused_and_input_kept(client, login_as, factory, db, partnership):
    factory.organization(name="Acme Tooling")
    login_as("convener")
    response = client.post(
        "/organizations/new",
        data={
            "partnership_id": partnership.id,
            "name": "ACME tooling",
            "kind": "employer",
            "city": "Kept City",
            "website": "",
            "description": "",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.text and 'value="Kept City"' in response.text
    assert (
        db.session.scalar(db.select(db.func.count(Organization.id))) == 2
    )  # the convener's own and Acme


def test_unknown_kind_is_refused(client, login_as, db, partnership):
    login_as("convener")
    response = client.post(
        "/organizations/new",
        data={"partnership_id": partnership.id, "name": "X Corp", "kind": "pirate"},
    )
    assert response.status_code == 200 and "choose one of the options listed" in response.text
    assert db.session.scalar(db.select(Organization).where(Organization.name == "X Corp")) is None


def test_panelists_and_visitors_cannot_create(client, login_as):
    assert client.get("/organizations/new").status_code == 302  # to sign-in
    login_as("panelist")
    assert client.get("/organizations/new").status_code == 403
    assert client.post("/organizations/1/edit", data={"name": "x"}).status_code == 403


def test_names_equal_but_for_the_case_of_any_letter_are_taken(db, factory):
    """One case-insensitive name check (names.name_taken) for organizations, partnerships and
    framework titles; SQLite's lower() alone folds only ASCII."""
    import pytest

    from curriculum.organizations.services import OrganizationError, create_organization
    from curriculum.partnerships.services import PartnershipError
    from curriculum.standards import tree
    from curriculum.standards.services import StandardError

    create_organization({"name": "École Technique", "kind": "college"})
    with pytest.raises(OrganizationError, match="already exists"):
        create_organization({"name": "ÉCOLE TECHNIQUE", "kind": "college"})
    db.session.rollback()
    partnership = factory.partnership(name="Énergie Valley")
    with pytest.raises(PartnershipError, match="already exists"):
        factory.partnership(name="ÉNERGIE valley")
    db.session.rollback()
    tree.create_framework(partnership, {"title": "Électricité"})
    with pytest.raises(StandardError, match="already has a framework"):
        tree.create_framework(partnership, {"title": "ÉLECTRICITÉ"})

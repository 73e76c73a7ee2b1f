"""Framework and standard pages, as each role uses them."""

import pytest

from curriculum.audit.models import AuditEvent
from curriculum.errors import Conflict
from curriculum.standards import services, tree
from curriculum.standards.models import Comment, Framework, Standard, StandardVersion, VersionStatus


@pytest.fixture
def framework(partnership, factory):
    return factory.framework(
        partnership,
        occupation_codes=["51-9199.00"],
        description="Front-line **production** work.",
        coding_prefix="PT",
    )


@pytest.fixture
def ka(framework, factory, partnership):
    author = factory.member(partnership, "panelist")
    cwf = factory.standard(
        framework, None, "critical_work_function", "Maintain a safe workplace", author=author
    )
    return factory.standard(
        framework,
        cwf,
        "key_activity",
        "Inspect machine guarding",
        "Check that *every* guard is in place before starting the machine.",
        author=author,
    )


def _versions(db, standard):
    return list(
        db.session.scalars(
            db.select(StandardVersion.number)
            .where(StandardVersion.standard_id == standard.id)
            .order_by(StandardVersion.number)
        )
    )


# --- frameworks ----------------------------------------------------------------------------


def test_convener_creates_a_framework_and_others_cannot(client, login_as, partnership, db):
    login_as("panelist")
    url = f"/partnerships/{partnership.id}/frameworks/new"
    assert client.get(url).status_code == 403
    client.post("/logout")
    login_as("convener")
    response = client.post(
        url,
        data={
            "title": "Maintenance Technician",
            "occupation_codes": "49-9041.00, 51-9199.00",
            "coding_prefix": "MT",
            "description": "",
        },
    )
    assert response.status_code == 302
    framework = db.session.scalar(db.select(Framework))
    assert framework.occupation_codes == ["49-9041.00", "51-9199.00"]
    page = client.get(f"/frameworks/{framework.id}").text
    assert "Industrial Machinery Mechanics" in page


def test_framework_form_refuses_unknown_occupations_and_keeps_input(
    client, login_as, partnership, db
):
    login_as("convener")
    response = client.post(
        f"/partnerships/{partnership.id}/frameworks/new",
        data={"title": "Kept title", "occupation_codes": "99-9999.99"},
    )
    assert response.status_code == 200
    assert (
        "Not O*NET-SOC codes: 99-9999.99" in response.text and 'value="Kept title"' in response.text
    )
    assert db.session.scalar(db.select(db.func.count(Framework.id))) == 0


def test_occupation_search(client):
    found = client.get("/occupations.json?q=machinist").json
    assert {"code": "51-4041.00", "title": "Machinists"} in found


def test_framework_page_shows_the_tree_with_versions_and_endorsements(
    client, login_as, framework, ka, partnership, factory, db
):
    services.endorse(ka, ka.current_version, factory.member(partnership, "panelist"))
    services.endorse(ka, ka.current_version, factory.member(partnership, "panelist"))
    services.move_to_review(ka, ka.current_version)
    db.session.commit()
    login_as("faculty")
    page = client.get(f"/frameworks/{framework.id}").text
    assert "Maintain a safe workplace" in page and "Inspect machine guarding" in page
    assert "A.1" in page and "in review" in page and "2 of 3 employers" in page
    filtered = client.get(f"/frameworks/{framework.id}?status=in_review").text
    assert "Inspect machine guarding" in filtered
    assert "Maintain a safe workplace" in filtered  # its parent keeps the tree's shape
    searched = client.get(f"/frameworks/{framework.id}?q=every+guard").text
    assert "Inspect machine guarding" in searched
    none = client.get(f"/frameworks/{framework.id}?q=welding").text
    assert "No standard matches your filter." in none


def test_viewers_and_visitors_see_published_versions_only(
    client, login_as, framework, ka, partnership, factory, db
):
    factory.publish(ka)
    factory.publish(ka.parent)
    services.save_version(ka, 1, "Inspect guarding (draft wording)", "Draft", None, "", None)
    draft_only = tree.add_standard(framework, ka, "performance_indicator", "Unpublished PI")
    db.session.commit()
    for who in ("anonymous", "viewer"):
        if who == "viewer":
            login_as("viewer")
        page = client.get(f"/frameworks/{framework.id}").text
        assert "Maintain a safe workplace" in page
        assert "Inspect machine guarding" in page and "draft wording" not in page
        assert "Unpublished PI" not in page
        assert client.get(f"/standards/{draft_only.id}").status_code == 404
        standard = client.get(f"/standards/{ka.id}").text
        assert "Inspect machine guarding" in standard and "Edit</a>" not in standard
        assert client.get(f"/standards/{ka.id}/versions/2").status_code == 404
        assert "v2" not in client.get(f"/standards/{ka.id}/history").text
    assert client.get(f"/standards/{ka.id}/edit").status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_partnership", "viewer"])
def test_published_standards_under_an_unpublished_parent_show_it_by_code_only(
    client, login_as, framework, partnership, factory, db, who
):
    """The framework page and the API tree follow the coverage rule: published content is
    always shown; an unpublished ancestor appears by its code only, "not yet published"."""
    a = tree.add_standard(framework, None, "critical_work_function", "Keep the line safe")
    b = tree.add_standard(framework, None, "critical_work_function", "Run production")
    b1 = tree.add_standard(framework, b, "key_activity", "Set up the machine")
    b2 = tree.add_standard(
        framework, b, "key_activity", "Secret draft activity", "Secret draft statement"
    )
    indicators = [
        tree.add_standard(framework, b2, "performance_indicator", f"Indicator {n}", f"Does {n}")
        for n in (1, 2, 3)
    ]
    db.session.commit()
    for standard in (a, b, b1, *indicators):
        factory.publish(standard)
    b23 = indicators[2]
    assert (b2.code, b23.code) == ("B.2", "B.2.3") and b2.published_version is None
    if who == "other_partnership":
        login_as("convener", in_partnership=factory.partnership(name="Elsewhere"))
    elif who != "anonymous":
        login_as(who)

    page = client.get(f"/frameworks/{framework.id}").text
    assert "Indicator 3" in page and f'href="/standards/{b23.id}"' in page
    item = page[page.index(f'id="s{b2.id}"') :]
    item = item[: item.index("</li>")]
    assert ">B.2</span>" in item and "not yet published" in item
    assert f'href="/standards/{b2.id}"' not in item
    assert "Secret draft" not in page
    assert "6 standards shown" in page  # A, B, B.1 and B.2.1-3; not the code-only B.2

    standards = client.get(f"/api/v1/frameworks/{framework.id}").json["standards"]
    by_code = {s["code"]: s for s in standards}
    assert [s["code"] for s in standards] == ["A", "B", "B.1", "B.2", "B.2.1", "B.2.2", "B.2.3"]
    assert (by_code["B.2.3"]["title"], by_code["B.2.3"]["statement"]) == ("Indicator 3", "Does 3")
    assert by_code["B.2.3"]["published"] and by_code["B.2.3"]["status"] == "published"
    assert by_code["B.2"] == {
        **by_code["B.2"],
        "published": False,
        "title": "",
        "statement": "",
        "current_version": None,
        "status": None,
    }
    assert "Secret draft" not in str(standards)


def test_framework_page_query_count_does_not_grow_with_standards(
    client, login_as, framework, partnership, factory, db, count_queries, clock
):
    # The clock stands still: growing the tree can take over a minute on a slow machine, and
    # the sign-in session's once-a-minute touch would add queries that are not the page's.
    author = factory.member(partnership, "panelist")
    endorser = factory.member(partnership, "panelist")

    def grow(to):
        while db.session.scalar(db.select(db.func.count(Standard.id))) < to:
            n = db.session.scalar(db.select(db.func.count(Standard.id)))
            cwf = tree.add_standard(
                framework, None, "critical_work_function", f"CWF {n}", author=author
            )
            for k in range(3):
                ka = tree.add_standard(framework, cwf, "key_activity", f"KA {n} {k}", author=author)
                services.endorse(ka, ka.current_version, endorser)
                for p in range(5):
                    tree.add_standard(
                        framework, ka, "performance_indicator", f"PI {n} {k} {p}", author=author
                    )
        db.session.commit()

    login_as("convener")
    grow(60)
    # Every branch open (?all=1): a large tree starts with its branches closed.
    with count_queries() as small:
        assert client.get(f"/frameworks/{framework.id}?all=1").status_code == 200
    grow(600)
    with count_queries() as large:
        page = client.get(f"/frameworks/{framework.id}?all=1")
    assert page.status_code == 200 and page.text.count('class="node') >= 600
    assert len(large) == len(small), (len(small), len(large))


# --- versions ------------------------------------------------------------------------------


def test_add_a_standard_through_the_form(client, login_as, framework, ka, db):
    login_as("panelist")
    response = client.post(
        f"/frameworks/{framework.id}/standards/new?parent_id={ka.id}",
        data={
            "parent_id": ka.id,
            "kind": "performance_indicator",
            "title": "Guards are verified",
            "statement": "",
            "level": "baseline",
            "code": "",
            "change_note": "Created",
            "category": "occupational_technical",
        },
    )
    assert response.status_code == 302
    pi = db.session.scalar(db.select(Standard).where(Standard.parent_id == ka.id))
    assert pi.code == "A.1.1" and pi.current_version.level.value == "baseline"


def test_add_refuses_a_wrong_kind_for_the_parent(client, login_as, framework, ka, db):
    login_as("panelist")
    response = client.post(
        f"/frameworks/{framework.id}/standards/new?parent_id={ka.id}",
        data={"parent_id": ka.id, "kind": "critical_work_function", "title": "Nope"},
    )
    assert response.status_code == 200 and "choose one of the options listed" in response.text
    assert db.session.scalar(db.select(db.func.count(Standard.id))) == 2


def test_edit_adds_a_version_and_unchanged_adds_none(client, login_as, ka, db):
    login_as("panelist")
    form = client.get(f"/standards/{ka.id}/edit").text
    assert 'name="base_version"' in form and 'value="1"' in form
    data = {
        "base_version": 1,
        "title": "Inspect machine guarding",
        "statement": "Check that every guard and interlock is in place.",
        "level": "",
        "change_note": "Add interlocks",
    }
    response = client.post(f"/standards/{ka.id}/edit", data=data, follow_redirects=True)
    assert "Saved as version 2." in response.text
    response = client.post(
        f"/standards/{ka.id}/edit", data={**data, "base_version": 2}, follow_redirects=True
    )
    assert "Nothing changed, so no new version was added." in response.text
    assert _versions(db, ka) == [1, 2]
    assert (
        db.session.scalar(
            db.select(AuditEvent).where(AuditEvent.action == "standard.version_saved")
        ).summary
        == "A.1: saved v2 (Add interlocks)"
    )


def test_conflict_page_keeps_both_texts_and_the_editors_text(
    client, app, login_as, ka, db, factory, partnership
):
    other = factory.member(partnership, "panelist")
    services.save_version(
        ka, 1, "Inspect machine guarding", "Their wording wins the race.", None, "their note", other
    )
    db.session.commit()
    login_as("panelist")
    response = client.post(
        f"/standards/{ka.id}/edit",
        data={
            "base_version": 1,
            "title": "Inspect machine guarding",
            "statement": "My careful wording.",
            "level": "",
            "change_note": "mine",
        },
    )
    assert response.status_code == 409
    page = response.text
    assert "Nothing was overwritten." in page
    assert "Their wording wins the race." in page and "My careful wording." in page
    assert "<del>" in page and "<ins>" in page
    assert 'name="base_version" type="hidden" value="2"' in page
    assert "My careful wording.</textarea>" in page
    assert _versions(db, ka) == [1, 2]
    response = client.post(
        f"/standards/{ka.id}/edit",
        data={
            "base_version": 2,
            "title": "Inspect machine guarding",
            "statement": "Merged: their wording and mine.",
            "level": "",
            "change_note": "merged",
        },
    )
    assert response.status_code == 302
    assert _versions(db, ka) == [1, 2, 3]


def test_history_compare_and_revert(client, login_as, ka, db):
    services.save_version(
        ka, 1, "Inspect all machine guarding", "Check guards daily.", "mastery", "tighter", None
    )
    db.session.commit()
    login_as("faculty")
    history = client.get(f"/standards/{ka.id}/history").text
    assert "v1" in history and "v2" in history and "tighter" in history
    compare = client.get(f"/standards/{ka.id}/compare?a=1&b=2").text
    assert "<ins> all</ins>" in compare
    assert "<del>" in compare and "Mastery" in compare
    assert (
        "These versions have the same content."
        in client.get(f"/standards/{ka.id}/compare?a=2&b=2").text
    )
    assert client.get(f"/standards/{ka.id}/compare?a=1&b=9").status_code == 404
    old = client.get(f"/standards/{ka.id}/versions/1").text
    assert "Check that <em>every</em> guard" in old
    response = client.post(
        f"/standards/{ka.id}/revert/1", data={"base_version": 2}, follow_redirects=True
    )
    assert "Version 3 restores the content of version 1." in response.text
    v1, v3 = services.get_version(ka, 1), services.get_version(ka, 3)
    assert v3.content() == v1.content() and _versions(db, ka) == [1, 2, 3]


# --- endorsement and publishing -----------------------------------------------------------


def test_endorse_withdraw_and_publish_with_quorum(
    client, app, login_as, ka, partnership, factory, db
):
    from tests.conftest import login

    panelists = [factory.member(partnership, "panelist") for _ in range(3)]
    convener = factory.member(partnership, "convener")
    clients = {}
    for p in panelists:
        clients[p.id] = app.test_client()
        login(clients[p.id], p.email)
    first = clients[panelists[0].id]
    response = first.post(
        f"/standards/{ka.id}/versions/1/endorse",
        data={"note": "Matches our SOP"},
        follow_redirects=True,
    )
    assert "endorses version 1" in response.text and "Matches our SOP" in response.text
    assert (
        first.post(
            f"/standards/{ka.id}/versions/1/endorse", data={}, follow_redirects=True
        ).text.count("already endorsed")
        == 1
    )
    clients[panelists[1].id].post(f"/standards/{ka.id}/versions/1/endorse", data={})
    boss = app.test_client()
    login(boss, convener.email)
    response = boss.post(f"/standards/{ka.id}/versions/1/publish", follow_redirects=True)
    assert "Not published: 2 of 3 endorsements; waiting for" in response.text
    assert panelists[2].organization.name in response.text
    assert services.get_version(ka, 1).status == VersionStatus.DRAFT
    first.post(f"/standards/{ka.id}/versions/1/withdraw")
    clients[panelists[1].id].post(f"/standards/{ka.id}/versions/1/endorse", data={})
    for p in (panelists[0], panelists[2]):
        clients[p.id].post(f"/standards/{ka.id}/versions/1/endorse", data={})
    response = boss.post(f"/standards/{ka.id}/versions/1/publish", follow_redirects=True)
    assert "Version 1 is published." in response.text
    assert services.get_version(ka, 1).status == VersionStatus.PUBLISHED
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"standard.endorsed", "standard.endorsement_withdrawn", "standard.published"} <= actions


def test_only_panelists_endorse_and_only_conveners_publish(client, login_as, ka):
    login_as("faculty")
    assert client.post(f"/standards/{ka.id}/versions/1/endorse", data={}).status_code == 403
    assert client.post(f"/standards/{ka.id}/versions/1/publish").status_code == 403
    assert client.post(f"/standards/{ka.id}/versions/1/review").status_code == 403


def test_new_version_starts_without_endorsements_and_says_who_endorsed_before(
    client, login_as, ka, partnership, factory, db
):
    endorser = factory.member(partnership, "panelist")
    services.endorse(ka, ka.current_version, endorser)
    services.save_version(ka, 1, "Inspect machine guarding daily", "", None, "", None)
    db.session.commit()
    login_as("faculty")
    page = client.get(f"/standards/{ka.id}").text
    assert "0 of 3" in page
    assert f"Version 1 was endorsed by {endorser.organization.name}" in page


def test_publishing_newer_version_supersedes_and_old_stays_viewable(
    client, login_as, ka, partnership, factory, db
):
    factory.publish(ka)
    services.save_version(ka, 1, "Inspect guarding v2", "Second text", None, "", None)
    db.session.commit()
    factory.publish(ka, number=2)
    assert services.get_version(ka, 1).status == VersionStatus.SUPERSEDED
    page = client.get(f"/standards/{ka.id}/versions/1").text
    assert "superseded" in page and "Inspect machine guarding" in page
    login_as("convener")
    response = client.post(f"/standards/{ka.id}/versions/2/retire", follow_redirects=True)
    assert "Version 2 is retired." in response.text


# --- structure ------------------------------------------------------------------------------


def test_reorder_move_code_renumber_retire(
    client, login_as, framework, ka, db, factory, partnership
):
    author = factory.member(partnership, "panelist")
    cwf_b = tree.add_standard(framework, None, "critical_work_function", "Quality", author=author)
    ka2 = tree.add_standard(framework, ka.parent, "key_activity", "Second KA", author=author)
    db.session.commit()
    login_as("panelist")
    client.post(f"/standards/{ka2.id}/reorder/up")
    db.session.refresh(ka2)
    assert ka2.position == 0
    response = client.post(
        f"/standards/{ka2.id}/move", data={"parent_id": cwf_b.id}, follow_redirects=True
    )
    assert "moved" in response.text
    response = client.post(f"/standards/{ka2.id}/code", data={"code": "A.1"}, follow_redirects=True)
    assert "Code A.1 is already used in this framework." in response.text
    login_as_convener = factory.member(partnership, "convener")
    from tests.conftest import login

    client.post("/logout")
    login(client, login_as_convener.email)
    client.post(f"/frameworks/{framework.id}/renumber")
    db.session.refresh(ka2)
    assert ka2.code == "B.1"
    client.post(f"/standards/{ka2.id}/retire")
    page = client.get(f"/frameworks/{framework.id}").text
    assert "Second KA" not in page
    assert "Second KA" in client.get(f"/frameworks/{framework.id}?retired=1").text
    response = client.post(f"/standards/{ka2.id}/place", data={"position": 0})
    assert response.json["status"] == "ok"


def test_comments_replies_resolve_reopen(client, login_as, ka, db):
    login_as("faculty")
    client.post(
        f"/standards/{ka.id}/comments",
        data={"body": "Should *interlocks* be named?", "version_id": ka.current_version_id},
    )
    comment = db.session.scalar(db.select(Comment))
    client.post(
        f"/standards/{ka.id}/comments", data={"body": "Yes please", "parent_id": comment.id}
    )
    page = client.get(f"/standards/{ka.id}").text
    assert "<em>interlocks</em>" in page and "Yes please" in page and "about version 1" in page
    assert "1 open · 0 resolved" in page
    client.post(f"/standards/{ka.id}/comments/{comment.id}/resolve")
    assert "0 open · 1 resolved" in client.get(f"/standards/{ka.id}").text
    client.post(f"/standards/{ka.id}/comments/{comment.id}/reopen")
    assert "1 open · 0 resolved" in client.get(f"/standards/{ka.id}").text
    response = client.post(
        f"/standards/{ka.id}/comments", data={"body": "  "}, follow_redirects=True
    )
    assert "Write something first." in response.text


def test_viewer_cannot_comment_or_see_comments(client, login_as, ka, partnership, factory, db):
    factory.publish(ka)
    services.add_comment(ka, factory.member(partnership, "panelist"), "Internal discussion")
    db.session.commit()
    login_as("viewer")
    assert "Internal discussion" not in client.get(f"/standards/{ka.id}").text
    assert client.post(f"/standards/{ka.id}/comments", data={"body": "hi"}).status_code == 403


def test_add_a_critical_work_function_and_key_activity_through_the_form(
    client, login_as, framework, db
):
    login_as("panelist")
    response = client.post(
        f"/frameworks/{framework.id}/standards/new",
        data={
            "parent_id": "",
            "kind": "critical_work_function",
            "title": "Maintain quality",
            "statement": "",
            "level": "",
            "code": "",
            "change_note": "Created",
        },
    )
    assert response.status_code == 302, response.text
    cwf = db.session.scalar(db.select(Standard).where(Standard.parent_id.is_(None)))
    response = client.post(
        f"/frameworks/{framework.id}/standards/new?parent_id={cwf.id}",
        data={
            "parent_id": cwf.id,
            "kind": "key_activity",
            "title": "Inspect parts",
            "statement": "",
            "level": "",
            "code": "",
            "change_note": "Created",
        },
    )
    assert response.status_code == 302, response.text
    assert [s.code for s in db.session.scalars(db.select(Standard).order_by(Standard.id))] == [
        "A",
        "A.1",
    ]


def test_edit_form_starts_with_an_empty_change_note(client, login_as, ka, db):
    services.save_version(ka, 1, "Inspect machine guarding", "Changed", None, "Old reason", None)
    db.session.commit()
    login_as("panelist")
    page = client.get(f"/standards/{ka.id}/edit").text
    assert 'name="change_note" type="text" value=""' in page
    assert "Old reason" not in page


def test_a_retired_standard_takes_no_edits_endorsements_or_publication(
    client, login_as, ka, partnership, factory, db
):
    tree.set_retired(ka, True)
    db.session.commit()
    with pytest.raises(Conflict, match="retired"):
        services.save_version(ka, 1, "New", "", None, "", None)
    db.session.rollback()
    convener = factory.member(partnership, "convener")
    with pytest.raises(Conflict, match="retired"):
        services.publish(ka, ka.current_version, convener)
    db.session.rollback()
    login_as("panelist")
    page = client.get(f"/standards/{ka.id}").text
    assert "This standard is retired" in page and ">Edit</a>" not in page
    response = client.post(
        f"/standards/{ka.id}/edit",
        data={"base_version": 1, "title": "New", "statement": "", "level": "", "change_note": ""},
    )
    assert response.status_code == 200 and "is retired. Restore it" in response.text
    assert _versions(db, ka) == [1]


def test_only_the_newest_version_can_be_endorsed(ka, partnership, factory, db):
    services.save_version(ka, 1, "Inspect guarding again", "", None, "", None)
    db.session.commit()
    with pytest.raises(Conflict, match="Only the newest version"):
        services.endorse(ka, services.get_version(ka, 1), factory.member(partnership, "panelist"))

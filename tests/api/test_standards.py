"""Standards and versions through the API: reading, saving, endorsing, review and publishing."""

import pytest

from curriculum.audit.models import AuditEvent
from curriculum.standards import services
from curriculum.standards.models import Endorsement, StandardVersion, VersionStatus


def _url(standard, tail=""):
    return f"/api/v1/standards/{standard.id}{tail}"


def _numbers(db, standard):
    return list(
        db.session.scalars(
            db.select(StandardVersion.number)
            .where(StandardVersion.standard_id == standard.id)
            .order_by(StandardVersion.number)
        )
    )


def _save(api, standard, base, **content):
    return api.post(_url(standard, "/versions"), json={"base_version": base, **content})


# --- Reading ---------------------------------------------------------------------------------


def test_drafts_readers_see_every_version(api_as, ka, db):
    services.save_version(ka, 1, "Inspect guarding", "Second text", None, "clearer", None)
    db.session.commit()
    response = api_as("faculty").get(_url(ka))
    assert response.status_code == 200
    body = response.json
    assert (body["code"], body["kind"], body["uuid"]) == ("A.1", "key_activity", ka.uuid)
    assert body["current_version"] == 2 and body["published_version"] is None
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert body["versions"][0]["change_note"] == "clearer"


@pytest.mark.parametrize("role", ["viewer", "anonymous", "outsider"])
def test_other_readers_see_only_published_versions(api_as, ka, publish, db, role):
    api = api_as(role)
    assert api.get(_url(ka)).status_code == 404  # nothing published yet
    assert api.get(_url(ka, "/versions/1")).status_code == 404
    publish(ka)
    services.save_version(ka, 1, "Inspect guarding", "A new draft", None, "", None)
    db.session.commit()
    body = api.get(_url(ka)).json
    assert [v["number"] for v in body["versions"]] == [1]
    assert body["current_version"] == body["published_version"] == 1
    version = api.get(_url(ka, "/versions/1")).json
    assert version["status"] == "published" and version["published_at"]
    assert "quorum" not in version
    assert api.get(_url(ka, "/versions/2")).status_code == 404  # a draft


def test_a_version_for_drafts_readers_has_its_quorum(api_as, ka, partnership, db):
    partnership.endorsement_quorum = 2
    db.session.commit()
    panelist = api_as("panelist")
    panelist.post(_url(ka, "/versions/1/endorsements"), json={"note": "Agreed"})
    body = api_as("faculty").get(_url(ka, "/versions/1")).json
    assert body["number"] == 1 and body["status"] == "draft"
    assert body["quorum"]["needed"] == 2 and body["quorum"]["count"] == 1
    assert body["quorum"]["met"] is False
    (endorsement,) = body["endorsements"]
    assert endorsement["organization"]["name"] == panelist.user.organization.name
    assert endorsement["note"] == "Agreed"


def test_unknown_standards_and_versions_are_404(api_as, ka):
    api = api_as("convener")
    assert api.get("/api/v1/standards/999").status_code == 404
    assert api.get(_url(ka, "/versions/7")).status_code == 404
    assert api.post("/api/v1/standards/999/versions", json={"base_version": 1}).status_code == 404


# --- Saving versions -------------------------------------------------------------------------


def test_saving_adds_a_version(api_as, ka, db):
    api = api_as("panelist")
    response = _save(
        api,
        ka,
        1,
        title="Inspect guards",
        statement="Check every guard.",
        level="mastery",
        change_note="clearer",
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["number"], body["title"], body["level"], body["status"]) == (
        2,
        "Inspect guards",
        "mastery",
        "draft",
    )
    assert body["change_note"] == "clearer" and body["author"] == api.user.display_name
    assert response.headers["Location"].endswith(_url(ka, "/versions/2"))
    assert _numbers(db, ka) == [1, 2]
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "standard.version_saved")
    )
    assert event.actor_id == api.user.id


def test_fields_left_out_keep_the_current_content(api_as, ka):
    body = _save(api_as("panelist"), ka, 1, statement="Only the statement changes.").json
    assert (body["title"], body["statement"]) == ("Inspect guarding", "Only the statement changes.")


def test_saving_unchanged_content_is_200_with_the_current_version(api_as, ka, db):
    response = _save(api_as("panelist"), ka, 1, title=" Inspect guarding ")
    assert response.status_code == 200
    assert response.json["number"] == 1
    assert _numbers(db, ka) == [1]


def test_saving_from_an_old_base_is_409_with_the_current_version(api_as, ka, db):
    api = api_as("panelist")
    assert _save(api, ka, 1, statement="First edit").status_code == 201
    response = _save(api, ka, 1, statement="Second edit")
    assert response.status_code == 409
    assert response.json["status"] == 409 and "Nothing was overwritten" in response.json["error"]
    current = response.json["current_version"]
    assert (current["number"], current["statement"]) == (2, "First edit")
    assert _numbers(db, ka) == [1, 2]


@pytest.mark.parametrize(
    ("content", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"level": "expert"}, "level"),
        ({"statement": ["not", "text"]}, "statement"),
        ({"base_version": None}, "base_version"),
        ({"base_version": "1"}, "base_version"),
    ],
)
def test_bad_version_input_is_400_with_the_field(api_as, ka, db, content, field):
    response = api_as("panelist").post(
        _url(ka, "/versions"), json={"base_version": 1, "title": "T", **content}
    )
    assert response.status_code == 400
    assert response.json == {
        "error": response.json["error"],
        "status": 400,
        "fields": {field: response.json["error"]},
    }
    assert _numbers(db, ka) == [1]


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_saving_needs_an_authoring_role(api_as, ka, db, role, status):
    response = _save(api_as(role), ka, 1, title="Taken over")
    assert response.status_code == status and response.json["status"] == status
    assert _numbers(db, ka) == [1]


# --- Endorsements ----------------------------------------------------------------------------


def test_endorsing_and_withdrawing(api_as, ka, db):
    api = api_as("panelist")
    response = api.post(_url(ka, "/versions/1/endorsements"), json={"note": "Fine by us"})
    assert response.status_code == 201, response.json
    assert response.json["organization"]["id"] == api.user.organization_id
    assert response.json["note"] == "Fine by us"
    again = api.post(_url(ka, "/versions/1/endorsements"))
    assert again.status_code == 409 and "already endorsed" in again.json["error"]
    colleague = api_as("panelist", organization=api.user.organization)
    assert colleague.post(_url(ka, "/versions/1/endorsements")).status_code == 409
    assert db.session.scalar(db.select(db.func.count(Endorsement.id))) == 1
    response = api.delete(_url(ka, "/versions/1/endorsements"))
    assert response.status_code == 204 and response.data == b""
    assert db.session.scalar(db.select(db.func.count(Endorsement.id))) == 0
    assert api.delete(_url(ka, "/versions/1/endorsements")).status_code == 404
    actions = set(db.session.scalars(db.select(AuditEvent.action)))
    assert {"standard.endorsed", "standard.endorsement_withdrawn"} <= actions


@pytest.mark.parametrize(
    ("role", "status"),
    [("faculty", 403), ("convener", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 401)],
)
def test_only_panelists_endorse(api_as, ka, db, role, status):
    api = api_as(role)
    assert api.post(_url(ka, "/versions/1/endorsements")).status_code == status
    assert api.delete(_url(ka, "/versions/1/endorsements")).status_code == status
    assert db.session.scalar(db.select(db.func.count(Endorsement.id))) == 0


def test_endorsing_a_missing_version_is_404(api_as, ka):
    assert api_as("panelist").post(_url(ka, "/versions/5/endorsements")).status_code == 404


# --- Review and publishing -------------------------------------------------------------------


def test_a_convener_sends_a_draft_to_review(api_as, ka, db):
    api = api_as("convener")
    response = api.post(_url(ka, "/versions/1/review"))
    assert response.status_code == 200
    assert response.json["status"] == "in_review" and response.json["reviewed_at"]
    again = api.post(_url(ka, "/versions/1/review"))
    assert again.status_code == 409 and "not a draft" in again.json["error"]
    assert db.session.get(StandardVersion, ka.current_version_id).status == VersionStatus.IN_REVIEW


def test_publishing_waits_for_the_quorum(api_as, ka, partnership, db):
    partnership.endorsement_quorum = 2
    db.session.commit()
    convener = api_as("convener")
    api_as("panelist").post(_url(ka, "/versions/1/endorsements"))
    refused = convener.post(_url(ka, "/versions/1/publish"))
    assert refused.status_code == 409
    assert refused.json["error"].startswith("Not published: 1 of 2 endorsements")
    api_as("panelist").post(_url(ka, "/versions/1/endorsements"))
    response = convener.post(_url(ka, "/versions/1/publish"))
    assert response.status_code == 200, response.json
    assert response.json["status"] == "published" and response.json["published_at"]
    assert len(response.json["endorsements"]) == 2
    assert api_as("anonymous").get(_url(ka)).json["published_version"] == 1
    assert db.session.scalar(
        db.select(AuditEvent.id).where(AuditEvent.action == "standard.published")
    )


def test_only_the_newest_version_is_published(api_as, ka, partnership, db):
    partnership.endorsement_quorum = 1
    db.session.commit()
    api_as("panelist").post(_url(ka, "/versions/1/endorsements"))
    _save(api_as("panelist"), ka, 1, statement="Newer")
    response = api_as("convener").post(_url(ka, "/versions/1/publish"))
    assert response.status_code == 409 and "Only the newest version" in response.json["error"]
    assert api_as("convener").post(_url(ka, "/versions/1/review")).status_code == 409


@pytest.mark.parametrize(
    ("role", "status"),
    [("panelist", 403), ("faculty", 403), ("viewer", 403), ("outsider", 404), ("anonymous", 401)],
)
def test_only_conveners_review_and_publish(api_as, ka, db, role, status):
    api = api_as(role)
    assert api.post(_url(ka, "/versions/1/review")).status_code == status
    assert api.post(_url(ka, "/versions/1/publish")).status_code == status
    assert db.session.get(StandardVersion, ka.current_version_id).status == VersionStatus.DRAFT


def test_a_site_admin_may_do_everything(api_as, ka, partnership, db):
    partnership.endorsement_quorum = 1
    db.session.commit()
    api_as("panelist").post(_url(ka, "/versions/1/endorsements"))
    admin = api_as("admin")
    assert admin.get(_url(ka)).status_code == 200
    assert admin.post(_url(ka, "/versions/1/publish")).status_code == 200


def test_a_standard_costs_the_same_queries_however_many_versions(api_as, ka, count_queries, db):
    api = api_as("faculty")
    api.get(_url(ka))  # the token's first use is recorded once

    def queries():
        with count_queries() as statements:
            assert api.get(_url(ka)).status_code == 200
        return len(statements)

    small = queries()
    for n in range(1, 11):
        services.save_version(ka, n, "Inspect guarding", f"Text {n}", None, "", None)
        services.endorse(
            ka, db.session.get(StandardVersion, ka.current_version_id), api_as("panelist").user
        )
    db.session.commit()
    assert queries() == small

"""The read-only CASE REST API: every route on both versions, 404/400 bodies, ETag and
Last-Modified with conditional GETs, published content only."""

from __future__ import annotations

import pytest

from curriculum.extensions import db
from curriculum.interop import case_write
from tests.interop import case_world as w

VERSIONS = ("v1p0", "v1p1")


def status_info(response, status: int, minor: str) -> None:
    assert response.status_code == status
    body = response.json
    assert body["imsx_codeMajor"] == "failure" and body["imsx_severity"] == "error"
    assert body["imsx_description"]
    field = body["imsx_codeMinor"]["imsx_codeMinorField"][0]
    assert field["imsx_codeMinorFieldValue"] == minor


@pytest.fixture
def worlds(factory, partnership):
    authored, a = w.authored(factory, partnership)
    imported, i = w.imported(factory, partnership)
    return authored, a, imported, i


@pytest.mark.parametrize("prefix", VERSIONS)
def test_every_route_answers(client, worlds, prefix):
    authored, a, imported, i = worlds
    base = f"/ims/case/{prefix}"
    docs = client.get(f"{base}/CFDocuments").json["CFDocuments"]
    assert {d["identifier"] for d in docs} == {authored.uuid, w.DOC_ID}
    assert client.get(f"{base}/CFDocuments/{w.DOC_ID}").json["creator"] == "State Board"
    pkg = client.get(f"{base}/CFPackages/{w.DOC_ID}").json
    assert len(pkg["CFItems"]) == 3
    assert ("caseVersion" in pkg["CFDocument"]) == (prefix == "v1p1")
    item = client.get(f"{base}/CFItems/{w.SKILL_ID}").json
    assert item["humanCodingScheme"] == "M.OA.B.2"
    assert client.get(f"{base}/CFItems/{a['skill'].uuid}").json["CFItemType"] == "Skill"
    both = client.get(f"{base}/CFItemAssociations/{w.SKILL_ID}").json
    assert both["CFItem"] == item
    types = {x["associationType"] for x in both["CFAssociations"]}
    assert {"isChildOf", "exactMatchOf"} <= types
    assert ("ext:hasPrerequisite" in types) == (prefix == "v1p1")
    link = client.get(f"{base}/CFAssociations/{w.OUTSIDE_LINK_ID}").json
    assert link["associationType"] == "exactMatchOf"
    # A tree link the export made up is found by its identifier too.
    made = case_write.tree_link_identifier(a["ka"].uuid, a["cwf"].uuid)
    assert client.get(f"{base}/CFAssociations/{made}").json["sequenceNumber"] == 1
    assert client.get(f"{base}/CFItemTypes/{w.TYPE_ID}").json["CFItemTypes"][0]["title"] == "Domain"
    skill_type = case_write.item_type_identifier("Skill")
    assert client.get(f"{base}/CFItemTypes/{skill_type}").json["CFItemTypes"][0]["title"] == "Skill"
    assert (
        client.get(f"{base}/CFConcepts/{w.CONCEPT_ID}").json["CFConcepts"][0]["keywords"] == "add"
    )
    assert client.get(f"{base}/CFLicenses/{w.LICENSE_ID}").json["title"] == "CC BY"
    assert client.get(f"{base}/CFRubrics/{w.RUBRIC_ID}").json["title"] == "Fluency"
    grouping = "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716"
    status_info(client.get(f"{base}/CFAssociationGroupings/{grouping}"), 404, "unknownobject")
    status_info(client.get(f"{base}/CFSubjects/{grouping}"), 404, "unknownobject")


def test_unknown_and_hidden_objects_are_404_with_status_info(client, factory, partnership, worlds):
    authored, a, _imported, _i = worlds
    base = "/ims/case/v1p1"
    status_info(client.get(f"{base}/CFItems/not-a-uuid"), 404, "invalid_uuid")
    status_info(client.get(f"{base}/CFItems/{a['draft'].uuid}"), 404, "unknownobject")
    status_info(client.get(f"{base}/CFItemAssociations/{a['draft'].uuid}"), 404, "unknownobject")
    # A framework with nothing published is not served, nor are its items or tree links.
    hidden = factory.framework(partnership, title="Nothing published")
    draft = factory.standard(hidden, None, "critical_work_function", "Draft only", "Draft only.")
    for path in (
        f"CFDocuments/{hidden.uuid}",
        f"CFPackages/{hidden.uuid}",
        f"CFItems/{draft.uuid}",
    ):
        status_info(client.get(f"{base}/{path}"), 404, "unknownobject")
    made = case_write.tree_link_identifier(draft.uuid, hidden.uuid)
    status_info(client.get(f"{base}/CFAssociations/{made}"), 404, "unknownobject")
    docs = client.get(f"{base}/CFDocuments").json["CFDocuments"]
    assert hidden.uuid not in {d["identifier"] for d in docs}
    # The type of nothing published is not served either.
    assert (
        client.get(f"{base}/CFItemTypes/{case_write.item_type_identifier('Knowledge')}").status_code
        == 404
    )


def test_drafts_never_appear(client, worlds):
    authored, a, _imported, _i = worlds
    w.edit(a["skill"], "Published title", "Published statement.")
    from curriculum.standards import services

    services.save_version(
        a["skill"], a["skill"].current_version.number, "Draft title", "Draft text.", None, "", None
    )
    db.session.commit()
    for prefix in VERSIONS:
        item = client.get(f"/ims/case/{prefix}/CFItems/{a['skill'].uuid}").json
        assert item["fullStatement"] == "Published statement."
        body = client.get(f"/ims/case/{prefix}/CFPackages/{authored.uuid}").text
        assert "Draft text" not in body and "Secret draft" not in body


def test_list_limit_offset_sort_order(client, factory, partnership, worlds):
    base = "/ims/case/v1p1/CFDocuments"
    response = client.get(f"{base}?sort=title&orderBy=desc")
    titles = [d["title"] for d in response.json["CFDocuments"]]
    assert titles == ["Imported Math", "Authored Framework"]
    assert response.headers["X-Total-Count"] == "2"
    page = client.get(f"{base}?sort=title&orderBy=asc&limit=1&offset=1").json["CFDocuments"]
    assert [d["title"] for d in page] == ["Imported Math"]
    assert client.get(f"{base}?offset=5").json["CFDocuments"] == []
    for query in (
        "limit=0",
        "limit=abc",
        "limit=-1",
        "offset=-1",
        "offset=%C2%B2",
        "limit=" + "9" * 20,
    ):
        status_info(client.get(f"{base}?{query}"), 400, "invalid_selection_field")
    status_info(client.get(f"{base}?orderBy=up"), 400, "invalid_selection_field")
    status_info(client.get(f"{base}?sort=password"), 400, "invalid_sort_field")


def test_etag_and_last_modified_with_conditional_gets(client, worlds):
    _authored, _a, _imported, i = worlds
    url = f"/ims/case/v1p1/CFItems/{w.SKILL_ID}"
    first = client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    for path in ("CFDocuments", f"CFPackages/{w.DOC_ID}", f"CFLicenses/{w.LICENSE_ID}"):
        response = client.get(f"/ims/case/v1p0/{path}")
        assert response.headers["ETag"] and response.headers["Last-Modified"]
        assert (
            client.get(
                f"/ims/case/v1p0/{path}", headers={"If-None-Match": response.headers["ETag"]}
            ).status_code
            == 304
        )
    # A change gives a new ETag.
    w.edit(i["skill"], "New title", "A new statement.")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_only_get(client, worlds):
    assert client.post(f"/ims/case/v1p1/CFItems/{w.SKILL_ID}").status_code == 405

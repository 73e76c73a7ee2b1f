"""Conditional GETs (issue 18): the framework tree, a program and its coverage answer with an
ETag; If-None-Match with the current tag gets 304 and no body; any change to what the answer
shows gives a new tag and the new content."""

from curriculum.alignment import services as alignment
from curriculum.api.caching import CACHE_CONTROL
from curriculum.api.openapi import document
from curriculum.courses import services as courses
from curriculum.extensions import db as _db
from curriculum.standards import review, services, tree


def tagged(api, url, **checks):
    """GET `url`: 200 with an ETag and the cache rule; then the same GET with that tag: 304,
    no body, the same tag. Returns (tag, JSON)."""
    response = api.get(url)
    assert response.status_code == 200, response.json
    tag = response.headers["ETag"]
    assert tag.startswith('W/"') and response.headers["Cache-Control"] == CACHE_CONTROL
    again = api.client.get(url, headers={**api.headers, "If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == tag
    return tag, response.json


def changed(api, url, old_tag):
    """The old tag no longer matches: 200 with a new tag and the content. Returns (tag, JSON)."""
    response = api.client.get(url, headers={**api.headers, "If-None-Match": old_tag})
    assert response.status_code == 200 and response.data
    assert response.headers["ETag"] != old_tag
    tag, body = tagged(api, url)
    assert tag == response.headers["ETag"] and body == response.json
    return tag, body


def by_id(body, standard):
    return next(s for s in body["standards"] if s["id"] == standard.id)


def test_the_framework_tree_changes_its_tag_with_each_edit(
    api_as, framework, ka, factory, partnership, publish, db
):
    convener = api_as("convener")
    url = f"/api/v1/frameworks/{framework.id}"
    tag, body = tagged(convener, url)
    assert by_id(body, ka)["title"] == "Inspect guarding"
    # Asking twice, with nothing changed in between, gives the same tag.
    assert convener.get(url).headers["ETag"] == tag

    # A new version (through the API): a new tag and the new title.
    saved = convener.post(
        f"/api/v1/standards/{ka.id}/versions", json={"base_version": 1, "title": "Inspect guards"}
    )
    assert saved.status_code == 201
    tag, body = changed(convener, url, tag)
    assert by_id(body, ka)["title"] == "Inspect guards" and by_id(body, ka)["current_version"] == 2

    # A move to another parent: only the standard's row changes.
    other = factory.standard(framework, None, "critical_work_function", "Quality", author=None)
    tag, body = changed(convener, url, tag)
    tree.move(services.get_standard(ka.id), other)
    db.session.commit()
    tag, body = changed(convener, url, tag)
    assert by_id(body, ka)["parent_id"] == other.id

    # A version sent for review: only the version's status changes, in place.
    standard = services.get_standard(ka.id)
    review.move_to_review(standard, standard.current_version)
    db.session.commit()
    tag, body = changed(convener, url, tag)
    assert by_id(body, ka)["status"] == "in_review"

    # A publication: visitors now see it, and the convener's tag changes too.
    anonymous = api_as("anonymous")
    visitor_tag, visitor_body = tagged(anonymous, url)
    assert ka.id not in [s["id"] for s in visitor_body["standards"]]
    assert visitor_tag != tag  # who may see drafts is part of the tag
    refused = anonymous.client.get(url, headers={"If-None-Match": tag})
    assert refused.status_code == 200 and refused.headers["ETag"] == visitor_tag
    publish(services.get_standard(ka.id))
    tag, body = changed(convener, url, tag)
    assert by_id(body, ka)["status"] == "published" and by_id(body, ka)["published_version"] == 2
    _visitor_tag, visitor_body = changed(anonymous, url, visitor_tag)
    assert by_id(visitor_body, ka)["title"] == "Inspect guards"

    # The framework's own fields.
    framework.description = "Now with a description."
    db.session.commit()
    _tag, body = changed(convener, url, tag)
    assert body["description"] == "Now with a description."


def test_a_program_and_its_coverage_change_their_tags_with_alignments(api_as, world, factory, db):
    api = api_as("convener")
    program_url = f"/api/v1/programs/{world.program.id}"
    url = f"/api/v1/programs/{world.program.id}/coverage"
    author = factory.member(world.partnership, "faculty", organization=world.college)
    program_tag, _ = tagged(api, program_url)
    tag, body = tagged(api, url)
    assert all(not row["cells"] for row in body["rows"])
    # Another scope is another answer, with its own tag; a wrong one is refused, never 304.
    assert tagged(api, url + "?scope=all")[0] != tag
    for wrong in ("?scope=nobody", "?count=some"):
        refused = api.client.get(url + wrong, headers={**api.headers, "If-None-Match": "*"})
        assert refused.status_code == 400 and "ETag" not in refused.headers

    # An alignment added: the coverage changes; the program itself does not.
    found = factory.align(world.course, world.pi, "introduced", by=author)
    tag, body = changed(api, url, tag)
    (row,) = [r for r in body["rows"] if r["standard_id"] == world.pi.id]
    assert [c["level"] for c in row["cells"]] == ["introduced"]
    assert api.client.get(program_url, headers={"If-None-Match": program_tag}).status_code == 304

    # Its level changed in place.
    alignment.align(world.course, world.pi, "mastered", "", author)
    db.session.commit()
    tag, body = changed(api, url, tag)
    (row,) = [r for r in body["rows"] if r["standard_id"] == world.pi.id]
    assert [c["level"] for c in row["cells"]] == ["mastered"]

    # A new version of the standard makes the alignment stale.
    services.save_version(
        services.get_standard(world.pi.id), 1, "Guards checked daily", "", None, "", author
    )
    db.session.commit()
    tag, body = changed(api, url, tag)

    # Removed.
    alignment.remove(_db.session.get(type(found), found.id))
    db.session.commit()
    tag, body = changed(api, url, tag)
    assert all(not row["cells"] for row in body["rows"])

    # A course renamed: both the program and the coverage change.
    courses.update_course(
        courses.get_course(world.course.id),
        {"code": "MFG 110", "title": "Shop safety", "credits": "3"},
    )
    db.session.commit()
    _tag, body = changed(api, url, tag)
    assert "Shop safety" in [c["title"] for c in body["courses"]]
    _program_tag, program = changed(api, program_url, program_tag)
    assert "Shop safety" in [c["title"] for t in program["terms"] for c in t["courses"]]


# --- The OpenAPI document says so --------------------------------------------------------------


def test_the_document_declares_the_conditional_gets_and_their_answers_match(api_as, world):
    """The three operations with an ETag, and only they, take If-None-Match and declare the
    ETag and Cache-Control of their 200 and a 304 without a body; the real answers have the
    headers the document requires."""
    doc = document()
    conditional = {
        operation["operationId"]: (path, operation)
        for path, item in doc["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
        and any(p["name"] == "If-None-Match" for p in operation.get("parameters", []))
    }
    assert set(conditional) == {"framework", "program", "coverage"}
    api = api_as("viewer")
    urls = {
        "framework": f"/api/v1/frameworks/{world.framework.id}",
        "program": f"/api/v1/programs/{world.program.id}",
        "coverage": f"/api/v1/programs/{world.program.id}/coverage",
    }
    for op_id, (path, operation) in conditional.items():
        for name in ("If-None-Match", "If-Modified-Since"):
            (header,) = [p for p in operation["parameters"] if p["name"] == name]
            assert header["in"] == "header" and not header["required"]
        responses = operation["responses"]
        assert responses["200"]["headers"]["Last-Modified"]["required"]
        assert "content" not in responses["304"], "a 304 has no body"
        for status in ("200", "304"):
            headers = responses[status]["headers"]
            assert {"ETag", "Cache-Control"} <= {h for h, d in headers.items() if d["required"]}
            assert headers["Cache-Control"]["schema"]["enum"] == [CACHE_CONTROL]
        assert path.replace("{framework_id}", str(world.framework.id)).replace(
            "{program_id}", str(world.program.id)
        ) == urls[op_id].removeprefix("/api/v1")
        first = api.get(urls[op_id])
        again = api.client.get(
            urls[op_id], headers={**api.headers, "If-None-Match": first.headers["ETag"]}
        )
        for response, status in ((first, "200"), (again, "304")):
            assert response.status_code == int(status), op_id
            # The answer depends on who asks: caches keep one per credentials.
            assert {"Authorization", "Cookie"} <= set(response.vary), op_id
            assert set(responses[status]["headers"]) <= set(response.headers.keys()), op_id
            assert response.headers["Cache-Control"] == CACHE_CONTROL
        assert again.data == b""

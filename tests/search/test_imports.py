"""Imports are indexed as they commit: a college's catalog (through the services), like a
framework (bulk statements, reindexed by the engine: test_search.py)."""

from __future__ import annotations

from flask import current_app

from curriculum.search.services import Filters, search
from tests.alignment.conftest import world  # noqa: F401 (a fixture)
from tests.courses.test_catalog_import import (  # noqa: F401 (fixtures)
    GOOD,
    _guessed,
    _mapping_url,
    _upload,
    faculty,
    uploads,
)


def test_a_catalog_import_is_indexed(client, world, faculty):  # noqa: F811
    url = _mapping_url(_upload(client, world, GOOD.encode()))
    mapping = _guessed(client.get(url).text)
    assert client.post(url, data={**mapping, "action": "apply"}).status_code == 302
    with current_app.test_request_context():
        courses = search(None, "welding", Filters(kind="course")).hits
        programs = search(None, "welding technician", Filters(kind="program")).hits
    assert [h.code for h in courses] == ["WELD 101"]
    assert [h.title for h in programs] == ["Welding Technician"]
    api = client.get("/api/v1/search?q=robotics&kind=course").get_json()
    assert [h["code"] for h in api["items"]] == ["ROB 220"]

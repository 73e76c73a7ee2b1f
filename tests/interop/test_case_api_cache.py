"""The CASE REST API keeps each framework's built package while nothing a visitor sees has
changed: a second request costs a couple of queries and no build, and every kind of change
(an edit published, a retirement, a move, a code, a link added or removed, a re-import, a
definition, the framework's or partnership's name, a foreign end retired) is seen at once."""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from curriculum.db import utcnow
from curriculum.extensions import db
from curriculum.interop import case_cache, engine, writers
from curriculum.interop.models import Association, Definition, DefinitionKind
from curriculum.interop.package import read
from curriculum.standards import review, tree
from tests.interop import case_world as w

BASE = "/ims/case/v1p1"


@pytest.fixture
def worlds(factory, partnership):
    authored, a = w.authored(factory, partnership)
    imported, i = w.imported(factory, partnership)
    return authored, a, imported, i


class Queries:
    """Counts the statements sent to the database while active."""

    def __init__(self):
        self.count = 0

    def __call__(self, *_args, **_kwargs):
        self.count += 1

    def __enter__(self):
        sa.event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_exc):
        sa.event.remove(db.engine, "before_cursor_execute", self)


def test_a_second_request_builds_nothing_and_asks_little(client, worlds):
    cache = case_cache.packages()
    url = f"{BASE}/CFItems/{w.SKILL_ID}"
    first = client.get(url)
    assert first.status_code == 200
    builds = cache.builds
    for path in (url, f"{BASE}/CFItemAssociations/{w.SKILL_ID}", f"{BASE}/CFPackages/{w.DOC_ID}"):
        with Queries() as queries:
            again = client.get(path)
        assert again.status_code == 200
        assert queries.count <= 2, f"{path}: {queries.count} queries"
    assert cache.builds == builds
    assert client.get(url).json == first.json
    # Conditional GETs still answer 304 from the kept package.
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    modified = first.headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    # Each CASE version has a package of its own.
    assert "extensions" not in client.get(f"/ims/case/v1p0/CFItems/{w.DOMAIN_ID}").json
    assert "extensions" in client.get(f"{BASE}/CFItems/{w.DOMAIN_ID}").json
    assert cache.builds == builds + 1


def _link(framework, origin, destination_id=None, identifier=None) -> Association:
    return Association(
        framework_id=framework.id,
        identifier=identifier or str(uuid.uuid4()),
        association_type="isRelatedTo",
        origin_id=origin.id,
        origin_identifier=origin.identifier,
        destination_id=destination_id,
        destination_identifier="9d8c7b6a-5f4e-4d3c-8b2a-19080706aaaa",
        destination_uri="https://elsewhere.example.org/CFItems/aaaa",
        destination_title="Elsewhere",
    )


def _types(client, identifier: str) -> set[str]:
    links = client.get(f"{BASE}/CFItemAssociations/{identifier}").json["CFAssociations"]
    return {a["identifier"] for a in links}


def edit_published(client, authored, a, imported, i):
    url = f"{BASE}/CFItems/{w.SKILL_ID}"
    before = client.get(url).json["fullStatement"]
    w.edit(i["skill"], "New title", "A new statement here.")
    after = client.get(url).json["fullStatement"]
    assert before != after == "A new statement here."


def retire_standard_directly(client, authored, a, imported, i):
    url = f"{BASE}/CFItems/{a['skill'].uuid}"
    assert client.get(url).status_code == 200
    a["skill"].retired_at = utcnow()  # as a re-import does: no audit event of its own
    db.session.commit()
    assert client.get(url).status_code == 404


def retire_standard(client, authored, a, imported, i):
    url = f"{BASE}/CFItems/{i['skill'].identifier}"
    assert client.get(url).status_code == 200
    tree.set_retired(i["skill"], True)
    db.session.commit()
    assert client.get(url).status_code == 404


def retire_version(client, authored, a, imported, i):
    url = f"{BASE}/CFItems/{a['skill'].uuid}"
    assert client.get(url).status_code == 200
    review.retire_version(a["skill"], a["skill"].published_version)
    db.session.commit()
    assert client.get(url).status_code == 404


def move_directly(client, authored, a, imported, i):
    url = f"{BASE}/CFItemAssociations/{a['skill'].uuid}"

    def parent() -> str:
        links = client.get(url).json["CFAssociations"]
        tree_link = next(x for x in links if x["associationType"] == "isChildOf")
        return tree_link["destinationNodeURI"]["identifier"]

    assert parent() == a["ka"].uuid
    a["skill"].parent_id = a["shown_child"].id  # no audit event: the data itself tells
    a["skill"].position = 0
    db.session.commit()
    assert parent() == a["shown_child"].uuid


def new_code_of_the_same_length(client, authored, a, imported, i):
    url = f"{BASE}/CFItems/{a['skill'].uuid}"
    old = client.get(url).json["humanCodingScheme"]
    new = old[:-1] + ("9" if old[-1] != "9" else "8")
    tree.set_code(a["skill"], new)
    db.session.commit()
    assert client.get(url).json["humanCodingScheme"] == new


def link_added_and_removed(client, authored, a, imported, i):
    before = _types(client, w.SKILL_ID)
    link = _link(imported, i["skill"])
    db.session.add(link)
    db.session.commit()
    assert _types(client, w.SKILL_ID) == before | {link.identifier}
    assert client.get(f"{BASE}/CFAssociations/{w.OUTSIDE_LINK_ID}").status_code == 200
    db.session.execute(sa.delete(Association).where(Association.identifier == w.OUTSIDE_LINK_ID))
    db.session.commit()
    assert client.get(f"{BASE}/CFAssociations/{w.OUTSIDE_LINK_ID}").status_code == 404


def foreign_end_retired(client, authored, a, imported, i):
    link = _link(imported, i["skill"], destination_id=a["cwf"].id)
    db.session.add(link)
    db.session.commit()
    assert link.identifier in _types(client, w.SKILL_ID)
    a["cwf"].retired_at = utcnow()  # the other framework's standard, no audit event
    db.session.commit()
    assert link.identifier not in _types(client, w.SKILL_ID)


def reimport(client, authored, a, imported, i):
    url = f"{BASE}/CFItems/{w.CLUSTER_ID}"
    assert client.get(url).json["fullStatement"] == "Add and subtract."
    package = json.loads(writers.write(imported, "case", drafts=False))
    for item in package["CFItems"]:
        if item["identifier"] == w.CLUSTER_ID:
            item["fullStatement"] = "Add and subtract within 100."
    summary = engine.apply(
        read("case", json.dumps(package).encode()),
        imported.partnership,
        mode="reference",
        dry_run=False,
        user=None,
        filename="math-2.json",
    )
    db.session.commit()
    assert summary["updated"] >= 1
    assert client.get(url).json["fullStatement"] == "Add and subtract within 100."


def definition_added(client, authored, a, imported, i):
    url = f"{BASE}/CFPackages/{w.DOC_ID}"
    concepts = client.get(url).json["CFDefinitions"]["CFConcepts"]
    identifier = str(uuid.uuid4())
    db.session.add(
        Definition(
            framework_id=imported.id,
            kind=DefinitionKind.CONCEPT,
            identifier=identifier,
            title="Subtraction",
            fields={"identifier": identifier, "title": "Subtraction", "keywords": "sub"},
        )
    )
    db.session.commit()
    after = client.get(url).json["CFDefinitions"]["CFConcepts"]
    assert len(after) == len(concepts) + 1
    assert client.get(f"{BASE}/CFConcepts/{identifier}").status_code == 200


def names_changed(client, authored, a, imported, i):
    url = f"{BASE}/CFDocuments/{authored.uuid}"
    assert client.get(url).json["creator"] == authored.partnership.name
    authored.partnership.name = "Renamed Partnership"
    db.session.commit()
    assert client.get(url).json["creator"] == "Renamed Partnership"
    authored.title = "Retitled Framework"
    db.session.commit()
    assert client.get(url).json["title"] == "Retitled Framework"


CHANGES = [
    edit_published,
    retire_standard_directly,
    retire_standard,
    retire_version,
    move_directly,
    new_code_of_the_same_length,
    link_added_and_removed,
    foreign_end_retired,
    reimport,
    definition_added,
    names_changed,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_every_change_is_seen_at_once(client, worlds, change):
    change(client, *worlds)

"""Typed links between standards: shown on the standard's page and in its API object (grouped,
named by direction, the other end linked when the reader may see it), added and removed by
whoever may edit a partnership standard, in a fixed number of queries."""

from __future__ import annotations

import pytest

from curriculum.audit.models import AuditEvent
from curriculum.extensions import db as _db
from curriculum.interop import links
from curriculum.interop.models import Association
from curriculum.standards.models import Standard
from tests.interop.conftest import make_reference


@pytest.fixture
def ours(partnership, factory):
    """A partnership framework: A > A.1 (published) and A.2 (a draft)."""
    framework = factory.framework(partnership, "Production Technician")
    cwf = factory.standard(framework, None, "critical_work_function", "Run production")
    ka = factory.standard(framework, cwf, "key_activity", "Check parts", "Check them.")
    draft = factory.standard(framework, cwf, "key_activity", "Secret draft")
    factory.publish(cwf)
    factory.publish(ka)
    return framework, cwf, ka, draft


def _association(framework, start, end, kind, n=[0], **ends):  # noqa: B006
    """An association as an import leaves one (`origin` / `destination`: the identifier of an
    end that is not a standard here)."""
    n[0] += 1
    a = Association(
        framework_id=framework.id,
        identifier=f"assoc-{n[0]}",
        association_type=kind,
        origin_id=start.id if start is not None else None,
        origin_identifier=start.identifier if start is not None else ends.pop("origin", "x"),
        destination_id=end.id if end is not None else None,
        destination_identifier=(
            end.identifier if end is not None else ends.pop("destination", "y")
        ),
        **ends,
    )
    _db.session.add(a)
    _db.session.commit()
    return a


def _words(groups):
    return {g.words: [link.other.code or link.other.identifier for link in g.links] for g in groups}


def test_links_are_grouped_and_named_by_direction(partnership, factory, reference, ours):
    framework, cwf, ka, draft = ours
    skill, domain, activity = reference.skill, reference.domain, reference.activity
    ref = reference.framework
    _association(ref, skill, domain, "isChildOf")  # the tree's own edge
    _association(ref, domain, None, "isChildOf", destination=ref.identifier)  # to the document
    _association(ref, skill, activity, "isChildOf")  # a second parent
    _association(
        ref,
        skill,
        None,
        "exactMatchOf",
        destination="ext-1",
        destination_uri="https://case.example.org/uri/ext-1",
        destination_title="Measure with gauges (national)",
    )
    _association(ref, activity, skill, "precedes")
    _association(ref, skill, None, "ext:hasPrerequisite", destination="ext-2")
    _association(framework, ka, skill, "isRelatedTo")
    groups = links.links_of(_db.session.get(Standard, skill.id), None)
    assert _words(groups) == {
        "Also child of": [activity.code],
        "Exact match of": ["ext-1"],
        "Preceded by": [activity.code],
        "Related to": [ka.code],
        "hasPrerequisite": ["ext-2"],
    }
    assert _words(links.links_of(_db.session.get(Standard, activity.id), None)) == {
        "Also parent of": [skill.code],
        "Precedes": [skill.code],
    }
    assert links.words("replacedBy", True) == "Replaced by"
    assert links.words("replacedBy", False) == "Replaces"
    assert links.words("isPartOf", False) == "Has part"


def test_the_standard_page_shows_links_and_hides_what_the_reader_may_not_see(
    client, login_as, reference, ours
):
    framework, cwf, ka, draft = ours
    _association(
        reference.framework,
        reference.skill,
        None,
        "exactMatchOf",
        destination="ext-1",
        destination_uri="https://case.example.org/uri/ext-1",
        destination_title="Measure with gauges (national)",
    )
    _association(framework, ka, reference.skill, "isRelatedTo")
    _association(framework, draft, reference.skill, "isPeerOf", origin_title="Secret draft")
    login_as("viewer")
    page = client.get(f"/standards/{reference.skill.id}").text
    assert 'id="links"' in page
    assert "Exact match of" in page and "Measure with gauges (national)" in page
    assert 'href="https://case.example.org/uri/ext-1"' in page
    assert "Related to" in page and f'href="/standards/{ka.id}"' in page
    assert "Peer of" in page and "a standard not published yet" in page
    assert "Secret draft" not in page and f'href="/standards/{draft.id}"' not in page
    # The other end's page shows the link from its side, linked back.
    back = client.get(f"/standards/{ka.id}").text
    assert "Related to" in back and f'href="/standards/{reference.skill.id}"' in back
    assert "Reference framework" in back


def test_an_author_links_a_partnership_standard_to_a_reference_item(
    client, login_as, reference, ours, db
):
    framework, cwf, ka, draft = ours
    login_as("panelist")
    page = client.get(f"/standards/{ka.id}").text
    assert f'href="/standards/{ka.id}/links/new"' in page
    form = client.get(f"/standards/{ka.id}/links/new").text
    # Reference items come first.
    assert form.index("Measure parts") < form.index("Run production")
    found = client.get(f"/standards/{ka.id}/links/new?q=measure").text
    assert "Measure parts" in found and "Run production" not in found
    response = client.post(
        f"/standards/{ka.id}/links",
        data={"target_id": str(reference.skill.id), "association_type": "exactMatchOf"},
    )
    assert response.status_code == 302
    link = db.session.scalar(db.select(Association))
    assert (link.origin_id, link.destination_id) == (ka.id, reference.skill.id)
    assert link.framework_id == framework.id and link.destination_identifier == (
        reference.skill.identifier
    )
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "association.created")
    )
    assert event is not None and event.partnership_id == framework.partnership_id
    assert "Exact match of" in client.get(f"/standards/{ka.id}").text
    assert "Has exact match" in client.get(f"/standards/{reference.skill.id}").text
    again = client.post(
        f"/standards/{ka.id}/links",
        data={"target_id": str(reference.skill.id), "association_type": "exactMatchOf"},
    )
    assert again.status_code == 400 and "already linked" in again.text
    assert db.session.scalar(db.select(db.func.count(Association.id))) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target_id": "", "association_type": "isRelatedTo"}, "Choose a standard."),
        ({"target_id": "999999", "association_type": "isRelatedTo"}, "There is no such standard"),
        ({"target_id": "{skill}", "association_type": "isChildOf"}, "choose one of the options"),
        ({"target_id": "{ka}", "association_type": "isRelatedTo"}, "cannot be linked to itself"),
        ({"target_id": "{other}", "association_type": "isRelatedTo"}, "There is no such standard"),
    ],
)
def test_a_bad_link_is_refused_with_a_message(
    client, login_as, reference, ours, factory, db, data, message
):
    framework, cwf, ka, draft = ours
    elsewhere = factory.framework(factory.partnership(name="Elsewhere"), "Theirs")
    other = factory.standard(elsewhere, None, "critical_work_function", "Theirs")
    target = data["target_id"].format(skill=reference.skill.id, ka=ka.id, other=other.id)
    login_as("panelist")
    response = client.post(f"/standards/{ka.id}/links", data={**data, "target_id": target})
    assert response.status_code == 400 and message in response.text
    assert db.session.scalar(db.select(db.func.count(Association.id))) == 0


def test_a_reference_item_takes_no_links_here(client, login_as, reference, ours, db):
    framework, cwf, ka, draft = ours
    login_as("convener")
    page = client.get(f"/standards/{reference.skill.id}/links/new")
    assert page.status_code == 403 and "reference framework" in page.text
    response = client.post(
        f"/standards/{reference.skill.id}/links",
        data={"target_id": str(ka.id), "association_type": "isRelatedTo"},
    )
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Association.id))) == 0


def test_links_made_here_are_removed_and_imported_ones_stay(client, login_as, reference, ours, db):
    framework, cwf, ka, draft = ours
    made = links.add_link(ka, reference.skill, "isRelatedTo", None)
    imported = _association(reference.framework, reference.skill, reference.activity, "precedes")
    db.session.commit()
    login_as("convener")
    page = client.get(f"/standards/{reference.skill.id}").text
    assert f"/links/{made.id}/delete" in page and f"/links/{imported.id}/delete" not in page
    refused = client.post(f"/links/{imported.id}/delete")
    assert refused.status_code == 403 and "reference framework" in refused.text
    assert client.post(f"/links/{made.id}/delete").status_code == 302
    assert db.session.scalars(db.select(Association.id)).all() == [imported.id]
    assert db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "association.deleted")
    )


def test_viewers_neither_add_nor_remove_links(client, login_as, reference, ours, db):
    framework, cwf, ka, draft = ours
    made = links.add_link(ka, reference.skill, "isRelatedTo", None)
    db.session.commit()
    login_as("viewer")
    assert "Add a link" not in client.get(f"/standards/{ka.id}").text
    assert client.get(f"/standards/{ka.id}/links/new").status_code == 403
    assert client.post(f"/links/{made.id}/delete").status_code == 403
    assert db.session.get(Association, made.id) is not None


def test_at_most_fifty_targets_are_offered(partnership, factory, ours):
    framework, cwf, ka, draft = ours
    for n in range(55):
        factory.standard(framework, cwf, "key_activity", f"Activity {n}")
    offered = links.link_targets(ka)
    assert len(offered) == links.MAX_TARGETS and ka.id not in {s.id for s, _v in offered}
    found = {(s.code, v.title) for s, v in links.link_targets(ka, "activity 54")}
    assert ("A.57", "Activity 54") in found  # words match the code, title or statement
    assert all("54" in code or "54" in title for code, title in found) and len(found) <= 2


def test_the_api_standard_carries_its_links(api_as, reference, ours):
    framework, cwf, ka, draft = ours
    links.add_link(ka, reference.skill, "exactMatchOf", None)
    _db.session.commit()
    body = api_as("viewer").get(f"/api/v1/standards/{reference.skill.id}").get_json()
    (link,) = body["links"]
    assert link["association_type"] == "exactMatchOf" and link["outgoing"] is False
    assert link["words"] == "Has exact match" and link["other_standard_id"] == ka.id
    assert body["kind_label"] == "Measured Skill"


@pytest.mark.parametrize("role", ["viewer", "convener"])  # a convener sees remove buttons too
def test_the_page_and_api_read_links_in_a_fixed_number_of_queries(
    client, login_as, api_as, partnership, factory, reference, ours, count_queries, clock, role
):
    framework, cwf, ka, draft = ours
    api = api_as(role)
    login_as(role)
    second = make_reference(partnership, factory, "National Standards")
    links.add_link(ka, reference.skill, "exactMatchOf", None)
    _db.session.commit()
    url = f"/standards/{ka.id}"
    client.get(url)
    api.get(f"/api/v1{url}")  # the token's first use is noted once
    with count_queries() as few:
        assert client.get(url).status_code == 200
    with count_queries() as api_few:
        assert api.get(f"/api/v1{url}").status_code == 200
    for target in (reference.domain, reference.activity, second.skill, second.domain, cwf):
        links.add_link(ka, target, "isRelatedTo", None)
    _association(second.framework, second.activity, ka, "precedes")
    _association(framework, ka, None, "ext:x", destination="outside")
    _db.session.commit()
    with count_queries() as many:
        page = client.get(url)
    assert page.status_code == 200 and page.text.count("/standards/") > 8
    with count_queries() as api_many:
        assert len(api.get(f"/api/v1{url}").get_json()["links"]) == 8
    assert len(many) == len(few), (len(few), len(many))
    assert len(api_many) == len(api_few)

"""Versions, review and publishing, endorsements, comments: the rules of a standard's life."""

import threading

import pytest

from curriculum.errors import Conflict
from curriculum.extensions import db as _db
from curriculum.standards import services, tree
from curriculum.standards.models import Standard, StandardVersion, VersionStatus
from tests.conftest import TEST_DATABASE_URL, is_postgres


@pytest.fixture
def framework(partnership, db):
    framework = tree.create_framework(
        partnership, {"title": "Production Technician", "occupation_codes": ["51-9199.00"]}
    )
    db.session.commit()
    return framework


@pytest.fixture
def author(factory, partnership):
    return factory.member(partnership, "panelist")


@pytest.fixture
def ka(framework, author, db):
    cwf = tree.add_standard(
        framework, None, "critical_work_function", "Maintain safety", author=author
    )
    ka = tree.add_standard(
        framework, cwf, "key_activity", "Inspect guarding", "Check *all* guards.", author=author
    )
    db.session.commit()
    return ka


def _numbers(db, standard):
    return list(
        db.session.scalars(
            db.select(StandardVersion.number)
            .where(StandardVersion.standard_id == standard.id)
            .order_by(StandardVersion.number)
        )
    )


def test_new_standard_has_version_one_and_default_codes(ka, framework, author, db):
    assert ka.code == "A.1"
    assert ka.current_version.number == 1 and ka.current_version.status == VersionStatus.DRAFT
    pi = tree.add_standard(
        framework, ka, "performance_indicator", "Guards are in place", author=author
    )
    k = tree.add_standard(
        framework, ka, "knowledge", "OSHA 1910.212", author=author, category="academic"
    )
    s = tree.add_standard(framework, ka, "skill", "Lockout", author=author)
    assert (pi.code, k.code, s.code) == ("A.1.1", "A.1.K1", "A.1.S1")
    assert s.category.value == "occupational_technical"


def test_save_adds_a_version_and_unchanged_content_adds_none(ka, author, db):
    v2, created = services.save_version(
        ka, 1, "Inspect guarding", "Check every guard.", "baseline", "clearer", author
    )
    db.session.commit()
    assert created and v2.number == 2 and v2.change_note == "clearer"
    same, created = services.save_version(
        ka, 2, " Inspect guarding ", "Check every guard.\r\n", "baseline", "again", author
    )
    assert not created and same.id == v2.id
    assert _numbers(db, ka) == [1, 2]
    db.session.refresh(ka)
    assert ka.current_version_id == v2.id


def test_save_from_an_old_base_is_a_conflict_and_changes_nothing(ka, author, db):
    services.save_version(ka, 1, "Inspect guarding", "First edit", None, "", author)
    db.session.commit()
    with pytest.raises(services.VersionConflict) as caught:
        services.save_version(ka, 1, "Inspect guarding", "Second edit", None, "", author)
    assert caught.value.current.number == 2 and caught.value.base_number == 1
    db.session.rollback()
    assert _numbers(db, ka) == [1, 2]


def test_revert_adds_a_version_equal_to_the_old_one(ka, author, db):
    services.save_version(ka, 1, "Changed title", "Changed", "mastery", "", author)
    v3 = services.revert(ka, 1, 2, author)
    db.session.commit()
    v1 = services.get_version(ka, 1)
    assert v3.number == 3 and v3.content() == v1.content() and v3.reverted_from == 1
    with pytest.raises(Conflict):
        services.revert(ka, 1, 3, author)


def test_bad_content_is_refused(ka, author):
    with pytest.raises(services.StandardError) as caught:
        services.save_version(ka, 1, "  ", "x", None, "", author)
    assert caught.value.field == "title"
    with pytest.raises(services.StandardError) as caught:
        services.save_version(ka, 1, "T", "x", "expert", "", author)
    assert caught.value.field == "level"


def test_publishing_needs_the_quorum_of_counting_organizations(ka, partnership, factory, db):
    convener = factory.member(partnership, "convener")
    version = ka.current_version
    employers = [factory.member(partnership, "panelist") for _ in range(2)]
    college = factory.member(partnership, "panelist", kind="college")
    for user in [*employers, college]:
        services.endorse(ka, version, user, "ok")
    db.session.commit()
    status = services.quorum(version, partnership)
    assert (
        status.count == 2
        and not status.met
        and [o.kind.value for o in status.others] == ["college"]
    )
    with pytest.raises(Conflict, match="2 of 3 endorsements; waiting for"):
        services.publish(ka, version, convener)
    db.session.rollback()
    labor = factory.member(partnership, "panelist", kind="labor")
    services.endorse(ka, version, labor)
    services.publish(ka, version, convener)
    db.session.commit()
    db.session.refresh(ka)
    assert ka.published_version_id == version.id and version.status == VersionStatus.PUBLISHED


def test_one_endorsement_per_organization_and_withdrawal(ka, partnership, factory, db):
    panelist = factory.member(partnership, "panelist")
    colleague = factory.member(partnership, "panelist", organization=panelist.organization)
    services.endorse(ka, ka.current_version, panelist)
    db.session.commit()
    with pytest.raises(Conflict, match="already endorsed"):
        services.endorse(ka, ka.current_version, colleague)
    db.session.rollback()
    services.withdraw_endorsement(ka, ka.current_version, colleague)
    db.session.commit()
    assert services.quorum(ka.current_version, partnership).count == 0


def test_new_version_starts_without_endorsements_and_only_newest_publishes(
    ka, partnership, factory, db, author
):
    convener = factory.member(partnership, "convener")
    endorsers = [factory.member(partnership, "panelist") for _ in range(3)]
    v1 = ka.current_version
    for user in endorsers:
        services.endorse(ka, v1, user)
    services.save_version(ka, 1, "Inspect all guarding", "", None, "", author)
    db.session.commit()
    v2 = services.get_version(ka, 2)
    assert v2.endorsements == []
    assert services.last_endorsed(ka, v2).number == 1
    with pytest.raises(Conflict, match="Only the newest version"):
        services.publish(ka, v1, convener)


def test_publishing_a_newer_version_supersedes_the_old(ka, partnership, factory, db, author):
    convener = factory.member(partnership, "convener")
    endorsers = [factory.member(partnership, "panelist") for _ in range(3)]
    for number in (1, 2):
        if number == 2:
            services.save_version(ka, 1, "Inspect guarding v2", "", None, "", author)
        version = services.get_version(ka, number)
        services.move_to_review(ka, version)
        for user in endorsers:
            services.endorse(ka, version, user)
        services.publish(ka, version, convener)
        db.session.commit()
    v1, v2 = services.get_version(ka, 1), services.get_version(ka, 2)
    assert (v1.status, v2.status) == (VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED)
    services.retire_version(ka, v2)
    db.session.commit()
    db.session.refresh(ka)
    assert ka.published_version_id is None and v2.status == VersionStatus.RETIRED


def test_comments_replies_and_resolution(ka, author, db, factory, partnership):
    other = factory.member(partnership, "faculty")
    first = services.add_comment(ka, author, "Is *all* too strong?", version=ka.current_version)
    services.add_comment(ka, other, "Agreed", parent=first)
    second = services.add_comment(ka, other, "Add a PI for light curtains")
    services.set_resolved(ka, first, other, True)
    db.session.commit()
    comments, resolved = services.comments_of(ka)
    assert [c.id for c in comments] == [second.id, first.id] and resolved == 1
    assert [r.body for r in comments[1].replies] == ["Agreed"]
    with pytest.raises(services.StandardError):
        services.add_comment(ka, author, "   ")


def test_tree_operations(framework, author, db):
    a = tree.add_standard(framework, None, "critical_work_function", "A", author=author)
    b = tree.add_standard(framework, None, "critical_work_function", "B", author=author)
    a1 = tree.add_standard(framework, a, "key_activity", "A one", author=author)
    a2 = tree.add_standard(framework, a, "key_activity", "A two", author=author)
    tree.reorder(a2, "up")
    tree.move(a1, b)
    with pytest.raises(services.StandardError):
        tree.move(a1, a2)  # a key activity cannot sit under a key activity
    with pytest.raises(services.StandardError, match="already used"):
        tree.set_code(b, "A")
    changed = tree.renumber(framework)
    db.session.commit()
    assert (a2.code, a1.code) == ("A.1", "B.1") and changed == 2
    nodes = tree.load_tree(framework, drafts=True)
    assert [(n.standard.code, n.depth) for n in nodes] == [
        ("A", 0),
        ("A.1", 1),
        ("B", 0),
        ("B.1", 1),
    ]
    assert [n.standard.code for n in tree.load_tree(framework, drafts=True, q="two")] == [
        "A",
        "A.1",
    ]
    assert tree.load_tree(framework, drafts=False) == []  # nothing published yet
    tree.set_retired(a, True)
    assert [n.standard.code for n in tree.load_tree(framework, drafts=True)] == ["B", "B.1"]


@pytest.mark.skipif(
    not is_postgres(TEST_DATABASE_URL),
    reason="needs real concurrent writers: set TEST_DATABASE_URL to a PostgreSQL database",
)
def test_ten_concurrent_saves_from_one_base_make_one_version(app, ka, author, db):
    standard_id, author_id = ka.id, author.id
    barrier = threading.Barrier(10, timeout=30)
    outcomes = []

    def save(i):
        with app.app_context():
            standard = _db.session.get(Standard, standard_id)
            editor = _db.session.get(type(author), author_id)
            _db.session.commit()  # hold no transaction while waiting for the others
            barrier.wait()
            try:
                services.save_version(
                    standard, 1, "Inspect guarding", f"Edit {i}", None, "", editor
                )
                _db.session.commit()
                outcomes.append("saved")
            except services.VersionConflict:
                _db.session.rollback()
                outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["conflict"] * 9 + ["saved"]
    assert _numbers(db, ka) == [1, 2]
    db.session.refresh(ka)
    assert ka.current_version.number == 2

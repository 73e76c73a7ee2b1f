"""Standards as of a date: the version a reader saw, its status then, who had endorsed it."""

from datetime import UTC, datetime, timedelta

import pytest

from curriculum.standards import services, tree
from curriculum.standards.history import (
    endorsers_as_of,
    status_as_of,
    statuses_as_of,
    versions_as_of,
)
from curriculum.standards.models import VersionStatus

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
DAY, SECOND = timedelta(days=1), timedelta(seconds=1)
# The life of the standard below.
T1 = T0 + 10 * DAY  # v1 published
T_V2 = T0 + 20 * DAY  # v2 saved
T_REVIEW = T0 + 25 * DAY  # v2 sent to review
T2 = T0 + 30 * DAY  # v2 published
T_V3 = T0 + 40 * DAY  # v3 saved (a draft still)


@pytest.fixture
def clock(clock):
    """The app's clock (tests/conftest.py), starting at T0."""
    clock.now = T0
    return clock


@pytest.fixture
def framework(partnership, db):
    framework = tree.create_framework(partnership, {"title": "Production Technician"})
    db.session.commit()
    return framework


def _standard(framework, title, created=T0):
    standard = tree.add_standard(framework, None, "critical_work_function", title)
    standard.created_at = created
    standard.current_version.created_at = created
    return standard


def _publish(standard, version, partnership, factory, db, clock, at):
    """Publish at `at`, with a quorum of employers that endorsed the moment before."""
    for _ in range(partnership.endorsement_quorum):
        services.endorse(standard, version, factory.member(partnership, "panelist"))
    for e in version.endorsements:
        e.created_at = at - SECOND
    clock.now = at
    services.publish(standard, version, factory.member(partnership, "convener"))
    db.session.commit()


def _save(standard, base, title, db, at):
    version, _ = services.save_version(standard, base, title, "", None, "", None)
    version.created_at = at
    db.session.commit()
    return version


@pytest.fixture
def life(framework, partnership, factory, db, clock):
    """One standard: v1 published at T1; v2 saved, reviewed, published at T2; v3 a draft."""
    standard = _standard(framework, "Maintain safety")
    v1 = standard.current_version
    _publish(standard, v1, partnership, factory, db, clock, T1)
    v2 = _save(standard, 1, "Maintain a safe cell", db, T_V2)
    clock.now = T_REVIEW
    services.move_to_review(standard, v2)
    _publish(standard, v2, partnership, factory, db, clock, T2)
    v3 = _save(standard, 2, "Maintain a safe work cell", db, T_V3)
    return standard, v1, v2, v3


def _shown(framework, at, drafts):
    return {sid: v.number for sid, v in versions_as_of(framework.id, at, drafts=drafts).items()}


def test_a_reader_sees_the_version_of_the_moment(life, framework):
    standard, *_ = life
    sid = standard.id
    published = [
        (T0 - SECOND, {}),
        (T0 + DAY, {}),  # it existed, but nothing was published yet
        (T1, {sid: 1}),
        (T2 - SECOND, {sid: 1}),
        (T2, {sid: 2}),
        (T_V3 + DAY, {sid: 2}),
        (None, {sid: 2}),
    ]
    for at, expected in published:
        assert _shown(framework, at, drafts=False) == expected, at
    with_drafts = [
        (T0 - SECOND, {}),  # the standard did not exist yet
        (T0, {sid: 1}),
        (T_V2 - SECOND, {sid: 1}),
        (T_V2, {sid: 2}),
        (T_V3, {sid: 3}),
        (None, {sid: 3}),
    ]
    for at, expected in with_drafts:
        assert _shown(framework, at, drafts=True) == expected, at
    assert versions_as_of(framework.id, T2, drafts=False)[sid].standard.code == standard.code


def test_statuses_then(life):
    _standard, v1, v2, v3 = life
    versions = [v1, v2, v3]
    D, R, P, S = (  # noqa: N806
        VersionStatus.DRAFT,
        VersionStatus.IN_REVIEW,
        VersionStatus.PUBLISHED,
        VersionStatus.SUPERSEDED,
    )
    moments = [
        (T1 - SECOND, [D, D, D]),
        (T1, [P, D, D]),
        (T_REVIEW, [P, R, D]),
        (T2 - SECOND, [P, R, D]),
        (T2, [S, P, D]),
        (T_V3 + DAY, [S, P, D]),
    ]
    for at, expected in moments:
        got = statuses_as_of(versions, at)
        assert [got[v.id] for v in versions] == expected, at
    assert status_as_of(v1, T2 - SECOND) == P and status_as_of(v1, T2) == S
    # With no date, and with a date after every change, the status is the one stored.
    now = datetime.now(UTC)
    stored = {v.id: v.status for v in versions}
    assert statuses_as_of(versions, None) == stored == statuses_as_of(versions, now)
    assert stored == {v1.id: S, v2.id: P, v3.id: D}


def test_retired_versions_and_standards(framework, partnership, factory, db, clock):
    standard = _standard(framework, "Maintain safety")
    other = _standard(framework, "Run the line")
    v1 = standard.current_version
    _publish(standard, v1, partnership, factory, db, clock, T1)
    _publish(other, other.current_version, partnership, factory, db, clock, T1)
    retired_version, retired_standard = T1 + 5 * DAY, T1 + 8 * DAY
    clock.now = retired_version
    services.retire_version(standard, v1)
    clock.now = retired_standard
    tree.set_retired(other, True)
    db.session.commit()
    both, just_other = {standard.id: 1, other.id: 1}, {other.id: 1}
    assert _shown(framework, retired_version - SECOND, drafts=False) == both
    # A retired version is no longer the published one; a retired standard is gone.
    assert _shown(framework, retired_version, drafts=False) == just_other
    assert _shown(framework, retired_standard, drafts=False) == {}
    assert _shown(framework, None, drafts=False) == {}
    assert _shown(framework, retired_standard - SECOND, drafts=True) == both
    assert _shown(framework, retired_standard, drafts=True) == {standard.id: 1}
    assert _shown(framework, None, drafts=True) == {standard.id: 1}
    assert status_as_of(v1, retired_version - SECOND) == VersionStatus.PUBLISHED
    assert status_as_of(v1, retired_version) == VersionStatus.RETIRED == v1.status


def test_endorsers_then_counting_organizations_only(framework, partnership, factory, db, clock):
    standard = _standard(framework, "Maintain safety")
    version = standard.current_version
    e1, e2 = T0 + DAY, T0 + 3 * DAY
    given = [
        ("Zeta Motors", "employer", e1),
        ("Valley College", "college", e1),  # a college's endorsement does not count
        ("Machinists Local 12", "labor", e2),
        ("Acme Fabrication", "employer", e2),
    ]
    for name, kind, at in given:
        org = factory.organization(name=name, kind=kind)
        user = factory.member(partnership, "panelist", organization=org)
        services.endorse(standard, version, user).created_at = at
    db.session.commit()
    later = ["Acme Fabrication", "Machinists Local 12", "Zeta Motors"]
    assert endorsers_as_of([version.id], e1 - SECOND) == {version.id: []}
    assert endorsers_as_of([version.id], e1) == {version.id: ["Zeta Motors"]}
    assert endorsers_as_of([version.id], e2) == {version.id: later}
    assert endorsers_as_of([version.id], None) == {version.id: later}
    assert endorsers_as_of([], None) == {}


def test_fixed_queries_for_a_whole_framework(
    framework, partnership, factory, db, clock, count_queries
):
    standards = [_standard(framework, f"Function {n}") for n in range(6)]
    for s in standards[:4]:
        _publish(s, s.current_version, partnership, factory, db, clock, T1)
    for s in standards[:2]:
        _save(s, 1, f"{s.code} again", db, T1 + DAY)
    framework_id = framework.id
    versions = [v for s in standards for v in s.versions]
    version_ids = [v.id for v in versions]
    for at in (None, T1 + 2 * DAY):
        for drafts, count in ((False, 4), (True, 6)):
            with count_queries() as queries:
                assert len(versions_as_of(framework_id, at, drafts=drafts)) == count
            assert len(queries) == 1
        with count_queries() as queries:
            statuses_as_of(versions, at)
            endorsers_as_of(version_ids, at)
        assert len(queries) == (1 if at is None else 2)

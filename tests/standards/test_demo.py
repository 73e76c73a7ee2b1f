"""The demo framework: a believable Production Technician tree with a real version history."""

from collections import Counter

import pytest

from curriculum import demo
from curriculum.audit.models import AuditEvent
from curriculum.standards import demo as standards_demo
from curriculum.standards import services, tree
from curriculum.standards.models import (
    Comment,
    Endorsement,
    Framework,
    SkillCategory,
    Standard,
    StandardKind,
    StandardVersion,
    VersionStatus,
)


@pytest.fixture
def framework(db):
    demo.load()
    db.session.commit()
    return db.session.scalar(db.select(Framework).where(Framework.title == "Production Technician"))


def _standards(db, framework):
    return list(
        db.session.scalars(db.select(Standard).where(Standard.framework_id == framework.id))
    )


def _counts(db):
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (Framework, Standard, StandardVersion, Endorsement, Comment, AuditEvent)
    )


def test_demo_framework_is_believable(db, framework):
    """One load, checked from every side (the loader takes seconds, so the checks share it),
    then loaded again: nothing is added."""
    _check_framework(framework)
    _check_shape(db, framework)
    _check_history(db, framework)
    _check_comments(db, framework)
    _check_published_tree(framework)
    first = _counts(db)
    demo.load()
    db.session.commit()
    assert _counts(db) == first  # loading it again adds nothing


def _check_framework(framework):
    assert framework.partnership.name == "Miami Valley Advanced Manufacturing Partnership"
    assert framework.coding_prefix == "PT"
    assert {"51-9199.00", "51-4041.00"} <= set(framework.occupation_codes)


def _check_shape(db, framework):
    standards = _standards(db, framework)
    kinds = Counter(s.kind for s in standards)
    assert 5 <= kinds[StandardKind.CRITICAL_WORK_FUNCTION] <= 7
    assert 22 <= kinds[StandardKind.KEY_ACTIVITY] <= 28
    assert 75 <= kinds[StandardKind.PERFORMANCE_INDICATOR] <= 85
    items = [s for s in standards if s.kind in (StandardKind.KNOWLEDGE, StandardKind.SKILL)]
    assert {s.category for s in items} == set(SkillCategory)
    assert len({s.parent_id for s in items}) >= 5  # on several key activities
    codes = {s.code for s in standards}
    assert set(standards_demo.HISTORY) <= codes  # every history entry found its standard


def _check_history(db, framework):
    standards = _standards(db, framework)
    versions = {s.id: s.versions for s in standards}
    long_histories = [s for s in standards if len(versions[s.id]) >= 3]
    assert len(long_histories) >= 3
    authors = {v.author.email for s in long_histories for v in versions[s.id][1:]}
    assert len(authors & {"panelist@example.com", "panelist2@example.com"}) == 2
    assert all(v.change_note for s in long_histories for v in versions[s.id][1:])

    partnership = framework.partnership
    published = [s for s in standards if s.published_version_id is not None]
    assert len(published) >= len(standards) * 0.7
    for standard in published:
        status = services.quorum(standard.published_version, partnership)
        assert status.met and status.count >= 3, standard.code
        assert standard.published_version.published_by_id is not None

    in_review = [s for s in standards if s.current_version.status == VersionStatus.IN_REVIEW]
    partial = [services.quorum(s.current_version, partnership).count for s in in_review]
    assert {1, 2} <= set(partial)

    drafts = [s for s in standards if s.current_version.status == VersionStatus.DRAFT]
    assert len(drafts) >= 3
    newer_draft = [s for s in drafts if s.published_version_id is not None]
    assert newer_draft, "a published version followed by a newer draft"
    superseded = db.session.scalar(
        db.select(db.func.count(StandardVersion.id)).where(
            StandardVersion.status == VersionStatus.SUPERSEDED
        )
    )
    assert superseded >= 1


def _check_comments(db, framework):
    comments = list(
        db.session.scalars(
            db.select(Comment)
            .join(Standard, Standard.id == Comment.standard_id)
            .where(Standard.framework_id == framework.id)
        )
    )
    top = [c for c in comments if c.parent_id is None]
    assert any(c.resolved_at for c in top) and any(c.resolved_at is None for c in top)
    assert any(c.replies for c in top if c.resolved_at)
    assert any(c.replies for c in top if c.resolved_at is None)


def _check_published_tree(framework):
    nodes = tree.load_tree(framework, drafts=False)
    kinds = Counter(n.standard.kind for n in nodes)
    assert kinds[StandardKind.CRITICAL_WORK_FUNCTION] == 6
    assert kinds[StandardKind.KEY_ACTIVITY] >= 20
    assert kinds[StandardKind.PERFORMANCE_INDICATOR] >= 60
    assert all(n.shown.is_public for n in nodes if not n.code_only)
    # B.2 has no published version but published standards under it: shown by its code only.
    by_code = {n.standard.code: n for n in nodes}
    assert by_code["B.2"].code_only and by_code["B.2"].shown is None
    assert by_code["B.2.3"].shown.is_public and by_code["B.2.3"].shown.title
    assert [n for n in nodes if n.code_only and n.matches] == []

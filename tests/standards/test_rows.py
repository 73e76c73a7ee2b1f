"""`standards.rows`: a framework's standards as plain rows (issue 18) say what the ORM says, in
one query, in sibling order, with the current and published versions pointed at."""

import sqlalchemy as sa

from curriculum.standards import rows, services
from curriculum.standards.models import Standard, StandardVersion
from curriculum.standards.outline import shown_now

STANDARD_FIELDS = [
    "id",
    "uuid",
    "framework_id",
    "parent_id",
    "kind",
    "category",
    "code",
    "position",
    "source_identifier",
    "item_type",
    "current_version_id",
    "published_version_id",
    "retired_at",
    "created_at",
    "identifier",
    "kind_label",
]
VERSION_FIELDS = [
    "id",
    "standard_id",
    "number",
    "title",
    "statement",
    "level",
    "status",
    "change_note",
    "created_at",
    "reviewed_at",
    "published_at",
    "retired_at",
    "is_public",
]


def _same(plain, orm, fields):
    assert [getattr(plain, f) for f in fields] == [getattr(orm, f) for f in fields]


def test_plain_rows_say_what_the_orm_says(factory, partnership, db, count_queries):
    framework = factory.framework(partnership)
    other = factory.framework(partnership, "Welding")
    a = factory.standard(framework, None, "critical_work_function", "Safety")
    a1 = factory.standard(framework, a, "key_activity", "Inspect", "Checks *guards*.")
    factory.standard(framework, a, "key_activity", "Report")
    b = factory.standard(framework, None, "critical_work_function", "Quality")
    factory.standard(other, None, "critical_work_function", "Elsewhere")
    factory.publish(a)
    factory.publish(a1)
    # a1: v1 published, v2 a draft; a2: never published; b: published then retired.
    services.save_version(a1, 1, "Inspect guarding", "Checks guards.", None, "Clearer", None)
    factory.publish(b)
    b.retired_at = sa.func.now()
    db.session.commit()
    framework_id = framework.id
    db.session.expire_all()

    with count_queries() as queries:
        found = rows.load([framework_id])
    assert len(queries) == 2  # the framework's change token, then the rows
    with count_queries(kept=True) as queries:
        again = rows.load([framework_id])
    assert len(queries) == 1  # unchanged since: the rows kept (curriculum.stamped)
    assert again == found and all(a is b for a, b in zip(again, found, strict=True))
    assert [s.code for s in found] == ["A", "A.1", "A.2", "B"]  # sibling order, this framework
    orm = {s.id: s for s in db.session.scalars(sa.select(Standard))}
    for plain in found:
        standard = orm[plain.id]
        _same(plain, standard, STANDARD_FIELDS)
        for which in ("current_version", "published_version"):
            mine, theirs = getattr(plain, which), getattr(standard, which)
            assert (mine is None) == (theirs is None)
            if theirs is not None:
                _same(mine, theirs, VERSION_FIELDS)
        for drafts in (False, True):
            for prefer in (False, True):
                shown = shown_now(plain, drafts=drafts, prefer_published=prefer)
                expected = shown_now(standard, drafts=drafts, prefer_published=prefer)
                assert (shown.id if shown else None) == (expected.id if expected else None)
    inspect = next(s for s in found if s.code == "A.1")
    assert inspect.current_version.number == 2 and inspect.published_version.number == 1
    assert inspect.current_version.title == "Inspect guarding"
    # Where both point at one version, the row shares it.
    safety = found[0]
    assert safety.current_version is safety.published_version
    assert db.session.get(StandardVersion, safety.published_version.id).number == 1


def test_several_frameworks_and_none(factory, partnership):
    one = factory.framework(partnership)
    two = factory.framework(partnership, "Welding")
    factory.standard(two, None, "critical_work_function", "Weld")
    factory.standard(one, None, "critical_work_function", "Cut")
    found = rows.load([two.id, one.id])
    assert [(s.framework_id, s.code) for s in found] == sorted([(one.id, "A"), (two.id, "A")])
    assert rows.load([]) == []

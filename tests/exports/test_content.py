"""What an export prints: versions "as of" a date, drafts (watermarked) or not, who may ask."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from curriculum.alignment import services as alignment
from curriculum.alignment.models import AlignmentRevision
from curriculum.errors import DomainError
from curriculum.exports.models import ExportJob
from curriculum.standards import services as standards
from curriculum.standards.models import Endorsement, Standard, StandardVersion
from tests.exports.conftest import pages_text

LAST_YEAR = datetime(2026, 1, 10, 12, tzinfo=UTC)


def _words(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(pages_text(pdf)))


def _backdate(db, when: datetime) -> None:
    """Move everything that exists so far to `when` (the past the "as of" export looks at)."""
    db.session.execute(sa.update(Standard).values(created_at=when))
    db.session.execute(sa.update(StandardVersion).values(created_at=when))
    for column in ("reviewed_at", "published_at"):
        db.session.execute(
            sa.update(StandardVersion)
            .where(getattr(StandardVersion, column).is_not(None))
            .values({column: when})
        )
    db.session.execute(sa.update(Endorsement).values(created_at=when))
    db.session.execute(sa.update(AlignmentRevision).values(valid_from=when))
    db.session.commit()


@pytest.fixture
def aligned(world, db):
    """The world's three standards published, MFG 110 aligned to the indicator (last January)."""
    w = world
    for s in (w.cwf, w.ka, w.pi):
        w.factory.publish(s)
    w.convener = w.factory.member(w.partnership, "convener")
    alignment.align(w.course, w.pi, "reinforced", "Guarding lab", w.convener)
    db.session.commit()
    _backdate(db, LAST_YEAR)
    return w


def _new_published_version(w, db, title: str) -> None:
    standards.save_version(w.pi, 1, title, "", None, "Clearer", w.convener)
    w.factory.publish(w.pi)


def test_an_export_as_of_a_date_before_a_new_version_shows_the_old_one(aligned, db, export):
    w = aligned
    _new_published_version(w, db, "Guards and interlocks checked every shift")

    today = _words(export(w.program, w.convener).file.data)
    assert "Guards and interlocks checked every shift" in today
    assert "has since been published" in today  # the alignment still points at v1

    then = export(w.program, w.convener, as_of="2026-03-01")
    assert then.state == "done", then.message
    assert then.filename.endswith("-as-of-2026-03-01.pdf")
    text = _words(then.file.data)
    assert "Guards checked" in text
    assert "Guards and interlocks checked every shift" not in text
    assert "As they stood at the end of 2026-03-01" in text
    assert re.search(r"A\.1\.1 Guards checked v1 PUBLISHED", text)
    assert "has since been published" not in text  # v1 was the published version then


def test_an_export_as_of_a_date_before_an_alignment_does_not_show_it(aligned, db, export):
    w = aligned
    alignment.align(w.course2, w.ka, "mastered", "Capstone", w.convener)
    db.session.commit()
    now = _words(export(w.program, w.convener).file.data)
    assert "Capstone" in now
    before = _words(export(w.program, w.convener, as_of="2026-03-01").file.data)
    assert "Capstone" not in before
    assert "Guarding lab" in before


def test_a_draft_export_is_watermarked_on_every_page(aligned, db, export):
    w = aligned
    standards.save_version(w.pi, 1, "Guards verified (draft wording)", "", None, "", w.convener)
    db.session.commit()
    published = pages_text(export(w.program, w.convener).file.data)
    assert not any("DRAFT" in page for page in published)
    assert "draft wording" not in " ".join(published)

    drafts = export(w.program, w.convener, drafts=True)
    assert drafts.filename.endswith("-draft.pdf")
    pages = pages_text(drafts.file.data)
    assert all("DRAFT" in page for page in pages)
    assert "Guards verified (draft wording)" in _words(drafts.file.data)
    # The big watermark is a picture: "DRAFT" is read once, in each page's running header.
    assert all(page.count("DRAFT") >= 1 for page in pages)


def test_viewers_export_published_content_only(aligned, db, export):
    w = aligned
    viewer = w.factory.member(w.partnership, "viewer")
    job = export(w.program, viewer)
    assert job.state == "done"
    with pytest.raises(DomainError) as refused:
        export(w.program, viewer, drafts=True)
    assert refused.value.status == 403
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 1


@pytest.mark.parametrize(
    "options, field",
    [
        ({"as_of": "2026-13-01"}, "as_of"),
        ({"as_of": (date.today().replace(year=date.today().year + 1)).isoformat()}, "as_of"),
        ({"drafts": "yes"}, "drafts"),
        ({"frameworks": [999999]}, "frameworks"),
        ({"frameworks": "all"}, "frameworks"),
        ({"frameworks": []}, "frameworks"),
    ],
)
def test_bad_options_are_refused_and_create_nothing(aligned, db, export, options, field):
    with pytest.raises(DomainError) as refused:
        export(aligned.program, aligned.convener, **options)
    assert refused.value.field == field and refused.value.status == 400
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 0


def test_a_narrow_program_prints_the_matrix_as_a_grid_in_page_sized_blocks(
    world, db, export, monkeypatch
):
    from curriculum.exports import documents

    monkeypatch.setattr(documents, "BLOCK_ROWS", 2)
    w = world
    assert len(w.program.courses) == 2 <= documents.GRID_COURSES
    convener = w.factory.member(w.partnership, "convener")
    for s in (w.cwf, w.ka, w.pi):
        w.factory.publish(s)
    alignment.align(w.course, w.pi, "mastered", "", convener)
    db.session.commit()
    text = _words(export(w.program, convener).file.data)
    # 3 standards x 2 courses: rows 1-2, then 3, each block a column per course.
    assert text.count("Standards 1–2 of 3") == 1 and text.count("Standards 3–3 of 3") == 1
    header = f"Code Standard {w.course.code} {w.course2.code}"
    assert text.count(header) == 2
    assert f"{w.pi.code} Guards checked M " in text
    assert "Levels in the matrix: I introduced, R reinforced, M mastered" in text
    assert "Courses (level)" not in text and "printed as a list" not in text
    # The figures count the assessed leaves: the indicator, covered and mastered; the function
    # and the activity above it roll up from it (the rule of the coverage page).
    assert "Counting 1 assessed leaf: performance indicators" in text
    assert "Not covered by any course (0)" in text
    assert "Not brought to mastered by any course (0)" in text


def test_a_wide_program_prints_the_matrix_as_a_list_per_standard(world, db, export, monkeypatch):
    """Above GRID_COURSES courses, each standard is printed with the courses reaching it and
    their levels, an asterisk on an alignment to an earlier version; a standard no course
    reaches shows a dash, one printed by its code only nothing."""
    from curriculum.exports import documents

    monkeypatch.setattr(documents, "GRID_COURSES", 1)
    w = world
    convener = w.factory.member(w.partnership, "convener")
    for s in (w.cwf, w.pi):  # the key activity between them is never published
        w.factory.publish(s)
    alignment.align(w.course, w.pi, "mastered", "", convener)
    standards.save_version(w.pi, 1, "Guards checked and logged", "", None, "Clearer", convener)
    w.factory.publish(w.pi)
    alignment.align(w.course2, w.pi, "introduced", "", convener)
    db.session.commit()
    text = _words(export(w.program, convener).file.data)
    assert (
        "The program has 2 courses, more than the 1 a page holds as columns, so the matrix is "
        "printed as a list: each standard with the courses that reach it and their levels "
        "(I introduced, R reinforced, M mastered; an asterisk (*) marks an alignment to an "
        "earlier version)."
    ) in text
    assert text.count("Code Standard Courses (level)") == 1
    assert f"Code Standard {w.course.code} {w.course2.code}" not in text
    assert f"{w.cwf.code} Safety — {w.ka.code} not yet published {w.pi.code} " in text
    reach = f"{w.course.code} (M*), {w.course2.code} (I)"
    assert f"{w.pi.code} Guards checked and logged {reach}" in text
    assert "Not covered by any course (0)" in text  # the gaps are printed as before


def test_an_as_of_date_with_nothing_of_one_framework_says_so(aligned, db, export):
    """A framework with nothing published by the date, beside one with content, says so (an
    "as of" date before every chosen framework's first publication is refused: test_print)."""
    from curriculum.courses import services as courses
    from curriculum.standards import tree

    w = aligned
    later = tree.create_framework(w.partnership, {"title": "Maintenance Technician"})
    cwf = tree.add_standard(later, None, "critical_work_function", "Maintain", author=w.convener)
    w.factory.publish(cwf)
    courses.update_program(
        w.program,
        {
            "name": w.program.name,
            "award_type": w.program.award_type,
            "catalog_year": w.program.catalog_year,
            "partnership_id": w.partnership.id,
            "framework_ids": [w.framework.id, later.id],
        },
    )
    db.session.commit()
    text = _words(export(w.program, w.convener, as_of="2026-03-01").file.data)
    assert "No standard of Maintenance Technician had been published by the end of 2026-03-01" in (
        text
    )
    assert "the alignments as they stood on the date above" in text


def test_the_document_loads_in_a_fixed_number_of_queries(world, db, count_queries):
    from curriculum.courses import outcomes
    from curriculum.courses import services as courses
    from curriculum.exports import documents

    def queries() -> int:
        db.session.expire_all()
        with count_queries() as counted:
            documents.curriculum_document(world.program, [world.framework], drafts=True, as_of=None)
        return len(counted)

    few = queries()
    for i in range(6):
        course = courses.create_course(
            world.college, {"code": f"MFG {200 + i}", "title": f"Course {i}", "credits": "3"}
        )
        courses.add_course(world.program, course, 3)
        faculty = world.factory.member(world.partnership, "faculty")
        alignment.align(course, world.pi, "introduced", "", faculty)
        # Learning outcomes, and what they serve, are printed in fixed queries too.
        outcome = outcomes.add_outcome(course, f"Outcome {i}", "Quiz")
        alignment.align(course, world.ka, "mastered", "", faculty, outcome=outcome)
    db.session.commit()
    assert queries() == few

"""The demo program's curriculum PDF and the demo framework's standards PDF, read with pypdf."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from curriculum import demo
from curriculum.alignment import coverage
from curriculum.alignment.models import Alignment
from curriculum.auth.models import User
from curriculum.courses.models import Program
from curriculum.exports import documents
from curriculum.extensions import db as _db
from curriculum.standards.models import Framework, StandardKind
from tests.exports.conftest import last_lines, outline, pages_text, structure

TOC_LINE = re.compile(r"^(?P<title>.+?) (?P<page>\d+)$")


@pytest.fixture
def demo_world(db):
    demo.load()
    db.session.commit()
    convener = db.session.scalar(db.select(User).filter_by(email="convener@example.com"))
    program = db.session.scalar(
        db.select(Program).filter_by(name="Mechatronics Engineering Technology")
    )
    return convener, program


def _toc(text: str) -> list[tuple[str, int]]:
    """The contents page's entries: each line a title and its page, in reading order (the
    leaders are drawn, never dots read out)."""
    assert "..." not in text and "Contents\n" in text
    entries = []
    for line in text.split("Contents\n", 1)[1].splitlines():
        found = TOC_LINE.match(line.strip())
        if line.startswith("Exported "):  # the running footer
            continue
        if found:
            entries.append((found["title"].strip(), int(found["page"])))
    return entries


def test_the_demo_curriculum_pdf_has_its_structure(demo_world, export):
    convener, program = demo_world
    job = export(program, convener)
    assert job.state == "done", job.message
    assert job.filename == "mechatronics-engineering-technology-aas-2026-2027-curriculum.pdf"
    pdf = job.file.data
    texts = pages_text(pdf)
    assert job.file.pages == len(texts) > 10

    # The cover: program, award, college, catalog year, partnership, frameworks, date.
    cover = texts[0]
    for words in (
        "Mechatronics Engineering",
        "Associate of Applied Science",
        "Catalog year 2026-2027",
        "Sinclair Valley Community College",
        "Miami Valley Advanced Manufacturing Partnership",
        "Production Technician",
        "Exported",
    ):
        assert words in cover, words

    # The contents: every entry's page number is the page its section starts on.
    toc = _toc(texts[1])
    courses = [pc.course for pc in sorted(program.courses, key=lambda pc: (pc.term, pc.position))]
    assert len(toc) >= len(courses) + 4
    marks = {(title, page) for _, title, page in outline(pdf)}
    for title, page in toc:
        assert (title, page) in marks, f"contents says {title!r} is on page {page}"
        heading = title.split(" ", 2)[-1] if title[:3].isupper() else title
        assert heading.split()[0] in texts[page - 1], (title, page)

    # Bookmarks for every section and every course.
    titles = [title for _, title, _ in outline(pdf)]
    assert [title for title, _ in toc[:3]] == ["Approval", "Program overview", "Courses"]
    for section in ("Approval", "Program overview", "Courses", "Appendix: the standards printed"):
        assert section in titles
    for course in courses:
        assert f"{course.code} {course.title}" in titles, course.code

    # Every aligned standard appears with its version number in its course's pages.
    starts = {title: page for _, title, page in outline(pdf)}
    order = [f"{c.code} {c.title}" for c in courses]
    alignments = _db.session.scalars(
        _db.select(Alignment).where(Alignment.course_id.in_([c.id for c in courses]))
    ).all()
    assert alignments
    framework = program.frameworks[0]
    public = {r.standard.id for r in coverage.tree(framework, drafts=False) if r.counted}
    assert any(a.standard_id not in public for a in alignments)  # the rule below is exercised
    for a in alignments:
        title = f"{a.course.code} {a.course.title}"
        first = starts[title]
        following = order.index(title) + 1
        end = order[following] if following < len(order) else "Coverage: Production Technician"
        last = starts[end]
        pages = " ".join(texts[first - 1 : last]).replace("\n", " ")
        if a.standard_id not in public:  # not published (or under a draft): not printed
            assert a.version.title not in pages
            continue
        assert re.search(rf"{re.escape(a.standard.code)} .*?v{a.version.number} ", pages), (
            a.course.code,
            a.standard.code,
            a.version.number,
        )
    # Stale alignments are flagged where they are printed.
    assert "has since been published" in re.sub(r"\s+", " ", " ".join(texts))
    # No heading is left alone at the bottom of a page.
    headings = {"Learning outcomes", "Aligned skill standards", "Production Technician"}
    headings |= set(order)
    for number, last in enumerate(last_lines(pdf), start=1):
        assert last not in headings, f"page {number} ends with the heading {last!r}"
    # No DRAFT watermark on a published-only export.
    assert not any("DRAFT" in t for t in texts)
    _accessible(pdf, texts, program)
    # The appendix lists each endorsed set once: at most three pages for the demo.
    appendix = starts["Appendix: the standards printed"]
    assert len(texts) - appendix + 1 <= 3, f"the appendix takes {len(texts) - appendix + 1} pages"
    # The approval page: the partnership, the framework, endorsers with their people, lines.
    approval = " ".join(texts[starts["Approval"] - 1].split())
    for words in (
        "Miami Valley Advanced Manufacturing Partnership",
        "Production Technician",
        "Kestrel Precision Machining:",
        "Chair, College Curriculum Committee, Sinclair Valley Community College",
        "Convener, Sector Partnership, Miami Valley Advanced Manufacturing Partnership",
    ):
        assert words in approval, words
    # Running header and "page N of M" footer on inner pages, not on the cover.
    assert f"Page 3 of {len(texts)}" in texts[2]
    assert "Mechatronics Engineering Technology Sinclair Valley Community College" in texts[2]
    assert "Page 1 of" not in texts[0]


def _accessible(pdf: bytes, texts: list[str], program) -> None:
    """Tagged PDF/UA: language, title, a structure tree with headings in outline order and
    tables with header cells; a matrix page's text in reading order (nothing clipped)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # pdfinfo: "Tagged: yes"
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Mechatronics Engineering Technology"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    tags = [tag for tag, _ in structure(pdf)]
    for needed in ("H1", "H2", "H3", "Table", "TH", "TD", "L", "LI", "Link"):
        assert needed in tags, needed
    levels = [int(tag[1]) for tag in tags if re.fullmatch(r"H[1-6]", tag)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    # The first matrix block: the demo's 11 courses are more than a page holds as columns, so
    # it is a list. Row after row, in reading order: the code, the whole title, then the
    # courses reaching it (a long title or list goes on to the next line, never into another
    # row's text; nothing is clipped).
    framework = program.frameworks[0]
    doc = documents.curriculum_document(program, [framework], drafts=False, as_of=None)
    rows = doc.parts[0].rows
    first = doc.parts[0].blocks[0]
    assert first.listed and len(first.rows) == 30
    whole = "\n".join(texts).replace("\xa0", " ")
    block = whole[whole.index(f"Standards 1–30 of {len(rows)}") : whole.index("Standards 31–60")]
    text = " ".join(re.sub(r"-\n", "-", block).split()) + " "
    assert text.count("Code Standard Courses (level)") >= 1
    at, reached = 0, 0
    for row, cells in first.rows:
        reach = first.reach(cells).replace("\xa0", " ") or ("—" if row.version else "")
        printed = " ".join(part for part in (row.code, row.title, reach) if part) + " "
        found = text.find(printed, at)
        assert found >= at, (printed, text[at : at + 300])
        at = found + len(printed)
        reached += "(" in reach
    assert reached > 10  # most rows name courses


def test_the_demo_standards_pdf_prints_the_tree_with_versions_and_endorsers(db, export):
    demo.load()
    db.session.commit()
    convener = db.session.scalar(db.select(User).filter_by(email="convener@example.com"))
    framework = db.session.scalar(db.select(Framework))
    job = export(framework, convener)
    assert job.state == "done", job.message
    assert job.filename == "production-technician-standards.pdf"
    texts = pages_text(job.file.data)
    whole = " ".join(texts)
    # Tagged, with its title and language; functions are H1s and key activities H2s.
    reader = pypdf.PdfReader(io.BytesIO(job.file.data))
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert (reader.trailer["/Root"]["/Lang"], reader.metadata.title) == ("en", framework.title)
    tags = [tag for tag, _ in structure(job.file.data)]
    assert tags.count("H1") > 2 and "H2" in tags and "H3" not in tags
    functions = [
        s
        for s in framework.standards
        if s.kind == StandardKind.CRITICAL_WORK_FUNCTION and s.published_version
    ]
    titles = [title for _, title, _ in outline(job.file.data)]
    for cwf in functions:
        assert f"{cwf.code} {cwf.published_version.title}" in titles
    # Versions, status and endorsing organizations are printed.
    assert re.search(r"v\d+ PUBLISHED", whole)
    assert "Endorsed by" in whole and "Kestrel Precision Machining" in whole
    # A standard whose newest version is a draft shows its published version only.
    drafted = next(
        s
        for s in framework.standards
        if s.published_version and s.current_version_id != s.published_version_id
    )
    assert drafted.current_version.title not in whole or (
        drafted.current_version.title == drafted.published_version.title
    )


def test_the_demo_has_a_past_for_as_of_exports(demo_world):
    from datetime import timedelta

    from curriculum.db import utcnow
    from curriculum.exports import documents

    _, program = demo_world
    framework = program.frameworks[0]
    today = documents.curriculum_document(program, [framework], drafts=False, as_of=None)
    months_ago = (utcnow() - timedelta(days=150)).date()
    then = documents.curriculum_document(program, [framework], drafts=False, as_of=months_ago)
    now_numbers = {r.standard.id: r.version.number for r in today.parts[0].rows if r.version}
    then_numbers = {r.standard.id: r.version.number for r in then.parts[0].rows if r.version}
    assert then_numbers and set(then_numbers) <= set(now_numbers)
    assert any(then_numbers[s] < now_numbers[s] for s in then_numbers)  # older versions then
    aligned_now = sum(c.aligned for c in today.courses)
    aligned_then = sum(c.aligned for c in then.courses)
    assert 0 < aligned_then <= aligned_now
    before = documents.curriculum_document(
        program, [framework], drafts=False, as_of=(utcnow() - timedelta(days=365)).date()
    )
    assert before.parts[0].rows == [] and sum(c.aligned for c in before.courses) == 0


def test_the_demo_prints_every_published_standard(demo_world):
    """Published standards under a never-published parent (B.2.x, E.2.x in the demo) are
    printed; the parent appears by its code only. The published-only document counts what
    the coverage page shows a visitor."""
    from curriculum.exports import documents

    _, program = demo_world
    framework = program.frameworks[0]
    doc = documents.curriculum_document(program, [framework], drafts=False, as_of=None)
    part = doc.parts[0]
    published = {
        s.id for s in framework.standards if s.published_version_id and s.retired_at is None
    }
    printed = {r.standard.id for r in part.rows if r.version is not None}
    assert printed == published
    code_only = [r.code for r in part.rows if r.version is None]
    assert code_only and all(
        any(p.standard.parent_id == s.standard.id for p in part.rows)
        for s in part.rows
        if s.version is None
    ), code_only
    visitor = coverage.coverage(program, framework, drafts=False)
    assert (part.coverage.total, part.coverage.covered) == (visitor.total, visitor.covered)
    mfg120 = next(c for c in doc.courses if c.course.code == "MFG 120")
    under_unpublished = [
        a.shown.code
        for a in mfg120.alignments[framework.id]
        if a.shown.standard.parent_id in {r.standard.id for r in part.rows if r.version is None}
    ]
    assert under_unpublished, "MFG 120 prints its alignments under a code-only parent"

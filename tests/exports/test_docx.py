"""The curriculum (and the standards) as Word documents, made by the export job machinery and
read back with python-docx."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta

import docx
import pytest
import sqlalchemy as sa
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from curriculum.alignment import coverage
from curriculum.alignment.models import Alignment
from curriculum.db import utcnow
from curriculum.exports import kinds, services
from curriculum.exports.documents import GRID_COURSES
from curriculum.exports.formats import DOCX
from curriculum.exports.models import ExportFile, ExportJob
from curriculum.exports.services import ExportError
from tests.exports.test_demo_pdf import demo_world  # noqa: F401 (a fixture)


@dataclass
class Block:
    kind: str  # "p" or "table"
    style: str = ""
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    repeated: list[bool] = field(default_factory=list)  # per row: a repeating header row


def read(data: bytes):
    """The document and its body as blocks, in order (merged cells counted once)."""
    document = docx.Document(io.BytesIO(data))
    blocks = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            blocks.append(Block("p", paragraph.style.name, paragraph.text))
        elif child.tag == qn("w:tbl"):
            block = Block("table")
            for row in Table(child, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text)
                block.rows.append(cells)
                trPr = row._tr.trPr
                block.repeated.append(trPr is not None and trPr.find(qn("w:tblHeader")) is not None)
            blocks.append(block)
    return document, blocks


def between(blocks, start: str, *ends: str) -> list[Block]:
    """The blocks after the heading `start` up to the next heading among `ends` (or the end)."""
    at = next(i for i, b in enumerate(blocks) if b.style.startswith("Heading") and b.text == start)
    out = []
    for b in blocks[at + 1 :]:
        if b.style.startswith("Heading") and b.text in ends:
            break
        out.append(b)
    return out


def headings(blocks, level: int) -> list[str]:
    return [b.text for b in blocks if b.style == f"Heading {level}"]


def docx_export(subject, user, db, **options):
    kind = "standards" if hasattr(subject, "standards") else "curriculum"
    job = services.request_export(kind, subject, user, {"format": "docx", **options})
    db.session.refresh(job)
    assert job.state == "done", job.message
    return job


def test_the_demo_curriculum_in_word(demo_world, db):  # noqa: F811 (the fixture)
    convener, program = demo_world
    job = docx_export(program, convener, db)
    assert job.format == "docx" and job.file.pages is None
    assert job.filename == "mechatronics-engineering-technology-aas-2026-2027-curriculum.docx"
    assert job.message.startswith("a Word document of ")
    document, blocks = read(job.file.data)
    framework = program.frameworks[0]

    # Core properties: title, language, author (the partnership).
    props = document.core_properties
    assert props.title == "Mechatronics Engineering Technology"
    assert props.language == "en-US"
    assert props.author == "Miami Valley Advanced Manufacturing Partnership"

    # The cover, then the contents as a Word TOC field over Heading 1-2.
    assert [b.text for b in blocks if b.style == "Title"] == [program.name]
    cover = " ".join(b.text for b in blocks[:12])
    for words in ("Catalog year 2026-2027", "Sinclair Valley Community College", "Exported"):
        assert words in cover
    instructions = [i.text for i in document.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith('TOC \\o "1-2"') for i in instructions), instructions

    # The sections, as Word headings.
    courses = [pc.course for pc in sorted(program.courses, key=lambda pc: (pc.term, pc.position))]
    assert headings(blocks, 1) == [
        "Approval",
        "Program overview",
        "Courses",
        "Coverage: Production Technician",
        "Gaps: Production Technician",
        "Appendix: the standards printed",
    ]
    approval_parts = ["The skill standards it stands on", "Endorsed by", "Signatures"]
    assert headings(blocks, 2)[:3] == approval_parts
    assert headings(blocks, 2)[3 : 3 + len(courses)] == [f"{c.code} {c.title}" for c in courses]
    assert {"Learning outcomes", "Aligned skill standards"} <= set(headings(blocks, 3))

    # Each course's aligned standards, with the version each alignment is pinned to.
    public = {r.standard.id for r in coverage.tree(framework, drafts=False) if r.counted}
    alignments = db.session.scalars(
        sa.select(Alignment).where(Alignment.course_id.in_([c.id for c in courses]))
    ).all()
    names = [f"{c.code} {c.title}" for c in courses]
    for course, name in zip(courses, names, strict=True):
        found = between(blocks, name, *names, "Coverage: Production Technician")
        tables = [b for b in found if b.kind == "table"]
        rows = [r for t in tables for r in t.rows[2:]]
        printed = {(r[0], r[2].split()[0]) for r in rows}
        # What each pinned version says is printed under its title, so v1 and v2 differ.
        for a in alignments:
            if a.course_id == course.id and a.standard_id in public and a.version.statement:
                cell = next(r[1] for r in rows if r[0] == a.standard.code)
                assert cell.startswith(a.version.title), cell
                first = " ".join(a.version.statement.replace("*", "").split()[:3])
                assert first in " ".join(cell.split()), (a.standard.code, cell)
        expected = {
            (a.standard.code, f"v{a.version.number}")
            for a in alignments
            if a.course_id == course.id and a.standard_id in public
        }
        assert printed == expected, course.code
        for t in tables:
            assert t.rows[0] == ["Production Technician"]
            assert t.rows[1] == ["Code", "Standard", "Version", "Level", "How taught or assessed"]
            assert t.repeated[:2] == [True, True]
    assert any(a.standard_id not in public for a in alignments)  # and those are left out

    # The matrix: the demo's 11 courses are more than a page holds as columns, so it is a
    # list: one table, a row per standard, the courses reaching it with their levels.
    assert len(courses) > GRID_COURSES
    section = between(blocks, "Coverage: Production Technician", "Gaps: Production Technician")
    matrices = [b for b in section if b.kind == "table" and b.rows[0][:2] == ["Code", "Standard"]]
    assert [m.rows[0] for m in matrices] == [["Code", "Standard", "Courses (level)"]]
    matrix = matrices[0]
    assert matrix.repeated[0] and not any(matrix.repeated[1:])
    rows = coverage.coverage(program, framework, drafts=False).rows
    assert [r[0] for r in matrix.rows[1:]] == [r.standard.code for r in rows]
    reach = {r[0]: r[2].replace("\xa0", " ") for r in matrix.rows[1:]}
    reaching: dict[str, set[str]] = {}
    for a in alignments:
        if a.standard_id in public:
            assert f"{a.course.code} ({a.level.letter}" in reach[a.standard.code]
            reaching.setdefault(a.standard.code, set()).add(a.course.code)
    for r in rows:
        text = reach[r.standard.code]
        if r.standard.id not in public:
            assert text == ""  # printed by its code only
        elif r.standard.code not in reaching:
            assert text == "—"
        else:
            named = [entry.rsplit(" (", 1)[0] for entry in text.split(", ")]
            order = [c.code for c in courses if c.code in reaching[r.standard.code]]
            assert named == order, r.standard.code  # each course once, in program order
    assert "more than the 10 a page holds as columns" in " ".join(b.text for b in section)

    # Gaps and the appendix with versions and endorsers.
    gaps = between(blocks, "Gaps: Production Technician", "Appendix: the standards printed")
    assert any(
        b.style == "Heading 2" and b.text.startswith("Not covered by any course") for b in gaps
    )
    appendix = between(blocks, "Appendix: the standards printed")
    groups = [b.text for b in appendix if b.style == "Heading 3"]
    tables = [b for b in appendix if b.kind == "table"]
    assert groups and len(groups) == len(tables)
    assert all(t.rows[0] == ["Code", "Standard", "Version", "Published"] for t in tables)
    assert any("Kestrel Precision Machining" in g for g in groups)
    assert len(groups) == len(set(groups))  # each set of endorsers named once
    printed_versions = sum(len(t.rows) - 1 for t in tables)
    assert printed_versions > 2 * len(groups)

    # The approval page: what it stands on, who endorsed, signature lines.
    approval = " ".join(
        b.text or " ".join(c for r in b.rows for c in r)
        for b in between(blocks, "Approval", "Program overview")
    )
    assert "Production Technician" in approval and "Endorsed by" in headings(blocks, 2)
    assert "Kestrel Precision Machining" in approval
    assert program.committee_signatory in approval and program.convener_signatory in approval
    assert approval.count("Signature") >= 2

    # Published only: no DRAFT marker in any header.
    assert not any("DRAFT" in s.header.paragraphs[0].text for s in document.sections)
    assert "Mechatronics Engineering Technology" in document.sections[0].header.paragraphs[0].text

    # The download: a Word content type and file name.
    assert DOCX.mimetype == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_drafts_put_draft_in_the_header_of_every_page(world, db):
    convener = world.factory.member(world.partnership, "convener")
    job = docx_export(world.program, convener, db, drafts=True)
    assert job.filename.endswith("-curriculum-draft.docx")
    document, blocks = read(job.file.data)
    assert len(document.sections) == 3  # portrait, the matrix in landscape, portrait
    for n, section in enumerate(document.sections):  # later sections carry the first's header
        assert n == 0 or section.header.is_linked_to_previous
        assert section.header.paragraphs[0].text.endswith("\tDRAFT")
        assert not section.different_first_page_header_footer
    assert document.sections[1].orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert "including drafts not yet published (marked DRAFT)" in " ".join(b.text for b in blocks)
    # The drafts are printed: the matrix lists the unpublished standards.
    matrix = next(b for b in blocks if b.kind == "table" and b.rows[0][:2] == ["Code", "Standard"])
    assert [r[0] for r in matrix.rows[1:]] == [s.code for s in (world.cwf, world.ka, world.pi)]
    assert matrix.rows[0][2:] == ["MFG 110", "MFG 120"]


def test_as_of_is_printed_as_in_the_pdf_and_refused_before_the_first_standard(world, db):
    for s in (world.cwf, world.ka, world.pi):
        world.factory.publish(s)
    convener = world.factory.member(world.partnership, "convener")
    today = utcnow().date()
    job = docx_export(world.program, convener, db, as_of=today.isoformat())
    _, blocks = read(job.file.data)
    text = " ".join(b.text for b in blocks)
    assert f"As they stood at the end of {today.isoformat()} (UTC)" in text
    assert any(b.kind == "table" and b.rows[0][:2] == ["Code", "Standard"] for b in blocks)
    # Before anything was published, a Word export is refused as a PDF one is.
    yesterday = (today - timedelta(days=1)).isoformat()
    with pytest.raises(ExportError, match=f"Choose {today.isoformat()} or later"):
        services.request_export(
            "curriculum", world.program, convener, {"format": "docx", "as_of": yesterday}
        )
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 1


def test_the_format_is_part_of_the_cache_key(world, db):
    convener = world.factory.member(world.partnership, "convener")
    pdf = services.request_export("curriculum", world.program, convener, {})
    word = docx_export(world.program, convener, db)
    again = docx_export(world.program, convener, db)
    db.session.refresh(pdf)
    assert pdf.format == "pdf" and pdf.filename.endswith(".pdf") and pdf.file.pages >= 1
    assert word.content_hash != pdf.content_hash and not word.cached
    assert again.cached and again.file_id == word.file_id
    assert db.session.scalar(sa.select(sa.func.count(ExportFile.id))) == 2


def test_the_standards_in_word(world, db):
    for s in (world.cwf, world.ka, world.pi):
        world.factory.publish(s)
    convener = world.factory.member(world.partnership, "convener")
    job = docx_export(world.framework, convener, db)
    assert job.filename == "production-technician-standards.docx"
    document, blocks = read(job.file.data)
    assert document.core_properties.author == world.partnership.name
    assert headings(blocks, 1) == [f"{world.cwf.code} Safety"]
    assert headings(blocks, 2) == [f"{world.ka.code} Inspect guarding"]
    assert any(b.text.startswith("Key activity · v1") for b in blocks)


def test_a_kind_offering_only_pdf_refuses_word(world, db, monkeypatch):
    monkeypatch.setattr(kinds.get("curriculum"), "formats", ("pdf",))
    convener = world.factory.member(world.partnership, "convener")
    with pytest.raises(ExportError, match='comes as "pdf" only') as refused:
        services.request_export("curriculum", world.program, convener, {"format": "docx"})
    assert refused.value.status == 400
    assert db.session.scalar(sa.select(sa.func.count(ExportJob.id))) == 0

"""The printed curriculum's gaps section (PDF and Word) lists the progression problems along
the required path, as the progression page finds them."""

from __future__ import annotations

import re

import pytest

from tests.alignment.progression_world import build_path
from tests.exports.conftest import pages_text
from tests.exports.test_docx import between, docx_export, read

HEADING = "Progression problems along the required path"


@pytest.fixture
def path(world, db):
    return build_path(world, db)


def test_the_pdf_gaps_section_lists_each_flagged_standard_with_its_flags(path, export):
    job = export(path.program, path.convener, drafts=True)
    assert job.state == "done", job.message
    text = re.sub(r"\s+", " ", " ".join(pages_text(job.file.data)))
    section = text.split(f"{HEADING} (10)")[1].split("Appendix: the standards printed")[0]
    assert "performance indicators, knowledge and skill items" in section  # the rule
    assert "B.1.4 Mastered early" in section
    assert (
        "Mastered before introduced: Mastered in term 2 (MFG 201), before it is introduced in "
        "term 3 (MFG 301)." in section
    )
    assert "Mastered only in an elective: No required course brings it to mastered; only ROB" in (
        section
    )
    assert "Well sequenced" not in section and "Tolerances" not in section


def test_a_pdf_without_problems_says_so(world, db, export):
    convener = world.factory.member(world.partnership, "convener")
    world.factory.align(world.course, world.pi, "introduced", by=convener)
    world.factory.align(world.course2, world.pi, "mastered", by=convener)
    job = export(world.program, convener, drafts=True)
    text = re.sub(r"\s+", " ", " ".join(pages_text(job.file.data)))
    assert f"{HEADING} (0)" in text
    assert "No progression problem: every assessed standard is introduced" in text


def test_the_word_gaps_section_lists_them_too(path, db):
    job = docx_export(path.program, path.convener, db, drafts=True)
    _document, blocks = read(job.file.data)
    section = between(blocks, f"{HEADING} (10)", "Appendix: the standards printed")
    lines = [b.text for b in section]
    at = lines.index("•\tB.1.6 Mastered at once")
    assert lines[at + 1 : at + 3] == [
        "Mastered but never introduced or reinforced: Mastered in term 1 (MFG 101), with no "
        "required course introducing or reinforcing it first.",
        "Mastered in the first term only: Only term 1 (MFG 101), the program's first term, "
        "brings it to mastered; no later course (through term 3) does.",
    ]
    assert not any("Well sequenced" in line for line in lines)

"""The printed course section (PDF and Word): each learning outcome with the standards it serves
and how it is assessed."""

from __future__ import annotations

import re

import pytest

from curriculum.alignment import services as alignment
from curriculum.courses import outcomes
from curriculum.exports import documents
from tests.exports.conftest import pages_text
from tests.exports.test_docx import docx_export, read


@pytest.fixture
def served(world, db):
    """MFG 110 with two outcomes: the first serves A.1 (mastered) and A.1.1 (introduced), the
    second nothing yet; the course is also aligned to A course-level."""
    w = world
    for s in (w.cwf, w.ka, w.pi):
        w.factory.publish(s)
    w.convener = w.factory.member(w.partnership, "convener")
    first = outcomes.add_outcome(w.course, "Guard a press", "Practical: guarding checklist")
    outcomes.add_outcome(w.course, "Write a work order")
    alignment.align(w.course, w.pi, "introduced", "", w.convener, outcome=first)
    alignment.align(w.course, w.ka, "mastered", "Lab 3", w.convener, outcome=first)
    alignment.align(w.course, w.cwf, "reinforced", "", w.convener)
    db.session.commit()
    return w


def test_the_gathered_course_names_what_each_outcome_serves_in_tree_order(served):
    doc = documents.curriculum_document(
        served.program, [served.framework], drafts=False, as_of=None
    )
    course = next(c for c in doc.courses if c.course.id == served.course.id)
    (first, serves), (second, none) = course.outcomes
    assert first.text == "Guard a press" and second.text == "Write a work order"
    ka, pi = served.ka.code, served.pi.code
    assert [s.label for s in serves] == [f"{ka} (mastered)", f"{pi} (introduced)"]
    assert none == []


def test_the_pdf_prints_serves_and_assessed_by(served, export):
    text = re.sub(
        r"\s+", " ", " ".join(pages_text(export(served.program, served.convener).file.data))
    )
    ka, pi = served.ka.code, served.pi.code
    assert f"Guard a press Serves: {ka} (mastered), {pi} (introduced)" in text
    assert "Assessed by: Practical: guarding checklist" in text
    assert "Write a work order Serves: no standard" in text


def test_the_word_document_prints_serves_and_assessed_by(served, db):
    _document, blocks = read(docx_export(served.program, served.convener, db).file.data)
    texts = [b.text for b in blocks if b.kind == "p"]
    first = next(t for t in texts if t.startswith("1.\tGuard a press"))
    ka, pi = served.ka.code, served.pi.code
    assert f"Serves: {ka} (mastered), {pi} (introduced)" in first
    assert "Assessed by: Practical: guarding checklist" in first
    second = next(t for t in texts if t.startswith("2.\tWrite a work order"))
    assert "Serves: no standard" in second and "Assessed by" not in second

"""A program's aligned curriculum: its courses by term, aligned to the chosen frameworks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask import url_for

from curriculum.courses import services as courses
from curriculum.courses.models import Program
from curriculum.exports import documents, filenames
from curriculum.exports.kinds import Kind, register
from curriculum.exports.word.curriculum import CurriculumWriter

if TYPE_CHECKING:
    from curriculum.standards.models import Framework


class Curriculum(Kind):
    name = "curriculum"
    noun, plural, model, relation = "program", "programs", Program, "program"
    template = "exports/curriculum.html"
    label = "Aligned curriculum"
    summary = (
        "Ask for the program's aligned curriculum as PDF or Word (signed in; drafts need a role)."
    )
    formats = ("pdf", "docx")
    word = CurriculumWriter()

    def load(self, subject_id: int) -> Program:
        return courses.get_program(subject_id)

    def frameworks(self, program: Program) -> list[Framework]:
        return list(program.frameworks)

    def printed_frameworks(self, program: Program, options: dict) -> list[Framework]:
        wanted = set(options.get("frameworks", []))
        return [f for f in program.frameworks if f.id in wanted]

    def gather(
        self, program: Program, options: dict, *, drafts: bool, as_of: date | None
    ) -> documents.CurriculumDocument:
        chosen = self.printed_frameworks(program, options)
        return documents.curriculum_document(program, chosen, drafts=drafts, as_of=as_of)

    def titles(self, program: Program) -> dict:
        return {
            "doc_title": program.name,
            "doc_org": program.organization.name,
            "doc_subject": f"The courses of {program.name} aligned to skill standards",
        }

    def filename_words(self, program: Program) -> list[str]:
        return [*filenames.program_words(program), "curriculum"]

    def subject_name(self, program: Program) -> str:
        return f"{program.name} {program.catalog_year}"

    def subject_url(self, program: Program) -> str:
        return url_for("courses.program", program_id=program.id)


register(Curriculum())

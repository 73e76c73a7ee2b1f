"""A program's aligned curriculum: its courses by term, aligned to the chosen frameworks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask import url_for

from curriculum.courses import paths
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
    takes_scope = True

    def load(self, subject_id: int) -> Program:
        return courses.get_program(subject_id)

    def frameworks(self, program: Program) -> list[Framework]:
        return list(program.frameworks)

    def more_options(self, program: Program, data: dict) -> dict:
        """The coverage's scope ("required" by default, "all" or "chosen") and, for "chosen",
        the course ids of the electives chosen: checked by the one rule (`courses.paths`)."""
        scope = data.get("scope")
        if scope is not None and not isinstance(scope, str):
            raise paths.ScopeError("Give the scope as required, all or chosen.", field="scope")
        scope = paths.check_scope(scope)
        electives = data.get("electives") or []
        if not isinstance(electives, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in electives
        ):
            raise paths.ScopeError("List the electives chosen by their course ids.", "electives")
        if electives and scope != "chosen":
            raise paths.ScopeError(
                "Electives are chosen with the scope “chosen” only.", field="electives"
            )
        paths.courses_in_scope(program, scope, electives)
        return {"scope": scope, "electives": sorted(set(electives))}

    def options_label(self, options: dict) -> str:
        label = super().options_label(options)
        scope = options.get("scope") or "required"
        return f"{label}, {paths.SCOPE_LABELS[scope].lower()}"

    def printed_frameworks(self, program: Program, options: dict) -> list[Framework]:
        wanted = set(options.get("frameworks", []))
        return [f for f in program.frameworks if f.id in wanted]

    def gather(
        self, program: Program, options: dict, *, drafts: bool, as_of: date | None
    ) -> documents.CurriculumDocument:
        chosen = self.printed_frameworks(program, options)
        return documents.curriculum_document(
            program,
            chosen,
            drafts=drafts,
            as_of=as_of,
            scope=options.get("scope") or "required",
            electives=options.get("electives") or (),
        )

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

"""A program's aligned curriculum: its courses by term, aligned to the chosen frameworks."""

from __future__ import annotations

from flask import url_for

from curriculum.courses import services as courses
from curriculum.courses.models import Program
from curriculum.exports import documents, filenames
from curriculum.exports.kinds import Kind, register


class Curriculum(Kind):
    name = "curriculum"
    noun, plural, model, relation = "program", "programs", Program, "program"
    template = "exports/curriculum.html"
    label = "Aligned curriculum"
    summary = "Ask for the program's aligned curriculum as PDF (signed in; drafts need a role)."

    def load(self, subject_id):
        return courses.get_program(subject_id)

    def frameworks(self, program):
        return list(program.frameworks)

    def printed_frameworks(self, program, options):
        wanted = set(options.get("frameworks", []))
        return [f for f in program.frameworks if f.id in wanted]

    def gather(self, program, options, *, drafts, as_of):
        chosen = self.printed_frameworks(program, options)
        return documents.curriculum_document(program, chosen, drafts=drafts, as_of=as_of)

    def titles(self, program):
        return {
            "doc_title": program.name,
            "doc_org": program.organization.name,
            "doc_subject": f"The courses of {program.name} aligned to skill standards",
        }

    def filename_words(self, program):
        return [*filenames.program_words(program), "curriculum"]

    def subject_name(self, program):
        return f"{program.name} {program.catalog_year}"

    def subject_url(self, program):
        return url_for("courses.program", program_id=program.id)


register(Curriculum())

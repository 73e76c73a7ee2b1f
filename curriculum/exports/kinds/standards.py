"""A framework's skill standards, in the usual layout."""

from __future__ import annotations

from datetime import date

from flask import has_request_context, url_for
from flask_login import current_user

from curriculum import access
from curriculum.exports import documents
from curriculum.exports.kinds import Kind, register
from curriculum.exports.word.standards import StandardsWriter
from curriculum.extensions import db
from curriculum.needs import gaps as needs_gaps
from curriculum.needs.models import NeedsSurvey
from curriculum.standards import tree
from curriculum.standards.models import Framework


class Standards(Kind):
    name = "standards"
    noun, plural, model, relation = "framework", "frameworks", Framework, "framework"
    template = "exports/standards.html"
    label = "Skill standards"
    summary = (
        "Ask for the framework's skill standards as PDF or Word (signed in; drafts need a role)."
    )
    formats = ("pdf", "docx")
    word = StandardsWriter()

    def load(self, subject_id: int) -> Framework:
        return tree.get_framework(subject_id)

    def printed_frameworks(self, framework: Framework, options: dict) -> list[Framework]:
        return [framework]

    def more_options(self, framework: Framework, data: dict) -> dict:
        """{"needs": survey id} when the exporter may see the results of the framework's latest
        closed survey (`view_results`): the document then prints its "Training needs"."""
        if not has_request_context():
            return {}
        survey = needs_gaps.latest_closed(framework)
        if survey is None or not access.can(current_user, "view_results", survey):
            return {}
        return {"needs": survey.id}

    def gather(
        self, framework: Framework, options: dict, *, drafts: bool, as_of: date | None
    ) -> documents.StandardsDocument:
        doc = documents.standards_document(framework, drafts=drafts, as_of=as_of)
        survey = db.session.get(NeedsSurvey, options["needs"]) if options.get("needs") else None
        if survey is not None and survey.framework_id == framework.id:
            doc.needs = documents.training_needs(survey, doc)
        return doc

    def titles(self, framework: Framework) -> dict:
        return {
            "doc_title": framework.title,
            "doc_org": framework.partnership.name,
            "doc_subject": f"The skill standards of {framework.title}",
        }

    def filename_words(self, framework: Framework) -> list[str]:
        return [framework.title, "standards"]

    def subject_url(self, framework: Framework) -> str:
        return url_for("standards.framework", framework_id=framework.id)


register(Standards())

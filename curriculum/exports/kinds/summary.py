"""A partnership's one-page summary for its board and funders: the dashboard's figures on one
printed page (counts under 5 suppressed, as everywhere)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import render_template, url_for

from curriculum import access
from curriculum.access import Reader
from curriculum.dashboard import figures
from curriculum.dashboard.services import dashboard
from curriculum.exports.kinds import Kind, register
from curriculum.partnerships.models import Partnership
from curriculum.partnerships.services import get_partnership


class Summary(Kind):
    name = "summary"
    noun, plural, model, relation = "partnership", "partnerships", Partnership, "partnership"
    template = "exports/summary.html"
    form_template = "exports/new_summary.html"
    label = "One-page summary"
    summary = (
        "Ask for the partnership's one-page summary as PDF: its dashboard's figures for the "
        "board and funders (members of the partnership)."
    )
    options = ()  # it prints the figures as they stand

    def load(self, subject_id: int) -> Partnership:
        return get_partnership(subject_id)

    def partnership(self, partnership: Partnership) -> Partnership:
        return partnership

    def require(self, user: Reader, partnership: Partnership) -> None:
        access.require(user, "view_dashboard", partnership)

    def sees_drafts(self, user: Reader, partnership: Partnership) -> bool:
        return False  # it prints counts, never a draft's text

    def gather(
        self, partnership: Partnership, options: dict, *, drafts: bool, as_of: date | None
    ) -> Any:
        board = dashboard(partnership)
        return {"board": board, "charts": figures.charts(board)}

    def html(
        self, partnership: Partnership, options: dict, exported_on: str, doc: Any = None
    ) -> str:
        doc = self.gathered(partnership, options) if doc is None else doc
        return render_template(
            self.template,
            doc=doc,
            doc_kind=self.label,
            exported_on=exported_on,
            drafts=False,
            **self.titles(partnership),
        )

    def options_label(self, options: dict) -> str:
        return "the figures as they stand"

    def titles(self, partnership: Partnership) -> dict:
        return {
            "doc_title": f"{partnership.name}: summary",
            "doc_org": partnership.name,
            "doc_subject": f"The figures of {partnership.name} for its board and funders",
        }

    def subject_name(self, partnership: Partnership) -> str:
        return partnership.name

    def filename_words(self, partnership: Partnership) -> list[str]:
        return [partnership.name, "summary"]

    def subject_url(self, partnership: Partnership) -> str:
        return url_for("dashboard.page", partnership_id=partnership.id)


register(Summary())

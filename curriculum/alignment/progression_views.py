"""The progression check of a program against one of its frameworks: the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import Blueprint, render_template, request
from flask_login import current_user

from curriculum import access, params
from curriculum.alignment import coverage, progression
from curriculum.courses.services import get_program

bp = Blueprint("progression", __name__)

PER_PAGE = 100
T = TypeVar("T")


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a list held in memory, shaped as the `pager` macro reads it."""

    items: list[T]
    page: int
    pages: int
    total: int

    @classmethod
    def of(cls, found: list[T], page: int, per_page: int = PER_PAGE) -> ListPage[T]:
        pages = max(1, -(-len(found) // per_page))
        start = (page - 1) * per_page
        return cls(found[start : start + per_page], page, pages, len(found))

    @property
    def has_prev(self) -> bool:
        return 1 < self.page <= self.pages + 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@bp.get("/programs/<int:program_id>/progression")
def page(program_id: int):
    """For each assessed standard, the terms the required path introduces, reinforces and
    masters it in, and the problems in that order (?flag=, ?function=, ?q= filter them)."""
    program = get_program(program_id)
    if not program.frameworks:
        return render_template(
            "alignment/progression.html",
            program=program,
            check=None,
            can_edit=access.can(current_user, "edit", program),
        )
    framework = coverage.framework_of(program, params.integer("framework"))
    drafts = access.sees_drafts(current_user, program.partnership)
    flag = request.args.get("flag", "").strip() or None
    function_id = params.integer("function")
    q = params.search_text()
    check = progression.check(program, framework, drafts=drafts)
    found = check.select(flag, function_id, q)
    return render_template(
        "alignment/progression.html",
        program=program,
        check=check,
        flag=flag,
        function_id=function_id,
        q=q,
        filtered=bool(flag or function_id or q),
        page=ListPage.of(found, params.page()),
        counts=check.counts,
    )

"""The search's answer: the page of hits a reader may see, with how many there are."""

from __future__ import annotations

from pydantic import Field

from curriculum.api.schemas.base import Response


class SearchHit(Response):
    """One thing found, and where it is read."""

    kind: str = Field(
        description="standard, framework, course, outcome, program, ladder_step or organization."
    )
    id: int = Field(description="The id of the standard, framework, course … found.")
    code: str = Field(description="Its code (a standard's, a course's …), or empty.")
    title: str
    status: str = Field(
        description="A standard's version status as the reader sees it, a ladder step's "
        "ladder's status; empty for other kinds."
    )
    partnership_id: int | None
    framework_id: int | None
    url: str = Field(description="The path of its page in the app.")
    title_html: str = Field(
        description="The title as HTML: the text escaped, the matching words in <mark>."
    )
    snippet_html: str = Field(
        description="Part of its text around the first match, escaped, matches in <mark>."
    )
    score: float = Field(
        description="How well it matches (higher is better; compare within one answer only)."
    )


class SearchResults(Response):
    """A page of hits, best first."""

    q: str
    items: list[SearchHit]
    total: int = Field(description="How many hits in all (every page).")
    page: int
    pages: int
    by_kind: dict[str, int] = Field(description="How many hits of each kind (every page).")

"""GET /api/v1/search: the search page's results and rules, as JSON."""

from flask_login import current_user

from curriculum import params
from curriculum.api.schemas.search import SearchHit, SearchResults
from curriculum.api.views import bp
from curriculum.search import services
from curriculum.search.views import read_filters


@bp.get("/search")
def search():
    """Standards, frameworks, courses, outcomes, programs, ladder steps and organizations
    matching `q` that the caller may see (drafts only for those who see them), best first."""
    text = params.search_text()
    results = services.search(current_user, text, read_filters(), params.page())
    return SearchResults(
        q=text,
        items=[
            SearchHit(
                kind=h.kind,
                id=h.object_id,
                code=h.code,
                title=h.title,
                status=h.status,
                partnership_id=h.partnership_id,
                framework_id=h.framework_id,
                url=h.url,
                title_html=str(h.title_html),
                snippet_html=str(h.snippet_html),
                score=h.score,
            )
            for h in results.hits
        ],
        total=results.total,
        page=results.page,
        pages=results.pages,
        by_kind=results.by_kind,
    ).send()

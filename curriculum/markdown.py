"""Markdown to safe HTML: the one place user text becomes markup."""

import threading

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render(text: str | None) -> Markup:
    """Render Markdown to HTML and sanitise it (no scripts, handlers, styles or unsafe links)."""
    if not text:
        return Markup("")
    html = _converter().reset().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)


_local = threading.local()


def _converter() -> md.Markdown:
    """This thread's Markdown converter: building one (its extensions, their patterns) costs
    twice the conversion of a statement, so each thread keeps one and resets it between texts
    (`reset()` clears what a text leaves behind: footnotes, abbreviations, stashed HTML). An
    instance is not safe to share between threads."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = md.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        _local.converter = converter
    return converter

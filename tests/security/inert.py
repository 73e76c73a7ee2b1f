"""Is a page inert? Parsed with html.parser, as markup, not searched as text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements user text must never become (the app's own pages use none of them except as noted).
FORBIDDEN_TAGS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base", "style"}
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
# The app's own drawings, rendered on the server with every text escaped: the career ladder
# diagram (curriculum/ladders/diagram.py) is an <svg class="ladder-diagram" role="img">.
OWN_SVG = {"class": "ladder-diagram", "role": "img"}


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)
        self.in_script = False

    def _element(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            self.in_script = True
            if not (values.get("src") or "").startswith("/static/"):
                self.problems.append(f"<script> not from /static/: {attrs}")
        own_svg = tag == "svg" and all(values.get(k) == v for k, v in OWN_SVG.items())
        if tag in FORBIDDEN_TAGS and not own_svg:
            self.problems.append(f"<{tag}> element: {attrs}")
        if tag == "link" and not (values.get("href") or "").startswith("/static/"):
            self.problems.append(f"<link> not from /static/: {attrs}")
        if tag == "meta" and "http-equiv" in values:
            self.problems.append(f"<meta http-equiv>: {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>: an event handler")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>: an inline style")
            if name in URL_ATTRIBUTES and _scheme_is_dangerous(value or ""):
                self.problems.append(f"<{tag} {name}={value!r}>: a script URL")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append(f"inline script: {data[:80]!r}")


def _scheme_is_dangerous(url: str) -> bool:
    """As the URL standard reads it: leading and trailing controls and spaces are trimmed, and
    tabs and newlines anywhere are dropped (so "java\tscript:" is "javascript:")."""
    squeezed = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21))))).lower()
    return squeezed.startswith(DANGEROUS_SCHEMES)


def problems(html: str) -> list[str]:
    """What in the page could run script (empty when the page is inert)."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems

"""Page furniture every template shares: breadcrumbs, and forms placed where HTML lets them be."""

import re
from pathlib import Path

from curriculum.standards import tree

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_no_template_puts_a_form_inside_a_paragraph():
    """A <form> closes an open <p> as the page is parsed, so its button leaves the row it was
    written in (the framework page's 'Renumber codes' sat 16 px below the other buttons)."""
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for p in re.finditer(r"<p\b[^>]*>(.*?)</p>", text, re.S):
            if re.search(r"<form\b|post_button\(", p.group(1)):
                found.append(
                    f"{path.relative_to(TEMPLATES)}:{text[: p.start()].count(chr(10)) + 1}"
                )
    assert found == []


def _crumbs(html: str) -> str:
    match = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.S)
    assert match, "no breadcrumbs"
    return match.group(1)


def test_breadcrumbs_have_no_dangling_separator_and_the_framework_form_has_them(
    client, login_as, partnership, db
):
    framework = tree.create_framework(partnership, {"title": "Production", "coding_prefix": "P"})
    cwf = tree.add_standard(framework, None, "critical_work_function", "Safety")
    db.session.commit()
    login_as("convener")
    for url in (
        f"/partnerships/{partnership.id}",
        f"/frameworks/{framework.id}",
        f"/standards/{cwf.id}",
        f"/standards/{cwf.id}/history",
        f"/frameworks/{framework.id}/edit",
    ):
        crumbs = _crumbs(client.get(url).text)
        assert "›" not in crumbs, url  # the stylesheet draws separators between items only
        assert crumbs.count("<li>") >= 1
    new = _crumbs(client.get(f"/partnerships/{partnership.id}/frameworks/new").text)
    assert f">{partnership.name}</a>" in new and ">Frameworks</a>" in new

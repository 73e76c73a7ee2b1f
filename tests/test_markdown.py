"""The one Markdown renderer keeps formatting and removes everything that could run."""

import re
import threading

import pytest

from curriculum.markdown import render

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(\'xss\')">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="expression(alert(1))">x</p>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<base href="javascript:alert(1)//">',
    '<video><source onerror="alert(1)"></video>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "`<script>alert(1)</script>` and <b onmouseover=alert(1)>bold</b>",
    '<table><tr><td background="javascript:alert(1)">x</td></tr></table>',
]


def _assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered and "<object" not in lowered and "<embed" not in lowered
    assert "<style" not in lowered and "<meta" not in lowered and "<base" not in lowered
    assert "<svg" not in lowered and "<form" not in lowered and "<input" not in lowered
    assert not re.search(r"<[^>]+\son\w+\s*=", lowered), html
    assert not re.search(r"<[^>]+style\s*=", lowered), html
    for scheme in ("javascript:", "vbscript:", "data:"):
        assert not re.search(rf"(href|src|action|background)\s*=\s*[\"']?\s*{scheme}", lowered), (
            html
        )


def test_there_are_at_least_twenty_payloads():
    assert len(XSS_PAYLOADS) >= 20


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_is_rendered_inert(payload):
    _assert_inert(str(render(payload)))
    _assert_inert(str(render(f"Some **text** before\n\n{payload}\n\nand after")))


def test_markdown_formatting_survives():
    html = str(render("# Title\n\n**bold** _it_ `code`\n\n- a\n- b\n\n[site](https://example.org)"))
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html and "<code>code</code>" in html
    assert "<li>a</li>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">site</a>' in html


def test_tables_are_kept():
    html = str(render("| a | b |\n|---|---|\n| 1 | 2 |"))
    assert "<table>" in html and "<td>1</td>" in html


def test_empty_text_renders_nothing():
    assert render(None) == "" and render("") == ""


def test_every_markdown_field_on_a_page_goes_through_the_sanitiser(client, factory, login_as, db):
    """A partnership description with a payload shows inert on its page."""
    partnership = factory.partnership(name="Payload Partnership")
    partnership.description = (
        "<img src=x onerror=alert(1)>[x](javascript:alert(1))<script>bad()</script>"
    )
    org = factory.organization(name="Payload Org")
    org.description = "<svg onload=alert(1)>"
    db.session.commit()
    for url in (f"/partnerships/{partnership.id}", f"/organizations/{org.id}"):
        page = client.get(url).text
        main = page[page.index("<main") : page.index("</main>")]
        _assert_inert(main)
        assert "bad()" not in main


def _in_a_new_thread(texts: list[str]) -> list[str]:
    """render() of each text in a thread of its own (so with a converter of its own)."""
    out: list[str] = []
    for text in texts:
        worker = threading.Thread(target=lambda t=text: out.append(str(render(t))))
        worker.start()
        worker.join()
    return out


def test_a_text_renders_the_same_whatever_was_rendered_before_it_in_the_thread():
    """Each thread reuses one converter: nothing a text defines (footnotes, abbreviations,
    reference links) carries over to the next."""
    texts = [
        "Uses HTML[^1] daily.\n\n[^1]: a note\n\n*[HTML]: Hyper Text Markup Language",
        "HTML again, and a footnote reference[^1] left undefined.",
        "[ref][r] is defined here.\n\n[r]: https://example.org",
        '[ref][r] is not.\n\n<div markdown="1">*inside*</div>\n\nTerm\n:   definition',
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```",
        "Second[^n]\n\n[^n]: numbered from one again",
    ]
    alone = _in_a_new_thread(texts)
    assert "<abbr" in alone[0] and "<abbr" not in alone[1] and 'href="#fn:1"' not in alone[1]
    assert 'href="https://example.org"' in alone[2] and "https://example.org" not in alone[3]
    assert [str(render(t)) for t in texts] == alone
    assert [str(render(t)) for t in reversed(texts)] == alone[::-1]
    assert [str(render(t)) for t in texts] == alone

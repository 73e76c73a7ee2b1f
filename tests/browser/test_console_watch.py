"""The console watch every browser test relies on: it sees script errors and CSP refusals."""

import pytest

pytestmark = pytest.mark.browser


def test_console_watch_catches_page_errors_and_csp_refusals(page, console):
    page.goto("/")
    page.evaluate("() => setTimeout(() => { throw new Error('boom from a test'); })")
    page.evaluate(  # an inline script, as a template might add one: the CSP refuses it
        """() => {
            const script = document.createElement('script');
            script.textContent = "document.title = 'inline';";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.title() != "inline"
    assert any("page error" in e and "boom from a test" in e for e in console.errors)
    assert any("Content Security Policy" in e for e in console.errors), console.errors
    console.errors.clear()  # seen on purpose: the teardown check must not fail this test

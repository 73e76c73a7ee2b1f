"""HTML to PDF with WeasyPrint, in a child process so that a render can be stopped.

WeasyPrint cannot be interrupted inside a thread, so each render runs in a forked child process
(WeasyPrint is imported before the fork, so a render pays no import cost). The child touches no
database connection or lock of the parent: it gets the HTML, returns the PDF. The child reports
WeasyPrint's progress steps ("Step 5 - Creating layout - Page 37") through a pipe; the parent
kills it when it runs past the time limit.

The child's URL fetcher serves only the app's own static files (`STATIC_ORIGIN/static/...`);
every other URL (http, https, file, data, ...) is refused and listed in the result.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext

    from weasyprint.urls import URLFetcher, URLFetcherResponse

# The origin documents are rendered under: <link href="/static/css/print.css"> resolves to it.
STATIC_ORIGIN = "https://curriculum.internal"
_PAGE = re.compile(r"Page (\d+)")
# Tagged PDF/UA-1: a structure tree (headings, lists, tables with header cells) in reading
# order; the document's language and title (<html lang>, <title>) go in its metadata.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


class RenderError(Exception):
    """The render failed or ran too long; the message says which, for the person waiting."""


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    refused: list[str] = field(default_factory=list)  # URLs the fetcher would not fetch


def static_fetcher(static_dir: Path, refused: list[str]) -> URLFetcher:
    """A WeasyPrint URL fetcher limited to files under `static_dir`, served at /static/."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = static_dir.resolve()
    prefix = f"{STATIC_ORIGIN}/static/"

    class StaticOnly(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            path = None
            if url.startswith(prefix):
                candidate = (root / url[len(prefix) :].split("?")[0].split("#")[0]).resolve()
                if candidate.is_relative_to(root) and candidate.is_file():
                    path = candidate
            if path is None:
                refused.append(url)
                raise ValueError(f"Exports may use only the app's own static files, not {url}")
            mime = {".css": "text/css", ".svg": "image/svg+xml"}.get(path.suffix)
            headers = {"Content-Type": mime} if mime else {}
            return URLFetcherResponse(url, path.read_bytes(), headers)

    return StaticOnly(allowed_protocols={"https"})


def render_here(
    html: str, static_dir: Path, report: Callable[[str], None] | None = None
) -> Rendered:
    """Render in this process (the child, and the benchmark's floor). Returns `Rendered`."""
    import weasyprint

    refused: list[str] = []
    handler = None
    progress = logging.getLogger("weasyprint.progress")
    propagate, disabled = progress.propagate, progress.disabled
    if report is not None:
        handler = _ReportHandler(report)
        progress.addHandler(handler)
        progress.setLevel(logging.INFO)
        progress.propagate = False  # to the parent only, not to the log
        # A logging.config.fileConfig() in this process (Alembic's env.py, when migrations run
        # in-process) disables the loggers that existed then; the report still needs this one.
        progress.disabled = False
    try:
        document = weasyprint.HTML(
            string=html,
            base_url=f"{STATIC_ORIGIN}/",
            url_fetcher=static_fetcher(static_dir, refused),
        ).render()
        pdf = document.write_pdf(**PDF_OPTIONS)
        return Rendered(pdf, len(document.pages), refused)
    finally:
        if handler is not None:
            progress.removeHandler(handler)
            progress.propagate, progress.disabled = propagate, disabled


class _ReportHandler(logging.Handler):
    def __init__(self, report: Callable[[str], None]):
        super().__init__(logging.INFO)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        self.report(record.getMessage())


def _child(connection: Connection, html: str, static_dir: str) -> None:
    try:
        rendered = render_here(html, Path(static_dir), lambda step: connection.send(("step", step)))
        connection.send(("done", rendered.pdf, rendered.pages, rendered.refused))
    except Exception as exc:  # reported to the parent, which fails the job with it
        connection.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


def _process_context() -> ForkContext:
    import weasyprint  # noqa: F401  (imported once here, inherited by every child)

    return multiprocessing.get_context("fork")


def render_pdf(
    html: str,
    static_dir: Path,
    *,
    timeout: float,
    on_step: Callable[[str, int | None], None] | None = None,
) -> Rendered:
    """Render `html` to PDF in a child process; RenderError when it fails or takes > timeout s.

    `on_step(step, page)` is called with WeasyPrint's progress messages (page: the page being
    laid out, when the step names one).
    """
    ctx = _process_context()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, html, str(static_dir)), daemon=True)
    deadline = time.monotonic() + timeout
    process.start()
    sender.close()
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RenderError(
                    f"The document took longer than {timeout:g} seconds to typeset and was "
                    "stopped. Export fewer frameworks or courses at once, or ask an "
                    "administrator to raise EXPORT_TIMEOUT."
                )
            if not receiver.poll(min(remaining, 0.25)):
                if not process.is_alive() and not receiver.poll(0):
                    raise RenderError("The typesetting process stopped without an answer.")
                continue
            try:
                message = receiver.recv()
            except EOFError:
                raise RenderError("The typesetting process stopped without an answer.") from None
            if message[0] == "step":
                if on_step is not None:
                    page = _PAGE.search(message[1])
                    on_step(message[1], int(page.group(1)) if page else None)
            elif message[0] == "done":
                return Rendered(message[1], message[2], message[3])
            else:
                raise RenderError(f"Typesetting failed: {message[1]}")
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)

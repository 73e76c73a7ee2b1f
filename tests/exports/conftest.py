"""Export fixtures: the alignment tests' small world, and PDF readers."""

from __future__ import annotations

import io

import pypdf
import pytest

from curriculum.exports import services
from curriculum.exports.models import ExportKind
from tests.alignment.conftest import world  # noqa: F401 (a fixture)
from tests.api.conftest import api_as, token_for  # noqa: F401 (fixtures)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def last_lines(pdf: bytes, footer: float = 50) -> list[str]:
    """Per page, the text lowest on the page above the footer (y > `footer` points)."""
    found = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        pieces: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and y > footer:
                pieces.append((y, text.strip()))

        page.extract_text(visitor_text=visit)
        found.append(min(pieces)[1] if pieces else "")
    return found


def outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def structure(pdf: bytes) -> list[tuple[str, int]]:
    """Every structure element's tag (no slash) with its depth, in the structure tree's order
    (the order assistive technology reads)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, int]] = []

    def walk(node, depth):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid, depth)
        elif isinstance(node, dict) and "/S" in node:
            found.append((str(node["/S"])[1:], depth))
            if "/K" in node:
                walk(node["/K"], depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], 0)
    return found


@pytest.fixture
def export(db):
    """export(subject, user, **options) -> the finished job (rendered inline)."""

    def run(subject, user, **options):
        kind = ExportKind.STANDARDS if hasattr(subject, "standards") else ExportKind.CURRICULUM
        job = services.request_export(kind, subject, user, options)
        db.session.refresh(job)
        return job

    return run

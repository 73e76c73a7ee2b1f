"""The file formats a document can be exported in: what forms, pages and the API call them,
their file extension and the download's content type. A kind lists the ones it offers
(`Kind.formats`); typesetting.py makes each one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str  # stored on jobs and sent in the API ("pdf")
    label: str  # on the form, the job page and the recent exports ("PDF")
    extension: str  # of the download's file name (filenames.download_name)
    mimetype: str


PDF = Format("pdf", "PDF", "pdf", "application/pdf")
DOCX = Format(
    "docx",
    "Word",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
FORMATS = {f.name: f for f in (PDF, DOCX)}
DEFAULT_FORMAT = PDF.name


def get(name: str) -> Format:
    return FORMATS[name]

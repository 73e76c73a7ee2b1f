"""Files sent as downloads: the attachment header, CSV written and sent row by row, and a file
written to a temporary file first, then sent from it in chunks.

A streamed answer has sent its status once the first byte is out: whoever calls these checks
the request (ids, access, query) and loads what the file shows before, so that a refusal is
still a 400/404 with its message. Only the formatting happens while the file is sent.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO

from flask import Response, request, stream_with_context
from werkzeug.wsgi import wrap_file

from curriculum.interop.spreadsheet_cells import CSV_TYPE

BOM = "\ufeff"  # first in every CSV file, so Excel reads it as UTF-8
CHUNK = 64 * 1024  # sent at a time: characters of CSV, bytes of a file

Row = Sequence[object]


def csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    """The byte-order mark, then each row as one CSV line ending in CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield BOM
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_bytes(rows: Iterable[Row]) -> bytes:
    """The whole CSV file at once (for files small enough to hold, and for tests)."""
    return "".join(csv_lines(rows)).encode("utf-8")


def chunks(lines: Iterable[str], size: int = CHUNK) -> Iterator[bytes]:
    """The lines encoded as UTF-8, gathered into pieces of about `size` characters."""
    pending: list[str] = []
    length = 0
    for line in lines:
        pending.append(line)
        length += len(line)
        if length >= size:
            yield "".join(pending).encode("utf-8")
            pending, length = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def attachment(response: Response, name: str) -> Response:
    """The response as a download named `name`."""
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def csv_response(rows: Iterable[Row], name: str) -> Response:
    """The rows as a CSV attachment, sent while they are written. The request's context is
    back while they are (`current_user`, `g`), but not its database session: it is closed
    when the view returns, so the rows are made of what was loaded before (an attribute not
    loaded would fail, detached; tests use the `queries_while_streaming` fixture)."""
    # content_type, not mimetype: Werkzeug would append a second "; charset=utf-8".
    body = stream_with_context(chunks(csv_lines(rows)))
    return attachment(Response(body, content_type=CSV_TYPE), name)


def file_response(write: Callable[[IO[bytes]], None], content_type: str, name: str) -> Response:
    """What `write` writes into a temporary file, sent from that file in chunks as an
    attachment; the file is deleted once sent (or if `write` fails)."""
    # Not a `with`: the response closes the file once it is sent.
    spool = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        write(spool)
        size = spool.tell()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    body = wrap_file(request.environ, spool, CHUNK)  # closed (so deleted) with the response
    response = Response(body, content_type=content_type, direct_passthrough=True)
    response.content_length = size
    return attachment(response, name)

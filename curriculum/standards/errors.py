"""The standards feature's error, and the guard every change of a standard passes first.

Kept apart from services.py so that review.py and comments.py (which services.py re-exports
at its end) import no module that imports them back.
"""

from __future__ import annotations

from curriculum.errors import Conflict, DomainError
from curriculum.standards.models import Standard


class StandardError(DomainError):
    """Bad input for a standard."""


def require_active(standard: Standard) -> None:
    """A retired standard changes only once restored."""
    if standard.retired_at is not None:
        raise Conflict(f"{standard.code} is retired. Restore it before changing it.")

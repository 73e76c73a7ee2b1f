"""The audit call for a change to a standard, in one place."""

from __future__ import annotations

from typing import Any

from curriculum.audit.services import record
from curriculum.standards.models import Standard


def log_change(standard: Standard, action: str, summary: str, **details: Any) -> None:
    """Record `action` about the standard in its partnership's log."""
    record(
        action,
        obj=standard,
        partnership=standard.framework.partnership,
        summary=summary,
        **details,
    )

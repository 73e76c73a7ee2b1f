"""Course tests share the alignment tests' small world."""

from tests.alignment.conftest import world  # noqa: F401

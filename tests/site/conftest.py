"""Site tests: the faculty home page uses the alignment tests' small world."""

from tests.alignment.conftest import world  # noqa: F401

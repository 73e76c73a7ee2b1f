"""Every entry point imports on its own: no module needs another to have been imported first.

The test session imports the app in one order; a command, a worker or a script may start from
another. Each check runs in a fresh interpreter.
"""

import subprocess
import sys

import pytest

ENTRY_MODULES = [
    "wsgi",
    "curriculum.standards.review",
    "curriculum.standards.comments",
    "curriculum.standards.tree",
    "curriculum.releases.services",
    "curriculum.releases.notices",
    "curriculum.workqueue.services",
    "curriculum.notifications.events",
    "curriculum.mail.sending",
    "curriculum.interop.engine",
    "curriculum.exports.typesetting",
]


@pytest.mark.parametrize("module", ENTRY_MODULES)
def test_module_imports_first(module):
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]

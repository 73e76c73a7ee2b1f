"""gunicorn.conf.py tunes Python's garbage collector in each worker once the app is loaded
(issue 18): gc.freeze() and a higher generation-0 threshold; GUNICORN_GC_TUNING=0 leaves
Python's defaults."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# In a process of its own (a frozen collector would stay frozen in the test run): gunicorn
# reads the file as it does at start-up (its hooks are checked), then a worker's hook runs.
PROBE = """
import gc, json, runpy
from gunicorn.config import Config
cfg = Config()
for name, value in runpy.run_path("gunicorn.conf.py").items():
    if name in cfg.settings:
        cfg.set(name, value)
before = gc.get_threshold()
cfg.post_worker_init(None)
print(json.dumps({"before": before, "after": gc.get_threshold(), "frozen": gc.get_freeze_count()}))
"""


def probe(**env: str) -> dict:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_a_worker_freezes_what_it_loaded_and_collects_less_often():
    found = probe()
    assert found["before"] == [700, 10, 10]
    assert found["after"] == [50_000, 10, 10]
    assert found["frozen"] > 10_000  # the modules and the configuration loaded so far


def test_the_threshold_is_set_from_the_environment_and_the_tuning_can_be_turned_off():
    assert probe(GUNICORN_GC_GEN0="20000")["after"] == [20_000, 10, 10]
    untouched = probe(GUNICORN_GC_TUNING="0")
    assert untouched["after"] == [700, 10, 10] and untouched["frozen"] == 0

"""Serving the app as deployed, for the load and slow-client benchmarks: a free port, gunicorn with
gunicorn.conf.py until a block ends, and stopping a process gracefully."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, grace: float = 20) -> None:
    """SIGTERM (gunicorn and locust both stop gracefully on it), SIGKILL after `grace` seconds."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def gunicorn(env: dict, port: int, log: Path, extra: list[str] | tuple[str, ...] = ()):
    """Serve wsgi:app as deployed (gunicorn.conf.py, with `extra` options over it) until the
    block ends, however it ends."""
    cmd = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")]
    cmd += ["wsgi:app", f"--bind=127.0.0.1:{port}", f"--error-logfile={log}", *extra]
    # A session of its own: Ctrl-C reaches this script only, which then stops gunicorn.
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                sys.exit(f"gunicorn exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("gunicorn did not answer /healthz within 30 s.")
                time.sleep(0.2)
        yield proc
    finally:
        stop(proc)
        print(f"gunicorn stopped (exit status {proc.returncode}).")

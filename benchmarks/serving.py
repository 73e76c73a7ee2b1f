"""Serving the app as deployed, for the page, load and slow-client benchmarks: a free port,
gunicorn with gunicorn.conf.py until a block ends, stopping a process gracefully, signing in
through the login form, and what gunicorn's processes use (CPU time, each worker's memory)."""

from __future__ import annotations

import contextlib
import http.client
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


# --- What gunicorn's processes use (psutil: the bench extras; slow_clients.py needs none) -------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of gunicorn's master and its workers."""
    import psutil

    total = 0.0
    master = psutil.Process(pid)
    for proc in [master, *master.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


def worker_pids(pid: int) -> list[int]:
    """gunicorn's workers: the master's children."""
    import psutil

    with contextlib.suppress(psutil.Error):
        return sorted(child.pid for child in psutil.Process(pid).children())
    return []


def rss_mb(pid: int) -> float | None:
    """A process's resident memory (VmRSS of /proc/<pid>/status) in MB; None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) / 1024 if found else None


def worker_memory(pid: int) -> list[tuple[float, float]]:
    """(RSS, USS) in MB of each worker (USS: the pages it does not share)."""
    import psutil

    found = []
    for worker in worker_pids(pid):
        with contextlib.suppress(psutil.Error):
            info = psutil.Process(worker).memory_full_info()
            found.append((info.rss / 2**20, info.uss / 2**20))
    return found


# --- A client ----------------------------------------------------------------------------------


def sign_in(port: int, email: str, password: str) -> str:
    """The session cookie of a user signed in through the login form."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on /login"
    body = urllib.parse.urlencode({"csrf_token": token[1], "email": email, "password": password})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    conn.request("POST", "/login", body, headers)
    response = conn.getresponse()
    response.read()
    assert response.status == 302, f"sign-in answered {response.status}"
    return response.getheader("Set-Cookie", "").split(";")[0]


class Sampler:
    """Calls `read()` every `interval` seconds in a thread while the block runs: `samples` is
    [(time.time(), value)], one taken on entering the block and one on leaving it."""

    def __init__(self, read: Callable[[], Any], interval: float):
        self.read, self.interval = read, interval
        self.samples: list[tuple[float, Any]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _take(self) -> None:
        self.samples.append((time.time(), self.read()))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._take()

    def __enter__(self) -> Sampler:
        self._take()
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self._take()

    def at(self, when: float) -> Any:
        """The value sampled nearest to `when` (a time.time())."""
        return min(self.samples, key=lambda sample: abs(sample[0] - when))[1]

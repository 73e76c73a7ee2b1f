"""The documented deployment (gunicorn.conf.py) holds up: health checks answer while slow
clients trickle requests in, and the sign-in limit is shared by every worker through Redis,
with a warning at start-up when several workers would each count in their own memory."""

from __future__ import annotations

import contextlib
import os
import runpy
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from curriculum.config import ratelimit_storage_uri
from curriculum.extensions import limiter
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "gunicorn.conf.py"
SLOW_CLIENTS = 12
DEADLINE = 2.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthz(port: int, timeout: float) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as response:
        return response.status


@pytest.fixture
def gunicorn(database_url, tmp_path):
    """The app served as the README deploys it: `gunicorn --config gunicorn.conf.py wsgi:app`."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "deployment-test",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "FLASK_DEBUG": "0",
    }
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "REDIS_URL", "GUNICORN_CMD_ARGS"):
        env.pop(name, None)
    log = tmp_path / "gunicorn.log"
    cmd = [sys.executable, "-m", "gunicorn", "--config", str(CONFIG), "wsgi:app"]
    proc = subprocess.Popen(
        [*cmd, f"--error-logfile={log}"], cwd=ROOT, env=env, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                said = log.read_text()[-2000:] if log.exists() else ""
                pytest.fail(f"gunicorn exited with {proc.returncode}:\n{said}")
            try:
                _healthz(port, 1)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start within 30 s"
                time.sleep(0.2)
        yield port, log
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def _slow_clients(port: int, count: int):
    """`count` connections sending a request's headers one line a second, never finishing."""
    sockets = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(count)]
    for s in sockets:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    stop = threading.Event()

    def trickle():
        n = 0
        while not stop.wait(1.0):
            n += 1
            for s in sockets:
                with contextlib.suppress(OSError):
                    s.sendall(f"X-Slow-{n}: {n}\r\n".encode())

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        for s in sockets:
            s.close()


def test_health_checks_answer_while_slow_clients_are_connected(gunicorn):
    port, log = gunicorn
    took, missed = [], []
    with _slow_clients(port, SLOW_CLIENTS):
        time.sleep(1.0)  # every slow connection accepted and being read
        for attempt in range(8):
            started = time.perf_counter()
            try:
                assert _healthz(port, DEADLINE) == 200
                took.append(time.perf_counter() - started)
            except OSError as exc:
                missed.append(f"check {attempt + 1}: {exc}")
            time.sleep(0.5)
    assert not missed, f"{len(missed)} of 8 health checks missed {DEADLINE} s: {missed}"
    assert max(took) < DEADLINE
    assert "Using worker: gthread" in log.read_text()


def _settings() -> dict:
    return runpy.run_path(str(CONFIG))


class _Server:
    """What gunicorn's when_ready hook is given: the arbiter's settings and log."""

    def __init__(self, workers: int):
        self.cfg = type("Cfg", (), {"workers": workers})()
        self.warnings: list[str] = []
        self.log = type("Log", (), {"warning": lambda _self, msg, *a: self.warnings.append(msg)})()


def test_several_workers_counting_in_memory_are_warned_about(monkeypatch):
    settings = _settings()
    assert settings["worker_class"] == "gthread" and settings["threads"] > 1
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    server = _Server(workers=4)
    settings["when_ready"](server)
    assert len(server.warnings) == 1 and "memory://" in server.warnings[0]

    one = _Server(workers=1)
    settings["when_ready"](one)
    assert one.warnings == []  # one process counts every failure itself

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    shared = _Server(workers=4)
    settings["when_ready"](shared)
    assert shared.warnings == []


def test_the_limit_storage_comes_from_the_environment():
    assert ratelimit_storage_uri({}) == "memory://"
    assert ratelimit_storage_uri({"REDIS_URL": "redis://r:6379/0"}) == "redis://r:6379/0"
    both = {"REDIS_URL": "redis://r:6379/0", "RATELIMIT_STORAGE_URI": "redis://l:6379/1"}
    assert ratelimit_storage_uri(both) == "redis://l:6379/1"


def _redis_url() -> str:
    import redis

    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    return url


def test_the_sign_in_limit_is_shared_by_workers_through_redis(make_app, factory, monkeypatch):
    """Two apps, as two worker processes would build them from the same environment (only
    REDIS_URL set): failures counted by one are refused by the other."""
    import redis

    url = _redis_url()
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("REDIS_URL", url)
    prefix = f"test-{uuid.uuid4().hex}"
    # The Limiter is one object for every app of this process and keeps the first app's key
    # prefix; start from none so that this test's own prefix applies.
    monkeypatch.setattr(limiter, "_key_prefix", "")
    user = factory.user()
    try:
        first = make_app(RATELIMIT_KEY_PREFIX=prefix)
        for _ in range(10):
            response = first.test_client().post(
                "/login", data={"email": user.email, "password": "wrong-password"}
            )
            assert response.status_code == 200
        # Building the second app gives the Limiter new storage, as a worker process has its
        # own: with memory:// the count would start again at zero.
        second = make_app(RATELIMIT_KEY_PREFIX=prefix)
        response = second.test_client().post(
            "/login", data={"email": user.email, "password": PASSWORD}
        )
        assert response.status_code == 429
        assert second.test_client().get("/account").status_code == 302  # not signed in
    finally:
        keys = redis.Redis.from_url(url)
        for key in keys.scan_iter(f"*{prefix}*"):
            keys.delete(key)

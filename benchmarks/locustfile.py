"""Locust users for `benchmarks/load.py`: page views and API saves that collide on purpose.

Run by load.py with LOAD_PLAN naming a JSON plan (host, tokens, accounts, ids). Each user
spends 80% of its tasks on pages (framework, standard history, coverage matrix), three users in
four signed in through the login form, and 20% on saving a new version of one of a few hot
standards through the API with a personal token. An editor saves on the version it last saw, as
a person who kept the page open does; when someone else saved first the API answers 409, and
the editor re-reads the standard and retries once. Every save carries a unique marker in its
change note, so load.py can find each one in the database afterwards. `AboutVisitor` is the same
users (same pacing, same share signed in) asking for `/about` only; load.py names the class.

When locust quits, every request (kind, status, time) and every save's outcome are written to
the plan's `results` file.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

import gevent
from locust import HttpUser, between, events, task
from locust.clients import HttpSession

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text()) if "LOAD_PLAN" in os.environ else {}
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TIMEOUT = 60  # seconds; a request slower than this is an error, not a hang

users = itertools.count()
markers = itertools.count()
RESULTS: dict[str, list] = {
    "requests": [],
    "accepted": [],
    "conflicts": [],
    "doubtful": [],
    "exceptions": [],  # raised inside a task (a bug in this file, or a body it cannot read)
}


@events.request.add_listener
def _record(name, response_time, response, exception, start_time, **_kw) -> None:
    status = getattr(response, "status_code", 0) or 0
    RESULTS["requests"].append(
        {
            "name": name,
            "status": status,
            "ms": response_time,
            "start": start_time,
            "end": start_time + response_time / 1000,
            "failed": exception is not None,
            "error": str(exception)[:200] if exception else "",
        }
    )


@events.user_error.add_listener
def _task_error(user_instance, exception, tb, **_kw) -> None:
    RESULTS["exceptions"].append(f"{type(exception).__name__}: {exception}"[:300])


@events.quitting.add_listener
def _write(**_kw) -> None:
    if PLAN:
        with open(PLAN["results"], "w") as out:
            json.dump(RESULTS, out)


class Reader(HttpUser):
    """A user who signs in through the login form (three in four; the rest stay anonymous)."""

    abstract = True
    host = PLAN.get("host")
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.n = next(users)
        if self.n % 4:
            self.sign_in(PLAN["accounts"][self.n % len(PLAN["accounts"])])

    def sign_in(self, email: str) -> None:
        page = self.client.get("/login", name="sign in", timeout=TIMEOUT)
        token = CSRF.search(page.text)
        data = {"email": email, "password": PLAN["password"], "csrf_token": token and token[1]}
        with self.client.post(
            "/login", data=data, name="sign in", catch_response=True, timeout=TIMEOUT
        ) as r:
            if r.url.endswith("/login"):
                r.failure(f"sign-in as {email} failed")


class AboutVisitor(Reader):
    """The same users asking for `/about` only (the layout and no data): the yardstick
    `load.py` compares the mixed load with."""

    @task
    def about(self) -> None:
        self.client.get("/about", name="page: about", timeout=TIMEOUT)


class Visitor(Reader):
    """A reader of pages who also edits standards through the API now and then."""

    def on_start(self) -> None:
        super().on_start()
        self.api = HttpSession(self.host, self.environment.events.request, self)
        self.api.headers["Authorization"] = f"Bearer {PLAN['tokens'][self.n % len(PLAN['tokens'])]}"
        self.known: dict[int, int] = {}  # standard id → the version this editor last saw

    def page(self, url: str, name: str) -> None:
        self.client.get(url, name=name, timeout=TIMEOUT)

    @task(3)
    def framework(self) -> None:
        self.page(f"/frameworks/{random.choice(PLAN['frameworks'])}", "page: framework")

    @task(3)
    def history(self) -> None:
        # Half the time a hot standard, whose history grows while the test runs.
        pool = PLAN["hot"] if random.random() < 0.5 else PLAN["standards"]
        self.page(f"/standards/{random.choice(pool)}/history", "page: history")

    @task(2)
    def coverage(self) -> None:
        self.page(f"/programs/{random.choice(PLAN['programs'])}/coverage", "page: coverage")

    @task(2)
    def save(self) -> None:
        standard = random.choice(PLAN["hot"])
        base = self.known.get(standard)
        if base is None:  # open the standard, then take a moment to edit it
            base = self.read(standard)
            gevent.sleep(random.uniform(0.2, 1.0))
        if base is not None and self.attempt(standard, base, retry=False) == 409:
            base = self.read(standard)
            if base is not None:
                self.attempt(standard, base, retry=True)

    def read(self, standard: int) -> int | None:
        """The standard's current version number, as a client re-reading it sees it."""
        with self.api.get(
            f"/api/v1/standards/{standard}",
            name="api: read",
            catch_response=True,
            timeout=TIMEOUT,
        ) as r:
            if r.status_code != 200:
                r.failure(f"read {standard}: {r.status_code}")
                return None
            return r.json()["current_version"]

    def attempt(self, standard: int, base: int, retry: bool) -> int:
        """POST one save on `base`; returns the status (0 when no response came)."""
        marker = f"load {PLAN['run']} u{self.n} s{next(markers)}"
        body = {
            "base_version": base,
            "statement": f"Edited under load by user {self.n} from version {base} ({marker}).",
            "change_note": marker,
        }
        outcome = {"standard": standard, "base": base, "marker": marker, "retry": retry}
        with self.api.post(
            f"/api/v1/standards/{standard}/versions",
            json=body,
            name="api: save",
            catch_response=True,
            timeout=TIMEOUT,
        ) as r:
            status = r.status_code or 0
            if status == 201:
                number = r.json()["number"]
                self.known[standard] = number
                RESULTS["accepted"].append({**outcome, "number": number})
            elif status == 409:
                r.success()  # expected: someone else saved first
                self.known.pop(standard, None)
                RESULTS["conflicts"].append(outcome)
            else:  # an error; the server may or may not have stored it
                RESULTS["doubtful"].append(outcome)
                r.failure(f"save on {standard}: {status}")
        return status

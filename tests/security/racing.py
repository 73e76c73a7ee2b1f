"""Run steps at the same moment, each in its own thread, app context and database session."""

from __future__ import annotations

import threading

from curriculum.errors import DomainError
from curriculum.extensions import db as _db

REPEATS = 20


def race(app, *steps) -> list:
    """Run the steps together; returns each one's outcome: "ok" or the DomainError's status.

    A step is a generator function: what it does before its first `yield` is what a request
    loads before acting (as a view does); the barrier then releases all steps at once, and the
    rest runs and is committed. Any other exception is returned as itself (the test fails on it).
    """
    barrier = threading.Barrier(len(steps), timeout=30)
    outcomes: list = [None] * len(steps)

    def run(i, step):
        with app.app_context():
            try:
                acting = step()
                next(acting)
                barrier.wait()
                for _ in acting:
                    pass
                _db.session.commit()
                outcomes[i] = "ok"
            except DomainError as exc:
                _db.session.rollback()
                outcomes[i] = exc.status
            except Exception as exc:  # noqa: BLE001 (reported to the test, which fails)
                _db.session.rollback()
                outcomes[i] = exc
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(steps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(o in ("ok", 400, 403, 404, 409, 429) for o in outcomes), outcomes
    return outcomes


def requests_together(app, *calls) -> list:
    """Send requests at the same moment, each from its own signed-in test client.

    A call is (client, method, url, kwargs); returns the responses in order.
    """
    barrier = threading.Barrier(len(calls), timeout=30)
    responses: list = [None] * len(calls)

    def send(i, call):
        client, method, url, kwargs = call
        barrier.wait()
        try:
            responses[i] = getattr(client, method)(url, **kwargs)
        except Exception as exc:  # noqa: BLE001 (reported to the test, which fails)
            responses[i] = exc

    threads = [threading.Thread(target=send, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return responses

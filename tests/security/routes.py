"""The app's routes as the security suite sees them, and a fingerprint of the database."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.routing import Rule as UrlRule

from curriculum.extensions import db

MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def mutating_rules(app) -> list[UrlRule]:
    """Every URL rule accepting a state-changing method, by endpoint."""
    found = [r for r in app.url_map.iter_rules() if r.methods & MUTATING]
    return sorted(found, key=lambda r: (r.endpoint, r.rule))


def rule_of(app, endpoint: str) -> UrlRule:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    assert len(rules) == 1, f"{endpoint}: expected one URL rule, found {len(rules)}"
    return rules[0]


def method_of(url_rule: UrlRule) -> str:
    """The state-changing method of a rule (POST when it also serves GET)."""
    return sorted(url_rule.methods & MUTATING)[0]


def is_api(url_rule: UrlRule) -> bool:
    return url_rule.endpoint.startswith("api.") or url_rule.rule.startswith("/api/")


def build(url_rule: UrlRule, args: dict) -> str:
    """The rule's path with `args` (every parameter must be given: no guessing ids)."""
    missing = set(url_rule.arguments) - set(args)
    assert not missing, f"{url_rule.endpoint}: no value for URL parameters {sorted(missing)}"
    return url_rule.build(args)[1]


_existing: dict[str, set[str]] = {}


def fingerprint() -> tuple[int, ...]:
    """Row counts of every table, in one query: any insert or delete (audited changes add an
    audit event) changes it."""
    url = str(db.engine.url)
    if url not in _existing:
        _existing[url] = set(sa.inspect(db.engine).get_table_names())
    tables = [t for t in db.metadata.sorted_tables if t.name in _existing[url]]
    counts = [sa.select(sa.func.count()).select_from(t).scalar_subquery() for t in tables]
    db.session.expire_all()
    return tuple(db.session.execute(sa.select(*counts)).one())

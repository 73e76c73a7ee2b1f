"""Demo framework: the partnership's Production Technician skill standards and their history.

The content is data, in curriculum/data/demo/standards.json: the framework, its tree (version 1
of every standard: critical work functions hold key activities; a key activity holds
performance indicators and knowledge / skill items with their category; codes follow from the
order, A, A.1, A.1.1, A.1.K1, A.1.S1) and the history each standard goes through after its first
draft (`history` by code; the others take `default_history`, adopted as they are). Steps:

    ["edit", who, {"title"/"statement"/"level": new value}, change note]
    ["review"]                       the current version goes to review
    ["endorse", who, note]           who's organization endorses the current version
    ["publish"]                      the convener publishes the current version
    ["adopt"]                        review, endorsements by the whole panel, publish
    ["comment", who, key, body]      a comment about the current version; `key` names the thread
    ["reply", who, key, body], ["resolve", who, key]

`load()` builds it with the same services the app uses (tree.add_standard,
services.save_version, endorse, publish, comments), so the demo shows real versions,
endorsements, audit events and discussions. Idempotent: once the framework exists, `load()`
adds nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from curriculum.extensions import db
from curriculum.partnerships.models import Partnership
from curriculum.releases import demo as releases_demo
from curriculum.standards import services, tree
from curriculum.standards.models import Framework, Standard, StandardVersion, VersionStatus

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "demo" / "standards.json"
_DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))

CONVENER: str = _DATA["convener"]
PANEL: list[str] = _DATA["panel"]  # the employer panel, who draft the first versions in turn
FRAMEWORK: dict = _DATA["framework"]
TREE: list[dict] = _DATA["tree"]
ADOPT: list[list] = _DATA["default_history"]
HISTORY: dict[str, list[list]] = _DATA["history"]
ENDORSEMENT_NOTES: dict[str, str] = _DATA["endorsement_notes"]


def _current(standard: Standard) -> StandardVersion:
    return services.current_version_of(standard)


def _apply(standard: Standard, steps, users: dict, threads: dict) -> None:
    """Replay one standard's history with the services."""
    for op, *args in steps or ():
        version = _current(standard)
        if op == "edit":
            who, changes, note = args
            content = {**version.content(), **changes}
            services.save_version(
                standard,
                version.number,
                content["title"],
                content["statement"],
                content["level"],
                note,
                users[who],
            )
        elif op == "review":
            services.move_to_review(standard, version)
        elif op == "endorse":
            who, note = args
            services.endorse(standard, version, users[who], note)
        elif op == "publish":
            services.publish(standard, version, users[CONVENER])
        elif op == "adopt":
            if version.status == VersionStatus.DRAFT:
                services.move_to_review(standard, version)
            done = {e.organization_id for e in version.endorsements}
            for who in PANEL:
                if users[who].organization_id not in done:
                    services.endorse(standard, version, users[who], ENDORSEMENT_NOTES[who])
            services.publish(standard, version, users[CONVENER])
        elif op == "comment":
            who, key, body = args
            threads[key] = services.add_comment(standard, users[who], body, version=version)
        elif op == "reply":
            who, key, body = args
            services.add_comment(standard, users[who], body, parent=threads[key])
        elif op == "resolve":
            who, key = args
            services.set_resolved(standard, threads[key], users[who], True)
        else:
            raise ValueError(f"Unknown demo step {op!r}")


def _add(framework, parent, kind, title, author, statement="", level=None, category=None):
    return tree.add_standard(
        framework,
        parent,
        kind,
        title,
        statement,
        level=level,
        author=author,
        category=category,
        change_note="First draft",
    )


def load(partnership: Partnership, users_by_email: dict) -> Framework:
    """Create the Production Technician framework with its history, unless it already exists."""
    framework = db.session.scalar(
        db.select(Framework).where(
            Framework.partnership_id == partnership.id, Framework.title == FRAMEWORK["title"]
        )
    )
    if framework is not None:
        return framework
    users = users_by_email
    framework = tree.create_framework(partnership, FRAMEWORK)
    standards: list[Standard] = []
    # First drafts come from the panel in turn, as they split the work at the kickoff meeting.
    for i, cwf_data in enumerate(TREE):
        author = users[PANEL[i % 3]]
        cwf = _add(
            framework,
            None,
            "critical_work_function",
            cwf_data["title"],
            author,
            cwf_data["statement"],
        )
        standards.append(cwf)
        for j, ka_data in enumerate(cwf_data["activities"]):
            author = users[PANEL[(i + j) % 3]]
            ka = _add(
                framework,
                cwf,
                "key_activity",
                ka_data["title"],
                author,
                ka_data["statement"],
                ka_data.get("level"),
            )
            standards.append(ka)
            for title in ka_data["indicators"]:
                standards.append(_add(framework, ka, "performance_indicator", title, author))
            for kind, key in (("knowledge", "knowledge"), ("skill", "skills")):
                for item in ka_data.get(key, ()):
                    standards.append(
                        _add(framework, ka, kind, item["title"], author, category=item["category"])
                    )
    threads: dict = {}
    # Each history in two parts around the 2026 edition, which stands for each standard's last
    # adoption (curriculum.releases.demo); the 2027 edition is prepared once the demo's
    # courses have had their corrections published.
    parts = {s.id: _around_edition(HISTORY.get(s.code, ADOPT)) for s in standards}
    for standard in standards:
        _apply(standard, parts[standard.id][0], users, threads)
    never_adopted = [s for s in standards if parts[s.id][0] is None]
    releases_demo.publish_first(framework, users, CONVENER, never_adopted)
    for standard in standards:
        _apply(standard, parts[standard.id][1], users, threads)
    return framework


def _around_edition(steps: list[list]) -> tuple[list[list] | None, list[list]]:
    """(the steps before the standard's last adoption, the steps after it), the adoption
    itself being the 2026 edition's; (None, all steps) for a standard never adopted."""
    adoptions = [i for i, (op, *_args) in enumerate(steps) if op in ("adopt", "publish")]
    if not adoptions:
        return None, steps
    last = adoptions[-1]
    return steps[:last], steps[last + 1 :]


__all__ = ["FRAMEWORK", "HISTORY", "TREE", "load"]

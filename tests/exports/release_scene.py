"""Releases for the output tests (PDF, CASE package, API), made through the releases services:
the alignment tests' world (A > A.1 > A.1.1) fixed in a release, endorsed by as many new
employers as the quorum asks, and published."""

from __future__ import annotations

from curriculum.extensions import db
from curriculum.releases import services as releases
from curriculum.releases.models import Release
from curriculum.standards import services as standards


def prepare(w, name: str = "2026 edition", notes: str = "") -> Release:
    """A release of the world's framework in preparation (fixing every standard as it is)."""
    release = releases.prepare_release(w.framework, convener(w), name=name, notes=notes)
    db.session.commit()
    return release


def endorse(w, release: Release, how_many: int | None = None) -> list:
    """Panelists of new employers endorse the release (as many as the quorum by default)."""
    count = w.partnership.endorsement_quorum if how_many is None else how_many
    endorsers = [w.factory.member(w.partnership, "panelist") for _ in range(count)]
    for who in endorsers:
        releases.endorse_release(release, who, note=f"Agreed by {who.display_name}")
    db.session.commit()
    return endorsers


def publish(w, release: Release) -> Release:
    endorse(w, release)
    releases.publish_release(release, convener(w))
    db.session.commit()
    return release


def convener(w):
    if getattr(w, "convener", None) is None:
        w.convener = w.factory.member(w.partnership, "convener")
    return w.convener


def new_version(w, standard, title: str, statement: str) -> None:
    """Save a new version of `standard` (not published)."""
    base = standard.current_version.number
    standards.save_version(standard, base, title, statement, None, "Revised", convener(w))
    db.session.commit()

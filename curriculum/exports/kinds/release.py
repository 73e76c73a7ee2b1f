"""A release of a framework: the skill standards PDF of exactly the versions it fixes."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import url_for
from sqlalchemy.orm import joinedload, selectinload

from curriculum import access
from curriculum.access import Reader
from curriculum.errors import NotFound
from curriculum.exports import documents
from curriculum.exports.kinds import Kind, register
from curriculum.extensions import db
from curriculum.partnerships.models import Partnership
from curriculum.releases.models import Release, ReleaseEndorsement, ReleaseEntry, ReleaseStatus
from curriculum.standards.models import Framework


def is_draft(release: Release) -> bool:
    """A release not (yet) published prints as a draft: every page marked DRAFT."""
    return release.status != ReleaseStatus.PUBLISHED


class ReleaseKind(Kind):
    name = "release"
    noun, plural, model, relation = "release", "releases", Release, "release"
    template = "exports/release.html"
    form_template = "exports/new_release.html"
    label = "Skill standards release"
    summary = (
        "Ask for a release of a framework as PDF: the versions it fixes (whoever may see the "
        "release; one in preparation is marked DRAFT)."
    )
    options = ()  # it prints the versions the release fixes: no drafts, no "as of"

    def load(self, subject_id: int) -> Release:
        release = db.session.scalar(
            db.select(Release)
            .options(
                joinedload(Release.framework).joinedload(Framework.partnership),
                joinedload(Release.published_by),
                selectinload(Release.tree_entries).options(
                    joinedload(ReleaseEntry.standard), joinedload(ReleaseEntry.version)
                ),
                selectinload(Release.endorsements).options(
                    joinedload(ReleaseEndorsement.organization),
                    joinedload(ReleaseEndorsement.user),
                ),
            )
            .where(Release.id == subject_id)
        )
        if release is None:
            raise NotFound()
        return release

    def partnership(self, release: Release) -> Partnership:
        return release.framework.partnership

    def require(self, user: Reader, release: Release) -> None:
        access.require(user, "view", release)

    def gather(
        self, release: Release, options: dict, *, drafts: bool, as_of: date | None
    ) -> documents.StandardsDocument:
        return documents.standards_document(
            release.framework, drafts=is_draft(release), as_of=None, release=release
        )

    def html(self, release: Release, options: dict, exported_on: str, doc: Any = None) -> str:
        return super().html(release, {**options, "drafts": is_draft(release)}, exported_on, doc)

    def options_label(self, options: dict) -> str:
        return "the versions the release fixes"

    def titles(self, release: Release) -> dict:
        framework = release.framework
        return {
            "doc_title": f"{framework.title}: {release.title}",
            "doc_org": framework.partnership.name,
            "doc_subject": f"The skill standards of {framework.title} as {release.title} "
            "fixes them",
        }

    def filename_words(self, release: Release) -> list[str]:
        words = [release.framework.title, f"release {release.number}", release.name]
        return words + (["draft"] if is_draft(release) else [])

    def subject_url(self, release: Release) -> str:
        return url_for("releases.release", release_id=release.id)


register(ReleaseKind())

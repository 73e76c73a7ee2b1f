"""The framework exchange formats the app writes (CASE, CTDL-ASN, RSD, CSV, XLSX): one registry,
and one snapshot of what a reader may see that every writer works from.

A writer registers with `@writer("ctdl", label=…, media_type=…, extension=…)` over a function
of a `Snapshot` returning bytes. The framework page's download links, the API's
`GET /api/v1/frameworks/<id>/<format>` and the CLI all go through `write()`, so a format is
added in one place and every door offers it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import or_

from curriculum.exports.filenames import download_name
from curriculum.extensions import db
from curriculum.interop.models import Association, Definition
from curriculum.releases.diffs import entries_of
from curriculum.releases.fixed import in_tree_order
from curriculum.releases.models import Release, ReleaseEntry, ReleaseStatus
from curriculum.standards.models import Framework, Standard
from curriculum.standards.outline import FullNode, load_full_tree


@dataclass
class Snapshot:
    """What one reader may see of a framework, in tree order (retired standards left out).

    `nodes` follow the one visibility rule of `standards.outline`: with `drafts` False only
    published versions; an unpublished ancestor of published standards is a code-only node
    (`node.shown` None). `associations`: every link whose origin or destination is one of the
    framework's standards, or that the framework's package carried (isChildOf rows included).
    `definitions`: the CASE definitions and rubrics an imported package carried.
    `release`: the release whose fixed versions the nodes are, with `fixed` its entries by
    standard id: writers read a standard's code and parent through `code_of` / `parent_of`,
    which give where the release placed it."""

    framework: Framework
    drafts: bool
    nodes: list[FullNode]
    associations: list[Association]
    definitions: list[Definition]
    release: Release | None = None
    fixed: dict[int, ReleaseEntry] = field(default_factory=dict)

    def code_of(self, standard: Standard) -> str:
        entry = self.fixed.get(standard.id)
        return entry.code if entry is not None else standard.code

    def parent_of(self, standard: Standard) -> int | None:
        entry = self.fixed.get(standard.id)
        return entry.parent_id if entry is not None else standard.parent_id


def snapshot(framework: Framework, *, drafts: bool) -> Snapshot:
    """The framework as a reader with (or without) the right to see drafts sees it."""
    nodes = load_full_tree(framework, drafts=drafts)
    return Snapshot(framework, drafts, nodes, *_stored(framework))


def release_snapshot(release: Release) -> Snapshot:
    """What a release fixes: each standard's fixed version where the release placed it (parent,
    place, code; those it lists as retired left out with everything below them, as a framework
    leaves out its retired standards), the framework's stored links and definitions. Drafts
    unless the release is published (its CFDocument is adopted only then)."""
    entries = entries_of(release, with_absent=True)
    nodes = [FullNode(e.standard, depth, version) for e, depth, version in in_tree_order(entries)]
    drafts = release.status != ReleaseStatus.PUBLISHED
    by_standard = {e.standard_id: e for e in entries}
    return Snapshot(
        release.framework, drafts, nodes, *_stored(release.framework), release, by_standard
    )


def _stored(framework: Framework) -> tuple[list[Association], list[Definition]]:
    """The associations touching the framework's standards (or carried by its package) and its
    definitions."""
    in_framework = db.select(Standard.id).where(Standard.framework_id == framework.id)
    associations = list(
        db.session.scalars(
            db.select(Association)
            .where(
                or_(
                    Association.framework_id == framework.id,
                    Association.origin_id.in_(in_framework),
                    Association.destination_id.in_(in_framework),
                )
            )
            .order_by(Association.id)
        )
    )
    definitions = list(
        db.session.scalars(
            db.select(Definition)
            .where(Definition.framework_id == framework.id)
            .order_by(Definition.kind, Definition.id)
        )
    )
    return associations, definitions


@dataclass(frozen=True)
class Writer:
    name: str  # the format's name in URLs: /api/v1/frameworks/<id>/<name>
    label: str  # how pages name it: "CASE 1.1 package (JSON)"
    media_type: str
    extension: str
    write: Callable[[Snapshot], bytes]


WRITERS: dict[str, Writer] = {}


def writer(
    name: str, *, label: str, media_type: str, extension: str
) -> Callable[[Callable[[Snapshot], bytes]], Callable[[Snapshot], bytes]]:
    """Register the decorated function as the writer of format `name`."""

    def register(write: Callable[[Snapshot], bytes]) -> Callable[[Snapshot], bytes]:
        WRITERS[name] = Writer(name, label, media_type, extension, write)
        return write

    return register


def filename(framework: Framework, name: str) -> str:
    """The download name of a framework written in format `name`."""
    found = WRITERS[name]
    # "…-case-1.0.json", "…-ctdl.json", but "….csv" (never "…-csv.csv").
    words = [framework.title] + ([name] if name != found.extension else [])
    return download_name(words, found.extension)


def write(framework: Framework, name: str, *, drafts: bool) -> bytes:
    """The framework in format `name`, as a reader with (or without) drafts may see it."""
    return WRITERS[name].write(snapshot(framework, drafts=drafts))


def release_filename(release: Release, name: str) -> str:
    """The download name of a release written in format `name`."""
    words = [release.framework.title, f"release {release.number}", name]
    return download_name(words, WRITERS[name].extension)


def write_release(release: Release, name: str) -> bytes:
    """The versions a release fixes, in its tree, in format `name`."""
    return WRITERS[name].write(release_snapshot(release))

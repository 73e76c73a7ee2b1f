"""A release's tree: its entries where the release placed each standard (parent and place), by
the one tree rule of `standards.outline.arrange`. The release's PDF, CASE package and API all
read it here."""

from __future__ import annotations

from collections.abc import Iterable

from curriculum.releases.models import ReleaseEntry
from curriculum.standards.outline import arrange


def in_tree_order(
    entries: Iterable[ReleaseEntry], *, with_retired: bool = False
) -> list[tuple[ReleaseEntry, int]]:
    """(entry, depth) in the release's tree order, siblings by their place then. The entries
    listed as retired are left out with everything below them, as a framework leaves out its
    retired standards, unless `with_retired`. No query: give entries with their standards."""
    ordered = sorted(entries, key=lambda e: (e.position, e.standard_id))
    by_standard = {e.standard_id: e for e in ordered}
    rows = arrange(
        [e.standard for e in ordered],
        {e.standard_id: e.version for e in ordered},
        () if with_retired else {e.standard_id for e in ordered if e.retired},
        parents={e.standard_id: e.parent_id for e in ordered},
    )
    return [(by_standard[s.id], depth) for s, depth, _version in rows]

"""A release's tree: its entries where the release placed each standard (parent and place), by
the one tree rule of `standards.outline.arrange`. The release's PDF, CASE package and API all
read it here."""

from __future__ import annotations

from collections.abc import Iterable

from curriculum.releases.models import ReleaseEntry
from curriculum.standards.models import StandardVersion
from curriculum.standards.outline import arrange


def in_tree_order(
    entries: Iterable[ReleaseEntry], *, with_retired: bool = False
) -> list[tuple[ReleaseEntry, int, StandardVersion | None]]:
    """(entry, depth, version printed) in the release's tree order, siblings by their place
    then. Give every entry, absent ones too (`Release.tree_entries`, `entries_of(...,
    with_absent=True)`): an absent standard (held back, never published) is not in the edition,
    so it has no version (None) and is kept by its code only when fixed standards sit below it,
    else dropped. The entries listed as retired are left out with everything below them, as a
    framework leaves out its retired standards, unless `with_retired`. No query: give entries
    with their standards and versions loaded."""
    ordered = sorted(entries, key=lambda e: (e.position, e.standard_id))
    by_standard = {e.standard_id: e for e in ordered}
    rows = arrange(
        [e.standard for e in ordered],
        {e.standard_id: None if e.absent else e.version for e in ordered},
        () if with_retired else {e.standard_id for e in ordered if e.retired},
        parents={e.standard_id: e.parent_id for e in ordered},
    )
    return [(by_standard[s.id], depth, version) for s, depth, version in rows]

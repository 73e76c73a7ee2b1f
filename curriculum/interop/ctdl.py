"""CTDL-ASN (Credential Engine's Competency Frameworks description language) as JSON-LD.

One graph: a `ceasn:CompetencyFramework` and a `ceasn:Competency` per node of the snapshot, in
tree order. Text goes in language maps (`{"en-us": "…"}`) as the terms' range (rdf:langString)
asks; every node has its `@id` (this server's IRI, from `jsonld`) and its `ceterms:ctid`. The
tree is told both ways (`ceasn:hasTopChild` / `ceasn:isTopChildOf`, `ceasn:hasChild` /
`ceasn:isChildOf`), and each competency `ceasn:isPartOf` the framework. Links become the
alignment properties of ALIGNMENTS. A code-only node (an unpublished ancestor of published
standards, for a reader without drafts) keeps its place in the tree with its code and the label
"not yet published", never its text.
"""

from __future__ import annotations

import json
from collections import defaultdict

from curriculum.interop import jsonld
from curriculum.interop.models import Association
from curriculum.interop.writers import Snapshot, writer
from curriculum.standards.outline import NOT_PUBLISHED
from curriculum.standards.outline import FullNode as Node

CONTEXT = "https://credreg.net/ctdlasn/schema/context/json"

# A stored link (CASE associationType) → the CTDL-ASN property that says it, on the origin
# pointing at the destination ("forward"), and on the destination pointing back at the origin
# when only the destination is in this graph ("reverse"; None: CTDL-ASN has no inverse term).
# The one table of this mapping.
#   exactMatchOf: the two are the same competency: exactAlignment, both ways.
#   isRelatedTo: CASE asserts relevance with no direction and no degree; CTDL-ASN has no
#     undirected "related" term, and its alignments grade overlap. majorAlignment ("major
#     overlap of relevant concepts") is what a panel means when it links two statements as
#     related (minorAlignment would understate it, exactAlignment overstate it), and it is
#     symmetric, so it reads the same from either end.
#   isPartOf: the destination covers all of the origin and more: broadAlignment on the origin;
#     seen from the destination the origin is narrower: narrowAlignment.
#   precedes: the origin is learned before the destination: prerequisiteAlignment ("this
#     competency is a prerequisite to the referenced one"); no inverse term.
# isChildOf rows are the tree (told by hasChild / isChildOf from the standards' parents), and
# isPeerOf, replacedBy, exemplar, hasSkillLevel and ext:… have no CTDL-ASN counterpart: they are
# left out (the CASE export carries every one of them).
ALIGNMENTS: dict[str, tuple[str, str | None]] = {
    "exactMatchOf": ("ceasn:exactAlignment", "ceasn:exactAlignment"),
    "isRelatedTo": ("ceasn:majorAlignment", "ceasn:majorAlignment"),
    "isPartOf": ("ceasn:broadAlignment", "ceasn:narrowAlignment"),
    "precedes": ("ceasn:prerequisiteAlignment", None),
}


def _text(lang: str, value: str) -> dict[str, str]:
    return {lang: value}


@writer(
    "ctdl",
    label="CTDL-ASN (JSON-LD)",
    media_type="application/ld+json",
    extension="json",
)
def write_ctdl(snap: Snapshot) -> bytes:
    return json.dumps(graph(snap), ensure_ascii=False, indent=2).encode("utf-8")


def graph(snap: Snapshot) -> dict:
    """The framework as a CTDL-ASN JSON-LD document (`@context` and `@graph`)."""
    framework = snap.framework
    tag = jsonld.language(framework)
    lang = tag.lower()
    framework_id = jsonld.framework_iri(framework)
    ids = {node.standard.id: jsonld.item_iri(node.standard.identifier) for node in snap.nodes}
    children: dict[int | None, list[str]] = defaultdict(list)
    for node in snap.nodes:
        children[node.standard.parent_id].append(ids[node.standard.id])

    competencies = []
    for node in snap.nodes:
        item = _competency(node, ids, children, framework_id, tag, lang)
        competencies.append(item)
    _align(competencies, snap, ids)

    head: dict = {
        "@id": framework_id,
        "@type": "ceasn:CompetencyFramework",
        "ceterms:ctid": jsonld.ctid(framework.identifier),
        "ceasn:name": _text(lang, framework.title),
        "ceasn:inLanguage": [tag],
        "ceasn:publisherName": _text(lang, framework.partnership.name),
    }
    if framework.description:
        head["ceasn:description"] = _text(lang, framework.description)
    modified = jsonld.newest(
        framework.updated_at,
        *(n.shown.published_at or n.shown.created_at for n in snap.nodes if n.shown),
    )
    if modified is not None:
        head["ceasn:dateModified"] = jsonld.day(modified)
    if framework.created_at is not None:
        head["ceasn:dateCreated"] = jsonld.day(framework.created_at)
    source = _source(framework.source_fields or {})
    if source:
        head["ceasn:source"] = source
    head["ceasn:hasTopChild"] = children[None]
    return {"@context": CONTEXT, "@id": framework_id, "@graph": [head, *competencies]}


def _competency(
    node: Node,
    ids: dict[int, str],
    children: dict[int | None, list[str]],
    framework_id: str,
    tag: str,
    lang: str,
) -> dict:
    standard = node.standard
    item: dict = {
        "@id": ids[standard.id],
        "@type": "ceasn:Competency",
        "ceterms:ctid": jsonld.ctid(standard.identifier),
        "ceasn:isPartOf": framework_id,
        "ceasn:inLanguage": [tag],
        "ceasn:codedNotation": standard.code,
    }
    version = node.shown
    if version is None:
        # Shown by its code only: CTDL-ASN needs no text to place a node in a tree.
        item["ceasn:competencyLabel"] = _text(lang, NOT_PUBLISHED)
    else:
        item["ceasn:competencyText"] = _text(lang, version.statement or version.title)
        item["ceasn:competencyLabel"] = _text(lang, version.title)
        item["ceasn:competencyCategory"] = _text(lang, standard.kind_label)
        words = jsonld.keywords(version)
        if words:
            item["ceasn:conceptKeyword"] = {lang: words}
        modified = version.published_at or version.created_at
        if modified is not None:
            item["ceasn:dateModified"] = jsonld.day(modified)
    if standard.parent_id is None:
        item["ceasn:isTopChildOf"] = framework_id
    elif standard.parent_id in ids:
        item["ceasn:isChildOf"] = [ids[standard.parent_id]]
    below = children.get(standard.id)
    if below:
        item["ceasn:hasChild"] = list(below)
    return item


def _align(competencies: list[dict], snap: Snapshot, ids: dict[int, str]) -> None:
    """Add the alignment properties of the snapshot's links to the competencies they leave
    from (or, for a link whose origin is not in this graph, arrive at). Links touching a node
    shown by its code only, or a standard of this framework the reader may not see, are left
    out."""
    by_id = {c["@id"]: c for c in competencies}
    shown = {n.standard.id for n in snap.nodes if n.shown is not None}
    elsewhere = jsonld.identities_elsewhere(snap)

    def end(link: Association, side: str) -> tuple[str | None, bool]:
        """(IRI, whether it is a shown node of this graph) of one end; IRI None: unusable."""
        standard_id: int | None = getattr(link, f"{side}_id")
        if standard_id is None:
            identifier, uri = getattr(link, f"{side}_identifier"), getattr(link, f"{side}_uri")
            return jsonld.external_iri(identifier, uri), False
        if standard_id in elsewhere:
            return jsonld.item_iri(elsewhere[standard_id]), False
        if standard_id not in shown:
            return None, False  # this framework's, not for this reader (or retired)
        return ids[standard_id], True

    for link in snap.associations:
        terms = ALIGNMENTS.get(link.association_type)
        if terms is None:
            continue
        forward, reverse = terms
        origin, origin_here = end(link, "origin")
        destination, destination_here = end(link, "destination")
        if origin is None or destination is None:
            continue
        if origin_here:
            _add(by_id[origin], forward, destination)
        elif destination_here and reverse is not None:
            _add(by_id[destination], reverse, origin)


def _add(item: dict, term: str, target: str) -> None:
    targets = item.setdefault(term, [])
    if target not in targets:
        targets.append(target)


def _source(fields: dict) -> list[str]:
    """Where an imported framework came from (its CASE document's official URL or URI)."""
    found = [fields.get(key) for key in ("officialSourceURL", "uri", "CFDocumentURI")]
    return [v for v in dict.fromkeys(found) if isinstance(v, str) and jsonld.is_iri(v)][:1]

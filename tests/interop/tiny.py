"""A tiny CASE 1.0 package the import tests carry themselves: a document, a domain with two
standards under it, and one link to an item outside the package."""

from __future__ import annotations

import json

DOC = "c5fb0cc0-0000-4000-8000-000000000001"
DOMAIN = "c5fb0cc0-0000-4000-8000-000000000002"
FIRST = "c5fb0cc0-0000-4000-8000-000000000003"
SECOND = "c5fb0cc0-0000-4000-8000-000000000004"
BASE = "https://case.example.org/uri/"
WHEN = "2024-05-01T12:00:00+00:00"


def _node(identifier: str, title: str) -> dict:
    return {"identifier": identifier, "uri": BASE + identifier, "title": title}


def _child(n: int, child: str, parent: str, title: str, sequence: int) -> dict:
    return {
        "identifier": f"c5fb0cc0-0000-4000-8000-1000000000{n:02d}",
        "uri": f"{BASE}c5fb0cc0-0000-4000-8000-1000000000{n:02d}",
        "associationType": "isChildOf",
        "sequenceNumber": sequence,
        "originNodeURI": _node(child, title),
        "destinationNodeURI": _node(parent, "parent"),
        "CFDocumentURI": _node(DOC, "Tiny Welding Standards"),
        "lastChangeDateTime": WHEN,
    }


def package(title: str = "Tiny Welding Standards", second: str = "Weld a fillet joint") -> dict:
    """The package as a dict (change `second` to make a re-import update one item)."""
    return {
        "CFDocument": {
            "identifier": DOC,
            "uri": BASE + DOC,
            "creator": "Test State Board",
            "title": title,
            "lastChangeDateTime": WHEN,
            "CFPackageURI": _node(DOC, title),
        },
        "CFItems": [
            {
                "identifier": DOMAIN,
                "uri": BASE + DOMAIN,
                "fullStatement": "Welding safety and joints",
                "humanCodingScheme": "W",
                "CFItemType": "Domain",
                "lastChangeDateTime": WHEN,
            },
            {
                "identifier": FIRST,
                "uri": BASE + FIRST,
                "fullStatement": "Wear eye protection while welding",
                "humanCodingScheme": "W.1",
                "CFItemType": "Standard",
                "lastChangeDateTime": WHEN,
            },
            {
                "identifier": SECOND,
                "uri": BASE + SECOND,
                "fullStatement": second,
                "humanCodingScheme": "W.2",
                "CFItemType": "Standard",
                "lastChangeDateTime": WHEN,
            },
        ],
        "CFAssociations": [
            _child(1, DOMAIN, DOC, "Welding safety and joints", 1),
            _child(2, FIRST, DOMAIN, "Wear eye protection while welding", 1),
            _child(3, SECOND, DOMAIN, second, 2),
            {
                "identifier": "c5fb0cc0-0000-4000-8000-100000000004",
                "uri": BASE + "c5fb0cc0-0000-4000-8000-100000000004",
                "associationType": "isRelatedTo",
                "originNodeURI": _node(FIRST, "Wear eye protection while welding"),
                "destinationNodeURI": _node(
                    "0e0e0e0e-0000-4000-8000-000000000009", "Eye protection (national)"
                ),
                "lastChangeDateTime": WHEN,
            },
        ],
    }


def data(**changes) -> bytes:
    """The package as the bytes of a file."""
    return json.dumps(package(**changes), indent=1).encode()

"""The OpenAPI component schemas of courses, alignments, programs and coverage."""

from __future__ import annotations

from curriculum.api.openapi_schemas import (
    ALIGNMENT_LEVELS,
    BOOLEAN,
    ID,
    ID_AND_TITLE,
    INTEGER,
    KINDS,
    NUMBER,
    ORGANIZATION,
    STATUSES,
    STRING,
    TIME,
    TIME_OR_NULL,
    _figures,
    _nullable,
    _object,
    _page_of,
    _ref,
)

COURSE_SCHEMAS: dict[str, dict] = {
    "Course": _object(
        ["id", "code", "title", "college", "credits"],
        {
            "id": INTEGER,
            "code": STRING,
            "title": STRING,
            "college": ORGANIZATION,
            "credits": NUMBER,
            "contact_hours": _nullable("integer"),
            "description": {**STRING, "description": "Markdown."},
            "learning_outcomes": {"type": "array", "items": STRING},
            "created_at": TIME,
            "updated_at": TIME,
        },
    ),
    "CoursePage": _page_of("Course"),
    "Alignment": _object(
        ["id", "course_id", "standard", "level", "note", "version", "stale"],
        {
            "id": INTEGER,
            "course_id": INTEGER,
            "standard": _object(
                ["id", "code", "title"],
                {
                    "id": INTEGER,
                    "code": STRING,
                    "title": {
                        **_nullable("string"),
                        "description": "The pinned version's title; null when the reader may "
                        "not see that version (a draft of a partnership they have no role in).",
                    },
                    "kind": {"enum": KINDS},
                    "framework_id": INTEGER,
                },
            ),
            "level": {"enum": ALIGNMENT_LEVELS},
            "note": {**STRING, "description": "How the course teaches or assesses it."},
            "version": _object(
                ["number", "status"],
                {"number": INTEGER, "status": {"enum": STATUSES}},
                description="The version the alignment was made (or re-confirmed) against.",
            ),
            "published_version": _nullable("integer"),
            "stale": {
                **BOOLEAN,
                "description": "A newer version than the pinned one has been published.",
            },
            "created_by": _nullable("string"),
            "created_at": TIME,
            "confirmed_by": _nullable("string"),
            "confirmed_at": TIME_OR_NULL,
        },
    ),
    "AlignmentInput": _object(
        ["standard_id", "level"],
        {
            "standard_id": {
                **INTEGER,
                "description": "A standard of a framework of a partnership the course's "
                "college takes part in.",
            },
            "level": {"enum": ALIGNMENT_LEVELS},
            "note": {
                **STRING,
                "maxLength": 500,
                "description": "Left out: none for a new alignment; an existing one keeps its "
                "note.",
            },
        },
    ),
    "AlignmentSetInput": _object(
        ["framework_id", "alignments"],
        {
            "framework_id": {
                **ID,
                "description": "A framework of a partnership the course's college takes part in.",
            },
            "alignments": {
                "type": "array",
                "items": _ref("AlignmentRow"),
                "description": "The course's alignments to this framework's standards (those "
                "the caller can see) become the rows with aligned true; every other one is "
                "removed. An empty list removes them all.",
            },
        },
    ),
    "AlignmentRow": _object(
        ["standard_id"],
        {
            "standard_id": {**ID, "description": "A standard of the framework, listed once."},
            "aligned": {
                **BOOLEAN,
                "default": True,
                "description": "False: the standard is not aligned (the same as leaving it "
                "out). Such a row with a level or note other than its alignment's (or, for a "
                "standard not aligned, other than introduced and no note) is refused as a "
                "forgotten tick.",
            },
            "level": {
                "enum": [*ALIGNMENT_LEVELS, None],
                "description": "Needed for a new alignment; null or left out, an existing "
                "alignment keeps its level.",
            },
            "note": {
                **_nullable("string"),
                "maxLength": 500,
                "description": "Null or left out: none for a new alignment; an existing one "
                "keeps its note.",
            },
        },
    ),
    "AlignmentCounts": _object(
        ["added", "updated", "unchanged", "removed"],
        {
            "added": {**INTEGER, "description": "New alignments."},
            "updated": {**INTEGER, "description": "Alignments with a new level or note."},
            "unchanged": {**INTEGER, "description": "Alignments listed as they were."},
            "removed": {**INTEGER, "description": "Alignments removed."},
        },
    ),
    "CourseDetail": {
        "allOf": [
            _ref("Course"),
            _object(
                ["alignments"],
                {
                    "alignments": {
                        "type": "array",
                        "items": _ref("Alignment"),
                        "description": "By framework and standard code.",
                    }
                },
            ),
        ]
    },
    "Program": _object(
        ["id", "name", "award_type", "catalog_year", "college", "partnership_id"],
        {
            "id": INTEGER,
            "name": STRING,
            "award_type": STRING,
            "catalog_year": {**STRING, "description": "Such as 2026-2027."},
            "college": ORGANIZATION,
            "partnership_id": INTEGER,
            "copied_from_id": {
                **_nullable("integer"),
                "description": "The program of an earlier catalog year it was copied from.",
            },
            "created_at": TIME,
        },
    ),
    "ProgramPage": _page_of("Program"),
    "ProgramDetail": {
        "allOf": [
            _ref("Program"),
            _object(
                ["partnership", "frameworks", "terms", "total_credits", "required_credits"],
                {
                    "description": {**STRING, "description": "Markdown."},
                    "partnership": _object(["id", "name"], {"id": INTEGER, "name": STRING}),
                    "frameworks": {"type": "array", "items": ID_AND_TITLE},
                    "terms": {
                        "type": "array",
                        "items": _object(
                            ["term", "credits", "courses"],
                            {
                                "term": INTEGER,
                                "credits": NUMBER,
                                "courses": {
                                    "type": "array",
                                    "items": _object(
                                        ["id", "code", "title", "credits", "required"],
                                        {
                                            "id": {**INTEGER, "description": "The course's id."},
                                            "code": STRING,
                                            "title": STRING,
                                            "credits": NUMBER,
                                            "required": {
                                                **BOOLEAN,
                                                "description": "False for an elective.",
                                            },
                                            "position": INTEGER,
                                        },
                                    ),
                                },
                            },
                        ),
                    },
                    "total_credits": NUMBER,
                    "required_credits": NUMBER,
                },
            ),
        ]
    },
    "Coverage": _object(
        ["program", "framework", "courses", "rows", "summary"],
        {
            "program": _object(["id", "name"], {"id": INTEGER, "name": STRING}),
            "framework": ID_AND_TITLE,
            "courses": {
                "type": "array",
                "description": "The matrix's columns: the program's courses by term.",
                "items": _object(
                    ["id", "code", "term", "required", "count"],
                    {
                        "id": INTEGER,
                        "code": STRING,
                        "title": STRING,
                        "term": INTEGER,
                        "required": BOOLEAN,
                        "count": {**INTEGER, "description": "Standards the course covers."},
                    },
                ),
            },
            "rows": {
                "type": "array",
                "description": "The framework's standards in tree order, drafts included.",
                "items": _object(
                    ["standard_id", "code", "depth", "kind", "title", "best", "cells"],
                    {
                        "standard_id": INTEGER,
                        "code": STRING,
                        "depth": INTEGER,
                        "kind": {"enum": KINDS},
                        "title": STRING,
                        "published": {
                            **BOOLEAN,
                            "description": "False for an ancestor shown by its code only "
                            "(not yet published, no title): it counts in no figure.",
                        },
                        "best": {
                            "enum": [*ALIGNMENT_LEVELS, None],
                            "description": "The highest level any course reaches.",
                        },
                        "cells": {
                            "type": "array",
                            "description": "The courses that cover it, in column order.",
                            "items": _object(
                                ["course_id", "level", "version", "stale"],
                                {
                                    "alignment_id": INTEGER,
                                    "course_id": INTEGER,
                                    "level": {"enum": ALIGNMENT_LEVELS},
                                    "version": {
                                        **INTEGER,
                                        "description": "The pinned version's number.",
                                    },
                                    "stale": BOOLEAN,
                                },
                            ),
                        },
                    },
                ),
            },
            "summary": _figures(
                stale={**INTEGER, "description": "Stale alignments in the matrix."},
                by_function={
                    "type": "array",
                    "description": "Per critical work function, counting it and every "
                    "standard under it.",
                    "items": _figures(standard_id=INTEGER, code=STRING, title=STRING),
                },
            ),
        },
    ),
}

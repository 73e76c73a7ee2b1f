"""Courses and programs of colleges and training providers."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "course.created": "Course created",
        "course.updated": "Course edited",
        "course.catalog_imported": "Catalog imported",
        "outcome.created": "Learning outcome added",
        "outcome.updated": "Learning outcome edited",
        "outcome.moved": "Learning outcome moved",
        "outcome.deleted": "Learning outcome deleted",
        "program.created": "Program created",
        "program.updated": "Program edited",
        "program.copied": "Program copied",
        "program.course_added": "Course added to program",
        "program.course_removed": "Course removed from program",
        "program.courses_set": "Program's course list replaced",
        "program.group_added": "Elective group added",
        "program.group_updated": "Elective group edited",
        "program.group_removed": "Elective group removed",
    },
    filters={
        "course.": "Courses",
        "outcome.": "Learning outcomes",
        "program.": "Programs",
    },
)

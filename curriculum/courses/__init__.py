"""Courses and programs of colleges and training providers."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "course.created": "Course created",
        "course.updated": "Course edited",
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
        "program.": "Programs",
    },
)

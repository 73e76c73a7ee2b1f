"""The catalog endpoints' operations of the OpenAPI document (openapi.document() adds them to
the paths the reads already describe). Their objects: schemas/catalog.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import errors, operation, path_params, response
from curriculum.api.schemas.catalog import (
    CourseInput,
    CoursePatch,
    ProgramCourses,
    ProgramCoursesInput,
    ProgramInput,
    ProgramPatch,
)
from curriculum.api.schemas.courses import Course, ProgramDetail
from curriculum.api.schemas.general import Error

WHO = (
    "Faculty of the college, conveners of a partnership its programs belong to, site "
    "administrators."
)
CREATED = {"Location": {"description": "The new object's address.", "schema": {"type": "string"}}}


def _created(model, description: str) -> dict:
    return {**response(model, description), "headers": CREATED}


def paths() -> dict:
    """The catalog's write operations (and the program's course list), by path."""
    clash = "409"
    return {
        "/courses": {
            "post": operation(
                "create_course",
                f"A new course of a college (code, title, credits, contact hours, description). "
                f"{WHO}",
                {
                    "201": _created(Course, "Created."),
                    **errors(400, 401, 403),
                    clash: response(Error, "The college already has a course with that code."),
                },
                body=CourseInput,
                write=True,
            ),
        },
        "/courses/{course_id}": {
            "parameters": path_params("course_id"),
            "patch": operation(
                "update_course",
                "Change the fields sent of a course; those left out, its college and its "
                "learning outcomes stay. Those who may change the course.",
                {
                    "200": response(Course, "Changed."),
                    **errors(400, 401, 403, 404),
                    clash: response(Error, "The college already has a course with that code."),
                },
                body=CoursePatch,
                write=True,
            ),
        },
        "/programs": {
            "post": operation(
                "create_program",
                f"A new program of a college, in a partnership the college takes part in. {WHO}",
                {
                    "201": _created(ProgramDetail, "Created."),
                    **errors(400, 401, 403),
                    clash: response(
                        Error, "The college already has a program of that name and catalog year."
                    ),
                },
                body=ProgramInput,
                write=True,
            ),
        },
        "/programs/{program_id}": {
            "parameters": path_params("program_id"),
            "patch": operation(
                "update_program",
                "Change the fields sent of a program; those left out, its college and its "
                "courses stay. Faculty of the college, conveners of the program's partnership.",
                {
                    "200": response(ProgramDetail, "Changed."),
                    **errors(400, 401, 403, 404),
                    clash: response(
                        Error, "The college already has a program of that name and catalog year."
                    ),
                },
                body=ProgramPatch,
                write=True,
            ),
        },
        "/programs/{program_id}/courses": {
            "parameters": path_params("program_id"),
            "get": operation(
                "program_courses",
                "The program's course list by term, with its elective groups (public).",
                {"200": response(ProgramCourses, "The list."), **errors(404)},
            ),
            "put": operation(
                "set_program_courses",
                "Make the program's courses (term, required or elective, elective group) and "
                "its elective groups exactly those sent, all or nothing: courses already in "
                "the program keep their alignments' place, groups are matched by name. Faculty "
                "of the college, conveners of the program's partnership (they add only courses "
                "no other partnership's program holds).",
                {
                    "200": response(ProgramCourses, "Saved: the new list."),
                    **errors(400, 401, 403, 404),
                    "400": response(
                        Error,
                        "Bad input: `fields` names the entry at fault as courses[i].term, "
                        "courses[i].group … or groups. Nothing was changed.",
                    ),
                },
                body=ProgramCoursesInput,
                write=True,
            ),
        },
    }


def add_to(paths_found: dict) -> dict:
    """`paths_found` with the catalog's operations added to its path items."""
    for path, item in paths().items():
        paths_found.setdefault(path, {}).update(item)
    return paths_found

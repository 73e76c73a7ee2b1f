"""API endpoints that keep the catalog in step with a college's student information system:
create and change courses and programs, and set a program's whole course list (terms,
required or elective, elective groups). The reads are in views_courses.py."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from curriculum import access
from curriculum.api import inputs
from curriculum.api.schemas.catalog import (
    CourseInput,
    CoursePatch,
    ProgramCourses,
    ProgramCoursesInput,
    ProgramInput,
    ProgramPatch,
)
from curriculum.api.schemas.courses import Course as CourseOut
from curriculum.api.schemas.courses import ProgramDetail
from curriculum.api.views import bp
from curriculum.courses import groups as program_lists
from curriculum.courses import services
from curriculum.courses.groups import EntrySpec, GroupSpec
from curriculum.courses.models import Course, Program
from curriculum.extensions import db
from curriculum.organizations.models import Organization


def _user():
    return current_user._get_current_object()


def _college(organization_id: int) -> Organization:
    """The college a new course or program is for, when the user may keep its courses."""
    college = db.session.get(Organization, organization_id)
    if college is None:
        raise inputs.InputError(
            f"There is no organization {organization_id}.", field="organization_id"
        )
    access.require(current_user, "keep_courses", college)
    return college


def _sent(body) -> dict:
    """The fields the request sent (a PATCH changes those only)."""
    return body.model_dump(include=body.model_fields_set)


# --- Courses -------------------------------------------------------------------------------


def _course_values(course: Course) -> dict:
    return {
        "code": course.code,
        "title": course.title,
        "credits": course.credits,
        "contact_hours": course.contact_hours,
        "description": course.description,
    }


@bp.post("/courses")
def create_course():
    """A new course of a college (its faculty, conveners of its programs' partnerships)."""
    body = inputs.parse(CourseInput)
    college = _college(body.organization_id)
    course = services.create_course(college, body.model_dump(exclude={"organization_id"}))
    db.session.commit()
    location = url_for(".course", course_id=course.id)
    return CourseOut.of(services.get_course(course.id)).send(), 201, {"Location": location}


@bp.patch("/courses/<int:course_id>")
def update_course(course_id: int):
    """Change the fields sent of a course; the others, its college and outcomes stay."""
    course = services.get_course(course_id)
    access.require(current_user, "edit", course)
    body = inputs.parse(CoursePatch)
    services.update_course(course, {**_course_values(course), **_sent(body)})
    db.session.commit()
    return CourseOut.of(services.get_course(course_id)).send()


# --- Programs ------------------------------------------------------------------------------


def _program_values(program: Program) -> dict:
    return {
        "name": program.name,
        "award_type": program.award_type,
        "catalog_year": program.catalog_year,
        "description": program.description,
        "partnership_id": program.partnership_id,
        "framework_ids": [f.id for f in program.frameworks],
        "committee_signatory": program.committee_signatory,
        "convener_signatory": program.convener_signatory,
    }


@bp.post("/programs")
def create_program():
    """A new program of a college, in a partnership it takes part in."""
    body = inputs.parse(ProgramInput)
    college = _college(body.organization_id)
    data = body.model_dump(exclude={"organization_id"})
    program = services.create_program(college, data, by=_user())
    db.session.commit()
    location = url_for(".program", program_id=program.id)
    return ProgramDetail.of(services.get_program(program.id)).send(), 201, {"Location": location}


@bp.patch("/programs/<int:program_id>")
def update_program(program_id: int):
    """Change the fields sent of a program; the others, its college and courses stay."""
    program = services.get_program(program_id)
    access.require(current_user, "edit", program)
    body = inputs.parse(ProgramPatch)
    services.update_program(program, {**_program_values(program), **_sent(body)}, by=_user())
    db.session.commit()
    return ProgramDetail.of(services.get_program(program_id)).send()


@bp.get("/programs/<int:program_id>/courses")
def program_courses(program_id: int):
    """The program's course list by term, with its elective groups."""
    return ProgramCourses.of(services.get_program(program_id)).send()


@bp.put("/programs/<int:program_id>/courses")
def set_program_courses(program_id: int):
    """Make the program's courses and elective groups exactly those sent (all or nothing)."""
    program = services.get_program(program_id)
    access.require(current_user, "edit", program)
    body = inputs.parse(ProgramCoursesInput)
    entries = [EntrySpec(c.course_id, c.term, c.required, c.group) for c in body.courses]
    groups = [GroupSpec(g.name, g.choose) for g in body.groups]
    program_lists.set_program_courses(program, entries, groups, by=_user())
    db.session.commit()
    return ProgramCourses.of(services.get_program(program_id)).send()

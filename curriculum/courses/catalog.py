"""Importing a college's catalog: the uploaded file kept between the steps (upload, map the
columns, preview, apply), and applying what its rows say through the course services.

`apply` runs every row through the same services the pages and the API use (create_course,
update_course, create_program, set_program_courses), so the preview is what applying does; the
caller rolls back after a preview, and after an apply that found any problem (all or nothing).
Courses match by code within the college (updated), else are created; their outcomes stay.
Programs match by name and catalog year; their course lists become the rows naming them.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app

from curriculum import access
from curriculum.audit.services import record
from curriculum.courses import services
from curriculum.courses.catalog_read import Catalog, EntryRow
from curriculum.courses.groups import EntrySpec, GroupSpec, set_program_courses
from curriculum.courses.models import Course, Program
from curriculum.errors import DomainError, NotFound
from curriculum.extensions import db
from curriculum.interop.package import Problem
from curriculum.organizations.models import Organization
from curriculum.partnerships.models import Partnership

if TYPE_CHECKING:
    from curriculum.auth.models import User

LIMIT = 2 * 1024 * 1024  # bytes a catalog file may have (CATALOG_IMPORT_LIMIT overrides)
KEEP = 24 * 3600  # seconds an upload waits for its mapping before it is thrown away
TOKEN = re.compile(r"^[0-9a-f]{32}$")
FORMATS = {"csv": "CSV", "xlsx": "Excel workbook"}


class CatalogError(DomainError):
    """An upload that cannot be taken (400 naming the field, 413 for a big file)."""


# --- The upload, kept between the steps ----------------------------------------------------


@dataclass
class Upload:
    token: str
    user_id: int
    college_id: int
    partnership_id: int | None
    filename: str
    format: str
    data: bytes = b""


def limit() -> int:
    return int(current_app.config.get("CATALOG_IMPORT_LIMIT", LIMIT))


def _folder() -> Path:
    """Where uploads wait (CATALOG_IMPORT_DIR, else catalog-imports/ in the instance folder)."""
    configured = current_app.config.get("CATALOG_IMPORT_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "catalog-imports"


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def file_format(filename: str, data: bytes) -> str:
    """csv or xlsx, from the file's content and name; CatalogError for anything else."""
    name = filename.lower()
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if name.endswith((".xls", ".xlsm", ".ods", ".numbers")):
        raise CatalogError(
            "Save the sheet as an Excel workbook (.xlsx) or as CSV, then upload that.",
            field="file",
        )
    return "csv"


def keep_upload(
    user: User,
    college: Organization,
    partnership: Partnership | None,
    filename: str,
    data: bytes,
    what: str = "a catalog import",
) -> Upload:
    """Keep an uploaded file for the mapping step (checked: not empty, not too large); `what`
    names the import in the message about size (the measures import keeps its files here too)."""
    if not data:
        raise CatalogError("The file is empty: choose the file to import.", field="file")
    if len(data) > limit():
        raise CatalogError(
            f"The file is {_size(len(data))}; {what} takes files up to "
            f"{_size(limit())}. Split it, or leave out columns it does not need.",
            field="file",
            status=413,
        )
    upload = Upload(
        token=secrets.token_hex(16),
        user_id=user.id,
        college_id=college.id,
        partnership_id=partnership.id if partnership is not None else None,
        filename=filename.replace("\\", "/").rsplit("/", 1)[-1][:200],
        format=file_format(filename, data),
    )
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    _forget_old(folder)
    meta = {k: v for k, v in upload.__dict__.items() if k not in ("token", "data")}
    (folder / f"{upload.token}.data").write_bytes(data)
    (folder / f"{upload.token}.json").write_text(json.dumps(meta))
    upload.data = data
    return upload


def _forget_old(folder: Path) -> None:
    now = time.time()
    for path in folder.glob("*.*"):
        try:
            if now - path.stat().st_mtime > KEEP:
                path.unlink()
        except OSError:  # another process removed it first
            pass


def get_upload(token: str, user: User) -> Upload:
    """The user's upload of that token; NotFound when there is none (or it is someone else's)."""
    if not TOKEN.match(token or ""):
        raise NotFound()
    folder = _folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        data = (folder / f"{token}.data").read_bytes()
    except (OSError, ValueError):
        raise NotFound(
            "This upload is gone: uploads are kept for a day. Upload the file again."
        ) from None
    if meta.get("user_id") != user.id:
        raise NotFound()
    return Upload(token=token, data=data, **meta)


def discard_upload(upload: Upload) -> None:
    for suffix in ("data", "json"):
        (_folder() / f"{upload.token}.{suffix}").unlink(missing_ok=True)


# --- What the rows do ----------------------------------------------------------------------


@dataclass
class CourseChange:
    row: int
    code: str
    title: str
    action: str  # created, updated, unchanged
    changes: list[str] = field(default_factory=list)


@dataclass
class ProgramChange:
    name: str
    catalog_year: str
    action: str  # created, updated, unchanged
    courses: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)


@dataclass
class Report:
    courses: list[CourseChange] = field(default_factory=list)
    programs: list[ProgramChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for c in self.courses if c.action == action)

    @property
    def applicable(self) -> bool:
        return not self.problems and bool(self.courses or self.programs)

    @property
    def summary(self) -> str:
        made = [p for p in self.programs if p.action != "unchanged"]
        return (
            f"{self.count('created')} courses created, {self.count('updated')} updated, "
            f"{self.count('unchanged')} unchanged; {len(made)} programs created or changed"
        )


FIELD_WORDS = {"credits": "credits", "contact_hours": "contact hours"}


def _values(course: Course) -> dict:
    return {
        "code": course.code,
        "title": course.title,
        "credits": course.credits,
        "contact_hours": course.contact_hours,
        "description": course.description,
    }


def _differences(before: dict, after: dict) -> list[str]:
    said = []
    for key, old in before.items():
        new = after[key]
        if old == new:
            continue
        if key == "description":
            said.append("description")
        else:
            said.append(f"{FIELD_WORDS.get(key, key)} {old if old is not None else '—'} → {new}")
    return said


def apply(
    college: Organization, catalog: Catalog, by: User, partnership: Partnership | None
) -> Report:
    """Do what the rows say (flushed, not committed) and say what it did; every row that cannot
    be done is a problem of the report. The caller commits only a report without problems."""
    report = Report(problems=list(catalog.problems))
    existing = {
        c.code: c
        for c in db.session.scalars(db.select(Course).where(Course.organization_id == college.id))
    }
    for row in catalog.courses:
        _course(college, catalog, row, existing, by, report)
    _programs(college, catalog, existing, by, partnership, report)
    if not report.problems and (report.courses or report.programs):
        record(
            "course.catalog_imported",
            obj=college,
            summary=f"{college.name}: catalog import, {report.summary}",
        )
    return report


def _course(college, catalog, row, existing: dict, by: User, report: Report) -> None:
    course = existing.get(row.code)
    where = catalog.where(row.number, "code")
    try:
        if course is None:
            course = services.create_course(college, {"code": row.code, **row.values})
            existing[course.code] = course
            report.courses.append(CourseChange(row.number, course.code, course.title, "created"))
            return
        before = _values(course)
        if not services.update_course(course, {**before, **row.values}):
            report.courses.append(CourseChange(row.number, course.code, course.title, "unchanged"))
            return
    except DomainError as exc:
        name = exc.field if exc.field in catalog.mapping else "code"
        report.problems.append(Problem(catalog.where(row.number, name), exc.message))
        return
    if not access.can(by, "edit", course):
        report.problems.append(
            Problem(where, f"only faculty of {college.name} may change {course.code}")
        )
        return
    changes = _differences(before, _values(course))
    report.courses.append(CourseChange(row.number, course.code, course.title, "updated", changes))


def _programs(college, catalog, courses: dict, by, partnership, report: Report) -> None:
    by_program: dict[tuple[str, str], list[EntryRow]] = {}
    for entry in catalog.entries:
        by_program.setdefault((entry.program, entry.catalog_year), []).append(entry)
    for (name, year), rows in by_program.items():
        missing = [r for r in rows if r.code not in courses]
        for r in missing:
            report.problems.append(
                Problem(
                    catalog.where(r.number, "code"),
                    f"{college.name} has no course {r.code}, and no row of the file describes it",
                )
            )
        if missing:
            continue
        program = db.session.scalar(
            db.select(Program).where(
                Program.organization_id == college.id,
                db.func.lower(Program.name) == name.lower(),
                Program.catalog_year == year,
            )
        )
        _program(college, catalog, program, name, year, rows, courses, by, partnership, report)


def _program(college, catalog, program, name, year, rows, courses, by, partnership, report):
    first = rows[0].number
    action = "updated"
    had = {pc.course.code for pc in program.courses} if program is not None else set()
    try:
        if program is None:
            if partnership is None:
                raise services.CourseError(
                    f"{name} ({year}) is a new program: choose the partnership of new programs "
                    "on the upload page.",
                    field="program",
                )
            program = services.create_program(
                college,
                {"name": name, "catalog_year": year, "partnership_id": partnership.id},
                by=by,
            )
            action = "created"
        elif not access.can(by, "edit", program):
            raise services.CourseError(
                f"only faculty of {college.name} and conveners of its partnership change "
                f"{program.name} ({program.catalog_year})",
                field="program",
            )
        entries, groups = _lists(program, rows, courses)
        before = _current_list(program)
        wanted = [(e.course_id, e.term, e.required, (e.group or "").lower()) for e in entries]
        wanted_groups = sorted((g.name.lower(), g.choose) for g in groups)
        if (wanted, wanted_groups) == before and action == "updated":
            action = "unchanged"
        else:
            set_program_courses(program, entries, groups, by=by)
    except services.CourseError as exc:
        row, name_of = _row_of(exc.field, rows, first)
        report.problems.append(Problem(catalog.where(row, name_of), exc.message))
        return
    codes = [r.code for r in rows]
    report.programs.append(
        ProgramChange(
            name=program.name,
            catalog_year=program.catalog_year,
            action=action,
            courses=len(rows),
            added=[c for c in codes if c not in had] if action != "unchanged" else [],
            removed=sorted(had - set(codes)),
            groups=[f"{g.name}: choose {g.choose}" for g in groups],
        )
    )


def _current_list(program: Program) -> tuple[list, list]:
    entries = [
        (pc.course_id, pc.term, pc.required, pc.group.name.lower() if pc.group else "")
        for pc in program.courses
    ]
    groups = sorted((g.name.lower(), g.choose) for g in program.elective_groups)
    return entries, groups


def _lists(program: Program, rows: list[EntryRow], courses: dict):
    """The program's entries and groups as the rows give them (a group keeps how many of its
    courses a student chooses, at most as many as it now holds; a new group: 1)."""
    entries = [EntrySpec(courses[r.code].id, r.term, r.required, r.group) for r in rows]
    held: dict[str, int] = {}
    names: dict[str, str] = {}
    for r in rows:
        if r.group is not None:
            held[r.group.lower()] = held.get(r.group.lower(), 0) + 1
            names.setdefault(r.group.lower(), r.group)
    had = {g.name.lower(): g.choose for g in program.elective_groups}
    groups = [GroupSpec(names[k], min(had.get(k, 1), n)) for k, n in held.items()]
    return entries, groups


def _row_of(field_name: str | None, rows: list[EntryRow], first: int) -> tuple[int, str]:
    """The row and field a service's error names (courses[2].term: the third row's term)."""
    found = re.match(r"^courses\[(\d+)\](?:\.(\w+))?", field_name or "")
    if found is None:
        return first, "program"
    row = rows[int(found.group(1))]
    named = {"course_id": "code", "term": "term", "required": "required", "group": "group"}
    return row.number, named.get(found.group(2) or "", "code")

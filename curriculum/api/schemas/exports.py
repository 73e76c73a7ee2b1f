"""The API's objects of exports (PDF and Word): the options a request may send, a job's state."""

from __future__ import annotations

from datetime import date

from flask import url_for
from pydantic import ConfigDict, Field

from curriculum.api.schemas.base import Bool, Id, Input, Response, Time
from curriculum.courses.paths import SCOPES
from curriculum.exports import formats, kinds
from curriculum.exports.models import ExportJob as Job
from curriculum.jobs.models import JobState


class ExportOptions(Input):
    """What to print; each kind's `services.request_export` checks the options it takes."""

    model_config = ConfigDict(extra="allow")

    format: str = Field(
        formats.DEFAULT_FORMAT,
        description="The file: pdf (default) or docx (Word), among the formats the document "
        "kind offers (otherwise 400).",
        json_schema_extra={"enum": list(formats.FORMATS)},
    )
    frameworks: list[Id] | None = Field(
        None,
        description="Program exports: the frameworks to print (default: all of the program's).",
    )
    drafts: Bool | None = Field(None, description="Print drafts too (needs the right to see them).")
    scope: str | None = Field(
        None,
        description="Program exports: which courses the coverage figures and gaps count: "
        "required (default), all, or chosen (the required courses and `electives`).",
        json_schema_extra={"enum": [*SCOPES, None]},
    )
    electives: list[Id] | None = Field(
        None, description="Program exports with scope chosen: the elective courses chosen."
    )
    as_of: date | None = Field(
        None,
        description="Print versions and alignments as they stood at the end of this day "
        "(YYYY-MM-DD); null or absent: today. A day in the future, or before the first standard "
        "of the printed frameworks was published (written, with drafts), is refused (400, "
        "naming the first day).",
    )


class JobOptions(Response):
    """The options the job was asked with."""

    frameworks: list[int] | None
    drafts: bool
    as_of: str | None = Field(json_schema_extra={"format": "date"})
    scope: str | None = Field(
        None,
        description="Program exports: the courses the coverage counts (null for others).",
        json_schema_extra={"enum": [*SCOPES, None]},
    )
    electives: list[int] | None = Field(
        None, description="Program exports with scope chosen: the electives chosen."
    )


def _registered_kinds(schema: dict) -> None:
    schema["enum"] = list(kinds.KINDS)  # the kinds registered when the document is made


class ExportJob(Response):
    """A job's state, options and, once done, its file."""

    id: str
    kind: str = Field(json_schema_extra=_registered_kinds)
    format: str = Field(json_schema_extra={"enum": list(formats.FORMATS)})
    subject_id: int = Field(description="What the document is about: a program, framework, ... id.")
    program_id: int | None
    framework_id: int | None
    options: JobOptions
    state: JobState
    progress: int = Field(ge=0, le=100)
    message: str
    filename: str
    cached: bool = Field(description="Served from an earlier render of the same content.")
    pages: int | None = Field(description="PDFs only; null for Word.")
    size: int | None
    requested_by: str | None
    created_at: Time
    finished_at: Time | None
    url: str
    file_url: str | None

    @classmethod
    def of(cls, job: Job) -> ExportJob:
        kind = kinds.get(job.kind)
        return cls.from_object(
            job,
            subject_id=getattr(job, kind.column),
            options=JobOptions(
                frameworks=job.options.get("frameworks"),
                drafts=job.drafts,
                as_of=job.options.get("as_of"),
                scope=job.options.get("scope", "required") if kind.takes_scope else None,
                electives=job.options.get("electives", []) if kind.takes_scope else None,
            ),
            pages=job.file.pages if job.file else None,
            size=job.file.size if job.file else None,
            requested_by=job.requested_by.display_name if job.requested_by else None,
            url=url_for("api.export_state", job_id=job.id),
            file_url=url_for("api.export_file", job_id=job.id) if job.file_id else None,
        )

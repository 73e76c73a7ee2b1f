"""The API's objects of imports: the multipart request that asks for one, a job's state and
what it did (or would do, on a dry run)."""

from __future__ import annotations

from flask import url_for
from pydantic import Field

from curriculum.api.schemas.base import Input, Response, Time
from curriculum.interop import package
from curriculum.interop.models import ImportJob as Job
from curriculum.interop.models import ImportMode
from curriculum.jobs.models import JobState


def _registered_readers(schema: dict) -> None:
    schema["enum"] = list(package.READERS)  # the readers registered when the document is made


class ImportRequest(Input):
    """The multipart/form-data fields of `POST /partnerships/{id}/imports`."""

    file: str = Field(
        description="The file to import (a CASE package, a spreadsheet, an RSD collection).",
        json_schema_extra={"format": "binary"},
    )
    format: str = Field(
        description="The reader: case, csv, xlsx, rsd … (those this site has).",
        json_schema_extra=_registered_readers,
    )
    mode: ImportMode = Field(
        ImportMode.REFERENCE,
        description="reference: someone else's framework, read-only here, published as it "
        "arrives; draft: a partnership framework whose items arrive as draft version 1.",
    )
    dry_run: bool = Field(
        False, description="true: say what would be created, updated and retired; write nothing."
    )
    mapping: str | None = Field(
        None,
        description="A spreadsheet's column mapping as a JSON object (required for csv and "
        'xlsx), e.g. {"code": "Code", "parent_code": "Parent", "title": "Title"}.',
    )
    framework_id: int | None = Field(
        None, description="Import into this framework of the partnership (re-import, spreadsheet)."
    )


class ImportProblem(Response):
    """Where (the item and field, e.g. `CFItems[12].fullStatement`) and what."""

    where: str
    message: str


class ImportSummary(Response):
    """What the import did, or would do on a dry run."""

    created: int
    updated: int
    unchanged: int
    retired: int
    associations: dict[str, int] = Field(
        description="Links (CASE associations): `total` in the file, then how many were (or "
        "would be) added, updated, removed, unchanged."
    )
    fixes: list[ImportProblem] = Field(description="Defects in the file the import mended.")
    errors: list[ImportProblem] = Field(description="Why the file was refused (nothing written).")

    @classmethod
    def of(cls, summary: dict) -> ImportSummary:
        from curriculum.interop.services import summary_counts

        links: dict[str, int] = {}
        if isinstance(summary.get("associations"), int):
            links["total"] = summary["associations"]
        details = summary.get("details")
        if isinstance(details, dict) and isinstance(details.get("associations"), dict):
            links.update(details["associations"])
        return cls(
            **summary_counts(summary),
            associations={str(k): v for k, v in links.items() if isinstance(v, int)},
            fixes=_problems(summary.get("fixes")),
            errors=_problems(summary.get("errors")),
        )


def _problems(found) -> list[ImportProblem]:
    return [
        ImportProblem(where=str(p.get("where", "")), message=str(p.get("message", "")))
        if isinstance(p, dict)
        else ImportProblem(where="", message=str(p))
        for p in found or []
    ]


class ImportJob(Response):
    """An import job: its state and progress, what was asked, and what it did."""

    id: str
    partnership_id: int
    framework_id: int | None = Field(description="The framework imported into, once known.")
    format: str = Field(json_schema_extra=_registered_readers)
    mode: ImportMode
    dry_run: bool
    filename: str
    state: JobState
    progress: int = Field(ge=0, le=100)
    message: str
    summary: ImportSummary
    requested_by: str | None
    created_at: Time
    finished_at: Time | None
    url: str
    framework_url: str | None = Field(description="The framework in the API, once known.")

    @classmethod
    def of(cls, job: Job) -> ImportJob:
        return cls.from_object(
            job,
            mode=ImportMode(job.mode),
            summary=ImportSummary.of(job.summary or {}),
            requested_by=job.requested_by.display_name if job.requested_by else None,
            url=url_for("api.import_state", job_id=job.id),
            framework_url=url_for("api.framework", framework_id=job.framework_id)
            if job.framework_id
            else None,
        )

"""The API's general objects: errors, the index, pages of lists, organizations, partnerships."""

from __future__ import annotations

from pydantic import MISSING, ConfigDict, Field

from curriculum.api.schemas.base import Response, Time
from curriculum.organizations.models import OrganizationKind


class Error(Response):
    """Every refusal: what went wrong, the HTTP status, and for bad input the fields at fault."""

    error: str = Field(description="What went wrong, for a person to read.")
    status: int
    fields: dict[str, str] | MISSING = Field(
        MISSING, description="For bad input: the field at fault and what is wrong with it."
    )


class Index(Response):
    """This API's name, version and where its description lies."""

    name: str
    version: str
    openapi: str


class OpenApiDocument(Response):
    """This document."""

    model_config = ConfigDict(extra="allow")


class Page(Response):
    """One page of a list, with where it stands (`items`: the subclass says of what)."""

    items: list
    page: int
    pages: int
    per_page: int
    total: int = Field(description="Items on every page together.")

    @classmethod
    def of(cls, items: list, pagination) -> Page:
        return cls.from_object(pagination, items=items)


class Organization(Response):
    """An organization's name and kind."""

    id: int
    name: str
    kind: OrganizationKind


class Partnership(Response):
    """A partnership's public details."""

    id: int
    name: str
    industry: str
    naics_code: str
    region: str
    description: str
    endorsement_quorum: int
    created_at: Time


class PartnershipList(Response):
    partnerships: list[Partnership] = Field(description="By name.")


class IdAndName(Response):
    id: int
    name: str


class IdAndTitle(Response):
    id: int
    title: str

"""The release endpoints' operations of the OpenAPI document (openapi_paths.paths() merges them
in). Their objects: schemas/releases.py."""

from __future__ import annotations

from curriculum.api.openapi_parts import errors, operation, path_params, response
from curriculum.api.schemas.general import Error
from curriculum.api.schemas.releases import (
    RefreshInput,
    Release,
    ReleaseDetail,
    ReleaseEndorsementInput,
    ReleaseInput,
    ReleaseList,
)
from curriculum.api.schemas.standards import Endorsement


def paths() -> dict:
    release = path_params("release_id")
    endorse_errors = {
        **errors(400, 401, 403, 404),
        "409": response(
            Error, "The organization already endorsed it, or it is not in preparation."
        ),
    }
    endorse = operation(
        "endorse_release",
        "Your organization endorses the whole release, once (panelists of employer and labor "
        "organizations taking part in the partnership).",
        {"201": response(Endorsement, "Endorsed."), **endorse_errors},
        write=True,
    )
    endorse["requestBody"] = {
        "required": False,
        "content": {"application/json": {"schema": ReleaseEndorsementInput}},
    }
    return {
        "/frameworks/{framework_id}/releases": {
            "parameters": path_params("framework_id"),
            "get": operation(
                "framework_releases",
                "The framework's releases this reader may see (those in preparation or "
                "discarded: members who may see drafts), newest first, with their diff counts.",
                {"200": response(ReleaseList, "Newest first."), **errors(404)},
            ),
            "post": operation(
                "prepare_release",
                "Prepare the framework's next release, fixing the current version of every "
                "standard (conveners; not for reference frameworks).",
                {
                    "201": response(Release, "Prepared."),
                    **errors(400, 401, 403, 404),
                    "409": response(Error, "A release of the framework is already in preparation."),
                },
                body=ReleaseInput,
                write=True,
            ),
        },
        "/releases/{release_id}": {
            "parameters": release,
            "get": operation(
                "release",
                "A release with its fixed versions (tree order), the counts of its diff "
                "against the last published release, its quorum and its endorsements.",
                {"200": response(ReleaseDetail, "The release."), **errors(404)},
            ),
        },
        "/releases/{release_id}/endorsements": {
            "parameters": release,
            "post": endorse,
            "delete": operation(
                "withdraw_release_endorsement",
                "Withdraw your organization's endorsement of the release (until it is published).",
                {"204": {"description": "Withdrawn."}, **endorse_errors},
                write=True,
            ),
        },
        "/releases/{release_id}/publish": {
            "parameters": release,
            "post": operation(
                "publish_release",
                "Publish every version the release fixes, once its quorum is met (conveners).",
                {
                    "200": response(Release, "Published."),
                    **errors(400, 401, 403, 404),
                    "409": response(
                        Error,
                        "Not published: the quorum is not met (“Not published: 2 of 3 "
                        "endorsements; waiting for …”), standards changed since it was "
                        "prepared, or it is not in preparation.",
                    ),
                },
                write=True,
            ),
        },
        "/releases/{release_id}/refresh": {
            "parameters": release,
            "post": operation(
                "refresh_release",
                "Fix the release again on the standards as they are now, holding back `hold` "
                "(absent: those held back now); every endorsement is withdrawn, their givers "
                "told (conveners).",
                {
                    "200": response(ReleaseDetail, "Refreshed."),
                    **errors(400, 401, 403, 404),
                    "409": response(
                        Error, "Nothing changed since it was prepared, or it is not in preparation."
                    ),
                },
                body=RefreshInput,
                write=True,
            ),
        },
        "/releases/{release_id}/discard": {
            "parameters": release,
            "post": operation(
                "discard_release",
                "Abandon the release in preparation; it stays listed, discarded (conveners).",
                {
                    "200": response(Release, "Discarded."),
                    **errors(400, 401, 403, 404),
                    "409": response(Error, "It is not in preparation."),
                },
                write=True,
            ),
        },
        "/releases/{release_id}/case": {
            "parameters": release,
            "get": operation(
                "release_case",
                "The release as a CASE 1.1 package: its CFDocument's version is the release "
                "number, its CFItems the versions it fixes, its tree as the release fixed it.",
                {
                    "200": {
                        "description": "The package, with its file name in Content-Disposition.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    **errors(404),
                },
            ),
        },
    }

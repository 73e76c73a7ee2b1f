"""Partnerships: one industry in one region, its organizations, members, roles and invitations."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "partnership.created": "Partnership created",
        "partnership.updated": "Partnership edited",
        "partnership.organization_added": "Organization joined",
        "partnership.organization_removed": "Organization left",
        "membership.added": "Member added",
        "membership.removed": "Member removed",
        "membership.role_changed": "Role changed",
        "invitation.created": "Invitation sent",
        "invitation.accepted": "Invitation accepted",
        "invitation.revoked": "Invitation withdrawn",
        "partnership.organization_requested": "Organization asked to join",
        "partnership.organization_declined": "Organization's joining declined",
    },
    filters={
        "invitation.": "Invitations",
        "membership.": "Members and roles",
        "partnership.": "Partnership changes",
    },
)

"""Accounts: sign-in, profile, passwords, site administration of users."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "auth.login": "Signed in",
        "auth.login_failed": "Failed sign-in",
        "auth.logout": "Signed out",
        "auth.password_changed": "Changed password",
        "user.created": "Account created",
        "api_token.created": "API token created",
        "api_token.revoked": "API token revoked",
        "auth.sessions_ended": "Signed out everywhere",
        "auth.password_reset_requested": "Asked for a password reset link",
        "auth.password_reset": "Set a new password from a reset link",
    },
    filters={
        "auth.": "Sign-ins",
    },
)

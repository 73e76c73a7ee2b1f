"""Outgoing email: queued rows sent over SMTP by the job runner, retried with back-off; without a
MAIL_SERVER they are written to the log and kept for the site administrators' outbox page."""

from curriculum.audit.labels import describe_actions

describe_actions({"mail.retried": "Mail retried"})

"""The audit log is append-only, partnership-scoped, and shown to conveners."""

import pytest

from curriculum.audit.models import AuditEvent, AuditLogIsAppendOnly
from curriculum.audit.services import record


def test_events_cannot_be_changed_or_deleted(app, db, partnership):
    event = record("test.happened", partnership=partnership, summary="once")
    db.session.commit()
    event.summary = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).summary == "once"


def test_convener_sees_only_their_partnership_events_and_can_filter(
    client, login_as, partnership, factory
):
    other = factory.partnership(name="Other Place")
    record("membership.added", partnership=other, summary="elsewhere-event")
    record("partnership.updated", partnership=partnership, summary="here-event")
    factory.member(partnership, "viewer")
    login_as("convener")
    page = client.get(f"/partnerships/{partnership.id}/audit").text
    assert "here-event" in page and "elsewhere-event" not in page
    assert "joined as viewer" in page
    filtered = client.get(f"/partnerships/{partnership.id}/audit?action=membership.").text
    assert "joined as viewer" in filtered and "here-event" not in filtered


def test_members_sign_ins_show_in_their_partnership_log(
    client, app, login_as, partnership, factory, db
):
    from tests.conftest import login

    faculty = factory.member(partnership, "faculty")
    outsider = factory.user(name="Not A Member")
    for user in (faculty, outsider):
        login(app.test_client(), user.email)
    event = db.session.scalar(
        db.select(AuditEvent).where(
            AuditEvent.action == "auth.login", AuditEvent.actor_id == faculty.id
        )
    )
    assert event.ip_address == "127.0.0.1"
    login_as("convener")
    page = client.get(f"/partnerships/{partnership.id}/audit?action=auth.").text
    assert f"{faculty.email} signed in" in page
    assert outsider.email not in page


def test_actions_are_shown_in_words_with_the_code_kept(client, login_as, partnership, factory):
    from curriculum.audit.labels import action_label

    factory.member(partnership, "viewer")
    record("standard.peer_reviewed", partnership=partnership, summary="new-kind-of-event")
    login_as("convener")
    page = client.get(f"/partnerships/{partnership.id}/audit").text
    assert "Member added" in page and "Partnership created" in page
    assert 'title="membership.added"' in page  # the raw code is still there
    assert "Standard peer reviewed" in page  # unknown codes are made readable
    assert "(Membership #" not in page and "(Partnership #" not in page
    assert action_label("membership.role_changed") == "Role changed"
    assert action_label("widget.knob_turned") == "Widget knob turned"


def test_every_recorded_action_has_a_label_and_every_feature_a_filter(app):
    """Each feature describes the actions it records (alignment and export events had none)."""
    import re
    from pathlib import Path

    from curriculum.audit.labels import ACTION_FILTERS, ACTION_LABELS

    source = Path(__file__).parents[2] / "curriculum"
    recorded = {
        code
        for path in source.rglob("*.py")
        for code in re.findall(
            r'(?:record\(|log_change\(\s*\w+,)\s*"([a-z_]+\.[a-z_]+)"', path.read_text()
        )
    }
    assert {"alignment.created", "export.requested", "standard.published"} <= recorded
    assert sorted(recorded - set(ACTION_LABELS)) == []
    assert {"alignment.", "export.", "standard.", "course."} <= set(ACTION_FILTERS)

"""Who may see, prepare, endorse, publish, refresh and discard releases of a framework
(registered in the one rule table of curriculum/access.py, which imports this module; ask
`access`, never this module, from views, services and templates)."""

from __future__ import annotations

from curriculum.access import _insider, can, rule, sees_drafts
from curriculum.access_frameworks import reference_message
from curriculum.releases.models import Release, ReleaseStatus
from curriculum.standards.models import Framework

# Actions on a Release (besides "prepare", asked of its Framework).
RELEASE_ACTIONS = ("view", "endorse", "withdraw", "publish", "refresh", "discard")


@rule(Release, "view", known=lambda _user, _release: False)
def _view_release(user, release: Release) -> bool:
    """A published release is read by whoever reads the framework (everyone: its versions are
    published); one in preparation or discarded only by those who see the partnership's drafts
    (404 for others)."""
    return release.status == ReleaseStatus.PUBLISHED or sees_drafts(
        user, release.framework.partnership_id
    )


def _known(user, release: Release) -> bool:
    return can(user, "view", release) and _insider(user, release.framework.partnership)


def _message(release: Release) -> str:
    framework = release.framework
    return reference_message(framework) if framework.is_reference else ""


@rule(
    Framework,
    "prepare",
    known=lambda user, f: _insider(user, f.partnership),
    message=lambda f: (
        reference_message(f)
        if f.is_reference
        else "Only the partnership's conveners prepare releases."
    ),
)
def _prepare_release(user, framework: Framework) -> bool:
    """Conveners and site administrators, of partnership frameworks only (a reference framework
    changes only by re-import)."""
    return not framework.is_reference and can(user, "publish", framework.partnership)


def _release_rule(action: str, needs: str, message: str) -> None:
    def allows(user, release: Release) -> bool:
        return can(user, "view", release) and can(user, needs, release.framework)

    rule(
        Release,
        action,
        known=_known,
        message=lambda release: _message(release) or message,
    )(allows)


# Endorsing a release is endorsing versions (panelists, for their organization); the rest is
# the conveners' publishing.
_release_rule("endorse", "endorse", "Only panelists endorse releases for their organization.")
_release_rule("withdraw", "endorse", "Only panelists withdraw their organization's endorsement.")
for _action in ("publish", "refresh", "discard"):
    _release_rule(_action, "publish", "Only the partnership's conveners do this.")

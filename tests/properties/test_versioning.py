"""Properties of a standard's life, for any sequence of saves, reverts, endorsements and moves.

A Hypothesis state machine plays several panelists of different organizations (two of the same
employer, a labor group, a college that does not count toward the quorum) and a convener
against one standard, through the real services, committing or rolling back as a view does.
It keeps a model of what must have happened, and after every step checks the database:

- version numbers are 1..N, unique, and the standard's current version is N;
- history only grows: every version keeps the number, title, statement and level it had;
- every outcome is the one the rules give: stale bases conflict and add nothing, unchanged
  content adds nothing, publishing succeeds exactly when the quorum is met;
- a version ever published had its quorum of endorsements from distinct counting organizations,
  and at most one version is the current published one;
- comparing any version with itself shows no change.

Each example builds its own partnership and standard (the tables are emptied only after the
test), so examples never see each other's rows.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from curriculum.auth.models import User
from curriculum.auth.services import create_user
from curriculum.errors import Conflict, DomainError
from curriculum.extensions import db
from curriculum.organizations.models import ENDORSING_KINDS, Organization, OrganizationKind
from curriculum.partnerships.services import add_member, create_partnership
from curriculum.standards import services, tree
from curriculum.standards.diff import has_changes, word_diff
from curriculum.standards.models import Endorsement, Standard, StandardVersion, VersionStatus
from curriculum.standards.services import StandardError, VersionConflict

_seq = itertools.count(1)

# Who takes part: (key, organization key, organization kind, role).
PEOPLE = [
    ("ana", "kestrel", "employer", "panelist"),
    ("ben", "kestrel", "employer", "panelist"),  # same firm as ana: one endorsement between them
    ("cho", "automation", "employer", "panelist"),
    ("dev", "plastics", "employer", "panelist"),
    ("eli", "union", "labor", "panelist"),
    ("fay", "college", "college", "panelist"),  # endorses, but colleges do not count
    ("gus", "board", "workforce_board", "convener"),
]
EDITORS = [p[0] for p in PEOPLE]
ORG_OF = {p[0]: p[1] for p in PEOPLE}
COUNTING = {p[1] for p in PEOPLE if OrganizationKind(p[2]) in ENDORSING_KINDS}

# Few distinct values, so that unchanged saves, reverts to equal content and repeats happen.
TITLES = st.sampled_from(["Inspect guarding", "Inspect guards", " Inspect guarding ", "", "  "])
STATEMENTS = st.one_of(
    st.sampled_from(["", "Check *all* guards.", "Check all guards,\r\nthen log it.", "  "]),
    st.text(alphabet="ab ,.\n", max_size=20),
)
LEVELS = st.sampled_from([None, "baseline", "mastery"])
# Which version an action names, counted back from the newest (0: the newest, most often).
BACK = st.sampled_from([0, 0, 0, 0, 1, 2, 3])


def _clean(title: str, statement: str, level) -> tuple:
    """The content a save stores (what services.clean_content makes of the input)."""
    return (title.strip(), statement.replace("\r\n", "\n").strip(), level)


class StandardLife(RuleBasedStateMachine):
    """One standard, its versions and endorsements, against a model of the rules."""

    def __init__(self):
        super().__init__()
        self.standard_id: int | None = None

    # --- Setting up one example's world ---------------------------------------------------

    @initialize(quorum=st.integers(min_value=1, max_value=3))
    def world(self, quorum):
        n = next(_seq)
        self.quorum = quorum
        partnership = create_partnership(
            {
                "name": f"Property partnership {n}",
                "industry": "Manufacturing",
                "region": "Valley",
                "endorsement_quorum": quorum,
            }
        )
        orgs = {}
        self.users: dict[str, int] = {}
        for key, org_key, kind, role in PEOPLE:
            if org_key not in orgs:
                orgs[org_key] = Organization(name=f"{org_key} {n}", kind=OrganizationKind(kind))
                db.session.add(orgs[org_key])
                db.session.flush()
            user = create_user(
                f"{key}{n}@example.org", key.title(), "password-123", organization=orgs[org_key]
            )
            add_member(partnership, user, role)
            self.users[key] = user.id
        framework = tree.create_framework(partnership, {"title": f"Framework {n}"})
        standard = tree.add_standard(
            framework,
            None,
            "critical_work_function",
            "Maintain safety",
            "Keep the shop safe.",
            author=self._user("ana"),
        )
        db.session.commit()
        self.standard_id = standard.id
        # The model: content by number (index + 1), status and endorsing organizations.
        self.contents = [("Maintain safety", "Keep the shop safe.", None)]
        self.statuses = {1: VersionStatus.DRAFT}
        self.endorsed: dict[int, set[str]] = {1: set()}
        self.published: int | None = None

    # --- Helpers ----------------------------------------------------------------------------

    def _user(self, key: str) -> User:
        return db.session.get(User, self.users[key])

    def _standard(self) -> Standard:
        return services.get_standard(self.standard_id)

    @property
    def newest(self) -> int:
        return len(self.contents)

    def _number(self, back: int) -> int:
        return max(1, self.newest - back)

    def _attempt(self, action):
        """Run a service call as a view does: commit on success, roll back on refusal."""
        try:
            result = action()
        except DomainError as exc:
            db.session.rollback()
            return exc
        db.session.commit()
        return result

    def _add_to_model(self, content: tuple) -> None:
        number = self.newest + 1
        self.contents.append(content)
        self.statuses[number] = VersionStatus.DRAFT
        self.endorsed[number] = set()

    # --- Rules ------------------------------------------------------------------------------

    @precondition(lambda self: self.standard_id is not None)
    @rule(
        editor=st.sampled_from(EDITORS),
        back=st.sampled_from([0, 0, 0, 0, 1, 2, None]),
        title=TITLES,
        statement=STATEMENTS,
        level=LEVELS,
        rival=st.sampled_from([None, None, None, "ben", "eli"]),
    )
    def save(self, editor, back, title, statement, level, rival):
        """An edit based on the newest version (back=0), an older one, or none at all.

        With a rival, someone else started from the same version and their save reaches the
        compare-and-swap just after this one, as a concurrent request would: it must conflict
        and leave this version as it is.
        """
        base = None if back is None else self.newest - back
        standard = self._standard()
        base_version = db.session.get(StandardVersion, standard.current_version_id)
        outcome = self._attempt(
            lambda: services.save_version(
                standard, base, title, statement, level, "edit", self._user(editor)
            )
        )
        content = _clean(title, statement, level)
        if not content[0]:
            assert isinstance(outcome, StandardError) and outcome.field == "title"
            return
        if base != self.newest:
            assert isinstance(outcome, VersionConflict), outcome
            assert outcome.current.number == self.newest
            return
        version, created = outcome
        if content == self.contents[-1]:
            assert not created and version.number == self.newest
            return
        assert created and version.number == self.newest + 1
        self._add_to_model(content)
        if rival is not None:
            theirs = {"title": "Their text", "statement": "Saved late.", "level": None}
            late = self._attempt(
                lambda: services._add_version(
                    self._standard(), base_version, theirs, self._user(rival), "racing"
                )
            )
            assert isinstance(late, VersionConflict), late
            assert late.current.number == self.newest

    @precondition(lambda self: self.standard_id is not None)
    @rule(editor=st.sampled_from(EDITORS), to=st.integers(1, 12), back=BACK)
    def revert(self, editor, to, back):
        """Restore an old version's content as a new version."""
        to = min(to, self.newest)
        base = self.newest - back
        outcome = self._attempt(
            lambda: services.revert(self._standard(), to, base, self._user(editor))
        )
        if base != self.newest:
            assert isinstance(outcome, VersionConflict), outcome
        elif self.contents[to - 1] == self.contents[-1]:
            assert isinstance(outcome, Conflict) and not isinstance(outcome, VersionConflict)
        else:
            assert outcome.number == self.newest + 1 and outcome.reverted_from == to
            self._add_to_model(self.contents[to - 1])

    @precondition(lambda self: self.standard_id is not None)
    @rule(people=st.lists(st.sampled_from(EDITORS), min_size=1, max_size=4), back=BACK)
    def endorse(self, people, back):
        """Panelists endorse one after the other (the same one twice, or two of one firm,
        must conflict)."""
        number = self._number(back)
        for person in people:
            org = ORG_OF[person]

            def act(person=person):
                standard = self._standard()
                version = services.get_version(standard, number)
                return services.endorse(standard, version, self._user(person), "Agreed")

            outcome = self._attempt(act)
            ok = (
                self.statuses[number] in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)
                and number == self.newest
                and org not in self.endorsed[number]
            )
            if ok:
                assert isinstance(outcome, Endorsement), outcome
                self.endorsed[number].add(org)
            else:
                assert isinstance(outcome, Conflict), outcome

    @precondition(lambda self: self.standard_id is not None)
    @rule(person=st.sampled_from(EDITORS), back=BACK)
    def withdraw(self, person, back):
        number = self._number(back)
        org = ORG_OF[person]

        def act():
            standard = self._standard()
            version = services.get_version(standard, number)
            return services.withdraw_endorsement(standard, version, self._user(person))

        outcome = self._attempt(act)
        if org not in self.endorsed[number]:
            assert isinstance(outcome, StandardError) and outcome.status == 404
        elif self.statuses[number] not in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW):
            assert isinstance(outcome, Conflict), outcome
        else:
            assert outcome is None
            self.endorsed[number].discard(org)

    @precondition(lambda self: self.standard_id is not None)
    @rule(back=BACK)
    def review(self, back):
        number = self._number(back)

        def act():
            standard = self._standard()
            return services.move_to_review(standard, services.get_version(standard, number))

        outcome = self._attempt(act)
        if number == self.newest and self.statuses[number] == VersionStatus.DRAFT:
            assert outcome is None
            self.statuses[number] = VersionStatus.IN_REVIEW
        else:
            assert isinstance(outcome, Conflict), outcome

    @precondition(lambda self: self.standard_id is not None)
    @rule(back=BACK)
    def publish(self, back):
        number = self._number(back)

        def act():
            standard = self._standard()
            version = services.get_version(standard, number)
            return services.publish(standard, version, self._user("gus"))

        outcome = self._attempt(act)
        counting = self.endorsed[number] & COUNTING
        ok = (
            number == self.newest
            and self.statuses[number] in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)
            and len(counting) >= self.quorum
        )
        if ok:
            assert outcome is None
            if self.published is not None:
                self.statuses[self.published] = VersionStatus.SUPERSEDED
            self.statuses[number] = VersionStatus.PUBLISHED
            self.published = number
        else:
            assert isinstance(outcome, Conflict), outcome

    @precondition(lambda self: self.standard_id is not None)
    @rule(back=BACK)
    def retire(self, back):
        number = self._number(back)

        def act():
            standard = self._standard()
            return services.retire_version(standard, services.get_version(standard, number))

        outcome = self._attempt(act)
        if self.statuses[number] == VersionStatus.PUBLISHED:
            assert outcome is None
            self.statuses[number] = VersionStatus.RETIRED
            self.published = None
        else:
            assert isinstance(outcome, Conflict), outcome

    # --- Invariants, read back from the database ---------------------------------------------

    @invariant()
    def the_database_keeps_the_rules(self):
        if self.standard_id is None:
            return
        db.session.expire_all()
        versions = db.session.scalars(
            db.select(StandardVersion)
            .where(StandardVersion.standard_id == self.standard_id)
            .order_by(StandardVersion.number)
        ).all()
        standard = db.session.get(Standard, self.standard_id)
        self._history_is_dense_and_unchanged(standard, versions)
        self._published_versions_had_their_quorum(versions)
        self._at_most_one_current_published_version(standard, versions)
        self._a_version_compared_with_itself_shows_no_change(versions)

    def _history_is_dense_and_unchanged(self, standard, versions):
        assert [v.number for v in versions] == list(range(1, self.newest + 1))
        assert [(v.title, v.statement, v.level) for v in versions] == self.contents
        assert [v.status for v in versions] == [self.statuses[v.number] for v in versions]
        assert standard.current_version_id == versions[-1].id

    def _published_versions_had_their_quorum(self, versions):
        rows = db.session.execute(
            db.select(StandardVersion.number, Organization.name, Organization.kind)
            .join(Endorsement, Endorsement.version_id == StandardVersion.id)
            .join(Organization, Organization.id == Endorsement.organization_id)
            .where(StandardVersion.standard_id == self.standard_id)
        ).all()
        by_version: dict[int, set[str]] = {}
        for number, name, kind in rows:
            org = name.rsplit(" ", 1)[0]
            assert org not in by_version.get(number, set()), "one endorsement per organization"
            by_version.setdefault(number, set()).add(org)
            assert (org in COUNTING) == (kind in ENDORSING_KINDS)
        assert by_version == {k: v for k, v in self.endorsed.items() if v}
        for version in versions:
            if version.published_at is not None:
                assert len(by_version.get(version.number, set()) & COUNTING) >= self.quorum

    def _at_most_one_current_published_version(self, standard, versions):
        published = [v for v in versions if v.status == VersionStatus.PUBLISHED]
        assert len(published) <= 1
        if published:
            assert standard.published_version_id == published[0].id
            assert published[0].number == self.published
        else:
            assert standard.published_version_id is None and self.published is None

    def _a_version_compared_with_itself_shows_no_change(self, versions):
        for version in versions:
            for text in (version.title, version.statement):
                segments = word_diff(text, text)
                assert all(s.op == "equal" for s in segments) and not has_changes(segments)
                assert "".join(s.text for s in segments) == text


@pytest.mark.usefixtures("app")
def test_any_sequence_of_edits_keeps_the_versioning_rules():
    run_state_machine_as_test(
        StandardLife,
        settings=settings(
            max_examples=40,
            stateful_step_count=30,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )

"""The kinds of progression problem, and the one function that finds a standard's (the
progression check, alignment/progression.py, asks it for each standard it follows)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from curriculum.alignment.models import AlignmentLevel

if TYPE_CHECKING:
    from curriculum.alignment.progression import StandardProgress, Step

INTRODUCED = AlignmentLevel.INTRODUCED
REINFORCED = AlignmentLevel.REINFORCED
MASTERED = AlignmentLevel.MASTERED


class FlagKey(StrEnum):
    """The kinds of progression problem, as URLs and the API name them."""

    NOT_ON_REQUIRED_PATH = "not_on_required_path"
    MASTERED_ONLY_IN_ELECTIVE = "mastered_only_in_elective"
    INTRODUCED_ONLY = "introduced_only"
    REINFORCED_NOT_MASTERED = "reinforced_not_mastered"
    REINFORCED_NEVER_INTRODUCED = "reinforced_never_introduced"
    MASTERED_NEVER_INTRODUCED = "mastered_never_introduced"
    MASTERED_BEFORE_INTRODUCED = "mastered_before_introduced"
    REINFORCED_BEFORE_INTRODUCED = "reinforced_before_introduced"
    MASTERED_BEFORE_REINFORCED = "mastered_before_reinforced"
    MASTERED_FIRST_TERM_ONLY = "mastered_first_term_only"


@dataclass(frozen=True)
class FlagKind:
    """A kind of progression problem: its key (in URLs and the API), label and rule."""

    key: FlagKey
    label: str
    rule: str


FLAG_KINDS: tuple[FlagKind, ...] = (
    FlagKind(
        FlagKey.NOT_ON_REQUIRED_PATH,
        "Not covered on the required path",
        "No required course is aligned to it.",
    ),
    FlagKind(
        FlagKey.MASTERED_ONLY_IN_ELECTIVE,
        "Mastered only in an elective",
        "No required course brings it to mastered, but an elective does: only the students "
        "who take that elective get there.",
    ),
    FlagKind(
        FlagKey.INTRODUCED_ONLY,
        "Introduced but never reinforced or mastered",
        "The required path introduces it and takes it no further.",
    ),
    FlagKind(
        FlagKey.REINFORCED_NOT_MASTERED,
        "Reinforced but never mastered",
        "The required path reinforces it but never brings it to mastered.",
    ),
    FlagKind(
        FlagKey.REINFORCED_NEVER_INTRODUCED,
        "Reinforced but never introduced",
        "The required path reinforces it without any course introducing it.",
    ),
    FlagKind(
        FlagKey.MASTERED_NEVER_INTRODUCED,
        "Mastered but never introduced or reinforced",
        "The required path expects mastery with no course introducing or reinforcing it.",
    ),
    FlagKind(
        FlagKey.MASTERED_BEFORE_INTRODUCED,
        "Mastered before introduced",
        "The first term that masters it comes before the first term that introduces it.",
    ),
    FlagKind(
        FlagKey.REINFORCED_BEFORE_INTRODUCED,
        "Reinforced before introduced",
        "The first term that reinforces it comes before the first term that introduces it.",
    ),
    FlagKind(
        FlagKey.MASTERED_BEFORE_REINFORCED,
        "Mastered before reinforced",
        "The first term that masters it comes before the first term that reinforces it.",
    ),
    FlagKind(
        FlagKey.MASTERED_FIRST_TERM_ONLY,
        "Mastered in the first term only",
        "Only courses of the program's first term bring it to mastered, before the later terms "
        "have built on it.",
    ),
)
FLAGS: dict[str, FlagKind] = {f.key: f for f in FLAG_KINDS}


@dataclass(frozen=True)
class Flag:
    """One problem of one standard: its kind and what, concretely, is wrong."""

    kind: FlagKind
    explanation: str

    @property
    def key(self) -> FlagKey:
        return self.kind.key

    @property
    def label(self) -> str:
        return self.kind.label


def _at(steps: list[Step], level: AlignmentLevel, term: int | None) -> str:
    """ "term 2 (MFG 120, MFG 130)": where the path first takes it to `level`."""
    codes = ", ".join(s.code for s in steps if s.required and s.level == level and s.term == term)
    return f"term {term} ({codes})"


def flags_of(p: StandardProgress, first_term: int | None, last_term: int | None) -> list[Flag]:
    """The problems of one standard's progression, each with what is wrong."""
    flags: list[Flag] = []

    def flag(key: str, explanation: str) -> None:
        flags.append(Flag(FLAGS[key], explanation))

    i, r, m = p.introduced, p.reinforced, p.mastered
    at_i, at_r, at_m = (
        _at(p.steps, INTRODUCED, i),
        _at(p.steps, REINFORCED, r),
        _at(p.steps, MASTERED, m),
    )
    electives = p.electives
    if not p.path:
        if electives:
            others = ", ".join(s.where for s in electives)
            flag(
                "not_on_required_path",
                f"No required course is aligned to it; it is covered only by {others}.",
            )
        else:
            flag("not_on_required_path", "No course of the program is aligned to it.")
    if m is None:
        masters = [s for s in electives if s.level == MASTERED]
        if masters:
            names = ", ".join(s.where for s in masters)
            flag(
                "mastered_only_in_elective",
                f"No required course brings it to mastered; only {names} does, so a "
                "student who does not take it never gets there.",
            )
    if i is not None and r is None and m is None:
        flag(
            "introduced_only",
            f"Introduced in {at_i}; no later required course reinforces or masters it.",
        )
    if r is not None and m is None:
        flag(
            "reinforced_not_mastered",
            f"Reinforced in {at_r}; no required course brings it to mastered.",
        )
    if r is not None and i is None:
        flag(
            "reinforced_never_introduced",
            f"Reinforced in {at_r}, but no required course introduces it.",
        )
    if m is not None and i is None and r is None:
        flag(
            "mastered_never_introduced",
            f"Mastered in {at_m}, with no required course introducing or reinforcing it first.",
        )
    if m is not None and i is not None and m < i:
        flag(
            "mastered_before_introduced",
            f"Mastered in {at_m}, before it is introduced in {at_i}.",
        )
    if r is not None and i is not None and r < i:
        flag(
            "reinforced_before_introduced",
            f"Reinforced in {at_r}, before it is introduced in {at_i}.",
        )
    if m is not None and r is not None and m < r:
        flag(
            "mastered_before_reinforced",
            f"Mastered in {at_m}, before it is reinforced in {at_r}.",
        )
    if m is not None and first_term != last_term and p.terms(MASTERED) == [first_term]:
        flag(
            "mastered_first_term_only",
            f"Only {at_m}, the program's first term, brings it to mastered; "
            f"no later course (through term {last_term}) does.",
        )
    return flags

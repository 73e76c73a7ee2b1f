"""Who may read and draw career ladders (registered in the one rule table of
curriculum/access.py, which imports this module; ask `access`, never this module).

A published ladder is read by everyone, visitors too; a draft only by those who see the
partnership's drafts (404 for others, as for draft standards). Conveners and panelists of the
partnership (and site administrators) edit, publish and delete a ladder. A step, a move and a
requirement are parts of their ladder: every action on them is the ladder's.
"""

from __future__ import annotations

from curriculum.access import _insider, can, rule, sees_drafts
from curriculum.ladders.models import Ladder, LadderMove, LadderStep, StepRequirement

# Actions on a Ladder, and on its parts (asked of the part, decided by its ladder).
LADDER_ACTIONS = ("view", "edit")
_EDIT_MESSAGE = "Only the partnership's conveners and panelists edit career ladders."


def ladder_of(thing: Ladder | LadderStep | LadderMove | StepRequirement) -> Ladder:
    """The ladder a step, move or requirement belongs to (a ladder is its own)."""
    if isinstance(thing, Ladder):
        return thing
    if isinstance(thing, StepRequirement):
        return thing.step.ladder
    return thing.ladder


@rule(Ladder, "view", known=lambda _user, _ladder: False)
def _view_ladder(user, ladder: Ladder) -> bool:
    return ladder.is_published or sees_drafts(user, ladder.partnership_id)


def _known(user, ladder: Ladder) -> bool:
    return _view_ladder(user, ladder) and _insider(user, ladder.partnership)


@rule(Ladder, "edit", known=_known, message=_EDIT_MESSAGE)
def _edit_ladder(user, ladder: Ladder) -> bool:
    return _view_ladder(user, ladder) and can(user, "edit_ladders", ladder.partnership)


def _part_rule(kind: type, action: str) -> None:
    def allows(user, part) -> bool:
        return can(user, action, ladder_of(part))

    rule(
        kind,
        action,
        known=lambda user, part: (
            _view_ladder(user, ladder_of(part)) and _insider(user, ladder_of(part).partnership)
        ),
        message=_EDIT_MESSAGE,
    )(allows)


for _kind in (LadderStep, LadderMove, StepRequirement):
    for _action in LADDER_ACTIONS:
        _part_rule(_kind, _action)

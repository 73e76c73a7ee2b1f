"""Career ladders and lattices: steps with job quality, the standards each requires, the moves
between steps, and the programs that lead there."""

from curriculum.audit.labels import describe_actions

describe_actions(
    {
        "ladder.create": "Career ladder drawn",
        "ladder.update": "Career ladder changed",
        "ladder.delete": "Career ladder deleted",
        "ladder.step.add": "Ladder step added",
        "ladder.step.update": "Ladder step changed",
        "ladder.step.delete": "Ladder step deleted",
        "ladder.move.add": "Ladder move added",
        "ladder.move.update": "Ladder move changed",
        "ladder.move.delete": "Ladder move deleted",
        "ladder.requirement.set": "Step requirement set",
        "ladder.requirement.update": "Step requirement changed",
        "ladder.requirement.remove": "Step requirement removed",
    },
    filters={"ladder.": "Career ladders"},
)

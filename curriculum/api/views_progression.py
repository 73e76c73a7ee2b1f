"""API endpoint: a program's progression check against one of its frameworks."""

from flask_login import current_user

from curriculum import access
from curriculum.alignment import coverage, progression
from curriculum.api import inputs
from curriculum.api.schemas.progression import Progression
from curriculum.api.views import bp
from curriculum.courses import services


@bp.get("/programs/<int:program_id>/progression")
def program_progression(program_id: int):
    """Per assessed standard, the terms the required path introduces, reinforces and masters
    it in, the electives beside it and the flags (public, as the coverage; drafts for members
    who may see them)."""
    program = services.get_program(program_id)
    framework = coverage.framework_of(program, inputs.query_integer("framework"))
    drafts = access.sees_drafts(current_user, program.partnership)
    return Progression.of(progression.check(program, framework, drafts=drafts)).send()

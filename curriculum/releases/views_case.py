"""A release's CASE package, downloaded from its page (on the `releases` blueprint)."""

from __future__ import annotations

from flask_login import current_user

from curriculum import access
from curriculum.interop.views import release_download_response
from curriculum.releases import services
from curriculum.releases.views import bp


@bp.get("/releases/<int:release_id>/case.json")
def case_package(release_id: int):
    """The versions the release fixes, in its tree, as a CASE 1.1 package whose CFDocument's
    version is the release number (whoever may see the release)."""
    release = services.get_release(release_id)
    access.require(current_user, "view", release)
    return release_download_response(release, "case")

"""API endpoints about the signed-in person: their work queue."""

from flask import abort
from flask_login import current_user

from curriculum.api.schemas.queue import Queue, QueueItem
from curriculum.api.views import bp
from curriculum.workqueue import services as workqueue


@bp.get("/me/queue")
def my_queue():
    """What needs the signed-in person (the home page's "What needs you")."""
    if not current_user.is_authenticated:
        abort(401, "Sign in, or send a personal API token as 'Authorization: Bearer <token>'.")
    items = workqueue.items_for(current_user)
    return Queue(items=[QueueItem.from_object(i) for i in items], count=len(items)).send()

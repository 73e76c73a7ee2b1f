"""WSGI entry point: `gunicorn -w 4 wsgi:app`, `flask --app wsgi ...`."""

from curriculum import create_app

app = create_app()

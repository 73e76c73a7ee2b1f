"""The JSON API under /api/v1/: personal tokens or the session cookie, described by OpenAPI."""

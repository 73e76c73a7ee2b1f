"""The JSON API under /api/v1/ (token-authenticated endpoints arrive with later features)."""

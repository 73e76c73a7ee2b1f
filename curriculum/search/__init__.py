"""Search across everything: one index (models.py), kept up to date (indexing.py), queried
through the database's own full-text search (services.py), on a page and in the API."""

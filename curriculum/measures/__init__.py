"""Performance measures per program and cohort: counts only, small counts suppressed."""

"""The work queue: what needs each signed-in person now, computed from the tables (never stored)."""

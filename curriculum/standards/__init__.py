"""Skill standards: frameworks, the standards tree, versions, endorsements, comments."""

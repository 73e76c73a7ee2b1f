"""Accounts: sign-in, profile, passwords, site administration of users."""

"""Partnerships: one industry in one region, its organizations, members, roles and invitations."""

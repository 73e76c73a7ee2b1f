"""Releases: numbered editions of a partnership framework, endorsed and published as a whole."""

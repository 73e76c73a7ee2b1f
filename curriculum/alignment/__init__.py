"""Alignment of courses to exact standard versions; coverage and gaps of programs."""

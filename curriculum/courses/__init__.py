"""Courses and programs of colleges and training providers."""

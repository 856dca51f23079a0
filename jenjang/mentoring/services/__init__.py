"""Writes and rules of the mentoring area."""

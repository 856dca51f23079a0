"""Models of the mentoring area."""

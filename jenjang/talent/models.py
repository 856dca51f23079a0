"""Models of the talent area."""

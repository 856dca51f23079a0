"""Models of the performance area."""

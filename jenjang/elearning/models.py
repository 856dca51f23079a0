"""Models of the elearning area."""

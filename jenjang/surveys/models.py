"""Models of the surveys area."""

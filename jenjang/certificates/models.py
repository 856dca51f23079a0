"""Models of the certificates area."""

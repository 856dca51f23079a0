"""Writes of the events area: events, registrations, check-in, Q&A, feedback."""

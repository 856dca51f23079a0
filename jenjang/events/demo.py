"""Demo data for events (filled in below)."""


def build(ctx) -> None:
    return None

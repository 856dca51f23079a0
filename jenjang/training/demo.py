"""Demo data of the training area (filled in below)."""


def build(*, agency, rng, today, write) -> None:
    return None

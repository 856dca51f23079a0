"""Demo data: service units of the demo regency with responses (filled later)."""


def build(*, agency, rng, stdout) -> None:
    return None

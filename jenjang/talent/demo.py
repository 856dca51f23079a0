"""Demo step: a talent review for the demo regency (filled in later)."""


def build(*, agency, today, rng, stdout) -> None:
    return None

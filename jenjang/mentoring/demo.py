"""Demo step for mentoring (filled in later)."""


def build(*, agency, rng, stdout) -> None:
    return None

"""The rank tables: PNS golongan ruang with pangkat, and PPPK golongan.

Source: BKN ensiklopedia pangkat PNS (domain file §8.1); PPPK golongan I–XVII
(domain file §8.1, regulation UNCERTAIN).
"""

PNS_RANKS = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]

PPPK_GRADES = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]


def rank_rows() -> list[dict]:
    """Return the rows to seed, PNS first, in order."""
    rows = [
        {"code": code, "name": name, "kind": "PNS", "order": i}
        for i, (code, name) in enumerate(PNS_RANKS, start=1)
    ]
    rows += [
        {"code": grade, "name": "", "kind": "PPPK", "order": i}
        for i, grade in enumerate(PPPK_GRADES, start=1)
    ]
    return rows

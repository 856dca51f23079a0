"""The regulation's tables, as seeded into the database (domain file §7).

Kept as literals so the seed migration and the tests read one source; the
texts are marked for translation so the public form speaks English too.
"""

from decimal import Decimal

from django.utils.translation import gettext_noop

# PermenPANRB 14/2017, domain file §7.1: (number, code, name, question).
UNSUR = [
    (
        1,
        "U1",
        gettext_noop("Persyaratan"),
        gettext_noop(
            "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan "
            "dengan jenis pelayanannya?"
        ),
    ),
    (
        2,
        "U2",
        gettext_noop("Sistem, Mekanisme, dan Prosedur"),
        gettext_noop("Bagaimana pendapat Anda tentang kemudahan prosedur pelayanan?"),
    ),
    (
        3,
        "U3",
        gettext_noop("Waktu Penyelesaian"),
        gettext_noop(
            "Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan "
            "pelayanan?"
        ),
    ),
    (
        4,
        "U4",
        gettext_noop("Biaya/Tarif"),
        gettext_noop(
            "Bagaimana pendapat Anda tentang kewajaran biaya/tarif pelayanan?"
        ),
    ),
    (
        5,
        "U5",
        gettext_noop("Produk Spesifikasi Jenis Pelayanan"),
        gettext_noop(
            "Bagaimana pendapat Anda tentang kesesuaian hasil pelayanan dengan "
            "yang tercantum dalam standar pelayanan?"
        ),
    ),
    (
        6,
        "U6",
        gettext_noop("Kompetensi Pelaksana"),
        gettext_noop(
            "Bagaimana pendapat Anda tentang kemampuan petugas dalam memberikan "
            "pelayanan?"
        ),
    ),
    (
        7,
        "U7",
        gettext_noop("Perilaku Pelaksana"),
        gettext_noop(
            "Bagaimana pendapat Anda tentang kesopanan dan keramahan petugas?"
        ),
    ),
    (
        8,
        "U8",
        gettext_noop("Penanganan Pengaduan, Saran, dan Masukan"),
        gettext_noop(
            "Bagaimana pendapat Anda tentang penanganan pengaduan, saran, dan masukan?"
        ),
    ),
    (
        9,
        "U9",
        gettext_noop("Sarana dan Prasarana"),
        gettext_noop("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
    ),
]

# Domain file §7.3, on the converted scale (NIK 25–100): (letter, label, min, max).
INTERVALS = [
    ("A", gettext_noop("Sangat Baik"), Decimal("88.31"), Decimal("100.00")),
    ("B", gettext_noop("Baik"), Decimal("76.61"), Decimal("88.30")),
    ("C", gettext_noop("Kurang Baik"), Decimal("65.00"), Decimal("76.60")),
    ("D", gettext_noop("Tidak Baik"), Decimal("25.00"), Decimal("64.99")),
]

# Domain file §7.2: 1 = tidak baik, 2 = kurang baik, 3 = baik, 4 = sangat baik.
ANSWER_LABELS = {
    1: gettext_noop("Tidak baik"),
    2: gettext_noop("Kurang baik"),
    3: gettext_noop("Baik"),
    4: gettext_noop("Sangat baik"),
}

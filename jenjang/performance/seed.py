"""Seed rows of the rule tables, from /shared/domain/regulations.md section 1.

Kept as plain data so the data migration, tests and the demo share them.
"""

import datetime as dt
from decimal import Decimal

EFFECTIVE = dt.date(2022, 1, 1)
MATRIX_SOURCE = "PermenPANRB 6/2022 (kuadran kinerja pegawai)"

# (rating hasil kerja, rating perilaku kerja) -> predikat; domain 1.4.
MATRIX = {
    ("di_atas", "di_bawah"): "kurang",
    ("di_atas", "sesuai"): "baik",
    ("di_atas", "di_atas"): "sangat_baik",
    ("sesuai", "di_bawah"): "kurang",
    ("sesuai", "sesuai"): "baik",
    ("sesuai", "di_atas"): "baik",
    ("di_bawah", "di_bawah"): "sangat_kurang",
    ("di_bawah", "sesuai"): "butuh_perbaikan",
    ("di_bawah", "di_atas"): "butuh_perbaikan",
}

# SE MenPANRB 3/2023 distribution curve, domain 1.6 (UNCERTAIN):
# (org predikat, employee predikats, bound, percent).
DISTRIBUTION = [
    ("istimewa", "sangat_baik", "max", "70"),
    ("baik", "baik", "max", "70"),
    ("baik", "butuh_perbaikan,kurang", "some", "0"),
    ("butuh_perbaikan", "butuh_perbaikan", "min", "60"),
    ("butuh_perbaikan", "sangat_baik", "max", "10"),
    ("kurang", "kurang", "min", "60"),
    ("kurang", "butuh_perbaikan", "min", "10"),
    ("kurang", "sangat_baik", "max", "10"),
    ("sangat_kurang", "sangat_kurang", "min", "60"),
    ("sangat_kurang", "kurang,butuh_perbaikan", "min", "10"),
    ("sangat_kurang", "sangat_baik", "max", "0"),
]

# PermenPANRB 1/2023 + Peraturan BKN 3/2023, domain 1.8.
CREDIT_PERCENT = {
    "sangat_baik": "150",
    "baik": "100",
    "butuh_perbaikan": "75",
    "kurang": "50",
    "sangat_kurang": "25",
}
CREDIT_COEFFICIENT = {
    "ahli_pertama": "12.5",
    "ahli_muda": "25",
    "ahli_madya": "37.5",
    "ahli_utama": "50",
    "pemula": "3.75",
    "terampil": "5",
    "mahir": "12.5",
    "penyelia": "25",
}

# SE MenPANRB 20/2021: BerAKHLAK values and their three panduan perilaku.
BERAKHLAK = [
    (
        "berorientasi_pelayanan",
        "Berorientasi Pelayanan",
        "Komitmen memberikan pelayanan prima demi kepuasan masyarakat",
        [
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ],
    ),
    (
        "akuntabel",
        "Akuntabel",
        "Bertanggung jawab atas kepercayaan yang diberikan",
        [
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, "
            "dan berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, "
            "efektif, dan efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ],
    ),
    (
        "kompeten",
        "Kompeten",
        "Terus belajar dan mengembangkan kapabilitas",
        [
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ],
    ),
    (
        "harmonis",
        "Harmonis",
        "Saling peduli dan menghargai perbedaan",
        [
            "Menghargai setiap orang apa pun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ],
    ),
    (
        "loyal",
        "Loyal",
        "Berdedikasi dan mengutamakan kepentingan bangsa dan negara",
        [
            "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta "
            "pemerintahan yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ],
    ),
    (
        "adaptif",
        "Adaptif",
        "Terus berinovasi dan antusias dalam menggerakkan serta menghadapi perubahan",
        [
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ],
    ),
    (
        "kolaboratif",
        "Kolaboratif",
        "Membangun kerja sama yang sinergis",
        [
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ],
    ),
]


def seed_rules(apps=None) -> None:
    """Insert the seed rows if their tables are empty (migration and tests)."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    get = apps.get_model
    Cell = get("performance", "PredikatMatrixCell")
    Rule = get("performance", "DistributionRule")
    Pct = get("performance", "CreditPercentage")
    Coef = get("performance", "CreditCoefficient")
    Value = get("performance", "BehaviourValue")
    Guide = get("performance", "BehaviourGuide")
    if not Cell.objects.exists():
        Cell.objects.bulk_create(
            Cell(
                effective_from=EFFECTIVE,
                rating_hasil=h,
                rating_perilaku=p,
                predikat=v,
                source=MATRIX_SOURCE,
            )
            for (h, p), v in MATRIX.items()
        )
    if not Rule.objects.exists():
        Rule.objects.bulk_create(
            Rule(
                effective_from=dt.date(2023, 1, 31),
                org_predikat=org,
                predikats=preds,
                bound=bound,
                percent=Decimal(pct),
            )
            for org, preds, bound, pct in DISTRIBUTION
        )
    if not Pct.objects.exists():
        Pct.objects.bulk_create(
            Pct(effective_from=dt.date(2023, 1, 1), predikat=k, percent=Decimal(v))
            for k, v in CREDIT_PERCENT.items()
        )
    if not Coef.objects.exists():
        Coef.objects.bulk_create(
            Coef(
                effective_from=dt.date(2023, 1, 1),
                functional_level=k,
                coefficient=Decimal(v),
            )
            for k, v in CREDIT_COEFFICIENT.items()
        )
    if not Value.objects.exists():
        for order, (code, name, meaning, guides) in enumerate(BERAKHLAK, start=1):
            value = Value.objects.create(
                code=code, order=order, name=name, meaning=meaning
            )
            Guide.objects.bulk_create(
                Guide(value=value, order=i, text=t) for i, t in enumerate(guides, 1)
            )

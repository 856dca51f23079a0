from django.db import migrations

# Literal copies of jenjang/surveys/seed.py at the time of writing (a
# migration must not change when the module does); a test compares them.
UNSUR = [
    (1, "U1", "Persyaratan", "Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
    (2, "U2", "Sistem, Mekanisme, dan Prosedur", "Bagaimana pendapat Anda tentang kemudahan prosedur pelayanan?"),
    (3, "U3", "Waktu Penyelesaian", "Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?"),
    (4, "U4", "Biaya/Tarif", "Bagaimana pendapat Anda tentang kewajaran biaya/tarif pelayanan?"),
    (5, "U5", "Produk Spesifikasi Jenis Pelayanan", "Bagaimana pendapat Anda tentang kesesuaian hasil pelayanan dengan yang tercantum dalam standar pelayanan?"),
    (6, "U6", "Kompetensi Pelaksana", "Bagaimana pendapat Anda tentang kemampuan petugas dalam memberikan pelayanan?"),
    (7, "U7", "Perilaku Pelaksana", "Bagaimana pendapat Anda tentang kesopanan dan keramahan petugas?"),
    (8, "U8", "Penanganan Pengaduan, Saran, dan Masukan", "Bagaimana pendapat Anda tentang penanganan pengaduan, saran, dan masukan?"),
    (9, "U9", "Sarana dan Prasarana", "Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?"),
]
INTERVALS = [
    ("A", "Sangat Baik", "88.31", "100.00"),
    ("B", "Baik", "76.61", "88.30"),
    ("C", "Kurang Baik", "65.00", "76.60"),
    ("D", "Tidak Baik", "25.00", "64.99"),
]


def seed(apps, schema_editor):
    Unsur = apps.get_model("surveys", "Unsur")
    QualityInterval = apps.get_model("surveys", "QualityInterval")
    for number, code, name, question in UNSUR:
        Unsur.objects.update_or_create(
            number=number, defaults={"code": code, "name": name, "question": question}
        )
    for letter, label, low, high in INTERVALS:
        QualityInterval.objects.update_or_create(
            letter=letter,
            defaults={"label": label, "min_value": low, "max_value": high},
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Seed content of the competency dictionary and the default job standards.

PermenPANRB 38/2017 (domain file §5): eight managerial competencies and the
sociocultural Perekat Bangsa, each rated on five levels. The level titles,
descriptions and behavioural indicators below are written for Jenjang in
the spirit of that regulation, not copied from it: VERIFY AGAINST THE
OFFICIAL TEXT before relying on them (the 1–5 scale itself is UNCERTAIN in
the domain file). They are data, seeded by migration 0002 and editable by
HR in the pages.

The default required level per position kind is UNCERTAIN too (domain file
§5: "a commonly used mapping", no source); it is seeded here and overridden
per position where an agency has its own standard.
"""

from typing import Any

from django.utils.translation import gettext_lazy

VERIFY_NOTE = gettext_lazy(
    "Skala level 1–5, judul, deskripsi dan indikator perilaku disusun mengikuti "
    "semangat PermenPANRB 38/2017, bukan disalin darinya: verifikasi dengan teks "
    "resmi sebelum digunakan."
)
DEFAULTS_NOTE = gettext_lazy(
    "BELUM PASTI: level bawaan per jenis jabatan mengikuti pemetaan yang umum "
    "dipakai, tanpa sumber resmi; verifikasi dengan teks resmi dan ubah per "
    "jabatan bila instansi punya standar sendiri."
)

# (code, name, kind, definition, [(title, description, [indicators]) × 5])
_Levels = list[tuple[str, str, list[str]]]

DICTIONARY: list[tuple[str, str, str, str, _Levels]] = [
    (
        "integritas",
        "Integritas",
        "managerial",
        "Konsisten berperilaku selaras dengan nilai, norma, dan etika organisasi, "
        "jujur dalam hubungan dengan atasan, rekan kerja, bawahan, dan pemangku "
        "kepentingan, serta menepati komitmen.",
        [
            (
                "Bertindak sesuai nilai dan etika secara pribadi",
                "Menjalankan tugas sesuai nilai, norma, dan etika organisasi dalam "
                "kapasitas pribadi.",
                [
                    "Bertingkah laku sesuai dengan perkataan; berkata jujur.",
                    "Menepati janji dan komitmen yang telah dibuat.",
                    "Melaksanakan peraturan, kode etik, dan nilai organisasi.",
                ],
            ),
            (
                "Mengingatkan rekan kerja untuk bertindak sesuai etika",
                "Mengajak dan mengingatkan rekan kerja agar bekerja sesuai nilai, "
                "norma, dan etika organisasi.",
                [
                    "Mengingatkan rekan kerja yang menyimpang dari kode etik.",
                    "Menolak ajakan untuk melakukan pelanggaran etika.",
                    "Menyampaikan informasi secara terbuka dan apa adanya.",
                ],
            ),
            (
                "Menanamkan keyakinan bersama dalam unit kerja",
                "Memastikan anggota yang dipimpin bertindak sesuai nilai, norma, dan "
                "etika organisasi dalam lingkup formal.",
                [
                    "Memberi contoh penerapan kode etik kepada anggota tim.",
                    "Memberi penghargaan atas perilaku etis dan menegur pelanggaran.",
                    "Memastikan keputusan unit kerja dapat dipertanggungjawabkan.",
                ],
            ),
            (
                "Menciptakan situasi kerja yang menjaga integritas",
                "Membangun budaya kerja yang membuat orang tetap berintegritas dalam "
                "segala situasi, termasuk di bawah tekanan.",
                [
                    "Menerapkan sistem pengendalian untuk mencegah pelanggaran.",
                    "Mengambil tindakan tegas atas pelanggaran tanpa pandang bulu.",
                    "Menjaga integritas walaupun ada tekanan dari pihak lain.",
                ],
            ),
            (
                "Menjadi teladan integritas di tingkat instansi dan nasional",
                "Menjadi panutan dalam menegakkan standar keadilan dan etika serta "
                "membangun sistem integritas organisasi.",
                [
                    "Merumuskan kebijakan yang memperkuat sistem integritas.",
                    "Menjadi rujukan dalam penerapan etika di tingkat nasional.",
                    "Mempertahankan prinsip walaupun berisiko secara pribadi.",
                ],
            ),
        ],
    ),
    (
        "kerjasama",
        "Kerjasama",
        "managerial",
        "Kemampuan menjalin, membina, dan mempertahankan hubungan kerja yang "
        "efektif, memiliki komitmen saling membantu dalam penyelesaian tugas, "
        "serta mengoptimalkan sumber daya untuk mencapai tujuan bersama.",
        [
            (
                "Berpartisipasi dalam tim kerja",
                "Menjadi anggota tim yang berperan aktif dan dapat diandalkan.",
                [
                    "Menyelesaikan bagian tugasnya dalam tim tepat waktu.",
                    "Berbagi informasi yang relevan dengan anggota tim.",
                    "Menghargai pendapat dan masukan anggota tim.",
                ],
            ),
            (
                "Menumbuhkan tim kerja yang partisipatif",
                "Mendorong keterlibatan anggota tim dan membantu rekan yang "
                "membutuhkan.",
                [
                    "Mengajak anggota tim menyampaikan pendapat.",
                    "Membantu rekan kerja menyelesaikan tugas bila diperlukan.",
                    "Menghargai kontribusi orang lain secara terbuka.",
                ],
            ),
            (
                "Membangun tim kerja yang efektif",
                "Membangun kerja sama tim untuk meningkatkan kinerja unit kerja.",
                [
                    "Membagi peran dan tugas sesuai kemampuan anggota tim.",
                    "Menyelesaikan konflik dalam tim secara konstruktif.",
                    "Membangun jejaring kerja dengan unit lain yang terkait.",
                ],
            ),
            (
                "Membangun komitmen dan sinergi antarunit",
                "Menciptakan sinergi lintas unit kerja untuk pencapaian tujuan "
                "organisasi.",
                [
                    "Menyatukan kepentingan beberapa unit dalam satu tujuan bersama.",
                    "Membangun komitmen tim terhadap sasaran organisasi.",
                    "Mengembangkan mekanisme kerja sama lintas unit.",
                ],
            ),
            (
                "Menciptakan kerja sama lintas instansi",
                "Membangun kemitraan strategis di dalam dan di luar instansi.",
                [
                    "Membangun kemitraan dengan instansi dan pemangku kepentingan lain.",
                    "Menyelaraskan kepentingan lintas sektor untuk sasaran nasional.",
                    "Menjadi penghubung kerja sama antarorganisasi.",
                ],
            ),
        ],
    ),
    (
        "komunikasi",
        "Komunikasi",
        "managerial",
        "Kemampuan menerangkan pandangan dan gagasan secara jelas, sistematis, "
        "dan meyakinkan, secara lisan maupun tertulis, serta mendengarkan dan "
        "memahami pesan orang lain dengan tepat.",
        [
            (
                "Menyampaikan informasi dengan jelas",
                "Menyampaikan informasi secara jelas dan lengkap sehingga dipahami "
                "sama oleh penerimanya.",
                [
                    "Menyampaikan informasi secara runtut dan mudah dipahami.",
                    "Mendengarkan lawan bicara dengan saksama.",
                    "Bertanya untuk memastikan pemahaman yang sama.",
                ],
            ),
            (
                "Aktif berkomunikasi secara formal dan informal",
                "Berkomunikasi aktif, menanggapi pesan dengan tepat, dan menyusun "
                "bahan tertulis dengan baik.",
                [
                    "Menyusun surat, laporan, atau bahan presentasi dengan baik.",
                    "Menanggapi pertanyaan dan masukan dengan tepat.",
                    "Menyesuaikan gaya komunikasi dengan lawan bicara.",
                ],
            ),
            (
                "Berkomunikasi secara asertif",
                "Menyampaikan informasi yang sensitif atau kompleks secara lisan "
                "dan tertulis dengan tegas dan santun.",
                [
                    "Menyampaikan pesan yang sulit dengan tegas dan santun.",
                    "Meyakinkan orang lain dengan data dan argumen yang kuat.",
                    "Memfasilitasi diskusi agar tercapai pemahaman bersama.",
                ],
            ),
            (
                "Mengemukakan pemikiran multidimensi",
                "Menyampaikan gagasan yang kompleks untuk membangun kesepakatan dan "
                "meningkatkan kinerja organisasi.",
                [
                    "Membangun kesepakatan di antara pihak yang berbeda pandangan.",
                    "Menyusun pesan strategis untuk berbagai pemangku kepentingan.",
                    "Bernegosiasi untuk kepentingan organisasi.",
                ],
            ),
            (
                "Menggagas sistem komunikasi yang terbuka",
                "Membangun sistem komunikasi organisasi yang terbuka dan strategis.",
                [
                    "Merancang sistem komunikasi internal dan publik instansi.",
                    "Mewakili instansi dalam forum tingkat nasional.",
                    "Mendorong budaya keterbukaan informasi.",
                ],
            ),
        ],
    ),
    (
        "orientasi-pada-hasil",
        "Orientasi pada Hasil",
        "managerial",
        "Kemampuan mempertahankan komitmen pribadi yang tinggi untuk "
        "menyelesaikan tugas, dapat diandalkan, bertanggung jawab, dan "
        "mengembangkan cara kerja yang lebih baik untuk hasil yang lebih tinggi.",
        [
            (
                "Bertanggung jawab memenuhi standar kerja",
                "Menyelesaikan tugas sesuai standar yang ditetapkan.",
                [
                    "Menyelesaikan pekerjaan tepat waktu dan sesuai standar.",
                    "Bertanggung jawab atas hasil kerjanya sendiri.",
                    "Memeriksa kembali hasil kerja sebelum diserahkan.",
                ],
            ),
            (
                "Berupaya melampaui standar kerja",
                "Meningkatkan hasil kerja pribadi di atas standar dan mencoba "
                "cara kerja alternatif.",
                [
                    "Menetapkan target pribadi di atas standar minimal.",
                    "Mencari dan mencoba metode kerja yang lebih efektif.",
                    "Memantau kemajuan kerja dan memperbaikinya.",
                ],
            ),
            (
                "Menetapkan target yang menantang bagi unit kerja",
                "Menetapkan target unit kerja yang menantang serta memberi "
                "apresiasi dan teguran untuk mendorong kinerja.",
                [
                    "Menetapkan target unit kerja yang terukur dan menantang.",
                    "Memberi apresiasi atas capaian dan teguran atas kelalaian.",
                    "Memantau capaian kinerja unit kerja secara berkala.",
                ],
            ),
            (
                "Mendorong unit kerja melampaui target",
                "Mengelola sumber daya agar organisasi mencapai atau melampaui "
                "target dan hasil sebelumnya.",
                [
                    "Mengelola sumber daya untuk hasil yang optimal.",
                    "Menerapkan perbaikan berkelanjutan pada proses kerja.",
                    "Menganalisis kinerja untuk menemukan peluang peningkatan.",
                ],
            ),
            (
                "Menyusun kebijakan yang meningkatkan kinerja secara luas",
                "Menyusun kebijakan berdampak luas pada peningkatan hasil kerja "
                "instansi dan nasional.",
                [
                    "Menyusun kebijakan yang meningkatkan kinerja lintas instansi.",
                    "Menetapkan arah dan sasaran strategis organisasi.",
                    "Mengevaluasi dampak kebijakan terhadap hasil pembangunan.",
                ],
            ),
        ],
    ),
    (
        "pelayanan-publik",
        "Pelayanan Publik",
        "managerial",
        "Kemampuan melaksanakan tugas pemerintahan, pembangunan, dan pelayanan "
        "publik secara profesional, transparan, objektif, dan adil, dengan "
        "mengutamakan kepentingan masyarakat.",
        [
            (
                "Menjalankan tugas sesuai standar pelayanan",
                "Melayani pengguna layanan sesuai standar pelayanan yang berlaku.",
                [
                    "Melayani masyarakat dengan ramah dan sesuai prosedur.",
                    "Memberikan informasi layanan yang benar dan jelas.",
                    "Menanggapi keluhan pengguna layanan dengan baik.",
                ],
            ),
            (
                "Mengawasi dan menjelaskan proses pelayanan secara transparan",
                "Menyelia pelaksanaan tugas pelayanan dan menjelaskannya secara "
                "terbuka.",
                [
                    "Mengawasi pelaksanaan layanan agar sesuai standar.",
                    "Menjelaskan prosedur dan biaya layanan secara transparan.",
                    "Mencatat dan menindaklanjuti keluhan pengguna layanan.",
                ],
            ),
            (
                "Memperbaiki standar pelayanan unit kerja",
                "Memanfaatkan kekuatan tim untuk memperbaiki standar pelayanan di "
                "lingkup unit kerja.",
                [
                    "Menganalisis keluhan untuk memperbaiki standar pelayanan.",
                    "Menerapkan inovasi pelayanan di unit kerja.",
                    "Mengukur kepuasan pengguna layanan secara berkala.",
                ],
            ),
            (
                "Mengantisipasi isu pelayanan jangka panjang",
                "Memantau, mengevaluasi, dan mengantisipasi dampak isu jangka "
                "panjang terhadap kebutuhan pemangku kepentingan.",
                [
                    "Memetakan kebutuhan pemangku kepentingan jangka panjang.",
                    "Mengevaluasi kebijakan pelayanan secara objektif.",
                    "Menjaga netralitas dan profesionalitas layanan.",
                ],
            ),
            (
                "Menjamin kebijakan pelayanan yang netral dan adil",
                "Memastikan kebijakan pelayanan publik objektif, netral, tidak "
                "diskriminatif, dan bebas dari kepentingan pribadi atau golongan.",
                [
                    "Menetapkan kebijakan pelayanan yang adil bagi semua golongan.",
                    "Menjamin pelayanan bebas dari kepentingan politik.",
                    "Mendorong reformasi pelayanan publik di tingkat instansi.",
                ],
            ),
        ],
    ),
    (
        "pengembangan-diri-dan-orang-lain",
        "Pengembangan Diri dan Orang Lain",
        "managerial",
        "Kemampuan meningkatkan pengetahuan dan menyempurnakan keterampilan diri, "
        "serta menginspirasi dan membimbing orang lain untuk mengembangkan "
        "kompetensinya.",
        [
            (
                "Mengembangkan diri",
                "Meningkatkan kemampuan diri secara aktif dan terus-menerus.",
                [
                    "Mengidentifikasi kebutuhan belajarnya sendiri.",
                    "Mengikuti pelatihan dan belajar mandiri secara aktif.",
                    "Menerapkan hal yang dipelajari dalam pekerjaan.",
                ],
            ),
            (
                "Meningkatkan kemampuan rekan dan bawahan",
                "Memberi contoh dan penjelasan cara melaksanakan pekerjaan kepada "
                "rekan atau bawahan.",
                [
                    "Berbagi pengetahuan dan pengalaman dengan rekan kerja.",
                    "Menjelaskan cara kerja yang benar kepada bawahan.",
                    "Memberi kesempatan bawahan mencoba tugas baru.",
                ],
            ),
            (
                "Memberi umpan balik dan membimbing",
                "Membimbing dan memberi umpan balik yang membangun untuk "
                "pengembangan orang lain.",
                [
                    "Memberi umpan balik yang spesifik dan membangun.",
                    "Melakukan coaching atau mentoring kepada bawahan.",
                    "Menyusun rencana pengembangan individu bersama bawahan.",
                ],
            ),
            (
                "Menyusun program pengembangan jangka panjang",
                "Menyusun program pengembangan jangka panjang untuk mendorong "
                "pembelajaran di organisasi.",
                [
                    "Menyusun program pengembangan kompetensi unit kerja.",
                    "Mengaitkan pengembangan pegawai dengan kebutuhan organisasi.",
                    "Memastikan hasil pembelajaran diterapkan dalam pekerjaan.",
                ],
            ),
            (
                "Membangun organisasi pembelajar",
                "Menciptakan budaya belajar berkelanjutan untuk mendukung "
                "pencapaian hasil organisasi.",
                [
                    "Menetapkan kebijakan pengembangan kompetensi instansi.",
                    "Mendorong budaya berbagi pengetahuan lintas unit.",
                    "Menjadi mentor bagi calon pemimpin organisasi.",
                ],
            ),
        ],
    ),
    (
        "mengelola-perubahan",
        "Mengelola Perubahan",
        "managerial",
        "Kemampuan menyesuaikan diri dengan situasi yang berubah, dan aktif "
        "mengelola serta mendorong perubahan untuk meningkatkan efektivitas "
        "organisasi.",
        [
            (
                "Mengikuti perubahan dengan arahan",
                "Menyesuaikan cara kerja dengan perubahan sesuai arahan.",
                [
                    "Menerima perubahan prosedur dan kebijakan dengan terbuka.",
                    "Mempelajari cara kerja baru yang ditetapkan.",
                    "Menyampaikan kesulitan yang dialami selama perubahan.",
                ],
            ),
            (
                "Proaktif beradaptasi dengan perubahan",
                "Menyesuaikan diri dengan perubahan tanpa harus diarahkan.",
                [
                    "Mencari informasi tentang perubahan yang akan terjadi.",
                    "Menyesuaikan prioritas kerja dengan cepat.",
                    "Mengusulkan perbaikan cara kerja.",
                ],
            ),
            (
                "Membantu orang lain mengikuti perubahan",
                "Membantu anggota tim memahami dan menjalani perubahan serta "
                "mengantisipasinya dengan tepat.",
                [
                    "Menjelaskan alasan dan manfaat perubahan kepada tim.",
                    "Membantu anggota tim yang kesulitan beradaptasi.",
                    "Mengantisipasi hambatan pelaksanaan perubahan.",
                ],
            ),
            (
                "Memimpin perubahan di unit kerja",
                "Merancang dan memimpin perubahan di unit kerja.",
                [
                    "Menyusun rencana perubahan beserta tahapannya.",
                    "Mengelola resistensi terhadap perubahan.",
                    "Memantau dan mengevaluasi hasil perubahan.",
                ],
            ),
            (
                "Mengelola perubahan yang berdampak luas",
                "Mengarahkan perubahan strategis yang berdampak luas bagi "
                "instansi dan masyarakat.",
                [
                    "Menetapkan arah perubahan strategis organisasi.",
                    "Membangun dukungan pemangku kepentingan terhadap perubahan.",
                    "Memastikan perubahan berkelanjutan dan terlembaga.",
                ],
            ),
        ],
    ),
    (
        "pengambilan-keputusan",
        "Pengambilan Keputusan",
        "managerial",
        "Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan "
        "keyakinan diri setelah mempertimbangkan prinsip kehati-hatian, data "
        "dan informasi, alternatif, serta risikonya.",
        [
            (
                "Mengumpulkan informasi untuk bertindak sesuai kewenangan",
                "Mengumpulkan informasi yang diperlukan sebelum bertindak dalam "
                "batas kewenangannya.",
                [
                    "Mengumpulkan data dan fakta sebelum mengambil tindakan.",
                    "Mengenali batas kewenangan dan meminta arahan bila perlu.",
                    "Mengambil keputusan rutin sesuai prosedur.",
                ],
            ),
            (
                "Menganalisis masalah secara mendalam",
                "Menganalisis masalah dan penyebabnya sebelum menentukan tindakan.",
                [
                    "Mengidentifikasi akar masalah dengan data yang relevan.",
                    "Menyusun beberapa alternatif pemecahan masalah.",
                    "Mempertimbangkan dampak tindakan terhadap pekerjaan lain.",
                ],
            ),
            (
                "Membandingkan alternatif dan menimbang risiko",
                "Membandingkan alternatif dan menyeimbangkan risiko dalam "
                "pelaksanaan keputusan.",
                [
                    "Menilai kelebihan dan kekurangan setiap alternatif.",
                    "Memperhitungkan risiko dan sumber daya yang diperlukan.",
                    "Mengambil keputusan tepat waktu dengan informasi terbatas.",
                ],
            ),
            (
                "Menyelesaikan masalah berisiko tinggi",
                "Mengambil keputusan atas masalah berisiko tinggi disertai "
                "langkah mitigasi.",
                [
                    "Mengantisipasi dampak keputusan bagi organisasi.",
                    "Menyiapkan langkah pengamanan dan mitigasi risiko.",
                    "Bertanggung jawab atas keputusan yang diambil.",
                ],
            ),
            (
                "Mengambil keputusan strategis berdampak luas",
                "Menghasilkan solusi dan keputusan atas masalah strategis jangka "
                "panjang yang berdampak nasional.",
                [
                    "Memutuskan kebijakan strategis jangka panjang.",
                    "Mempertimbangkan kepentingan nasional dalam keputusan.",
                    "Menyelaraskan keputusan dengan visi pemerintah.",
                ],
            ),
        ],
    ),
    (
        "perekat-bangsa",
        "Perekat Bangsa",
        "sociocultural",
        "Kemampuan mempromosikan sikap toleransi, keterbukaan, dan peka terhadap "
        "perbedaan individu atau kelompok masyarakat; mampu menjadi perpanjangan "
        "tangan pemerintah dalam mempersatukan masyarakat dan membangun hubungan "
        "sosial psikologis dengan masyarakat di tengah kemajemukan Indonesia.",
        [
            (
                "Peka dan menerima kemajemukan",
                "Memahami dan menerima perbedaan latar belakang orang lain.",
                [
                    "Menghargai perbedaan agama, suku, budaya, dan pendapat.",
                    "Bersikap adil kepada semua orang tanpa membedakan latar belakang.",
                    "Menjaga tutur kata agar tidak menyinggung kelompok lain.",
                ],
            ),
            (
                "Mengembangkan sikap saling menghargai",
                "Aktif mengembangkan sikap saling menghargai serta menekankan "
                "persamaan dan persatuan.",
                [
                    "Membangun hubungan baik dengan rekan dari latar belakang berbeda.",
                    "Menekankan persamaan untuk menjaga persatuan tim.",
                    "Menolak perilaku diskriminatif di lingkungan kerja.",
                ],
            ),
            (
                "Mempromosikan toleransi dan persatuan",
                "Mempromosikan dan mengembangkan sikap toleransi dan persatuan di "
                "unit kerja.",
                [
                    "Mendorong keterlibatan semua kelompok dalam kegiatan unit kerja.",
                    "Menengahi perbedaan pendapat yang bersumber dari latar belakang.",
                    "Membangun lingkungan kerja yang inklusif.",
                ],
            ),
            (
                "Mendayagunakan perbedaan secara konstruktif",
                "Memanfaatkan keragaman secara konstruktif dan kreatif untuk "
                "meningkatkan efektivitas organisasi.",
                [
                    "Memanfaatkan keragaman tim untuk menghasilkan gagasan baru.",
                    "Mencegah dan menyelesaikan konflik bernuansa SARA.",
                    "Menyusun program yang memperkuat kohesi sosial.",
                ],
            ),
            (
                "Menjadi wakil pemerintah pemersatu masyarakat",
                "Menjadi perpanjangan tangan pemerintah untuk membangun hubungan "
                "sosial psikologis dan mempersatukan masyarakat.",
                [
                    "Membangun dialog dengan tokoh dan kelompok masyarakat.",
                    "Menyusun kebijakan yang memperkuat persatuan bangsa.",
                    "Menjadi teladan dalam menjaga keutuhan NKRI.",
                ],
            ),
        ],
    ),
]

# Default required level by position kind (UNCERTAIN, domain file §5).
KIND_LEVELS = {
    "jpt_utama": 5,
    "jpt_madya": 5,
    "jpt_pratama": 4,
    "administrator": 3,
    "pengawas": 2,
    "pelaksana": 1,
}
# Jabatan fungsional by jenjang (UNCERTAIN: "mapped in between", domain file §5).
FUNCTIONAL_LEVELS = {
    "ahli_utama": 4,
    "ahli_madya": 3,
    "ahli_muda": 2,
    "ahli_pertama": 2,
    "penyelia": 2,
    "mahir": 1,
    "terampil": 1,
    "pemula": 1,
}


def competency_rows() -> list[dict[str, Any]]:
    """Return the managerial and sociocultural competencies as model values."""
    return [
        {"code": code, "name": name, "kind": kind, "description": definition}
        for code, name, kind, definition, _levels in DICTIONARY
    ]


def level_rows() -> list[dict[str, Any]]:
    """Return every level as model values, keyed by the competency's code."""
    return [
        {
            "competency_code": code,
            "level": number,
            "title": title,
            "description": description,
            "indicators": "\n".join(indicators),
        }
        for code, _name, _kind, _definition, levels in DICTIONARY
        for number, (title, description, indicators) in enumerate(levels, start=1)
    ]


def default_level_for(kind: str, functional_level: str = "") -> int | None:
    """Return the seeded default level for a position kind (and jenjang), if any."""
    if kind == "fungsional":
        return FUNCTIONAL_LEVELS.get(functional_level)
    return KIND_LEVELS.get(kind)


def default_rows() -> list[dict[str, Any]]:
    """Return the StandardDefault rows: every seeded competency × position group."""
    groups = [(kind, "", level) for kind, level in KIND_LEVELS.items()]
    groups += [("fungsional", fl, level) for fl, level in FUNCTIONAL_LEVELS.items()]
    return [
        {
            "competency_code": code,
            "position_kind": kind,
            "functional_level": functional_level,
            "required_level": level,
        }
        for code, *_rest in DICTIONARY
        for kind, functional_level, level in groups
    ]


def seed_dictionary(competency_model, level_model, default_model) -> None:
    """Insert whatever of the seed is missing (idempotent; edits are kept)."""
    existing = set(competency_model.objects.values_list("code", flat=True))
    competency_model.objects.bulk_create(
        [
            competency_model(**row)
            for row in competency_rows()
            if row["code"] not in existing
        ]
    )
    ids = dict(competency_model.objects.values_list("code", "id"))
    have_levels = set(level_model.objects.values_list("competency_id", "level"))
    levels = []
    for row in level_rows():
        competency_id = ids[row.pop("competency_code")]
        if (competency_id, row["level"]) not in have_levels:
            levels.append(level_model(competency_id=competency_id, **row))
    level_model.objects.bulk_create(levels)
    have_defaults = set(
        default_model.objects.values_list(
            "position_kind", "functional_level", "competency_id"
        )
    )
    defaults = []
    for row in default_rows():
        competency_id = ids[row.pop("competency_code")]
        key = (row["position_kind"], row["functional_level"], competency_id)
        if key not in have_defaults:
            defaults.append(default_model(competency_id=competency_id, **row))
    default_model.objects.bulk_create(defaults)


def ensure_dictionary() -> None:
    """Seed the dictionary again if a transactional test flushed the migration's rows."""
    from jenjang.competencies.models import Competency, CompetencyLevel, StandardDefault

    if not StandardDefault.objects.exists():
        seed_dictionary(Competency, CompetencyLevel, StandardDefault)

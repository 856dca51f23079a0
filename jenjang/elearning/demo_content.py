"""The three demo courses: real short courses in Bahasa Indonesia.

Each course is (code, title, summary, competency codes, modules); a module is
(title, lessons); a lesson is ("text", title, minutes, markdown) or
("quiz", title, minutes, pass_mark, questions); a question is
(kind, text, choices-or-key, explanation). For choice questions the correct
options start with "*".
"""

KEPEMIMPINAN = (
    "demo-kepemimpinan-pelayanan",
    "Kepemimpinan Pelayanan untuk Pengawas",
    "Dasar-dasar memimpin tim kecil di unit pelayanan: menetapkan arah, "
    "mendelegasikan, memberi umpan balik, dan menjaga nilai BerAKHLAK dalam "
    "keputusan sehari-hari.",
    ["pengembangan-diri-dan-orang-lain", "pengambilan-keputusan", "komunikasi"],
    [
        (
            "Modul 1 — Memimpin diri dan tim",
            [
                (
                    "text",
                    "Dari pelaksana menjadi pemimpin",
                    30,
                    """Naik dari pelaksana menjadi **pejabat pengawas** berarti
pekerjaan Anda tidak lagi diukur dari apa yang Anda kerjakan sendiri, tetapi
dari apa yang berhasil dikerjakan **tim** Anda.

## Tiga pergeseran cara berpikir

1. **Dari mengerjakan ke memastikan.** Pengawas yang masih mengerjakan semua
   hal sendiri akan menjadi hambatan. Tugas Anda adalah memastikan pekerjaan
   selesai dengan mutu yang sama atau lebih baik, oleh orang yang tepat.
2. **Dari tugas ke hasil.** Rumuskan hasil yang diharapkan (misalnya "antrean
   loket di bawah 15 menit") — bukan daftar kegiatan. Hasil inilah yang nanti
   diturunkan ke SKP anggota tim.
3. **Dari kewenangan ke kepercayaan.** Surat keputusan memberi Anda jabatan;
   kepercayaan tim diperoleh dari konsistensi, keadilan, dan keteladanan.

## Keteladanan BerAKHLAK

Nilai dasar ASN — *Berorientasi pelayanan, Akuntabel, Kompeten, Harmonis,
Loyal, Adaptif, Kolaboratif* — paling cepat menular melalui contoh. Datang
tepat waktu, mengakui kesalahan, dan menepati janji kepada masyarakat adalah
pelajaran kepemimpinan yang tidak perlu diucapkan.

> Renungkan: keputusan apa minggu ini yang sebenarnya bisa diambil oleh
> anggota tim Anda sendiri?
""",
                ),
                (
                    "text",
                    "Delegasi yang efektif",
                    30,
                    """Delegasi bukan sekadar membagi pekerjaan. Delegasi yang baik
**mengembangkan orang** sekaligus menyelesaikan pekerjaan.

## Lima langkah delegasi

1. **Pilih tugas** yang jelas hasilnya dan bisa menjadi bahan belajar.
2. **Pilih orang** berdasarkan kompetensi dan kebutuhan pengembangannya —
   bukan selalu orang yang paling cepat.
3. **Jelaskan hasil, batas waktu, dan kewenangan**: keputusan apa yang boleh
   diambil sendiri, dan kapan harus melapor.
4. **Sediakan dukungan**: akses data, contoh dokumen, waktu untuk bertanya.
5. **Pantau tanpa mengambil alih.** Tetapkan titik periksa; jangan menarik
   kembali tugas pada kesulitan pertama.

## Tingkat kemandirian

| Kesiapan anggota | Gaya yang cocok |
| --- | --- |
| Baru, belum berpengalaman | Mengarahkan: instruksi jelas, periksa sering |
| Mulai mampu, kurang yakin | Melatih: jelaskan alasan, ajak berdiskusi |
| Mampu, perlu dorongan | Mendukung: dengarkan, beri kepercayaan |
| Mampu dan yakin | Mendelegasikan penuh: sepakati hasil, beri ruang |

Tanggung jawab akhir tetap pada Anda sebagai pengawas: delegasi memindahkan
pekerjaan, bukan akuntabilitas.
""",
                ),
            ],
        ),
        (
            "Modul 2 — Umpan balik dan keputusan",
            [
                (
                    "text",
                    "Memberi umpan balik yang membangun",
                    30,
                    """Umpan balik berkala adalah bagian dari pengelolaan kinerja
(PermenPANRB 6/2022): atasan langsung memberi **umpan balik berkelanjutan**,
bukan hanya penilaian di akhir periode.

## Model SBI: Situasi – Perilaku – Dampak

- **Situasi**: kapan dan di mana. *"Pada rapat koordinasi Selasa lalu…"*
- **Perilaku**: apa yang terlihat, bukan tafsiran. *"…Anda memotong
  penjelasan petugas puskesmas dua kali…"*
- **Dampak**: akibatnya bagi tim atau layanan. *"…sehingga data stok obat
  yang ia bawa tidak sempat dibahas."*

Lalu **ajak bicara**: tanyakan sudut pandangnya dan sepakati langkah
berikutnya. Gunakan SBI juga untuk pujian — pujian yang spesifik menunjukkan
perilaku apa yang perlu diulang.

## Kesalahan yang sering terjadi

- Menunda sampai penilaian akhir tahun.
- Mengomentari kepribadian ("Anda malas") alih-alih perilaku.
- Memberi umpan balik korektif di depan orang banyak.
""",
                ),
                (
                    "text",
                    "Mengambil keputusan dengan data dan nilai",
                    25,
                    """Pengawas mengambil banyak keputusan kecil setiap hari. Kerangka
sederhana membantu keputusan tetap **konsisten dan dapat dipertanggungjawabkan**.

1. **Rumuskan masalahnya** dalam satu kalimat.
2. **Kumpulkan fakta secukupnya**: data layanan, aturan yang berlaku, dan
   pendapat pihak yang terdampak.
3. **Susun paling sedikit dua pilihan** beserta risiko masing-masing.
4. **Uji dengan nilai dan aturan**: apakah pilihan ini adil, sesuai
   kewenangan, dan berorientasi pada masyarakat?
5. **Putuskan, komunikasikan alasannya, dan tetapkan kapan ditinjau ulang.**

Catat keputusan penting beserta alasannya. Catatan ini melindungi Anda saat
diperiksa dan menjadi bahan belajar bagi tim.
""",
                ),
                (
                    "quiz",
                    "Kuis kepemimpinan pelayanan",
                    15,
                    70,
                    [
                        (
                            "single",
                            "Apa ukuran utama keberhasilan seorang pejabat pengawas?",
                            [
                                "Banyaknya pekerjaan yang ia kerjakan sendiri",
                                "*Hasil yang dicapai oleh timnya",
                                "Jumlah rapat yang ia pimpin",
                            ],
                            "Pengawas diukur dari hasil tim, bukan dari pekerjaan pribadinya.",
                        ),
                        (
                            "multiple",
                            "Mana saja yang termasuk langkah delegasi yang efektif?",
                            [
                                "*Menjelaskan hasil, batas waktu, dan kewenangan",
                                "*Menetapkan titik periksa",
                                "Mengambil alih tugas pada kesulitan pertama",
                                "*Memilih orang sesuai kebutuhan pengembangannya",
                            ],
                            "Mengambil alih tugas terlalu cepat menghentikan pembelajaran.",
                        ),
                        (
                            "true_false",
                            "Dengan mendelegasikan tugas, tanggung jawab akhir ikut berpindah kepada anggota tim.",
                            "false",
                            "Delegasi memindahkan pekerjaan, bukan akuntabilitas.",
                        ),
                        (
                            "single",
                            "Dalam model SBI, huruf B (behaviour) berarti…",
                            [
                                "Tafsiran atasan tentang sikap pegawai",
                                "*Perilaku yang terlihat dan dapat diamati",
                                "Beban kerja pegawai",
                            ],
                            "Umpan balik menyebut perilaku yang teramati, bukan tafsiran.",
                        ),
                        (
                            "short",
                            "Tuliskan singkatan nilai dasar ASN yang diperkenalkan pada 2021.",
                            r"ber\s*akhlak",
                            "BerAKHLAK: Berorientasi pelayanan, Akuntabel, Kompeten, "
                            "Harmonis, Loyal, Adaptif, Kolaboratif.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

MANAJEMEN_PROYEK = (
    "demo-manajemen-proyek",
    "Manajemen Proyek Sektor Publik",
    "Merencanakan dan mengendalikan kegiatan berbatas waktu di instansi "
    "pemerintah: lingkup, jadwal, anggaran, risiko, dan pelaporan.",
    ["orientasi-pada-hasil", "kerjasama"],
    [
        (
            "Modul 1 — Merencanakan proyek",
            [
                (
                    "text",
                    "Apa itu proyek di instansi pemerintah?",
                    25,
                    """**Proyek** adalah pekerjaan sementara dengan awal dan akhir yang
jelas untuk menghasilkan keluaran yang unik — misalnya membangun aplikasi
antrean puskesmas, menyusun peraturan bupati, atau menyelenggarakan vaksinasi
massal. Pekerjaan rutin (melayani loket setiap hari) bukan proyek.

## Segitiga kendala

Setiap proyek dibatasi oleh **lingkup**, **waktu**, dan **biaya**, dengan
**mutu** di tengahnya. Mengubah satu sisi hampir selalu mengubah sisi lain:
menambah fitur berarti menambah waktu atau anggaran.

## Keterkaitan dengan perencanaan anggaran

Di sektor publik, proyek terikat pada **DPA** (Dokumen Pelaksanaan Anggaran)
dan tahun anggaran. Karena itu jadwal harus memperhitungkan proses pengadaan
barang/jasa dan batas akhir pembayaran di bulan Desember.
""",
                ),
                (
                    "text",
                    "Menyusun lingkup dan jadwal",
                    35,
                    """## Work Breakdown Structure (WBS)

Pecah keluaran besar menjadi paket kerja yang bisa diperkirakan waktunya dan
ditugaskan kepada satu orang. Contoh untuk *aplikasi antrean puskesmas*:

- 1 Analisis kebutuhan
  - 1.1 Wawancara petugas loket
  - 1.2 Pemetaan alur layanan
- 2 Pengadaan perangkat
- 3 Pengembangan dan uji coba
- 4 Pelatihan petugas dan peluncuran

## Jadwal dan jalur kritis

Susun urutan ketergantungan antar-paket kerja. **Jalur kritis** adalah
rangkaian kegiatan terpanjang: keterlambatan pada jalur ini langsung
memundurkan tanggal selesai proyek. Kegiatan di luar jalur kritis memiliki
*float* (kelonggaran).

## Tonggak (milestone)

Tetapkan tonggak yang mudah diperiksa pimpinan: "perangkat terpasang di
3 puskesmas", bukan "pengadaan berjalan".
""",
                ),
            ],
        ),
        (
            "Modul 2 — Mengendalikan proyek",
            [
                (
                    "text",
                    "Risiko, pemangku kepentingan, dan laporan",
                    35,
                    """## Register risiko

Untuk setiap risiko, catat **kemungkinan**, **dampak**, **pemilik risiko**,
dan **respons**: hindari, kurangi, alihkan, atau terima. Contoh: *"Lelang
gagal"* — kemungkinan sedang, dampak tinggi — respons: siapkan jadwal lelang
ulang dan metode pengadaan alternatif sesuai aturan.

## Peta pemangku kepentingan

Kelompokkan pihak berdasarkan **pengaruh** dan **kepentingan**. Pimpinan dan
inspektorat perlu dikelola erat; masyarakat pengguna layanan perlu selalu
diberi informasi.

## Laporan kemajuan satu halaman

1. Status keseluruhan (hijau/kuning/merah) dan alasannya.
2. Tonggak yang tercapai dan yang berikutnya.
3. Realisasi anggaran dibanding rencana.
4. Tiga risiko teratas dan tindakan yang diminta dari pimpinan.
""",
                ),
                (
                    "quiz",
                    "Kuis manajemen proyek",
                    15,
                    70,
                    [
                        (
                            "single",
                            "Manakah yang merupakan proyek, bukan pekerjaan rutin?",
                            [
                                "Melayani pembuatan KTP setiap hari",
                                "*Membangun aplikasi antrean untuk 10 puskesmas tahun ini",
                                "Menerima surat masuk",
                            ],
                            "Proyek bersifat sementara dan menghasilkan keluaran unik.",
                        ),
                        (
                            "true_false",
                            "Keterlambatan kegiatan di jalur kritis langsung memundurkan tanggal selesai proyek.",
                            "true",
                            "Kegiatan di jalur kritis tidak memiliki kelonggaran (float).",
                        ),
                        (
                            "multiple",
                            "Respons apa saja yang dapat dipilih untuk sebuah risiko?",
                            [
                                "*Menghindari",
                                "*Mengurangi",
                                "*Mengalihkan",
                                "Mengabaikan tanpa dicatat",
                            ],
                            "Menerima risiko boleh, asal dicatat dan dipantau.",
                        ),
                        (
                            "short",
                            "Apa singkatan dari dokumen pelaksanaan anggaran perangkat daerah?",
                            "DPA",
                            "DPA: Dokumen Pelaksanaan Anggaran.",
                        ),
                        (
                            "single",
                            "Tonggak (milestone) yang baik adalah…",
                            [
                                '"Pengadaan sedang berjalan"',
                                '*"Perangkat terpasang di 3 puskesmas"',
                                '"Tim bekerja keras"',
                            ],
                            "Tonggak harus mudah diperiksa: ada atau tidak ada.",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

INOVASI = (
    "demo-inovasi-pelayanan-publik",
    "Inovasi Pelayanan Publik",
    "Menemukan masalah layanan dari sudut pandang masyarakat, merancang "
    "solusi sederhana, mengujinya, dan mengukur hasilnya dengan IKM.",
    ["pelayanan-publik", "mengelola-perubahan"],
    [
        (
            "Modul 1 — Memahami masalah layanan",
            [
                (
                    "text",
                    "Inovasi dimulai dari masyarakat",
                    25,
                    """Inovasi pelayanan publik tidak harus berupa aplikasi canggih.
Inovasi adalah **cara baru yang membuat layanan lebih mudah, cepat, murah,
atau adil** bagi masyarakat — misalnya loket jemput bola bagi lansia, atau
formulir yang dipangkas dari empat halaman menjadi satu.

## Mulai dari keluhan dan data

- Hasil **Survei Kepuasan Masyarakat (SKM)** per unsur: unsur dengan nilai
  terendah adalah petunjuk awal.
- Kotak saran, pengaduan di kanal resmi, dan media sosial.
- Waktu tunggu dan jumlah kunjungan berulang untuk urusan yang sama.

## Peta perjalanan pengguna

Ikuti langkah seorang warga dari saat ia tahu butuh layanan sampai urusannya
selesai. Tandai titik di mana ia **menunggu, bingung, atau harus kembali**.
Di situlah peluang inovasi.
""",
                ),
                (
                    "text",
                    "Merancang dan menguji solusi",
                    30,
                    """## Dari ide ke purwarupa

1. **Rumuskan tantangan**: *"Bagaimana agar lansia dapat mengurus
   kartu BPJS tanpa antre lebih dari 30 menit?"*
2. **Kumpulkan banyak ide** bersama petugas garis depan dan warga.
3. **Pilih ide** yang berdampak besar dan dapat diuji dengan biaya kecil.
4. **Buat purwarupa** — loket khusus selama dua minggu, formulir baru di satu
   kelurahan — sebelum diberlakukan di semua unit.

## Ukur sebelum dan sesudah

Tetapkan indikator sejak awal: waktu tunggu, jumlah berkas yang ditolak,
nilai **IKM** unsur terkait. Bandingkan data sebelum dan sesudah uji coba.
Inovasi yang tidak terbukti memperbaiki layanan boleh dihentikan — itu juga
hasil belajar.

## Melembagakan

Inovasi yang berhasil dituangkan dalam SOP, dianggarkan, dan dilaporkan agar
dapat direplikasi oleh unit lain.
""",
                ),
                (
                    "quiz",
                    "Kuis inovasi pelayanan publik",
                    10,
                    60,
                    [
                        (
                            "true_false",
                            "Inovasi pelayanan publik harus selalu berupa aplikasi digital.",
                            "false",
                            "Perubahan prosedur sederhana pun bisa menjadi inovasi.",
                        ),
                        (
                            "single",
                            "Sumber data awal yang paling tepat untuk menemukan masalah layanan adalah…",
                            [
                                "*Hasil SKM per unsur dan pengaduan masyarakat",
                                "Selera pimpinan",
                                "Inovasi yang sedang populer di daerah lain",
                            ],
                            "Mulailah dari pengalaman masyarakat.",
                        ),
                        (
                            "multiple",
                            "Apa tujuan membuat purwarupa sebelum diberlakukan luas?",
                            [
                                "*Menguji ide dengan biaya kecil",
                                "*Mengumpulkan data sebelum-sesudah",
                                "Menghindari keterlibatan warga",
                            ],
                            "Purwarupa mengurangi risiko dan memberi bukti.",
                        ),
                        (
                            "short",
                            "Indeks hasil Survei Kepuasan Masyarakat disingkat…",
                            "IKM",
                            "IKM: Indeks Kepuasan Masyarakat (PermenPANRB 14/2017).",
                        ),
                    ],
                ),
            ],
        ),
    ],
)

COURSES = (KEPEMIMPINAN, MANAJEMEN_PROYEK, INOVASI)

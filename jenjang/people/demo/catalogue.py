"""The demo's tables: degrees, ranks, jobs, and the regency's structure.

Data, not code: the regency is written as an outline (REGENCY_OUTLINE) and
the non-managerial jobs as a table (JOB_TABLE), both parsed at import.
"""

from dataclasses import dataclass

from faker.providers.person.id_ID import Provider as IndonesianNames

from jenjang.people.models import Position
from jenjang.people.ranks import PNS_RANKS

DEMO_AGENCY_CODE = "3399"
DEMO_AGENCY_NAME = "Pemerintah Kabupaten Contoh"
DEMO_PASSWORD = "jenjang-demo"  # noqa: S105 - printed on purpose, demo only
DEMO_EMAIL_DOMAIN = "contohkab.example"
DEFAULT_SEED = 2026
BATCH_SIZE = 5000
NATIONAL_CODE_PREFIX = "BM-"
EMPLOYEES_PER_AGENCY = 7800  # 4.7 million ASN over about 600 agencies
EMPLOYEES_PER_UNIT = 47  # about 100,000 units for 4.7 million ASN
# Backup codes: 8 digits, because 6-digit codes are read as TOTP codes.
DEMO_BACKUP_CODES = [str(d) * 8 for d in range(1, 10)] + [
    f"2026{n:04d}" for n in range(1, 12)
]
# NIP sequence numbers: the regency uses 001–099, national data 100–999, so
# the two never collide (a NIP differs at least in its last three digits).
DEMO_SEQUENCES = range(1, 100)
NATIONAL_SEQUENCES = range(100, 1000)

K = Position.Kind
L = Position.FunctionalLevel
AP, AM, AMD = L.AHLI_PERTAMA, L.AHLI_MUDA, L.AHLI_MADYA
T, MH, PY = L.TERAMPIL, L.MAHIR, L.PENYELIA


# --- reference tables -----------------------------------------------------------


@dataclass(frozen=True)
class Degree:
    education: str
    major: str
    front: str = ""
    back: str = ""


DEGREES = {
    "sma_ipa": Degree("SMA", "IPA"),
    "sma_ips": Degree("SMA", "IPS"),
    "d3_adm": Degree("D3", "Administrasi Perkantoran", back="A.Md."),
    "d3_ak": Degree("D3", "Akuntansi", back="A.Md.Ak."),
    "d3_kom": Degree("D3", "Manajemen Informatika", back="A.Md.Kom."),
    "d3_kep": Degree("D3", "Keperawatan", back="A.Md.Kep."),
    "d3_keb": Degree("D3", "Kebidanan", back="A.Md.Keb."),
    "d3_farm": Degree("D3", "Farmasi", back="A.Md.Farm."),
    "d3_gizi": Degree("D3", "Gizi", back="A.Md.Gz."),
    "d3_kl": Degree("D3", "Kesehatan Lingkungan", back="A.Md.K.L."),
    "d3_lab": Degree("D3", "Teknologi Laboratorium Medis", back="A.Md.A.K."),
    "d3_rmik": Degree("D3", "Rekam Medis dan Informasi Kesehatan", back="A.Md.RMIK"),
    "d3_rad": Degree("D3", "Radiologi", back="A.Md.Rad."),
    "d3_ftr": Degree("D3", "Fisioterapi", back="A.Md.Ftr."),
    "d4_keb": Degree("D4", "Kebidanan", back="S.Tr.Keb."),
    "ners": Degree("S1", "Keperawatan", back="S.Kep., Ns."),
    "ners_m": Degree("S2", "Keperawatan", back="S.Kep., Ns., M.Kep."),
    "dokter": Degree("S1", "Pendidikan Dokter", front="dr."),
    "drg": Degree("S1", "Kedokteran Gigi", front="drg."),
    "sp_pd": Degree("S2", "Ilmu Penyakit Dalam", front="dr.", back="Sp.PD"),
    "sp_a": Degree("S2", "Ilmu Kesehatan Anak", front="dr.", back="Sp.A"),
    "sp_og": Degree("S2", "Obstetri dan Ginekologi", front="dr.", back="Sp.OG"),
    "sp_b": Degree("S2", "Ilmu Bedah", front="dr.", back="Sp.B"),
    "dr_mkes": Degree("S2", "Kesehatan Masyarakat", front="dr.", back="M.Kes."),
    "apt": Degree("S1", "Farmasi", front="apt.", back="S.Farm."),
    "skm": Degree("S1", "Kesehatan Masyarakat", back="S.K.M."),
    "mkes": Degree("S2", "Kesehatan Masyarakat", back="S.K.M., M.Kes."),
    "sgz": Degree("S1", "Gizi", back="S.Gz."),
    "se": Degree("S1", "Manajemen", back="S.E."),
    "sak": Degree("S1", "Akuntansi", back="S.Ak."),
    "mm": Degree("S2", "Manajemen", back="S.E., M.M."),
    "spd": Degree("S1", "Pendidikan Guru Sekolah Dasar", back="S.Pd."),
    "spd_mat": Degree("S1", "Pendidikan Matematika", back="S.Pd."),
    "spd_ind": Degree("S1", "Pendidikan Bahasa Indonesia", back="S.Pd."),
    "spd_ipa": Degree("S1", "Pendidikan IPA", back="S.Pd."),
    "mpd": Degree("S2", "Manajemen Pendidikan", back="S.Pd., M.Pd."),
    "skom": Degree("S1", "Teknik Informatika", back="S.Kom."),
    "ssos": Degree("S1", "Ilmu Administrasi Negara", back="S.Sos."),
    "sip": Degree("S1", "Ilmu Pemerintahan", back="S.IP."),
    "spsi": Degree("S1", "Psikologi", back="S.Psi."),
    "msi": Degree("S2", "Ilmu Administrasi Publik", back="S.Sos., M.Si."),
    "map": Degree("S2", "Administrasi Publik", back="S.IP., M.A.P."),
    "sh": Degree("S1", "Ilmu Hukum", back="S.H."),
    "mh": Degree("S2", "Ilmu Hukum", back="S.H., M.H."),
    "st": Degree("S1", "Teknik Sipil", back="S.T."),
}

JOB_FIELDS = {
    "administrasi-pemerintahan": "Administrasi Pemerintahan",
    "kepegawaian": "Kepegawaian",
    "keuangan": "Keuangan",
    "kesehatan": "Kesehatan",
    "pendidikan": "Pendidikan",
    "kependudukan": "Kependudukan dan Pencatatan Sipil",
    "perizinan": "Perizinan dan Penanaman Modal",
    "hukum": "Hukum",
    "teknologi-informasi": "Teknologi Informasi",
    "perencanaan": "Perencanaan",
    "kearsipan": "Kearsipan",
    "pengadaan": "Pengadaan Barang/Jasa",
}

# Rank order: I/a = 1 … III/a = 9 … IV/a = 13 … IV/e = 17.
RANK_CODES = {i: code for i, (code, _name) in enumerate(PNS_RANKS, start=1)}
# Entry rank by education (PP 99/2000 practice, domain file §8).
START_RANK = {"SD": 1, "SMP": 3, "SMA": 5, "D1": 5, "D2": 6, "D3": 7, "D4": 9}
START_RANK |= {"S1": 9, "S2": 10, "S3": 11}
# Highest rank by regular promotion for each education (domain file §8.2:
# e.g. SD up to II/a, S1 up to III/d; the other steps are approximate). These
# tables only make demo data plausible; the application enforces none of them.
CAP_RANK = {"SD": 5, "SMP": 7, "SMA": 10, "D1": 10, "D2": 10, "D3": 11, "D4": 12}
CAP_RANK |= {"S1": 12, "S2": 13, "S3": 14}
# The rank band that fits each managerial post and functional level.
RANK_BAND = {
    K.JPT_UTAMA: (16, 17),
    K.JPT_MADYA: (15, 16),
    K.JPT_PRATAMA: (14, 15),
    K.ADMINISTRATOR: (13, 14),
    K.PENGAWAS: (11, 13),
    L.AHLI_PERTAMA: (9, 10),
    L.AHLI_MUDA: (11, 12),
    L.AHLI_MADYA: (13, 15),
    L.AHLI_UTAMA: (16, 17),
    L.PEMULA: (5, 6),
    L.TERAMPIL: (6, 8),
    L.MAHIR: (9, 10),
    L.PENYELIA: (11, 12),
}
ENTRY_AGE = {"SMA": (19, 25), "D3": (21, 27), "D4": (22, 28), "S1": (23, 30)}
ENTRY_AGE |= {"S2": (25, 33), "S3": (29, 37)}
PPPK_GRADE = {"SMA": "V", "D3": "VII", "D4": "IX", "S1": "IX", "S2": "X", "S3": "XI"}
LEVEL_LABELS = {
    L.AHLI_PERTAMA: "Ahli Pertama",
    L.AHLI_MUDA: "Ahli Muda",
    L.AHLI_MADYA: "Ahli Madya",
    L.AHLI_UTAMA: "Ahli Utama",
    L.PEMULA: "Pemula",
    L.TERAMPIL: "Terampil",
    L.MAHIR: "Mahir",
    L.PENYELIA: "Penyelia",
}
BIRTH_PLACES = (
    "Contoh",
    "Sukamaju",
    "Semarang",
    "Surakarta",
    "Yogyakarta",
    "Magelang",
    "Purwokerto",
    "Kebumen",
    "Klaten",
    "Jakarta",
    "Bandung",
    "Surabaya",
    "Medan",
    "Makassar",
)
PHONE_PREFIXES = ("811", "812", "813", "821", "822", "852", "853", "857", "878", "896")
MALE_FIRST = tuple(IndonesianNames.first_names_male)
FEMALE_FIRST = tuple(IndonesianNames.first_names_female)
MALE_LAST = tuple(IndonesianNames.last_names_male)
FEMALE_LAST = tuple(IndonesianNames.last_names_female)

# --- jobs and the regency's structure ----------------------------------------


@dataclass(frozen=True)
class Job:
    """What a position asks of its holders: kind, level, field, degrees."""

    title: str
    kind: str
    field: str
    degrees: tuple[str, ...]
    level: str = ""
    pppk_share: float = 0.0
    female_share: float = 0.45

    @property
    def base_title(self) -> str:
        """The title without its jenjang: "Perawat" for "Perawat Ahli Muda"."""
        return self.title.removesuffix(" " + LEVEL_LABELS.get(self.level, ""))


LEVEL_CODES = {"ap": AP, "am": AM, "amd": AMD, "t": T, "mh": MH, "py": PY}
DEGREE_GROUPS = {
    "$admin": ("sma_ips", "sma_ipa", "sma_ips", "d3_adm", "ssos", "se"),
    "$smp": ("spd_mat", "spd_ind", "spd_ipa"),
}
# Non-managerial jobs. kind: "pel" (pelaksana) or a jenjang code (fungsional,
# the title gets the jenjang appended). pppk: share of holders who are PPPK.
JOB_TABLE = """
pengadm       | Pengadministrasi Umum                  | pel | administrasi-pemerintahan | $admin              |     |
pengadm.pem   | Pengadministrasi Pemerintahan          | pel | administrasi-pemerintahan | $admin              |     |
pengadm.duk   | Pengadministrasi Kependudukan          | pel | kependudukan              | $admin              |     |
pengadm.izin  | Pengadministrasi Perizinan             | pel | perizinan                 | $admin              |     |
penata.izin   | Penata Perizinan                       | pel | perizinan                 | se sh st            |     |
keu           | Pengelola Keuangan                     | pel | keuangan                  | sma_ips d3_ak se    |     |
bendahara     | Bendahara                              | pel | keuangan                  | d3_ak se sak        |     |
anggaran      | Pengelola Anggaran                     | pel | keuangan                  | se sak d3_ak        |     |
lapkeu        | Penyusun Laporan Keuangan              | pel | keuangan                  | sak d3_ak           |     |
bmd           | Pengelola Barang Milik Daerah          | pel | keuangan                  | $admin              |     |
kepeg         | Pengelola Kepegawaian                  | pel | kepegawaian               | $admin              |     |
diklat        | Pengelola Pendidikan dan Pelatihan     | pel | kepegawaian               | ssos spsi d3_adm    |     |
progkes       | Pengelola Program Kesehatan            | pel | kesehatan                 | skm d3_adm sma_ipa  |     |
tas           | Tenaga Administrasi Sekolah            | pel | pendidikan                | $admin              | .3  |
sdm.ap        | Analis SDM Aparatur                    | ap  | kepegawaian               | ssos spsi sip       |     |
sdm.am        | Analis SDM Aparatur                    | am  | kepegawaian               | ssos spsi sip       |     |
sdm.amd       | Analis SDM Aparatur                    | amd | kepegawaian               | msi ssos spsi       |     |
ak.ap         | Analis Kebijakan                       | ap  | administrasi-pemerintahan | sip ssos sh         |     |
ak.am         | Analis Kebijakan                       | am  | administrasi-pemerintahan | sip ssos sh         |     |
ak.amd        | Analis Kebijakan                       | amd | administrasi-pemerintahan | map msi             |     |
perancang.ap  | Perancang Peraturan Perundang-undangan | ap  | hukum                     | sh                  |     |
perancang.am  | Perancang Peraturan Perundang-undangan | am  | hukum                     | sh mh               |     |
penyuluhhk.ap | Penyuluh Hukum                         | ap  | hukum                     | sh                  |     |
prakom.ap     | Pranata Komputer                       | ap  | teknologi-informasi       | skom                |     |
prakom.t      | Pranata Komputer                       | t   | teknologi-informasi       | d3_kom              |     |
arsiparis.t   | Arsiparis                              | t   | kearsipan                 | d3_adm              |     |
humas.t       | Pranata Hubungan Masyarakat            | t   | administrasi-pemerintahan | d3_adm              |     |
perencana.ap  | Perencana                              | ap  | perencanaan               | se st sip           |     |
pbj.ap        | Pengelola Pengadaan Barang/Jasa        | ap  | pengadaan                 | se st sh            |     |
pbj.am        | Pengelola Pengadaan Barang/Jasa        | am  | pengadaan                 | se st sh            |     |
akpd.ap       | Analis Keuangan Pusat dan Daerah       | ap  | keuangan                  | se sak              |     |
akpd.am       | Analis Keuangan Pusat dan Daerah       | am  | keuangan                  | se sak              |     |
akpd.amd      | Analis Keuangan Pusat dan Daerah       | amd | keuangan                  | mm sak              |     |
dokter.ap     | Dokter                                 | ap  | kesehatan                 | dokter              |     | .55
dokter.am     | Dokter                                 | am  | kesehatan                 | dokter              |     | .55
dokter.amd    | Dokter                                 | amd | kesehatan                 | sp_pd sp_a sp_og sp_b |   | .45
drg.ap        | Dokter Gigi                            | ap  | kesehatan                 | drg                 |     | .7
drg.am        | Dokter Gigi                            | am  | kesehatan                 | drg                 |     | .7
perawat.t     | Perawat                                | t   | kesehatan                 | d3_kep              | .35 | .7
perawat.mh    | Perawat                                | mh  | kesehatan                 | d3_kep              |     | .7
perawat.py    | Perawat                                | py  | kesehatan                 | d3_kep              |     | .7
perawat.ap    | Perawat                                | ap  | kesehatan                 | ners                |     | .7
perawat.am    | Perawat                                | am  | kesehatan                 | ners                |     | .7
perawat.amd   | Perawat                                | amd | kesehatan                 | ners_m ners         |     | .7
bidan.t       | Bidan                                  | t   | kesehatan                 | d3_keb              | .4  | 1
bidan.mh      | Bidan                                  | mh  | kesehatan                 | d3_keb              |     | 1
bidan.ap      | Bidan                                  | ap  | kesehatan                 | d4_keb              |     | 1
bidan.am      | Bidan                                  | am  | kesehatan                 | d4_keb              |     | 1
apoteker.ap   | Apoteker                               | ap  | kesehatan                 | apt                 |     | .75
apoteker.am   | Apoteker                               | am  | kesehatan                 | apt                 |     | .75
asapt.t       | Asisten Apoteker                       | t   | kesehatan                 | d3_farm             |     | .75
gizi.t        | Nutrisionis                            | t   | kesehatan                 | d3_gizi             |     | .8
gizi.ap       | Nutrisionis                            | ap  | kesehatan                 | sgz                 |     | .8
gizi.amd      | Nutrisionis                            | amd | kesehatan                 | sgz mkes            |     | .8
sanitarian.t  | Sanitarian                             | t   | kesehatan                 | d3_kl               |     |
sanitarian.ap | Sanitarian                             | ap  | kesehatan                 | skm                 |     |
pkm.ap        | Penyuluh Kesehatan Masyarakat          | ap  | kesehatan                 | skm                 |     | .6
pkm.amd       | Penyuluh Kesehatan Masyarakat          | amd | kesehatan                 | mkes skm            |     | .6
epid.ap       | Epidemiolog Kesehatan                  | ap  | kesehatan                 | skm                 |     |
epid.amd      | Epidemiolog Kesehatan                  | amd | kesehatan                 | mkes                |     |
adminkes.ap   | Administrator Kesehatan                | ap  | kesehatan                 | skm                 |     |
adminkes.amd  | Administrator Kesehatan                | amd | kesehatan                 | mkes                |     |
entomolog.ap  | Entomolog Kesehatan                    | ap  | kesehatan                 | skm                 |     |
lab.t         | Pranata Laboratorium Kesehatan         | t   | kesehatan                 | d3_lab              |     | .6
rekmed.t      | Perekam Medis                          | t   | kesehatan                 | d3_rmik             |     | .6
radiografer.t | Radiografer                            | t   | kesehatan                 | d3_rad              |     |
fisio.t       | Fisioterapis                           | t   | kesehatan                 | d3_ftr              |     | .6
guru.ap       | Guru                                   | ap  | pendidikan                | spd                 | .5  | .7
guru.am       | Guru                                   | am  | pendidikan                | spd                 |     | .7
guru.amd      | Guru                                   | amd | pendidikan                | spd mpd             |     | .65
gurusmp.ap    | Guru                                   | ap  | pendidikan                | $smp                | .5  | .6
gurusmp.am    | Guru                                   | am  | pendidikan                | $smp                |     | .6
gurusmp.amd   | Guru                                   | amd | pendidikan                | $smp mpd            |     | .55
pengawas.amd  | Pengawas Sekolah                       | amd | pendidikan                | mpd                 |     |
ptp.ap        | Pengembang Teknologi Pembelajaran      | ap  | pendidikan                | spd skom            |     |
adb.ap        | Administrator Database Kependudukan    | ap  | kependudukan              | skom                |     |
adb.am        | Administrator Database Kependudukan    | am  | kependudukan              | skom                |     |
pkpm.ap       | Penata Kelola Penanaman Modal          | ap  | perizinan                 | se sh               |     |
pkpm.am       | Penata Kelola Penanaman Modal          | am  | perizinan                 | se sh               |     |
"""


def _parse_jobs(table: str) -> dict[str, Job]:
    jobs = {}
    for line in table.strip().splitlines():
        key, title, kind, field_code, degrees, pppk, female = (
            cell.strip() for cell in line.split("|")
        )
        level = LEVEL_CODES.get(kind, "")
        codes: list[str] = []
        for degree in degrees.split():
            codes += DEGREE_GROUPS.get(degree, (degree,))
        jobs[key] = Job(
            f"{title} {LEVEL_LABELS[level]}" if level else title,
            K.FUNGSIONAL if level else K.PELAKSANA,
            field_code,
            tuple(codes),
            level,
            float(pppk or 0),
            float(female or 0.45),
        )
    return jobs


JOBS = _parse_jobs(JOB_TABLE)

HEAD_DEGREES = {
    "administrasi-pemerintahan": ("msi", "map", "sip", "ssos"),
    "kepegawaian": ("msi", "spsi", "ssos"),
    "keuangan": ("mm", "se", "sak"),
    "kesehatan": ("dr_mkes", "mkes", "skm", "dokter"),
    "pendidikan": ("mpd", "spd"),
    "kependudukan": ("msi", "ssos", "skom"),
    "perizinan": ("mh", "mm", "sh", "se"),
    "hukum": ("mh", "sh"),
    "teknologi-informasi": ("skom", "msi"),
}
HEAD_KINDS = {"jpt": K.JPT_PRATAMA, "adm": K.ADMINISTRATOR, "peng": K.PENGAWAS}
HEAD_KINDS |= {"jpt_madya": K.JPT_MADYA}


def head_job(title: str, kind: str, field_code: str) -> Job:
    """Return the job of a unit head; JPT holders have a master's degree."""
    degrees = HEAD_DEGREES[field_code]
    if kind in (K.JPT_UTAMA, K.JPT_MADYA, K.JPT_PRATAMA):
        degrees = tuple(d for d in degrees if DEGREES[d].education == "S2")
    return Job(title, kind, field_code, degrees, female_share=0.3)


@dataclass(frozen=True)
class UnitSpec:
    key: str  # unique among siblings; the full key joins the ancestors' keys
    name: str
    head: Job | None
    staff: tuple[tuple[Job, int], ...] = ()
    children: tuple["UnitSpec", ...] = ()


STAFF_GROUPS = {
    "$puskesmas": "dokter.ap*2, dokter.am*1, drg.ap*1, perawat.ap*3, perawat.mh*2, "
    "perawat.t*4, bidan.ap*1, bidan.mh*1, bidan.t*6, apoteker.ap*1, asapt.t*1, "
    "sanitarian.t*1, gizi.t*1, lab.t*1, pkm.ap*1, rekmed.t*1",
    "$sd": "guru.ap*4, guru.am*2, guru.amd*1, tas*1",
    "$smp": "gurusmp.ap*5, gurusmp.am*4, gurusmp.amd*2, tas*2",
}
SECRETARIAT = """
SEK | Sekretariat | adm=Sekretaris {parent} | |
  UMPEG | Subbagian Umum dan Kepegawaian | peng | | pengadm*2, kepeg*1, arsiparis.t*1{extra}
  KEU | Subbagian Keuangan dan Aset | peng | | bendahara*1, keu*2
  PEP | Subbagian Perencanaan, Evaluasi dan Pelaporan | peng | | perencana.ap*1, prakom.t*1, pengadm*1
"""
# One unit a line, indented by two spaces a level:
#   KEY | name | head | rumpun (inherited when empty) | staff (job*count, …)
# head: "-" none, jpt / adm / peng, or "kepsek" (a teacher heading a school),
# "=Title" overrides "Kepala <name>". "@sekretariat <staff>" inserts the
# secretariat every dinas and badan has. The Bupati is an elected official,
# not ASN: the root has no head and the Sekretaris Daerah tops the line.
REGENCY_OUTLINE = """
PEMKAB | Pemerintah Kabupaten Contoh | - | administrasi-pemerintahan |
  SETDA | Sekretariat Daerah | jpt=Sekretaris Daerah | | ak.amd*1
    ASPEM | Asisten Pemerintahan dan Kesejahteraan Rakyat | jpt=Asisten Pemerintahan dan Kesejahteraan Rakyat | |
      PEM | Bagian Pemerintahan | adm | | ak.am*1
        OTDA | Subbagian Otonomi Daerah | peng | | pengadm.pem*3, ak.ap*1
        KSM | Subbagian Kerja Sama | peng | | pengadm.pem*2, ak.ap*1
      HUKUM | Bagian Hukum | adm | hukum | perancang.am*2
        PUU | Subbagian Peraturan Perundang-undangan | peng | | perancang.ap*2, pengadm*1
        BANKUM | Subbagian Bantuan Hukum | peng | | penyuluhhk.ap*1, pengadm*2
      KESRA | Bagian Kesejahteraan Rakyat | adm | |
        KESOS | Subbagian Kesejahteraan Sosial | peng | | pengadm.pem*3
        AGAMA | Subbagian Bina Mental dan Keagamaan | peng | | pengadm.pem*2
    ASEKBANG | Asisten Perekonomian dan Pembangunan | jpt=Asisten Perekonomian dan Pembangunan | |
      EKON | Bagian Perekonomian dan Sumber Daya Alam | adm | | pengadm.pem*3, akpd.ap*1
      PBJ | Bagian Pengadaan Barang dan Jasa | adm | | pbj.ap*3, pbj.am*2
        LPSE | Subbagian Layanan Pengadaan Secara Elektronik | peng | | prakom.ap*1, pengadm*2
    ASADM | Asisten Administrasi Umum | jpt=Asisten Administrasi Umum | |
      UMUM | Bagian Umum | adm | |
        TU | Subbagian Tata Usaha Pimpinan | peng | | pengadm*3, arsiparis.t*1
        RT | Subbagian Rumah Tangga | peng | | pengadm*4
        KEU | Subbagian Keuangan | peng | keuangan | bendahara*1, keu*2
      ORG | Bagian Organisasi | adm | | ak.am*1
        KAJ | Subbagian Kelembagaan dan Analisis Jabatan | peng | | ak.ap*2, pengadm*1
        RB | Subbagian Reformasi Birokrasi | peng | | ak.ap*1, pengadm*2
      PROKOPIM | Bagian Protokol dan Komunikasi Pimpinan | adm | |
        PROT | Subbagian Protokol | peng | | pengadm*3
        KOM | Subbagian Komunikasi Pimpinan | peng | | humas.t*1, pengadm*2
  BKPSDM | Badan Kepegawaian dan Pengembangan Sumber Daya Manusia | jpt | kepegawaian |
    @sekretariat
    PPI | Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian | adm | |
      PP | Seksi Pengadaan dan Pemberhentian | peng | | sdm.ap*2, kepeg*2
      SIK | Seksi Data dan Sistem Informasi Kepegawaian | peng | | prakom.ap*1, prakom.t*1, kepeg*2
    MUTASI | Bidang Mutasi dan Promosi | adm | | sdm.amd*1
      MP | Seksi Mutasi dan Promosi | peng | | sdm.am*1, sdm.ap*2, kepeg*1
      KP | Seksi Kepangkatan dan Pensiun | peng | | sdm.ap*1, kepeg*3
    PKA | Bidang Pengembangan Kompetensi Aparatur | adm | |
      MSK | Seksi Pengembangan Kompetensi Manajerial dan Sosial Kultural | peng | | sdm.ap*1, diklat*2
      TF | Seksi Pengembangan Kompetensi Teknis dan Fungsional | peng | | diklat*2, sdm.am*1
    KINERJA | Bidang Penilaian Kinerja dan Penghargaan | adm | |
      PK | Seksi Penilaian Kinerja | peng | | sdm.ap*2, kepeg*1
      DP | Seksi Disiplin dan Penghargaan | peng | | sdm.ap*1, kepeg*2
  DINKES | Dinas Kesehatan | jpt | kesehatan |
    @sekretariat sdm.ap*1
    KESMAS | Bidang Kesehatan Masyarakat | adm | | gizi.amd*1, pkm.amd*1
      GIZI | Seksi Kesehatan Keluarga dan Gizi Masyarakat | peng | | gizi.ap*2, bidan.am*1, progkes*1
      PROMKES | Seksi Promosi dan Pemberdayaan Masyarakat | peng | | pkm.ap*2, progkes*1
      KESLING | Seksi Kesehatan Lingkungan, Kesehatan Kerja dan Olahraga | peng | | sanitarian.ap*1, sanitarian.t*1, pengadm*1
    P2P | Bidang Pencegahan dan Pengendalian Penyakit | adm | | epid.amd*1
      SURVIM | Seksi Surveilans dan Imunisasi | peng | | epid.ap*2, perawat.ap*1, progkes*1
      P2PM | Seksi Pencegahan dan Pengendalian Penyakit Menular | peng | | epid.ap*1, entomolog.ap*1, perawat.ap*1, progkes*1
      P2PTM | Seksi Pengendalian Penyakit Tidak Menular dan Kesehatan Jiwa | peng | | dokter.am*1, perawat.ap*1, progkes*1
    YANKES | Bidang Pelayanan dan Sumber Daya Kesehatan | adm | | adminkes.amd*1
      YAN | Seksi Pelayanan Kesehatan | peng | | dokter.am*1, adminkes.ap*1, pengadm*1
      FARMALKES | Seksi Kefarmasian dan Alat Kesehatan | peng | | apoteker.ap*2, asapt.t*1
      SDMK | Seksi Sumber Daya Manusia Kesehatan | peng | | adminkes.ap*2, kepeg*1
    PKM1 | UPTD Puskesmas Sukamaju | peng | | $puskesmas
      TU | Subbagian Tata Usaha | peng | | pengadm*2, bendahara*1
    PKM2 | UPTD Puskesmas Karanganyar | peng | | $puskesmas, perawat.t*4
      TU | Subbagian Tata Usaha | peng | | pengadm*2, bendahara*1
    PKM3 | UPTD Puskesmas Sidomulyo | peng | | $puskesmas, perawat.t*2
      TU | Subbagian Tata Usaha | peng | | pengadm*2, bendahara*1
    PKM4 | UPTD Puskesmas Tanjungsari | peng | | $puskesmas
      TU | Subbagian Tata Usaha | peng | | pengadm*2, bendahara*1
    PKM5 | UPTD Puskesmas Mekarjaya | peng | | $puskesmas, perawat.t*3
      TU | Subbagian Tata Usaha | peng | | pengadm*2, bendahara*1
    PKM6 | UPTD Puskesmas Wates | peng | | $puskesmas, perawat.t*1
      TU | Subbagian Tata Usaha | peng | | pengadm*2, bendahara*1
    RSUD | RSUD Kabupaten Contoh | adm=Direktur RSUD Kabupaten Contoh | |
      TU | Subbagian Tata Usaha | peng | | pengadm*4, bendahara*1, keu*2, sdm.ap*1, prakom.t*1, rekmed.t*3
      YANMED | Seksi Pelayanan Medik dan Penunjang | peng | | dokter.amd*4, dokter.am*3, dokter.ap*4, drg.am*1, apoteker.am*1, apoteker.ap*2, asapt.t*3, lab.t*3, radiografer.t*2, fisio.t*1, gizi.ap*1, rekmed.t*2
      KEP | Seksi Keperawatan | peng | | perawat.amd*1, perawat.am*3, perawat.ap*10, perawat.py*3, perawat.mh*8, perawat.t*28, bidan.ap*2, bidan.mh*2, bidan.t*6
  BPKAD | Badan Pengelolaan Keuangan dan Aset Daerah | jpt | keuangan |
    @sekretariat
    ANGGARAN | Bidang Anggaran | adm | | akpd.amd*1
      PENY | Seksi Penyusunan Anggaran | peng | | akpd.ap*2, anggaran*2
      DAL | Seksi Pengendalian Anggaran | peng | | akpd.am*1, anggaran*2
    PERBEND | Bidang Perbendaharaan | adm | |
      KASDA | Seksi Pengelolaan Kas Daerah | peng | | keu*3, akpd.ap*1
      BELANJA | Seksi Belanja dan Pembiayaan | peng | | keu*2, bendahara*1, akpd.ap*1
    AKT | Bidang Akuntansi dan Pelaporan | adm | |
      AKUN | Seksi Akuntansi | peng | | akpd.ap*2, lapkeu*2
      LAP | Seksi Pelaporan dan Pertanggungjawaban | peng | | akpd.am*1, lapkeu*2
    ASET | Bidang Aset Daerah | adm | |
      TATA | Seksi Penatausahaan Aset | peng | | bmd*3, akpd.ap*1
      MANFAAT | Seksi Pemanfaatan dan Pengamanan Aset | peng | | bmd*3
  DISDIK | Dinas Pendidikan | jpt | pendidikan |
    @sekretariat
    SD | Bidang Pembinaan Sekolah Dasar | adm | | pengawas.amd*2
      KUR | Seksi Kurikulum dan Penilaian Sekolah Dasar | peng | | ptp.ap*1, pengadm*2
      SAR | Seksi Kelembagaan dan Sarana Prasarana Sekolah Dasar | peng | | pengadm*3
      SDN1 | SD Negeri 1 Contoh | kepsek | | $sd
      SDN2 | SD Negeri 2 Contoh | kepsek | | $sd
      SDN3 | SD Negeri 3 Contoh | kepsek | | $sd
      SDN4 | SD Negeri 4 Contoh | kepsek | | $sd
      SDN5 | SD Negeri 5 Contoh | kepsek | | $sd
      SDN6 | SD Negeri 6 Contoh | kepsek | | $sd
    SMP | Bidang Pembinaan Sekolah Menengah Pertama | adm | | pengawas.amd*1
      KUR | Seksi Kurikulum dan Penilaian Sekolah Menengah Pertama | peng | | ptp.ap*1, pengadm*2
      SAR | Seksi Kelembagaan dan Sarana Prasarana Sekolah Menengah Pertama | peng | | pengadm*2
      SMPN1 | SMP Negeri 1 Contoh | kepsek | | $smp
      SMPN2 | SMP Negeri 2 Contoh | kepsek | | $smp
      SMPN3 | SMP Negeri 3 Contoh | kepsek | | $smp
    GTK | Bidang Pendidik dan Tenaga Kependidikan | adm | |
      GTKSD | Seksi Pendidik dan Tenaga Kependidikan Sekolah Dasar | peng | | sdm.ap*1, kepeg*2
      GTKSMP | Seksi Pendidik dan Tenaga Kependidikan Sekolah Menengah Pertama | peng | | kepeg*2
  DUKCAPIL | Dinas Kependudukan dan Pencatatan Sipil | jpt | kependudukan |
    @sekretariat
    DAFDUK | Bidang Pelayanan Pendaftaran Penduduk | adm | |
      IDENT | Seksi Identitas Penduduk | peng | | pengadm.duk*4, adb.ap*1
      PINDAH | Seksi Pindah Datang dan Pendataan Penduduk | peng | | pengadm.duk*3
    CAPIL | Bidang Pelayanan Pencatatan Sipil | adm | |
      LAHIR | Seksi Kelahiran dan Kematian | peng | | pengadm.duk*4
      KAWIN | Seksi Perkawinan, Perceraian dan Perubahan Status Anak | peng | | pengadm.duk*3
    PIAK | Bidang Pengelolaan Informasi Administrasi Kependudukan | adm | | adb.am*1
      SIAK | Seksi Sistem Informasi Administrasi Kependudukan | peng | | prakom.ap*1, prakom.t*1, adb.ap*1
      OLAH | Seksi Pengolahan dan Penyajian Data Kependudukan | peng | | adb.ap*1, pengadm.duk*2
  DPMPTSP | Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu | jpt | perizinan |
    @sekretariat
    PM | Bidang Penanaman Modal | adm | |
      PROMOSI | Seksi Promosi dan Kerja Sama Penanaman Modal | peng | | pkpm.ap*2, pengadm.izin*1
      DALAK | Seksi Pengendalian Pelaksanaan Penanaman Modal | peng | | pkpm.am*1, pkpm.ap*1, pengadm.izin*1
    IZIN | Bidang Pelayanan Perizinan | adm | |
      BERUSAHA | Seksi Perizinan Berusaha | peng | | pengadm.izin*3, penata.izin*2
      NONUSAHA | Seksi Perizinan Non-Berusaha | peng | | pengadm.izin*2, penata.izin*2
    ADUAN | Bidang Pengaduan, Kebijakan dan Pelaporan Layanan | adm | |
      PENGADUAN | Seksi Pengaduan dan Layanan Informasi | peng | | pengadm.izin*3
      DATA | Seksi Data dan Sistem Informasi | peng | | prakom.ap*1, pengadm.izin*2
"""
TOP_UNIT_KEY = "SETDA"


def _expand_macros(outline: str) -> list[str]:
    lines = []
    for line in outline.strip("\n").splitlines():
        stripped = line.lstrip()
        if stripped.startswith("@sekretariat"):
            indent = line[: len(line) - len(stripped)]
            extra = stripped.removeprefix("@sekretariat").strip()
            block = SECRETARIAT.format(
                extra=f", {extra}" if extra else "", parent="{parent}"
            )
            lines += [indent + part for part in block.strip("\n").splitlines()]
        else:
            lines.append(line)
    return lines


def _parse_staff(text: str) -> tuple[tuple[Job, int], ...]:
    for group, items in STAFF_GROUPS.items():
        text = text.replace(group, items)
    counts: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, _star, count = item.partition("*")
        counts[key] = counts.get(key, 0) + int(count or 1)
    return tuple((JOBS[key], count) for key, count in counts.items())


def parse_outline(outline: str) -> UnitSpec:
    """Return the unit tree an outline describes (see REGENCY_OUTLINE)."""
    stack: list[tuple[int, dict]] = []  # (indent, node); node: spec fields + children
    root = None
    for line in _expand_macros(outline):
        indent = len(line) - len(line.lstrip())
        key, name, head, field_code, staff = (c.strip() for c in line.split("|"))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else None
        field_code = field_code or parent["field"]
        kind, _eq, title = head.partition("=")
        if kind == "-":
            job = None
        elif kind == "kepsek":
            job = Job(f"Kepala {name}", K.FUNGSIONAL, "pendidikan", ("mpd", "spd"), AMD)
        else:
            title = (title or f"Kepala {name}").format(parent=parent and parent["name"])
            job = head_job(title, HEAD_KINDS[kind], field_code)
        node = {"key": key, "name": name, "head": job, "field": field_code}
        node |= {"staff": _parse_staff(staff), "children": []}
        if parent is None:
            root = node
        else:
            parent["children"].append(node)
        stack.append((indent, node))

    def build(node: dict) -> UnitSpec:
        children = tuple(build(child) for child in node["children"])
        return UnitSpec(
            node["key"], node["name"], node["head"], node["staff"], children
        )

    return build(root)


REGENCY = parse_outline(REGENCY_OUTLINE)

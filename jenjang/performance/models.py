"""Models of the performance area: SKP, realisation, feedback, evaluation, predikat.

PermenPANRB 6/2022 (Pengelolaan Kinerja Pegawai ASN) and SE MenPANRB 3/2023.
Rule tables (predikat matrix, distribution curve, angka kredit) are
effective-dated configuration rows seeded by migrations, read by one function
each in `services/rules.py`.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jenjang.people.models import Agency, Employee, OrgUnit, Position


class Predikat(models.TextChoices):
    """Predikat kinerja pegawai, best to worst (PermenPANRB 6/2022)."""

    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


# Best first; used to order charts and to say "worse than".
PREDIKAT_ORDER = [p.value for p in Predikat]
# Predikat that open an improvement plan (PP 30/2019 Pasal 56–58, domain 1.7).
POOR_PREDIKAT = frozenset(
    {Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG}
)


class Rating(models.TextChoices):
    """Rating hasil kerja / perilaku kerja (PermenPANRB 6/2022)."""

    DI_ATAS = "di_atas", _("Di Atas Ekspektasi")
    SESUAI = "sesuai", _("Sesuai Ekspektasi")
    DI_BAWAH = "di_bawah", _("Di Bawah Ekspektasi")


class OrgPredikat(models.TextChoices):
    """Predikat kinerja organisasi (SE MenPANRB 3/2023)."""

    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


# --- configuration tables --------------------------------------------------------


class PredikatMatrixCell(models.Model):
    """One cell of the predikat kinerja matrix (PermenPANRB 6/2022, domain 1.4)."""

    effective_from = models.DateField(_("berlaku mulai"))
    rating_hasil = models.CharField(
        _("rating hasil kerja"), max_length=10, choices=Rating.choices
    )
    rating_perilaku = models.CharField(
        _("rating perilaku kerja"), max_length=10, choices=Rating.choices
    )
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    source = models.CharField(_("sumber"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sel matriks predikat")
        verbose_name_plural = _("matriks predikat kinerja")
        ordering = ["-effective_from", "rating_hasil", "rating_perilaku"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "rating_hasil", "rating_perilaku"],
                name="perf_matrix_cell_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating_hasil} × {self.rating_perilaku} → {self.predikat}"


class DistributionRule(models.Model):
    """One bound of the pola distribusi predikat (SE MenPANRB 3/2023, domain 1.6).

    UNCERTAIN: only one source quotes the figures; violations are warnings.
    `predikats` is a comma-separated list: the bound applies to their sum.
    """

    class Bound(models.TextChoices):
        MAX = "max", _("paling banyak")
        MIN = "min", _("paling sedikit")
        SOME = "some", _("harus ada")

    effective_from = models.DateField(_("berlaku mulai"))
    org_predikat = models.CharField(
        _("predikat organisasi"), max_length=20, choices=OrgPredikat.choices
    )
    predikats = models.CharField(_("predikat pegawai"), max_length=100)
    bound = models.CharField(_("batas"), max_length=4, choices=Bound.choices)
    percent = models.DecimalField(_("persen"), max_digits=5, decimal_places=2)
    verified = models.BooleanField(
        _("terverifikasi"),
        default=False,
        help_text=_("Cocokkan dengan naskah resmi SE MenPANRB 3/2023."),
    )

    class Meta:
        verbose_name = _("aturan kurva distribusi")
        verbose_name_plural = _("kurva distribusi predikat")
        ordering = ["-effective_from", "org_predikat", "id"]
        constraints = [
            models.CheckConstraint(
                name="perf_dist_percent_range",
                condition=Q(percent__gte=0) & Q(percent__lte=100),
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_predikat}: {self.predikats} {self.bound} {self.percent}%"

    @property
    def predikat_list(self) -> list[str]:
        return [p.strip() for p in self.predikats.split(",") if p.strip()]


class CreditPercentage(models.Model):
    """Persentase angka kredit per predikat (PermenPANRB 1/2023, domain 1.8)."""

    effective_from = models.DateField(_("berlaku mulai"))
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    percent = models.DecimalField(_("persen"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("persentase angka kredit")
        verbose_name_plural = _("persentase angka kredit")
        ordering = ["-effective_from", "predikat"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "predikat"], name="perf_credit_pct_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predikat}: {self.percent}%"


class CreditCoefficient(models.Model):
    """Koefisien angka kredit tahunan per jenjang (Peraturan BKN 3/2023, domain 1.8)."""

    effective_from = models.DateField(_("berlaku mulai"))
    functional_level = models.CharField(
        _("jenjang"), max_length=20, choices=Position.FunctionalLevel.choices
    )
    coefficient = models.DecimalField(_("koefisien"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("koefisien angka kredit")
        verbose_name_plural = _("koefisien angka kredit")
        ordering = ["-effective_from", "functional_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "functional_level"],
                name="perf_credit_coef_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.functional_level}: {self.coefficient}"


class BehaviourValue(models.Model):
    """Nilai dasar BerAKHLAK (SE MenPANRB 20/2021; UU 20/2023)."""

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)
    name = models.CharField(_("nilai"), max_length=60)
    meaning = models.CharField(_("makna"), max_length=200)

    class Meta:
        verbose_name = _("nilai BerAKHLAK")
        verbose_name_plural = _("nilai BerAKHLAK")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class BehaviourGuide(models.Model):
    """One of the three panduan perilaku of a BerAKHLAK value."""

    value = models.ForeignKey(
        BehaviourValue, on_delete=models.CASCADE, related_name="guides"
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    text = models.CharField(_("panduan perilaku"), max_length=300)

    class Meta:
        verbose_name = _("panduan perilaku")
        verbose_name_plural = _("panduan perilaku")
        ordering = ["value__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["value", "order"], name="perf_guide_value_order"
            )
        ]

    def __str__(self) -> str:
        return self.text


# --- the year and its periods -------------------------------------------------------


class PerformanceYear(models.Model):
    """Tahun kinerja of an agency with its evaluation rhythm and windows."""

    class Rhythm(models.TextChoices):
        MONTHLY = "monthly", _("Bulanan")
        QUARTERLY = "quarterly", _("Triwulanan")
        SEMESTER = "semester", _("Semesteran")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="performance_years"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    rhythm = models.CharField(
        _("ritme evaluasi periodik"),
        max_length=10,
        choices=Rhythm.choices,
        default=Rhythm.QUARTERLY,
    )
    objection_window_days = models.PositiveSmallIntegerField(
        _("batas waktu keberatan (hari)"), default=14
    )
    feedback_reminder_weeks = models.PositiveSmallIntegerField(
        _("pengingat umpan balik (minggu)"), default=6
    )
    improvement_months = models.PositiveSmallIntegerField(
        _("masa perbaikan kinerja (bulan)"), default=6
    )

    class Meta:
        verbose_name = _("tahun kinerja")
        verbose_name_plural = _("tahun kinerja")
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="perf_year_agency_year"
            ),
            models.CheckConstraint(
                name="perf_year_range", condition=Q(year__gte=2000) & Q(year__lte=2100)
            ),
            models.CheckConstraint(
                name="perf_year_objection_window",
                condition=Q(objection_window_days__gte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class Period(models.Model):
    """A periodic evaluation period, or the year itself (kind annual)."""

    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Periodik")
        ANNUAL = "annual", _("Tahunan")

    performance_year = models.ForeignKey(
        PerformanceYear, on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("nomor"))
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))

    class Meta:
        verbose_name = _("periode penilaian")
        verbose_name_plural = _("periode penilaian")
        ordering = ["performance_year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["performance_year", "kind", "number"],
                name="perf_period_unique",
            ),
            models.CheckConstraint(
                name="perf_period_end_after_start",
                condition=Q(end__gte=models.F("start")),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.ANNUAL:
            return str(_("Tahunan %(year)s") % {"year": self.start.year})
        return str(
            _("Periode %(n)s (%(start)s–%(end)s)")
            % {
                "n": self.number,
                "start": self.start.strftime("%d/%m"),
                "end": self.end.strftime("%d/%m/%Y"),
            }
        )

    @property
    def is_annual(self) -> bool:
        return self.kind == self.Kind.ANNUAL


# --- SKP ----------------------------------------------------------------------------


class Skp(models.Model):
    """Sasaran Kinerja Pegawai: the plan of one employee for one performance year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        APPROVED = "approved", _("Disetujui")

    class Approach(models.TextChoices):
        QUANTITATIVE = "kuantitatif", _("Kuantitatif")
        QUALITATIVE = "kualitatif", _("Kualitatif")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="skps"
    )
    performance_year = models.ForeignKey(
        PerformanceYear, on_delete=models.PROTECT, related_name="skps"
    )
    # Snapshots at creation: the reporting line may change during the year.
    evaluator = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluated_skps",
        verbose_name=_("pejabat penilai kinerja"),
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="+", verbose_name=_("jabatan")
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit kerja"),
    )
    approach = models.CharField(
        _("pendekatan"),
        max_length=12,
        choices=Approach.choices,
        default=Approach.QUANTITATIVE,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["performance_year", "employee"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "performance_year"], name="perf_skp_employee_year"
            ),
            models.CheckConstraint(
                name="perf_skp_not_own_evaluator",
                condition=~Q(evaluator=models.F("employee")),
            ),
        ]
        indexes = [models.Index(fields=["evaluator", "status"])]

    def __str__(self) -> str:
        return f"SKP {self.employee} {self.performance_year.year}"


class SkpStep(models.Model):
    """One step of the SKP workflow, kept as a record (who, when, comment)."""

    class Action(models.TextChoices):
        CREATE = "create", _("Dibuat")
        COPY = "copy", _("Disalin dari tahun lalu")
        SUBMIT = "submit", _("Diajukan")
        RETURN = "return", _("Dikembalikan")
        APPROVE = "approve", _("Disetujui")
        REVISE = "revise", _("Dibuka untuk revisi")

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("langkah"), max_length=10, choices=Action.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("catatan"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("langkah SKP")
        verbose_name_plural = _("riwayat SKP")
        ordering = ["skp", "at", "id"]

    def __str__(self) -> str:
        return f"{self.skp_id} {self.action}"


class LeaderExpectation(models.Model):
    """Ekspektasi pimpinan set and clarified at planning (PermenPANRB 6/2022 Pasal 5)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="expectations")
    text = models.TextField(_("ekspektasi pimpinan"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("ekspektasi pimpinan")
        verbose_name_plural = _("ekspektasi pimpinan")
        ordering = ["skp", "order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Rhk(models.Model):
    """Rencana Hasil Kerja, cascaded (intervensi) from one RHK of the evaluator."""

    class Kind(models.TextChoices):
        UTAMA = "utama", _("Utama")
        TAMBAHAN = "tambahan", _("Tambahan")

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhks")
    kind = models.CharField(
        _("jenis"), max_length=10, choices=Kind.choices, default=Kind.UTAMA
    )
    text = models.TextField(_("rencana hasil kerja"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("RHK atasan yang diintervensi"),
    )
    # For the top of a line (no evaluator): the unit's perjanjian kinerja.
    parent_text = models.CharField(
        _("intervensi (tanpa RHK atasan)"), max_length=300, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("RHK")
        verbose_name_plural = _("RHK")
        ordering = ["skp", "kind", "order", "id"]
        constraints = [
            models.CheckConstraint(
                name="perf_rhk_not_own_parent", condition=~Q(parent=models.F("id"))
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Indicator(models.Model):
    """Indikator Kinerja Individu (IKI) of an RHK, with its aspect and target."""

    class Aspect(models.TextChoices):
        KUANTITAS = "kuantitas", _("Kuantitas")
        KUALITAS = "kualitas", _("Kualitas")
        WAKTU = "waktu", _("Waktu")
        BIAYA = "biaya", _("Biaya")

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="indicators")
    text = models.CharField(_("indikator kinerja individu"), max_length=300)
    aspect = models.CharField(_("aspek"), max_length=10, choices=Aspect.choices)
    target = models.CharField(_("target"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("IKI")
        verbose_name_plural = _("IKI")
        ordering = ["rhk", "order", "id"]

    def __str__(self) -> str:
        return self.text


class SpecificExpectation(models.Model):
    """Ekspektasi khusus pimpinan for one BerAKHLAK value of an SKP."""

    skp = models.ForeignKey(
        Skp, on_delete=models.CASCADE, related_name="specific_expectations"
    )
    value = models.ForeignKey(
        BehaviourValue, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("ekspektasi khusus pimpinan"))

    class Meta:
        verbose_name = _("ekspektasi khusus")
        verbose_name_plural = _("ekspektasi khusus")
        ordering = ["skp", "value__order"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "value"], name="perf_specexp_unique")
        ]

    def __str__(self) -> str:
        return self.text[:60]


# --- during the year ----------------------------------------------------------------


def evidence_path(instance, filename: str) -> str:
    return f"performance/evidence/{instance.indicator.rhk.skp_id}/{filename}"


class Realisation(models.Model):
    """Realisasi of one indicator in one period, with evidence."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="realisations"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("realisasi"), max_length=200)
    notes = models.TextField(_("catatan"), blank=True)
    evidence_url = models.URLField(_("tautan bukti"), blank=True)
    evidence_file = models.FileField(
        _("berkas bukti"), upload_to=evidence_path, blank=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="perf_realisation_unique"
            )
        ]

    def __str__(self) -> str:
        return self.value


class Feedback(models.Model):
    """Umpan balik berkelanjutan / dialog kinerja: constructive by structure."""

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Umpan balik")
        DIALOGUE = "dialogue", _("Dialog kinerja")

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="feedback")
    period = models.ForeignKey(
        Period, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(
        _("jenis"), max_length=10, choices=Kind.choices, default=Kind.FEEDBACK
    )
    date = models.DateField(_("tanggal"))
    started_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    participants = models.ManyToManyField(
        Employee, related_name="+", blank=True, verbose_name=_("peserta")
    )
    strengths = models.TextField(_("yang sudah baik"), blank=True)
    improvements = models.TextField(_("yang perlu ditingkatkan"))
    next_steps = models.TextField(_("langkah berikutnya"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        ordering = ["skp", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.date}"


class FeedbackAction(models.Model):
    """An agreed action of a feedback entry, with a due date."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(_("tindakan"), max_length=300)
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    done_at = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["feedback", "due_date", "id"]

    def __str__(self) -> str:
        return self.text


class CoachingLink(models.Model):
    """A supervisor's coaching session (mentoring area) tied to a feedback entry.

    The session is the coaching conversation; the feedback entry records what
    it concluded for the SKP. A session belongs to at most one entry.
    """

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="coaching_links"
    )
    session = models.OneToOneField(
        "mentoring.Session",
        on_delete=models.CASCADE,
        related_name="performance_link",
        verbose_name=_("sesi coaching"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tautan sesi coaching")
        verbose_name_plural = _("tautan sesi coaching")
        ordering = ["feedback", "session"]

    def __str__(self) -> str:
        return f"{self.feedback_id} ← {self.session_id}"


# --- evaluation ---------------------------------------------------------------------


class OrgPerformance(models.Model):
    """Predikat kinerja organisasi of a unit for a period (SE MenPANRB 3/2023 step 1)."""

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="performance_predikat"
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    predikat = models.CharField(
        _("predikat kinerja organisasi"), max_length=20, choices=OrgPredikat.choices
    )
    note = models.TextField(_("dasar penetapan"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("predikat kinerja organisasi")
        verbose_name_plural = _("predikat kinerja organisasi")
        ordering = ["period", "org_unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "period"], name="perf_orgpred_unit_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} {self.predikat}"


class Evaluation(models.Model):
    """The evaluator's rating of one SKP for one period (or the year)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        ISSUED = "issued", _("Disampaikan")
        ACKNOWLEDGED = "acknowledged", _("Diterima pegawai")
        OBJECTED = "objected", _("Keberatan diajukan")
        DECIDED = "decided", _("Keberatan diputus")
        CLOSED = "closed", _("Final (batas keberatan lewat)")

    # Statuses whose predikat stands (an ISSUED one too once its objection
    # window has closed; see selectors.final_evaluations_q).
    SETTLED = (Status.ACKNOWLEDGED, Status.DECIDED, Status.CLOSED)

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="evaluations")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    # Denormalised for the year-end queries over an agency of 50,000.
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="performance_evaluations"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    is_annual = models.BooleanField(_("tahunan"), default=False)
    evaluator = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rating_hasil = models.CharField(
        _("rating hasil kerja"), max_length=10, choices=Rating.choices
    )
    rating_perilaku = models.CharField(
        _("rating perilaku kerja"), max_length=10, choices=Rating.choices
    )
    justification_hasil = models.TextField(_("alasan rating hasil kerja"))
    justification_perilaku = models.TextField(_("alasan rating perilaku kerja"))
    heads_unit = models.BooleanField(
        _("kepala unit"),
        default=False,
        help_text=_("Rating hasil kerja mengikuti predikat kinerja organisasi."),
    )
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    # The predikat after any objection; equals `predikat` until it is changed.
    final_predikat = models.CharField(
        _("predikat akhir"), max_length=20, choices=Predikat.choices
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    objection_deadline = models.DateField(_("batas keberatan"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("evaluasi kinerja")
        verbose_name_plural = _("evaluasi kinerja")
        ordering = ["skp", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "period"], name="perf_evaluation_skp_period"
            ),
            models.CheckConstraint(
                name="perf_evaluation_issued_has_deadline",
                condition=Q(status="draft") | Q(objection_deadline__isnull=False),
            ),
        ]
        indexes = [
            models.Index(
                fields=["year", "is_annual", "employee"], name="perf_eval_year_emp"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.period_id} {self.final_predikat}"

    def is_final_on(self, day: dt.date) -> bool:
        if self.status in self.SETTLED:
            return True
        return bool(
            self.status == self.Status.ISSUED
            and self.objection_deadline
            and self.objection_deadline < day
        )


class Objection(models.Model):
    """Keberatan of the employee, decided by the atasan pejabat penilai."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        CONFIRMED = "confirmed", _("Dikuatkan")
        CHANGED = "changed", _("Diubah")

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="objection"
    )
    reason = models.TextField(_("alasan keberatan"))
    filed_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("atasan pejabat penilai"),
    )
    decision = models.CharField(
        _("keputusan"), max_length=10, choices=Decision.choices, default="pending"
    )
    decision_note = models.TextField(_("pertimbangan"), blank=True)
    original_rating_hasil = models.CharField(max_length=10, choices=Rating.choices)
    original_rating_perilaku = models.CharField(max_length=10, choices=Rating.choices)
    original_predikat = models.CharField(max_length=20, choices=Predikat.choices)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.decision}"


class CreditAward(models.Model):
    """Angka kredit of a jabatan fungsional from an annual predikat (domain 1.8)."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="credit"
    )
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    functional_level = models.CharField(
        _("jenjang"), max_length=20, choices=Position.FunctionalLevel.choices
    )
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    percent = models.DecimalField(_("persen"), max_digits=5, decimal_places=2)
    coefficient = models.DecimalField(_("koefisien"), max_digits=6, decimal_places=2)
    months = models.PositiveSmallIntegerField(_("bulan"))
    amount = models.DecimalField(_("angka kredit"), max_digits=8, decimal_places=3)

    class Meta:
        verbose_name = _("angka kredit")
        verbose_name_plural = _("angka kredit")
        ordering = ["employee", "year"]
        constraints = [
            models.CheckConstraint(
                name="perf_credit_months",
                condition=Q(months__gte=1) & Q(months__lte=12),
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.year}: {self.amount}"


# --- follow-up ----------------------------------------------------------------------


class ImprovementPlan(models.Model):
    """Rencana perbaikan kinerja with a review clock (PP 30/2019 Pasal 56–58)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Berjalan")
        IMPROVED = "improved", _("Kinerja membaik")
        NOT_IMPROVED = "not_improved", _("Tidak membaik")
        CANCELLED = "cancelled", _("Dibatalkan")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="improvement_plans"
    )
    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="improvement_plan"
    )
    supervisor = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    opened_on = models.DateField(_("dibuka"))
    review_due = models.DateField(_("tinjauan"))
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.TextField(_("hasil tinjauan"), blank=True)
    closed_on = models.DateField(_("ditutup"), null=True, blank=True)

    class Meta:
        verbose_name = _("rencana perbaikan kinerja")
        verbose_name_plural = _("rencana perbaikan kinerja")
        ordering = ["-opened_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="perf_improvement_due_after_open",
                condition=Q(review_due__gt=models.F("opened_on")),
            )
        ]
        indexes = [models.Index(fields=["employee", "status"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.opened_on}"


class ImprovementActivity(models.Model):
    """A targeted activity of an improvement plan: development or coaching."""

    class Kind(models.TextChoices):
        DEVELOPMENT = "development", _("Pengembangan kompetensi")
        COACHING = "coaching", _("Bimbingan/konseling oleh atasan")
        OTHER = "other", _("Lainnya")

    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("kegiatan"), max_length=300)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    competency = models.ForeignKey(
        "competencies.Competency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    done_on = models.DateField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("kegiatan perbaikan")
        verbose_name_plural = _("kegiatan perbaikan")
        ordering = ["plan", "due_date", "id"]

    def __str__(self) -> str:
        return self.title


class ImprovementCheckIn(models.Model):
    """A check-in on an improvement plan."""

    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="checkins"
    )
    date = models.DateField(_("tanggal"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notes = models.TextField(_("catatan"))
    on_track = models.BooleanField(_("sesuai rencana"), default=True)

    class Meta:
        verbose_name = _("pemantauan perbaikan")
        verbose_name_plural = _("pemantauan perbaikan")
        ordering = ["plan", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.date}"


class YearEndRun(models.Model):
    """One year-end job: predikat computed from the matrix, curve checked per unit."""

    performance_year = models.ForeignKey(
        PerformanceYear, on_delete=models.CASCADE, related_name="yearend_runs"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    evaluations = models.PositiveIntegerField(_("penilaian dihitung"), default=0)
    changed = models.PositiveIntegerField(_("predikat berubah"), default=0)
    units_checked = models.PositiveIntegerField(_("unit diperiksa"), default=0)
    warnings = models.JSONField(_("peringatan distribusi"), default=list)

    class Meta:
        verbose_name = _("proses akhir tahun")
        verbose_name_plural = _("proses akhir tahun")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.performance_year} {self.started_at:%Y-%m-%d %H:%M}"


class PeerInvite(models.Model):
    """An invitation to give 360 input on an employee's perilaku kerja.

    Answers stay anonymous to the employee: only an aggregate is shown, and
    only once at least `PEER_MIN_ANSWERS` have answered.
    """

    class Relation(models.TextChoices):
        PEER = "peer", _("Rekan kerja")
        SUBORDINATE = "subordinate", _("Bawahan langsung")

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="peer_invites")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="peer_invites"
    )
    relation = models.CharField(_("hubungan"), max_length=12, choices=Relation.choices)
    invited_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("undangan masukan 360")
        verbose_name_plural = _("undangan masukan 360")
        ordering = ["-invited_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "period", "reviewer"], name="perf_peer_invite_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.skp_id} {self.reviewer_id}"


PEER_MIN_ANSWERS = 3


class PeerAnswer(models.Model):
    """One rating (with a comment) of one BerAKHLAK value in a 360 answer."""

    invite = models.ForeignKey(
        PeerInvite, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.ForeignKey(
        BehaviourValue, on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)
    comment = models.TextField(_("komentar"), blank=True)

    class Meta:
        verbose_name = _("jawaban masukan 360")
        verbose_name_plural = _("jawaban masukan 360")
        ordering = ["invite", "value__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["invite", "value"], name="perf_peer_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invite_id} {self.value_id} {self.rating}"

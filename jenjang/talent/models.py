"""Models of the talent area: potential, the 9-box, succession, promotion, remedial.

PermenPANRB 3/2020 (domain file §2), regular rank promotion (§8), PP 30/2019
Pasal 56–58 (§1.7) and UU 27/2022 Pasal 10 (§10): a placement has effect only
once a person confirms it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jenjang.competencies.models import Competency
from jenjang.development.models import DevelopmentForm, DevelopmentPlan
from jenjang.people.models import Agency, Employee, OrgUnit, Position, Rank
from jenjang.performance.models import Predikat

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
BOX_VALIDATORS = [MinValueValidator(1), MaxValueValidator(9)]


def _box_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        name=name,
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": 1, f"{field}__lte": 9}),
    )


class Level(models.TextChoices):
    """Three levels of each axis (PermenPANRB 3/2020; domain file §2.2)."""

    LOW = "rendah", _("Rendah")
    MIDDLE = "menengah", _("Menengah")
    HIGH = "tinggi", _("Tinggi")


class Performance(models.TextChoices):
    """The performance axis: di bawah / sesuai / di atas ekspektasi (§2.2)."""

    BELOW = "bawah", _("Di bawah ekspektasi")
    MEETS = "sesuai", _("Sesuai ekspektasi")
    ABOVE = "atas", _("Di atas ekspektasi")


class TalentConfig(models.Model):
    """An agency's potential weights and cut-offs (rendah / menengah / tinggi).

    Seeded with the weights reported for Keputusan Kepala BKN 411/2025
    (40 kompetensi, 25 potensi/rekam jejak, 20 kualifikasi, 15 integritas) and
    the cut-offs of one instansi (tinggi ≥ 90, menengah ≥ 78): both UNCERTAIN
    (domain file §2.2, §2.4), to be verified against the official text.
    """

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="talent_config"
    )
    weight_competency = models.DecimalField(
        _("bobot kompetensi (asesmen manajerial & sosial kultural)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("40"),
        validators=SCORE_VALIDATORS,
    )
    weight_track_record = models.DecimalField(
        _("bobot potensi & rekam jejak"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25"),
        validators=SCORE_VALIDATORS,
    )
    weight_qualification = models.DecimalField(
        _("bobot kualifikasi"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=SCORE_VALIDATORS,
    )
    weight_integrity = models.DecimalField(
        _("bobot integritas/moralitas"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        validators=SCORE_VALIDATORS,
    )
    cutoff_middle = models.DecimalField(
        _("batas bawah menengah"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("78"),
        validators=SCORE_VALIDATORS,
    )
    cutoff_high = models.DecimalField(
        _("batas bawah tinggi"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90"),
        validators=SCORE_VALIDATORS,
    )
    needs_verification = models.BooleanField(
        _("perlu dicek ke teks resmi"),
        default=True,
        help_text=_("Bobot nasional belum pasti (Kepka BKN 411/2025)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("konfigurasi talenta")
        verbose_name_plural = _("konfigurasi talenta")
        constraints = [
            models.CheckConstraint(
                name="talentconfig_cutoffs_ordered",
                condition=Q(cutoff_high__gt=models.F("cutoff_middle")),
            ),
            models.CheckConstraint(
                name="talentconfig_weights_positive",
                condition=Q(
                    weight_competency__gte=0,
                    weight_track_record__gte=0,
                    weight_qualification__gte=0,
                    weight_integrity__gte=0,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}"


class PotentialInput(models.Model):
    """What an employee's potential is computed from, as recorded at a date.

    `assessment_score` is an assessment-centre result (0–100); when empty, the
    competency component comes from the latest managerial and sociocultural
    assessments in `competencies`.
    """

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="potential_inputs"
    )
    recorded_on = models.DateField(_("tanggal"))
    assessment_score = models.DecimalField(
        _("nilai asesmen (assessment center)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    track_record_score = models.DecimalField(
        _("nilai rekam jejak"),
        max_digits=5,
        decimal_places=2,
        validators=SCORE_VALIDATORS,
    )
    qualification_score = models.DecimalField(
        _("nilai kualifikasi"),
        max_digits=5,
        decimal_places=2,
        validators=SCORE_VALIDATORS,
    )
    integrity_score = models.DecimalField(
        _("nilai integritas"),
        max_digits=5,
        decimal_places=2,
        validators=SCORE_VALIDATORS,
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("data potensial")
        verbose_name_plural = _("data potensial")
        ordering = ["employee", "-recorded_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "recorded_on"], name="potentialinput_per_day"
            ),
            models.CheckConstraint(
                name="potentialinput_scores_range",
                condition=Q(
                    track_record_score__gte=0,
                    track_record_score__lte=100,
                    qualification_score__gte=0,
                    qualification_score__lte=100,
                    integrity_score__gte=0,
                    integrity_score__lte=100,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} ({self.recorded_on})"


class DisciplinaryRecord(models.Model):
    """Hukuman disiplin: feeds integrity and blocks a rank promotion while pending."""

    class Severity(models.TextChoices):
        LIGHT = "ringan", _("Ringan")
        MEDIUM = "sedang", _("Sedang")
        HEAVY = "berat", _("Berat")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="disciplinary_records"
    )
    severity = models.CharField(_("tingkat"), max_length=6, choices=Severity.choices)
    decided_on = models.DateField(_("tanggal keputusan"))
    ends_on = models.DateField(_("berakhir"), null=True, blank=True)
    note = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")
        ordering = ["employee", "-decided_on"]
        constraints = [
            models.CheckConstraint(
                name="discipline_end_after_start",
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("decided_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.get_severity_display()}"


class TalentReview(models.Model):
    """Pemetaan talenta of one agency (or a unit subtree) for one period."""

    class Status(models.TextChoices):
        OPEN = "open", _("Berjalan")
        CLOSED = "closed", _("Ditutup")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="talent_reviews"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit kerja"),
    )
    name = models.CharField(_("nama"), max_length=150)
    year = models.PositiveSmallIntegerField(_("tahun kinerja terakhir"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    run_at = models.DateTimeField(_("dihitung"), null=True, blank=True)
    last_run = models.JSONField(
        _("hasil perhitungan terakhir"), default=dict, blank=True
    )
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pemetaan talenta")
        verbose_name_plural = _("pemetaan talenta")
        ordering = ["-year", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="review_name"),
            models.CheckConstraint(
                name="review_closed_has_date",
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["agency", "status", "year"])]

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    """One employee in one review: inputs, the computed box, override, confirmation.

    Takes effect only when a person confirms it (UU 27/2022 Pasal 10: no
    decision with significant effect by automated processing alone).
    """

    review = models.ForeignKey(
        TalentReview, on_delete=models.CASCADE, related_name="placements"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="placements"
    )
    inputs = models.JSONField(_("data masukan"), default=dict)
    potential_score = models.DecimalField(
        _("nilai potensial"), max_digits=5, decimal_places=2, null=True
    )
    potential_level = models.CharField(max_length=8, choices=Level.choices)
    performance_level = models.CharField(max_length=6, choices=Performance.choices)
    computed_box = models.PositiveSmallIntegerField(
        _("kotak hasil hitung"), validators=BOX_VALIDATORS
    )
    override_box = models.PositiveSmallIntegerField(
        _("kotak koreksi"), null=True, blank=True, validators=BOX_VALIDATORS
    )
    override_reason = models.TextField(_("alasan koreksi"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("penempatan kotak talenta")
        verbose_name_plural = _("penempatan kotak talenta")
        ordering = ["review", "employee__name", "employee_id"]
        indexes = [models.Index(fields=["review", "computed_box"])]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "employee"], name="placement_once_per_review"
            ),
            _box_check("computed_box", "placement_computed_box_range"),
            _box_check("override_box", "placement_override_box_range"),
            models.CheckConstraint(
                name="placement_override_has_reason",
                condition=Q(override_box__isnull=True) | ~Q(override_reason=""),
            ),
            models.CheckConstraint(
                name="placement_confirmed_pair",
                condition=Q(confirmed_at__isnull=True) | Q(confirmed_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.box}"

    @property
    def box(self) -> int:
        return self.override_box or self.computed_box

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class KeyPosition(models.Model):
    """Jabatan target for succession; its competency standard is the position's."""

    position = models.OneToOneField(
        Position, on_delete=models.CASCADE, related_name="key_position"
    )
    min_rank = models.ForeignKey(
        Rank,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pangkat minimal"),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("jabatan target")
        verbose_name_plural = _("jabatan target")
        ordering = ["position__title"]

    def __str__(self) -> str:
        return str(self.position)


class SuccessionPlan(models.Model):
    """Kelompok rencana suksesi for one key position, built from a review."""

    key_position = models.ForeignKey(
        KeyPosition, on_delete=models.CASCADE, related_name="plans"
    )
    review = models.ForeignKey(
        TalentReview, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rencana suksesi")
        verbose_name_plural = _("rencana suksesi")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.key_position} ({self.created_at:%Y-%m-%d})"


class SuccessionCandidate(models.Model):
    plan = models.ForeignKey(
        SuccessionPlan, on_delete=models.CASCADE, related_name="candidates"
    )
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    rank_order = models.PositiveSmallIntegerField(_("peringkat"))
    readiness = models.DecimalField(_("kesiapan"), max_digits=5, decimal_places=1)
    box = models.PositiveSmallIntegerField(validators=BOX_VALIDATORS)
    reasons = models.JSONField(default=list)
    development_actions = models.TextField(_("tindakan pengembangan"), blank=True)

    class Meta:
        ordering = ["plan", "rank_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "employee"], name="candidate_once_per_plan"
            ),
            _box_check("box", "candidate_box_range"),
        ]

    def __str__(self) -> str:
        return f"{self.rank_order}. {self.employee}"


def default_kp_months() -> list[int]:
    return [4, 10]


def default_education_ceiling() -> dict[str, str]:
    # SD → II/a and S1 → III/d are verified (domain file §8.2); the others
    # follow common practice and need checking against the official text.
    return {
        "SD": "II/a",
        "SMP": "II/c",
        "SMA": "III/b",
        "D1": "III/b",
        "D2": "III/b",
        "D3": "III/c",
        "D4": "III/d",
        "S1": "III/d",
        "S2": "IV/a",
        "S3": "IV/b",
    }


class PromotionRule(models.Model):
    """An agency's promotion settings: progress rule and regular rank promotion.

    "Significant managerial progress" is the agency's own rule (issue 9);
    the rank-promotion settings follow domain file §8.2 with the KP period
    months and the education ceilings UNCERTAIN and editable.
    """

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="promotion_rule"
    )
    progress_window_years = models.PositiveSmallIntegerField(
        _("jendela kemajuan (tahun)"), default=2
    )
    progress_min_competencies = models.PositiveSmallIntegerField(
        _("jumlah kompetensi manajerial yang naik"), default=2
    )
    progress_min_level_gain = models.PositiveSmallIntegerField(
        _("kenaikan level minimal"), default=1
    )
    progress_min_score_gain = models.DecimalField(
        _("kenaikan nilai asesmen minimal"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
    )
    progress_min_predikat = models.CharField(
        _("predikat minimal"),
        max_length=16,
        choices=Predikat.choices,
        default=Predikat.BAIK,
    )
    min_years_in_grade = models.PositiveSmallIntegerField(
        _("masa kerja minimal dalam pangkat (tahun)"), default=4
    )
    kp_months = models.JSONField(
        _("bulan periode kenaikan pangkat"), default=default_kp_months
    )
    education_ceiling = models.JSONField(
        _("pangkat tertinggi per pendidikan"), default=default_education_ceiling
    )
    needs_verification = models.BooleanField(
        _("perlu dicek ke teks resmi"), default=True
    )

    class Meta:
        verbose_name = _("aturan promosi")
        verbose_name_plural = _("aturan promosi")
        constraints = [
            models.CheckConstraint(
                name="promotionrule_window_positive",
                condition=Q(progress_window_years__gte=1),
            ),
        ]

    def __str__(self) -> str:
        return str(self.agency)


class PromotionDecision(models.Model):
    """HR's decision on a candidate; the history is kept (never edited)."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Kemajuan manajerial signifikan")
        RANK = "rank", _("Kenaikan pangkat reguler")
        SUCCESSION = "succession", _("Rencana suksesi")

    class Decision(models.TextChoices):
        PROMOTED = "promoted", _("Dipromosikan")
        LARGER_ASSIGNMENT = "larger_assignment", _("Diberi penugasan lebih besar")
        DEFERRED = "deferred", _("Ditunda")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="promotion_decisions"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    decision = models.CharField(_("keputusan"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("alasan"))
    evidence = models.JSONField(_("bukti"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("keputusan promosi")
        verbose_name_plural = _("keputusan promosi")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(name="decision_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.get_decision_display()}"


class RemedialPlan(models.Model):
    """Rencana perbaikan kinerja: one per employee per triggering evaluation.

    PP 30/2019 Pasal 57 (domain file §1.7): about six months to improve.
    Proposed by the system, confirmed or edited by the supervisor; then part
    of the employee's development plan (`development_plan`).
    """

    class Status(models.TextChoices):
        OPENED = "opened", _("Diusulkan")
        IN_PROGRESS = "in_progress", _("Berjalan")
        IMPROVED = "improved", _("Membaik")
        NOT_IMPROVED = "not_improved", _("Tidak membaik")

    class Trigger(models.TextChoices):
        PREDIKAT = "predikat", _("Predikat di bawah Baik")
        BOX = "box", _("Kotak talenta 1, 2, 3 atau 6")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="remedial_plans"
    )
    evaluation_year = models.PositiveSmallIntegerField(_("tahun evaluasi"))
    trigger = models.CharField(_("pemicu"), max_length=10, choices=Trigger.choices)
    trigger_predikat = models.CharField(
        max_length=16, choices=Predikat.choices, blank=True
    )
    placement = models.ForeignKey(
        Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=14, choices=Status.choices, default=Status.OPENED
    )
    coaching = models.TextField(_("bimbingan/konseling oleh atasan"), blank=True)
    review_on = models.DateField(_("tanggal tinjauan"))
    development_plan = models.ForeignKey(
        DevelopmentPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    outcome_predikat = models.CharField(
        max_length=16, choices=Predikat.choices, blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rencana perbaikan kinerja")
        verbose_name_plural = _("rencana perbaikan kinerja")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "review_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "evaluation_year"],
                name="remedial_once_per_evaluation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.evaluation_year}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.IN_PROGRESS
            and self.review_on < timezone.localdate()
        )


class RemedialActivity(models.Model):
    """A development activity of a remedial plan, aimed at a gap."""

    plan = models.ForeignKey(
        RemedialPlan, on_delete=models.CASCADE, related_name="activities"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="+"
    )
    target_level = models.PositiveSmallIntegerField(
        _("level target"), null=True, blank=True
    )
    title = models.CharField(_("kegiatan"), max_length=250)
    jp = models.DecimalField(_("JP"), max_digits=6, decimal_places=2)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    added_to_plan = models.BooleanField(_("masuk IDP"), default=False)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [
            models.CheckConstraint(name="remedial_jp_positive", condition=Q(jp__gt=0)),
        ]

    def __str__(self) -> str:
        return self.title

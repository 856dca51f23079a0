"""Individual development plans, the JP ledger and the rules that feed it.

The ledger is where the loop meets (DESIGN.md): every completed development
activity posts one entry; compliance, dashboards and the talent review read
it; nothing else sums hours.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jenjang.competencies.models import LEVEL_VALIDATORS, Competency
from jenjang.people.models import Agency, Employee


class DevelopmentForm(models.Model):
    """Bentuk pengembangan kompetensi: the SIASN *jenis diklat* list (codes 1–25).

    Peraturan LAN 10/2018 (domain file §4.1). The klasikal flag is configurable
    because magang and sosialisasi are classified differently by sources.
    """

    class Path(models.TextChoices):
        EDUCATION = "education", _("Pendidikan")
        TRAINING = "training", _("Pelatihan")

    siasn_code = models.PositiveSmallIntegerField(_("kode SIASN"), unique=True)
    name = models.CharField(_("nama"), max_length=120)
    path = models.CharField(
        _("jalur"), max_length=10, choices=Path.choices, default=Path.TRAINING
    )
    is_classical = models.BooleanField(_("klasikal"))
    needs_verification = models.BooleanField(
        _("perlu dicek ke teks resmi"), default=False
    )

    class Meta:
        verbose_name = _("bentuk pengembangan")
        verbose_name_plural = _("bentuk pengembangan")
        ordering = ["siasn_code"]

    def __str__(self) -> str:
        return f"{self.siasn_code}. {self.name}"


class ConversionRule(models.Model):
    """How a development form converts into JP, per agency, from a date.

    No national conversion exists (domain file §4.4); each agency keeps its
    own table, seeded with the BPS example. A rule with no agency is the
    default for agencies without their own.
    """

    class Unit(models.TextChoices):
        MINUTES = "minutes", _("menit (1 JP = 45 menit)")
        DAY = "day", _("hari")
        SESSION = "session", _("sesi")
        OCCASION = "occasion", _("kali")
        SEMESTER = "semester", _("semester")

    class CapPeriod(models.TextChoices):
        NONE = "", _("tanpa batas")
        DAY = "day", _("per hari")
        MONTH = "month", _("per bulan")

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jp_rules",
        verbose_name=_("instansi"),
    )
    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="rules"
    )
    unit = models.CharField(_("satuan"), max_length=10, choices=Unit.choices)
    jp_per_unit = models.DecimalField(
        _("JP per satuan"), max_digits=6, decimal_places=2
    )
    cap_jp = models.DecimalField(
        _("batas JP"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    cap_period = models.CharField(
        _("periode batas"), max_length=5, choices=CapPeriod.choices, blank=True
    )
    effective_from = models.DateField(_("berlaku mulai"))
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("aturan konversi JP")
        verbose_name_plural = _("aturan konversi JP")
        ordering = ["form", "-effective_from"]
        constraints = [
            # Coalesce: the national default (no agency) is unique too, on
            # every database (SQLite has no NULLS NOT DISTINCT).
            models.UniqueConstraint(
                Coalesce(F("agency"), Value(0)),
                F("form"),
                F("effective_from"),
                name="conversionrule_unique",
            ),
            models.CheckConstraint(
                name="conversionrule_positive", condition=Q(jp_per_unit__gt=0)
            ),
            models.CheckConstraint(
                name="conversionrule_cap_has_period",
                condition=Q(cap_jp__isnull=True, cap_period="")
                | Q(cap_jp__gt=0) & ~Q(cap_period=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form.name}: {self.jp_per_unit} JP/{self.get_unit_display()}"


class AnnualTarget(models.Model):
    """Minimum JP per calendar year, effective-dated.

    PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4): at least 20 JP a year
    (domain file §3). Kept as data so a change in the rule is a new row.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    minimum_jp = models.DecimalField(_("JP minimum"), max_digits=6, decimal_places=2)
    effective_from = models.DateField(_("berlaku mulai"))
    source = models.CharField(_("dasar hukum"), max_length=200)

    class Meta:
        verbose_name = _("target JP tahunan")
        verbose_name_plural = _("target JP tahunan")
        constraints = [
            models.UniqueConstraint(
                Coalesce(F("agency"), Value(0)),
                F("effective_from"),
                name="annualtarget_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.minimum_jp} JP ({self.effective_from})"


class LedgerEntry(models.Model):
    """One posting of JP for one employee. Never edited: corrections reverse.

    `source_type`/`source_id` name the activity that earned it (e.g.
    "training.enrolment", 42); posting is idempotent per source.
    """

    class Kind(models.TextChoices):
        POSTING = "posting", _("Pencatatan")
        REVERSAL = "reversal", _("Pembatalan")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="jp_entries"
    )
    occurred_on = models.DateField(_("tanggal kegiatan"))
    jp = models.DecimalField(_("JP"), max_digits=7, decimal_places=2)
    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("kegiatan"), max_length=250)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.POSTING)
    source_type = models.CharField(max_length=60)
    source_id = models.CharField(max_length=64)
    quantity = models.DecimalField(
        _("jumlah"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(
        _("satuan"), max_length=10, choices=ConversionRule.Unit.choices, blank=True
    )
    rule = models.ForeignKey(
        ConversionRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rule_note = models.CharField(_("dasar perhitungan"), max_length=250, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    reason = models.CharField(_("alasan"), max_length=250, blank=True)
    evidence = models.FileField(_("bukti"), upload_to="evidence/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("entri JP")
        verbose_name_plural = _("buku besar JP")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(
                fields=["employee", "occurred_on"], name="ledger_employee_date"
            ),
            models.Index(
                fields=["occurred_on", "employee"], name="ledger_date_employee"
            ),
            # A source's postings and reversals (they share the source id):
            # the JP delivered by a set of sources, net of reversals, is read
            # through it (the unique index below holds postings only).
            models.Index(fields=["source_type", "source_id"], name="ledger_source"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=Q(kind="posting"),
                name="ledger_one_posting_per_source",
            ),
            models.CheckConstraint(
                name="ledger_sign_matches_kind",
                condition=Q(kind="posting", jp__gte=0, reverses__isnull=True)
                | Q(kind="reversal", jp__lte=0, reverses__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.jp} JP · {self.title}"


class JpYearTotal(models.Model):
    """The net JP of one employee in one calendar year: a sum of the ledger, stored.

    Pre-aggregated for compliance summaries and dashboards (issue 11): kept
    current by `ledger_post` and `ledger_reverse` in the same transaction as
    the entry (`services.jp_totals.jp_total_add`), rebuilt from the ledger by
    `jenjang rebuild-jp-totals` after bulk loads. The ledger stays the truth;
    `entries` counts the rows summed (postings and reversals), so a year whose
    postings were all reversed keeps its row at 0 JP.
    """

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="jp_year_totals"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    total_jp = models.DecimalField(_("total JP"), max_digits=9, decimal_places=2)
    entries = models.PositiveIntegerField(_("jumlah entri"), default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("total JP tahunan")
        verbose_name_plural = _("total JP tahunan")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="jp_year_total_one_per_year"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "employee"], name="jp_year_total_year_emp"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} · {self.year} · {self.total_jp} JP"


class SelfLearningClaim(models.Model):
    """Self-reported learning, counted only after a supervisor or HR verifies it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu verifikasi")
        VERIFIED = "verified", _("Diverifikasi")
        REJECTED = "rejected", _("Ditolak")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="learning_claims"
    )
    title = models.CharField(_("kegiatan"), max_length=250)
    organiser = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("tanggal mulai"))
    ended_on = models.DateField(_("tanggal selesai"))
    quantity = models.DecimalField(_("jumlah"), max_digits=8, decimal_places=2)
    unit = models.CharField(
        _("satuan"), max_length=10, choices=ConversionRule.Unit.choices
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence = models.FileField(_("bukti"), upload_to="evidence/%Y/%m/")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.CharField(_("alasan"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("klaim belajar mandiri")
        verbose_name_plural = _("klaim belajar mandiri")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="claim_dates_ordered",
                condition=Q(ended_on__gte=models.F("started_on")),
            ),
            models.CheckConstraint(
                name="claim_quantity_positive", condition=Q(quantity__gt=0)
            ),
            models.CheckConstraint(
                name="claim_rejection_has_reason",
                condition=~Q(status="rejected") | ~Q(review_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.title}"


class DevelopmentPlan(models.Model):
    """Rencana pengembangan kompetensi individu (IDP) for one calendar year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        APPROVED = "approved", _("Disetujui")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="development_plans"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    target_jp = models.DecimalField(
        _("target JP"), max_digits=6, decimal_places=2, default=Decimal("20")
    )
    notes = models.TextField(_("catatan"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rencana pengembangan individu")
        verbose_name_plural = _("rencana pengembangan individu")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year"], name="plan_one_per_year"
            ),
            models.CheckConstraint(
                name="plan_target_positive", condition=Q(target_jp__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"IDP {self.year} · {self.employee}"


class PlanGoal(models.Model):
    """A goal of a plan: raise a competency to a level (usually a gap)."""

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="goals"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="+"
    )
    current_level = models.PositiveSmallIntegerField(null=True, blank=True)
    target_level = models.PositiveSmallIntegerField(
        _("level target"), validators=LEVEL_VALIDATORS
    )
    description = models.CharField(_("uraian"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sasaran IDP")
        verbose_name_plural = _("sasaran IDP")
        constraints = [
            models.UniqueConstraint(fields=["plan", "competency"], name="goal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.competency} → {self.target_level}"


class PlanActivity(models.Model):
    """A planned development activity; done when a ledger entry matches it."""

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="activities"
    )
    goal = models.ForeignKey(
        PlanGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    form = models.ForeignKey(
        DevelopmentForm, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("kegiatan"), max_length=250)
    planned_start = models.DateField(_("rencana mulai"))
    planned_end = models.DateField(_("rencana selesai"))
    planned_jp = models.DecimalField(_("rencana JP"), max_digits=6, decimal_places=2)
    ledger_entry = models.OneToOneField(
        LedgerEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kegiatan IDP")
        verbose_name_plural = _("kegiatan IDP")
        ordering = ["planned_start", "id"]
        constraints = [
            models.CheckConstraint(
                name="activity_dates_ordered",
                condition=Q(planned_end__gte=models.F("planned_start")),
            ),
            models.CheckConstraint(
                name="activity_jp_positive", condition=Q(planned_jp__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanEvent(models.Model):
    """The plan's history: submitted, returned with a comment, approved, edited."""

    class Action(models.TextChoices):
        CREATED = "created", _("Dibuat")
        SUBMITTED = "submitted", _("Diajukan")
        RETURNED = "returned", _("Dikembalikan")
        APPROVED = "approved", _("Disetujui")
        EDITED = "edited", _("Diubah")

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("komentar"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_action_display()}"


class ReminderSent(models.Model):
    """A 20-JP reminder already sent to one employee for one quarter of a year.

    Makes the reminder job idempotent: a second run in the same quarter
    skips whoever is recorded here.
    """

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="jp_reminders"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("kuartal"))
    email = models.EmailField(_("e-mail"))
    total_jp = models.DecimalField(_("JP saat itu"), max_digits=7, decimal_places=2)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pengingat JP terkirim")
        verbose_name_plural = _("pengingat JP terkirim")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year", "quarter"], name="reminder_once_per_quarter"
            ),
            models.CheckConstraint(
                name="reminder_quarter_valid",
                condition=Q(quarter__gte=1, quarter__lte=4),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.year} K{self.quarter}"

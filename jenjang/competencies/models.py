"""Competency dictionary, job standards and assessments.

PermenPANRB 38/2017 (domain file §5): managerial, sociocultural and technical
competencies; proficiency levels 1–5 (UNCERTAIN: seeded, editable).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jenjang.people.models import Employee, JobField, Position

MIN_LEVEL, MAX_LEVEL = 1, 5
LEVEL_VALIDATORS = [MinValueValidator(MIN_LEVEL), MaxValueValidator(MAX_LEVEL)]


def _level_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        name=name,
        condition=Q(**{f"{field}__gte": MIN_LEVEL, f"{field}__lte": MAX_LEVEL}),
    )


class Competency(models.Model):
    class Kind(models.TextChoices):
        MANAGERIAL = "managerial", _("Manajerial")
        SOCIOCULTURAL = "sociocultural", _("Sosial kultural")
        TECHNICAL = "technical", _("Teknis")

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=15, choices=Kind.choices)
    job_field = models.ForeignKey(
        JobField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competencies",
        verbose_name=_("rumpun jabatan"),
        help_text=_("Untuk kompetensi teknis: rumpun jabatan yang memakainya."),
    )
    description = models.TextField(_("definisi"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="competency_field_only_technical",
                condition=Q(kind="technical") | Q(job_field__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.name


class CompetencyLevel(models.Model):
    """One proficiency level of a competency, with its behavioural indicators."""

    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    title = models.CharField(_("judul"), max_length=150)
    description = models.TextField(_("deskripsi"), blank=True)
    indicators = models.TextField(
        _("indikator perilaku"), blank=True, help_text=_("Satu indikator per baris.")
    )

    class Meta:
        verbose_name = _("level kompetensi")
        verbose_name_plural = _("level kompetensi")
        ordering = ["competency", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "level"], name="competencylevel_unique"
            ),
            _level_check("level", "competencylevel_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.competency} — {self.level}"

    @property
    def indicator_list(self) -> list[str]:
        return [line.strip() for line in self.indicators.splitlines() if line.strip()]


class StandardDefault(models.Model):
    """Default required level of a competency for every position of a kind.

    The level per position group is UNCERTAIN (domain file §5): seeded with
    the common mapping, editable, and overridden per position.
    """

    position_kind = models.CharField(
        _("jenis jabatan"), max_length=20, choices=Position.Kind.choices
    )
    functional_level = models.CharField(
        _("jenjang fungsional"),
        max_length=20,
        choices=Position.FunctionalLevel.choices,
        blank=True,
        help_text=_("Hanya untuk jabatan fungsional; kosong berarti semua jenjang."),
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="defaults"
    )
    required_level = models.PositiveSmallIntegerField(
        _("level yang dipersyaratkan"), validators=LEVEL_VALIDATORS
    )

    class Meta:
        verbose_name = _("standar bawaan per jenis jabatan")
        verbose_name_plural = _("standar bawaan per jenis jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["position_kind", "functional_level", "competency"],
                name="standarddefault_unique",
            ),
            _level_check("required_level", "standarddefault_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_kind_display()} · {self.competency}: {self.required_level}"


class PositionStandard(models.Model):
    """Standar kompetensi jabatan: a position's own required level (overrides defaults)."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="competency_standards"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="position_standards"
    )
    required_level = models.PositiveSmallIntegerField(
        _("level yang dipersyaratkan"), validators=LEVEL_VALIDATORS
    )

    class Meta:
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"], name="positionstandard_unique"
            ),
            _level_check("required_level", "positionstandard_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.position} · {self.competency}: {self.required_level}"


class Assessment(models.Model):
    """An assessed level of one competency for one employee at a date."""

    class Source(models.TextChoices):
        ASSESSMENT_CENTRE = "assessment_centre", _("Assessment center")
        TEST = "test", _("Uji kompetensi")
        THREE_SIXTY = "360", _("Penilaian 360°")
        SUPERVISOR = "supervisor", _("Atasan langsung")

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="assessments"
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="assessments"
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    assessed_on = models.DateField(_("tanggal asesmen"))
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("hasil asesmen")
        verbose_name_plural = _("hasil asesmen")
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(
                fields=["employee", "competency", "-assessed_on", "-id"],
                name="assessment_latest",
            )
        ]
        constraints = [
            _level_check("level", "assessment_level_range"),
            models.UniqueConstraint(
                fields=["employee", "competency", "assessed_on", "source"],
                name="assessment_unique_per_day_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.competency}: {self.level} ({self.assessed_on})"

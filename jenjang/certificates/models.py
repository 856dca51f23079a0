"""Certificates of completion and attendance, shared by training, e-learning and events."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jenjang.people.models import Employee


class Certificate(models.Model):
    """One certificate held by one employee for one activity (its source).

    The number is public (printed, in the QR code) and unguessable; the
    verification page shows only name, title, dates, JP and status. An
    activity issues at most one live (not revoked) certificate per source.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("Berlaku")
        EXPIRED = "expired", _("Kedaluwarsa")
        REVOKED = "revoked", _("Dicabut")

    number = models.CharField(_("nomor sertifikat"), max_length=32, unique=True)
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="certificates"
    )
    holder_name = models.CharField(_("nama pemegang"), max_length=250)
    title = models.CharField(_("kegiatan"), max_length=250)
    source_type = models.CharField(_("jenis sumber"), max_length=60)
    source_id = models.CharField(_("sumber"), max_length=64)
    started_on = models.DateField(_("tanggal mulai"))
    ended_on = models.DateField(_("tanggal selesai"))
    jp = models.DecimalField(_("JP"), max_digits=7, decimal_places=2)
    issuer = models.CharField(_("penerbit"), max_length=200)
    signatory_name = models.CharField(_("penandatangan"), max_length=150, blank=True)
    signatory_title = models.CharField(
        _("jabatan penandatangan"), max_length=200, blank=True
    )
    issued_at = models.DateTimeField(_("diterbitkan"), default=timezone.now)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("alasan pencabutan"), max_length=250, blank=True
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_live_per_source",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__gte=models.F("started_on")),
                name="certificate_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(jp__gte=0), name="certificate_jp_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("ended_on")),
                name="certificate_valid_after_end",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="certificate_revocation_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "-issued_at"]),
            models.Index(
                fields=["valid_until"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_live_expiry",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, day: dt.date) -> str:
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.valid_until is not None and self.valid_until < day:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label

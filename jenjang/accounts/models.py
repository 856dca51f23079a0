import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    EMPLOYEE = "employee", pgettext_lazy("role", "Pegawai")
    SUPERVISOR = "supervisor", _("Atasan langsung")
    MENTOR = "mentor", _("Mentor / coach")
    ORGANISER = "organiser", _("Penyelenggara")
    HR_ADMIN = "hr_admin", _("Admin kepegawaian")
    LEADER = "leader", _("Pimpinan")
    SUPERADMIN = "superadmin", _("Superadmin")


# Roles whose grant carries an agency or org-unit scope over other people.
SCOPED_ROLES = frozenset({Role.ORGANISER, Role.HR_ADMIN, Role.LEADER})
# Roles that must sign in with a second factor.
TWO_FACTOR_ROLES = frozenset({Role.HR_ADMIN, Role.SUPERADMIN})


class User(AbstractUser):
    """A person who signs in. Linked to an Employee by `Employee.user`."""

    preferred_language = models.CharField(
        _("bahasa"), max_length=8, choices=settings.LANGUAGES, default="id"
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleGrant(models.Model):
    """A role given to a user, scoped to an agency or an org-unit subtree.

    Employee, supervisor and mentor are personal roles and carry no scope:
    their reach follows from the user's own employee record. Superadmin has
    no scope because it reaches everything.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        "people.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
    )
    org_unit = models.ForeignKey(
        "people.OrgUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit kerja"),
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pemberian peran")
        verbose_name_plural = _("pemberian peran")
        constraints = [
            models.CheckConstraint(
                name="rolegrant_one_scope",
                condition=~Q(agency__isnull=False, org_unit__isnull=False),
            ),
            models.CheckConstraint(
                name="rolegrant_scoped_roles_have_scope",
                condition=~Q(role__in=sorted(SCOPED_ROLES))
                | Q(agency__isnull=False)
                | Q(org_unit__isnull=False),
            ),
            # Coalesce so that a grant without a scope is unique too, on
            # every database (SQLite has no NULLS NOT DISTINCT).
            models.UniqueConstraint(
                F("user"),
                F("role"),
                Coalesce(F("agency"), Value(0)),
                Coalesce(F("org_unit"), Value(0)),
                name="rolegrant_unique",
            ),
        ]

    def __str__(self) -> str:
        scope = self.org_unit or self.agency or "—"
        return f"{self.user} · {self.get_role_display()} · {scope}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal access token. Only its hash is stored; the raw value is shown once."""

    PREFIX = "jjg_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def new_raw_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def hash_key(raw: str) -> str:
        return _hash_token(raw)

    @property
    def is_active(self) -> bool:
        if self.revoked_at:
            return False
        return not (self.expires_at and self.expires_at <= timezone.now())

"""The demo accounts: one login per role, with a second factor for admins.

Every account shares one printed password; HR admins and the superadmin get a
confirmed TOTP device and a fixed set of single-use backup codes, so a human
can sign in without a phone. Never use any of this outside a demo.
"""

import hashlib
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jenjang.accounts.models import TWO_FACTOR_ROLES, Role, User
from jenjang.accounts.services import (
    BACKUP_DEVICE_NAME,
    TOTP_DEVICE_NAME,
    role_grant_create,
)
from jenjang.people.demo.catalogue import (
    AMD,
    DEMO_BACKUP_CODES,
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    K,
)
from jenjang.people.models import Agency, Employee, OrgUnit, Position


@dataclass
class LoginRow:
    role: str
    username: str
    nip: str
    two_factor: bool
    totp_url: str = ""


@dataclass(frozen=True)
class LoginSpec:
    username: str
    label: object  # a lazy translation
    grants: tuple[tuple[str, str], ...]  # (role, scope: "" | "agency" | "unit")
    staff: bool = False
    superuser: bool = False


LOGINS = (
    LoginSpec("pegawai", pgettext_lazy("role", "Pegawai"), ((Role.EMPLOYEE, ""),)),
    LoginSpec(
        "atasan",
        gettext_lazy("Atasan langsung"),
        ((Role.EMPLOYEE, ""), (Role.SUPERVISOR, "")),
    ),
    LoginSpec(
        "mentor", gettext_lazy("Mentor"), ((Role.EMPLOYEE, ""), (Role.MENTOR, ""))
    ),
    LoginSpec(
        "penyelenggara", gettext_lazy("Penyelenggara"), ((Role.ORGANISER, "agency"),)
    ),
    LoginSpec(
        "admin.bkpsdm",
        gettext_lazy("Admin kepegawaian (instansi)"),
        ((Role.HR_ADMIN, "agency"),),
        staff=True,
    ),
    LoginSpec(
        "admin.dinkes",
        gettext_lazy("Admin kepegawaian (%(unit)s)"),
        ((Role.HR_ADMIN, "unit"),),
        staff=True,
    ),
    LoginSpec(
        "pimpinan", gettext_lazy("Pimpinan (%(unit)s)"), ((Role.LEADER, "unit"),)
    ),
    LoginSpec(
        "superadmin",
        gettext_lazy("Superadmin"),
        ((Role.SUPERADMIN, ""),),
        staff=True,
        superuser=True,
    ),
)
# Who holds each demo login in the regency: (unit key, position title or None
# for the unit's head). The unit scope of admin.dinkes and pimpinan is DINKES.
REGENCY_LOGIN_HOLDERS = {
    "pegawai": ("DINKES.KESMAS.GIZI", "Nutrisionis Ahli Pertama"),
    "atasan": ("DINKES.KESMAS.GIZI", None),
    "mentor": ("DINKES.KESMAS", "Nutrisionis Ahli Madya"),
    "penyelenggara": ("BKPSDM.PKA.TF", "Pengelola Pendidikan dan Pelatihan"),
    "admin.bkpsdm": ("BKPSDM.MUTASI.MP", "Analis SDM Aparatur Ahli Muda"),
    "admin.dinkes": ("DINKES.SEK.UMPEG", "Analis SDM Aparatur Ahli Pertama"),
    "pimpinan": ("DINKES", None),
}
REGENCY_SCOPE_UNIT = "DINKES"


@dataclass
class LoginTargets:
    agency: Agency
    unit: OrgUnit
    holders: dict[str, Employee | None]


def regency_login_targets(agency: Agency) -> LoginTargets:
    holders = {}
    for username, (key, title) in REGENCY_LOGIN_HOLDERS.items():
        positions = Position.objects.filter(
            agency=agency, org_unit__code=f"{agency.code}.{key}"
        )
        positions = (
            positions.filter(title=title)
            if title
            else positions.filter(code=f"{key}.00")
        )
        holders[username] = (
            Employee.objects.filter(position__in=positions, kind=Employee.Kind.PNS)
            .order_by("id")
            .first()
        )
    unit = OrgUnit.objects.get(code=f"{agency.code}.{REGENCY_SCOPE_UNIT}")
    return LoginTargets(agency, unit, holders)


def national_login_targets(agency: Agency) -> LoginTargets:
    """Pick distinct holders in generated data: a staff member under a pengawas, …"""
    people = Employee.objects.filter(agency=agency, kind=Employee.Kind.PNS)
    people = people.order_by("id")
    staff = people.exclude(position__kind__in=Position.MANAGERIAL)
    unit = (
        OrgUnit.objects.filter(agency=agency, depth=2).order_by("path").first()
        or OrgUnit.objects.filter(agency=agency).order_by("path").first()
    )
    chosen: set[int] = set()

    def first(*candidates) -> Employee | None:
        for queryset in candidates:
            found = queryset.exclude(pk__in=chosen).first()
            if found is not None:
                chosen.add(found.pk)
                return found
        return None

    pegawai = first(
        staff.filter(position__reports_to__kind=K.PENGAWAS),
        staff.exclude(position__reports_to=None),
    )
    atasan = (
        first(people.filter(position=pegawai.position.reports_to)) if pegawai else None
    )
    hr = staff.filter(position__job_field__code="kepegawaian")
    holders = {
        "pegawai": pegawai,
        "atasan": atasan,
        "mentor": first(staff.filter(position__functional_level=AMD), staff),
        "penyelenggara": first(hr, staff),
        "admin.bkpsdm": first(hr.filter(position__kind=K.FUNGSIONAL), hr, staff),
        "admin.dinkes": first(
            staff.filter(org_unit__path__startswith=unit.path), staff
        ),
        "pimpinan": first(people.filter(org_unit=unit, position__code__endswith=".00")),
    }
    return LoginTargets(agency, unit, holders)


def ensure_logins(targets: LoginTargets) -> list[LoginRow]:
    """Create the demo accounts that are missing; top up the 2FA codes of all.

    Existing accounts keep their password, so signed-in sessions survive a
    second run. Grants go through the accounts service (audited).
    """
    rows, encoded = [], None
    taken = set(
        Employee.objects.filter(user__isnull=False).values_list("id", flat=True)
    )
    for spec in LOGINS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            holder = targets.holders.get(spec.username)
            if holder is not None and holder.pk in taken:
                holder = None
            encoded = encoded or make_password(DEMO_PASSWORD)
            user = _create_login(spec, holder, targets, encoded)
        url = ""
        if any(role in TWO_FACTOR_ROLES for role, _scope in spec.grants):
            url = ensure_second_factor(user).config_url
        nip = Employee.objects.filter(user=user).values_list("nip", flat=True).first()
        # Labels without a placeholder pass through `%` unchanged.
        label = str(spec.label) % {"unit": targets.unit.name}
        rows.append(LoginRow(label, user.username, nip or "", bool(url), url))
    return rows


def _create_login(spec: LoginSpec, holder, targets: LoginTargets, encoded: str) -> User:
    first, _sep, last = (holder.name if holder else "Super Admin").partition(" ")
    user = User.objects.create(
        username=spec.username,
        password=encoded,
        first_name=first[:150],
        last_name=last[:150],
        email=holder.email if holder else f"superadmin@{DEMO_EMAIL_DOMAIN}",
        is_staff=spec.staff,
        is_superuser=spec.superuser,
    )
    if holder is not None:
        Employee.objects.filter(pk=holder.pk, user__isnull=True).update(user=user)
    for role, scope in spec.grants:
        role_grant_create(
            user=user,
            role=role,
            agency=targets.agency if scope == "agency" else None,
            org_unit=targets.unit if scope == "unit" else None,
            by=None,
        )
    return user


def _demo_totp_key(username: str) -> str:
    # A fixed key per demo account, so an authenticator app set up once keeps
    # working after the demo database is rebuilt. Never do this outside a demo.
    return hashlib.sha256(f"jenjang-demo:{username}".encode()).hexdigest()[:40]


def ensure_second_factor(user: User) -> TOTPDevice:
    """Give the user a confirmed TOTP device and the fixed demo backup codes."""
    totp, _created = TOTPDevice.objects.get_or_create(
        user=user,
        name=TOTP_DEVICE_NAME,
        defaults={"confirmed": True, "key": _demo_totp_key(user.username)},
    )
    backup, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    have = set(backup.token_set.values_list("token", flat=True))
    StaticToken.objects.bulk_create(
        [
            StaticToken(device=backup, token=c)
            for c in DEMO_BACKUP_CODES
            if c not in have
        ]
    )
    return totp


def format_logins(rows: list[LoginRow], *, title: str) -> str:
    """Return the table of demo logins that every run prints."""
    if not rows:
        return ""
    backup = ", ".join(DEMO_BACKUP_CODES[:3])
    header = (_("Peran"), _("Nama pengguna"), _("NIP"), _("Kata sandi"), _("2FA"))
    table = [
        (
            r.role,
            r.username,
            r.nip or "-",
            DEMO_PASSWORD,
            _("kode cadangan %(code)s") % {"code": DEMO_BACKUP_CODES[0]}
            if r.two_factor
            else "-",
        )
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in [header, *table]) for i in range(5)]
    lines = ["", title, ""]
    for line in [header, tuple("-" * w for w in widths), *table]:
        lines.append(
            "  "
            + "  ".join(
                str(v).ljust(w) for v, w in zip(line, widths, strict=True)
            ).rstrip()
        )
    lines += [
        "",
        _(
            "Kode 2FA cadangan (sekali pakai; diisi ulang setiap kali `jenjang demo` "
            "dijalankan): %(codes)s, … (%(count)d kode)"
        )
        % {"codes": backup, "count": len(DEMO_BACKUP_CODES)},
        _("Atau tambahkan ke aplikasi autentikator:"),
    ]
    lines += [f"  {r.username}: {r.totp_url}" for r in rows if r.totp_url]
    return "\n".join(lines) + "\n"

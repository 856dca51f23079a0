"""Writes in `accounts`: API tokens, role grants, second-factor devices."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jenjang.accounts import user_cache
from jenjang.accounts.models import SCOPED_ROLES, ApiToken, Role, RoleGrant, User
from jenjang.accounts.roles import forget_roles, has_perm
from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError, PermissionDenied

TOKEN_NAME_MAX = 100
TOKEN_MAX_DAYS = 365
MAX_ACTIVE_TOKENS = 20
BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Aplikasi autentikator"
BACKUP_DEVICE_NAME = "Kode cadangan"


# --- API tokens -------------------------------------------------------------


def api_token_create(
    *, user: User, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a personal access token; return it with the raw key (shown once)."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError("token_name_required", _("Nama token wajib diisi."))
    if len(name) > TOKEN_NAME_MAX:
        raise ApplicationError(
            "token_name_too_long",
            _("Nama token paling panjang %(max)d karakter.") % {"max": TOKEN_NAME_MAX},
        )
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise ApplicationError(
            "token_expiry_past", _("Tanggal berakhir harus di masa depan.")
        )
    if expires_at is not None and expires_at > now + dt.timedelta(
        days=TOKEN_MAX_DAYS, hours=1
    ):
        raise ApplicationError(
            "token_expiry_too_far",
            _("Masa berlaku token paling lama %(days)d hari.")
            % {"days": TOKEN_MAX_DAYS},
        )
    with transaction.atomic():
        # Lock the user row so two parallel requests cannot both pass the limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if _active_token_count(user) >= MAX_ACTIVE_TOKENS:
            raise ApplicationError(
                "token_limit",
                _("Anda sudah memiliki %(max)d token aktif; cabut salah satu dulu.")
                % {"max": MAX_ACTIVE_TOKENS},
            )
        raw = ApiToken.new_raw_key()
        token = ApiToken.objects.create(
            user=user,
            name=name,
            key_hash=ApiToken.hash_key(raw),
            hint=raw[: len(ApiToken.PREFIX) + 4],
            expires_at=expires_at,
        )
    return token, raw


def api_token_expiry_from_days(days: int | None) -> dt.datetime | None:
    """Return the expiry `days` days from now (None: no expiry)."""
    if days is None:
        return None
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise ApplicationError(
            "token_expiry_days",
            _("Masa berlaku harus antara 1 dan %(days)d hari.")
            % {"days": TOKEN_MAX_DAYS},
        )
    return timezone.now() + dt.timedelta(days=days)


def _active_token_count(user: User) -> int:
    return (
        ApiToken.objects.filter(user=user, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .count()
    )


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token. Only its owner (or a superadmin) may; a revoked token stays so."""
    if token.user_id != by.pk and not has_perm(by, "accounts.manage_roles"):
        raise PermissionDenied()
    if token.revoked_at is not None:
        raise ApplicationError(
            "token_already_revoked", _("Token ini sudah dicabut."), status=409
        )
    token.revoked_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at)
    user_cache.token_forget(token.key_hash)
    return token


# --- role grants ------------------------------------------------------------


def role_grant_errors(
    *,
    role: str,
    agency=None,
    org_unit=None,
    user: User | None = None,
    exclude_pk: int | None = None,
) -> list[str]:
    """Return why this grant would be wrong (empty when it is fine)."""
    if role not in Role.values:
        return [_("Peran tidak dikenal.")]
    errors = []
    if agency is not None and org_unit is not None:
        errors.append(_("Pilih instansi atau unit kerja, tidak keduanya."))
    elif role in SCOPED_ROLES and agency is None and org_unit is None:
        errors.append(
            _("Peran %(role)s memerlukan cakupan: instansi atau unit kerja.")
            % {"role": Role(role).label}
        )
    elif role not in SCOPED_ROLES and (agency is not None or org_unit is not None):
        errors.append(
            _("Peran %(role)s tidak memakai cakupan instansi atau unit kerja.")
            % {"role": Role(role).label}
        )
    if not errors and user is not None and user.pk:
        duplicate = (
            RoleGrant.objects.filter(
                user=user, role=role, agency=agency, org_unit=org_unit
            )
            .exclude(pk=exclude_pk)
            .exists()
        )
        if duplicate:
            errors.append(_("Pengguna ini sudah memiliki peran tersebut."))
    return errors


def _require_role_manager(by: User | None) -> None:
    # `by=None` is the system itself (demo data, management commands).
    if by is not None and not has_perm(by, "accounts.manage_roles"):
        raise PermissionDenied(_("Hanya superadmin yang boleh mengatur peran."))


def role_grant_create(
    *, user: User, role: str, agency=None, org_unit=None, by: User | None
) -> RoleGrant:
    """Give `user` a role, scoped to an agency or an org-unit subtree when it needs one."""
    _require_role_manager(by)
    errors = role_grant_errors(role=role, agency=agency, org_unit=org_unit, user=user)
    if errors:
        raise ApplicationError("invalid_role_grant", errors[0], details=errors)
    try:
        with transaction.atomic(), acting_as(by):
            grant = RoleGrant.objects.create(
                user=user, role=role, agency=agency, org_unit=org_unit, granted_by=by
            )
    except IntegrityError:
        raise ApplicationError(
            "invalid_role_grant", _("Pemberian peran ini tidak sah atau sudah ada.")
        ) from None
    forget_roles(user)
    return grant


def role_grant_revoke(*, grant: RoleGrant, by: User | None) -> None:
    """Take a role away; the audit log keeps the grant as it was."""
    _require_role_manager(by)
    user = grant.user
    with transaction.atomic(), acting_as(by):
        grant.delete()
    forget_roles(user)


# --- second factor ----------------------------------------------------------


def _has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_setup_start(*, user: User, verified: bool) -> TOTPDevice:
    """Return the user's pending (unconfirmed) TOTP device, creating it if needed.

    A user who already has a confirmed device must verify the session first:
    otherwise a stolen password would be enough to enrol an attacker's phone.
    """
    if _has_confirmed_totp(user) and not verified:
        raise PermissionDenied(
            _("Verifikasi dulu dengan perangkat yang sudah terdaftar.")
        )
    device = (
        TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    )
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=False
        )
    return device


def two_factor_setup_confirm(
    *, request, device: TOTPDevice, token: str
) -> list[str] | None:
    """Confirm the pending device with a code from the app and verify the session.

    Return fresh backup codes when the user had none (shown once), else None.
    """
    token = _clean_token(token)
    if device.confirmed or device.user_id != request.user.pk:
        raise ApplicationError(
            "two_factor_no_pending", _("Tidak ada perangkat yang menunggu konfirmasi.")
        )
    if not (token.isdigit() and len(token) == device.digits):
        raise ApplicationError(
            "two_factor_bad_code",
            _("Masukkan kode 6 angka dari aplikasi autentikator."),
        )
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        throttled = not device.verify_is_allowed()[0]
        verified = not throttled and device.verify_token(token)
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if not verified:
        # Raised outside the transaction so that the throttle count is kept.
        raise ApplicationError("two_factor_wrong_code", _wrong_code_message(throttled))
    otp_login(request, device)
    has_backup = StaticToken.objects.filter(device__user=request.user).exists()
    return None if has_backup else backup_codes_regenerate(user=request.user)


def two_factor_verify(*, request, token: str) -> Device:
    """Check a TOTP code or a backup code against the user's devices; verify the session."""
    user = request.user
    token = _clean_token(token)
    if not token:
        raise ApplicationError("two_factor_bad_code", _("Kode verifikasi wajib diisi."))
    device = None
    throttled = False
    with transaction.atomic():
        for candidate in devices_for_user(user, confirmed=True, for_verify=True):
            if not _token_fits(candidate, token):
                continue  # a wrong shape must not count against the device
            if not candidate.verify_is_allowed()[0]:
                throttled = True
                continue
            if candidate.verify_token(token):
                device = candidate
                break
    if device is None:
        raise ApplicationError("two_factor_wrong_code", _wrong_code_message(throttled))
    otp_login(request, device)
    return device


def backup_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's backup codes with new ones; each works once."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(
            [StaticToken(device=device, token=code) for code in codes]
        )
    return codes


def _clean_token(token: str) -> str:
    return "".join((token or "").split()).replace("-", "").lower()


def _token_fits(device: Device, token: str) -> bool:
    if isinstance(device, TOTPDevice):
        return token.isdigit() and len(token) == device.digits
    if isinstance(device, StaticDevice):
        return not token.isdigit() or len(token) != 6
    return True


def _wrong_code_message(throttled: bool) -> str:
    if throttled:
        return _("Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.")
    return _("Kode salah atau sudah kedaluwarsa.")


# --- preferences ------------------------------------------------------------


def user_language_set(*, user: User, language: str) -> bool:
    """Remember the interface language the user picked; return False if unknown."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        return False
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return True

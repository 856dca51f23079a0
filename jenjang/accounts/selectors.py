"""Reads in `accounts`: the signed-in user, their tokens and second-factor state."""

from base64 import b32encode
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString, mark_safe
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jenjang.accounts.middleware import needs_two_factor
from jenjang.accounts.models import ApiToken, Role, User
from jenjang.accounts.roles import active_roles, user_roles
from jenjang.core.exceptions import NotFound


class TokenStatus:
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


def api_token_list_for(*, user: User) -> QuerySet[ApiToken]:
    """Return the user's own tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_get_for(*, user: User, pk: int) -> ApiToken:
    """Return one of the user's own tokens; anyone else's is NotFound (no leak)."""
    try:
        return ApiToken.objects.get(pk=pk, user=user)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def api_token_status(token: ApiToken) -> str:
    if token.revoked_at is not None:
        return TokenStatus.REVOKED
    return TokenStatus.ACTIVE if token.is_active else TokenStatus.EXPIRED


def is_superadmin(user) -> bool:
    """Whether the user holds the superadmin role (a grant or Django's is_superuser)."""
    return Role.SUPERADMIN in user_roles(user)


@dataclass(frozen=True)
class Me:
    username: str
    name: str
    roles: list[str]
    active_role: str | None
    employee_id: int | None


def me(*, user: User) -> Me:
    """Return who the signed-in user is: name, roles, role in force, employee record."""
    try:
        employee = user.employee
    except User.employee.RelatedObjectDoesNotExist:
        employee = None
    held = user_roles(user)
    active = active_roles(user)
    return Me(
        username=user.get_username(),
        name=(employee.full_name if employee else "")
        or user.get_full_name()
        or user.get_username(),
        roles=list(held),
        active_role=active[0] if len(held) > 1 and len(active) == 1 else None,
        employee_id=employee.pk if employee else None,
    )


@dataclass(frozen=True)
class TwoFactorState:
    required: bool
    has_device: bool
    verified: bool
    backup_codes_left: int


def two_factor_state(*, user) -> TwoFactorState:
    return TwoFactorState(
        required=needs_two_factor(user),
        has_device=user_has_device(user, confirmed=True),
        verified=bool(user.is_verified()),
        backup_codes_left=StaticToken.objects.filter(device__user=user).count(),
    )


@dataclass(frozen=True)
class TotpSetup:
    secret: str
    config_url: str
    qr_svg: SafeString


def totp_setup_info(device: TOTPDevice) -> TotpSetup:
    """Return what an authenticator app needs: the base32 secret and a QR code (SVG)."""
    import qrcode
    import qrcode.image.svg

    url = device.config_url
    image = qrcode.make(
        url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2
    )
    svg = image.to_string(encoding="unicode")
    secret = b32encode(device.bin_key).decode()
    # The SVG is produced by qrcode from our own URL, never from user input.
    return TotpSetup(
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        config_url=url,
        qr_svg=mark_safe(svg),  # noqa: S308
    )


def lockout_username(request, credentials: dict | None = None) -> str:
    """Return the account a sign-in attempt aims at, for django-axes' lockout.

    One person can type a username or a NIP; both must count against the same
    account, or an attacker would get twice the attempts. Use as
    ``AXES_USERNAME_CALLABLE``.
    """
    source = credentials if credentials is not None else getattr(request, "POST", {})
    typed = str((source or {}).get("username") or "").strip()
    if not typed:
        return ""
    lookup = Q(username__iexact=typed)
    if typed.isdigit():
        lookup |= Q(employee__nip=typed)
    username = User.objects.filter(lookup).values_list("username", flat=True).first()
    return (username or typed).lower()

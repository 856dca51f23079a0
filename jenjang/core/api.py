"""Shared pieces of the API: authentication, one error shape, cursor pages."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from jenjang.core.exceptions import ApplicationError


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer jjg_…` — a personal access token."""

    def authenticate(self, request: HttpRequest, token: str):
        from jenjang.accounts.models import ApiToken

        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.is_active or not found.user.is_active:
            return None
        now = timezone.now()
        if not found.last_used_at or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.user.active_role = None
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser session, with CSRF on unsafe methods and 2FA where required."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None):
        from jenjang.accounts.middleware import needs_two_factor

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if needs_two_factor(user) and not user.is_verified():
            return None
        return user


AUTH = [TokenAuth(), SessionAuth()]


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request, exc: ApplicationError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        details = [
            {
                "field": ".".join(str(p) for p in err.get("loc", [])[1:]) or None,
                "message": err.get("msg", ""),
            }
            for err in exc.errors
        ]
        body = {
            "code": "invalid_input",
            "message": _("Masukan tidak sah."),
            "details": details,
        }
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def auth_error(request, exc):
        body = {
            "code": "unauthenticated",
            "message": _("Perlu masuk (token atau sesi)."),
            "details": None,
        }
        return api.create_response(request, body, status=401)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        body = {"code": f"http_{exc.status_code}", "message": str(exc), "details": None}
        return api.create_response(request, body, status=exc.status_code)

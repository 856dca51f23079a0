"""Shared pieces of the API: authentication, permission checks, one error shape."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from jenjang.core.exceptions import (
    ApplicationError,
    PermissionDenied,
    database_unavailable_body,
)


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


def error_responses(*codes: int) -> dict[int, type[Schema]]:
    """Return `response=` entries declaring the error shape for each status code."""
    return dict.fromkeys(codes, ErrorOut)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer jjg_…` — a personal access token."""

    def authenticate(self, request: HttpRequest, token: str):
        from jenjang.accounts.models import ApiToken
        from jenjang.accounts.user_cache import token_get, token_used

        found = token_get(ApiToken.hash_key(token))
        if found is None or not found.is_active or not found.user.is_active:
            return None
        now = timezone.now()
        if not found.last_used_at or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
            token_used(found, now)
        request.user = found.user
        request.user.active_role = None
        return found.user


class SessionAuth(APIKeyCookie):
    """The browser session, with CSRF on unsafe methods and 2FA where required."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        user = getattr(request, "user", None)
        signed_in = bool(key and user is not None and user.is_authenticated)
        # Without a live session there is nothing to forge: answer 401, not a
        # CSRF failure, so a client with a bad token learns what is wrong.
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if signed_in and not exempt and check_csrf(request) is not None:
            raise ApplicationError(
                "csrf_failed",
                _("Token CSRF tidak ada atau tidak cocok. Muat ulang halaman."),
                status=403,
            )
        return key

    def authenticate(self, request: HttpRequest, key: str | None):
        from jenjang.accounts.middleware import needs_two_factor

        user = getattr(request, "user", None)
        if not key or user is None or not user.is_authenticated:
            return None
        if needs_two_factor(user) and not user.is_verified():
            return None
        return user


AUTH = [TokenAuth(), SessionAuth()]


def require_perm(request: HttpRequest, perm: str) -> None:
    """Raise 403 unless the caller's roles in force grant `perm`."""
    from jenjang.accounts.roles import has_perm

    if not has_perm(request.auth, perm):
        raise PermissionDenied()


def _body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"code": code, "message": message, "details": details}


# Ninja raises HttpError with English text (e.g. an unparsable JSON body).
_HTTP_MESSAGES = {
    400: gettext_noop("Permintaan tidak dapat dibaca."),
    403: gettext_noop("Anda tidak berwenang."),
    404: gettext_noop("Data tidak ditemukan."),
    405: gettext_noop("Metode tidak diizinkan."),
    429: gettext_noop("Terlalu banyak permintaan. Coba lagi nanti."),
}


def _field_name(loc: tuple | list) -> str | None:
    """Name a field as the client sent it: `unit`, `birth_date`, `position.id`.

    Ninja's location starts with where the value came from, and for a body
    with the handler's parameter name (`body`, `payload`, …), which the client
    never sees.
    """
    parts = list(loc)[1:]
    if loc and loc[0] == "body" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or None


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request, exc: ApplicationError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        details = [
            {"field": _field_name(err.get("loc", ())), "message": err.get("msg", "")}
            for err in exc.errors
        ]
        body = _body("invalid_input", _("Masukan tidak sah."), details)
        return api.create_response(request, body, status=422)

    @api.exception_handler(DjangoValidationError)
    def model_validation_error(request, exc: DjangoValidationError):
        # A model's full_clean() found what the input schema let through.
        if hasattr(exc, "error_dict"):
            details = [
                {"field": field, "message": str(message)}
                for field, errors in exc.message_dict.items()
                for message in errors
            ]
        else:
            details = [{"field": None, "message": str(m)} for m in exc.messages]
        body = _body("invalid_record", details[0]["message"], details)
        return api.create_response(request, body, status=400)

    @api.exception_handler(AuthenticationError)
    def auth_error(request, exc):
        body = _body("unauthenticated", _("Perlu masuk (token atau sesi)."))
        return api.create_response(request, body, status=401)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        body = _body("not_found", _("Data tidak ditemukan."))
        return api.create_response(request, body, status=404)

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request, exc):
        response = api.create_response(request, database_unavailable_body(), status=503)
        response["Retry-After"] = "30"
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        message = _HTTP_MESSAGES.get(exc.status_code)
        body = _body(
            f"http_{exc.status_code}",
            _(message) if message else str(exc),
            {"reason": str(exc)} if message else None,
        )
        return api.create_response(request, body, status=exc.status_code)


def schema_answer(
    request: HttpRequest, schema: type[Schema], data: Any
) -> HttpResponse:
    """Answer `data` as `schema` the way ninja answers a 200, as a complete response.

    For handlers that keep their answer (jenjang.core.response_cache): the
    handler returns this response, which ninja passes through unchanged.
    """
    context = {"request": request, "response_status": 200}
    content = schema.model_validate(data, context=context).model_dump(context=context)
    return HttpResponse(
        JSONRenderer().render(request, content, response_status=200),
        content_type=JSONRenderer.media_type + "; charset=utf-8",
    )

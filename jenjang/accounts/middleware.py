from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from jenjang.accounts.models import TWO_FACTOR_ROLES
from jenjang.accounts.roles import user_roles

ACTIVE_ROLE_SESSION_KEY = "jenjang_active_role"
# Paths a user who still owes a second factor may reach.
TWO_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/api/")


def needs_two_factor(user) -> bool:
    return bool(TWO_FACTOR_ROLES & set(user_roles(user)))


def _use_preferred_language(request, user) -> None:
    """Without an explicit choice in this browser, speak the user's saved language."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    language = getattr(user, "preferred_language", "")
    if language and language != request.LANGUAGE_CODE:
        translation.activate(language)
        request.LANGUAGE_CODE = language


class RequireTwoFactorMiddleware:
    """Set the active role, and send HR admins and superadmins through TOTP.

    Until the session is verified with a TOTP device, such a user reaches only
    the account pages (set up or enter the code). The API takes tokens, which a
    verified session creates; session calls to the API are refused by the API's
    own auth until verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            user.active_role = request.session.get(ACTIVE_ROLE_SESSION_KEY)
            _use_preferred_language(request, user)
            if (
                needs_two_factor(user)
                and not user.is_verified()
                and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
            ):
                next_query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:two_factor')}?{next_query}")
        return self.get_response(request)

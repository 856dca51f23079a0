"""Sign-in, second factor, role switch, API tokens."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.accounts import selectors, services
from jenjang.accounts.forms import LoginForm, TokenCreateForm, TwoFactorForm
from jenjang.accounts.middleware import ACTIVE_ROLE_SESSION_KEY, needs_two_factor
from jenjang.accounts.roles import user_roles
from jenjang.core.exceptions import ApplicationError, NotFound


def _safe_next(request, default: str = "home") -> str:
    """Return the `next` the request carries when it is a local URL, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return target
    return reverse(default)


def _two_factor_url(request, name: str = "accounts:two_factor") -> str:
    return f"{reverse(name)}?{urlencode({'next': _safe_next(request)})}"


def verified_required(view):
    """Require sign-in and, for roles that need it, a session verified by 2FA.

    The 2FA middleware lets unverified users through to /accounts/ so that
    they can verify; pages here that grant power (tokens) check again.
    """

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if needs_two_factor(request.user) and not request.user.is_verified():
            target = f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}"
            return redirect(target)
        return view(request, *args, **kwargs)

    return wrapped


# --- sign-in ----------------------------------------------------------------


login_view = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)


class _LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule): a link cannot sign anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Anda telah keluar."))
        return response


logout_view = _LogoutView.as_view()


# --- second factor ------------------------------------------------------------


@login_required
def two_factor(request):
    """Enter a TOTP or backup code; or, once verified, see the state and backup codes."""
    state = selectors.two_factor_state(user=request.user)
    if not state.has_device:
        return redirect(_two_factor_url(request, "accounts:two_factor_setup"))
    backup_codes = None
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "backup_codes":
        if not state.verified:
            return redirect(_two_factor_url(request))
        backup_codes = services.backup_codes_regenerate(user=request.user)
        messages.success(request, _("Kode cadangan baru dibuat. Simpan baik-baik."))
        form = TwoFactorForm()
    elif request.method == "POST" and form.is_valid():
        try:
            services.two_factor_verify(request=request, token=form.cleaned_data["code"])
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, _("Verifikasi dua langkah berhasil."))
            return redirect(_safe_next(request))
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "state": selectors.two_factor_state(user=request.user),
            "backup_codes": backup_codes,
            "next": _safe_next(request),
        },
    )


@login_required
def two_factor_setup(request):
    """Register an authenticator app: scan the QR code, confirm with one code."""
    try:
        device = services.two_factor_setup_start(
            user=request.user, verified=request.user.is_verified()
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_two_factor_url(request))
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            backup_codes = services.two_factor_setup_confirm(
                request=request, device=device, token=form.cleaned_data["code"]
            )
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, _("Aplikasi autentikator terdaftar."))
            if not backup_codes:
                return redirect(_safe_next(request))
            return render(
                request,
                "accounts/two_factor_done.html",
                {"backup_codes": backup_codes, "next": _safe_next(request)},
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "setup": selectors.totp_setup_info(device),
            "next": _safe_next(request),
        },
    )


# --- role switch --------------------------------------------------------------


@require_POST
@login_required
def switch_role(request):
    """Narrow the session to one held role ("" for all of them)."""
    role = request.POST.get("role", "")
    if role and role not in user_roles(request.user):
        messages.error(request, _("Peran tidak dikenal atau bukan milik Anda."))
    elif role:
        request.session[ACTIVE_ROLE_SESSION_KEY] = role
    else:
        request.session.pop(ACTIVE_ROLE_SESSION_KEY, None)
    return redirect(_safe_next(request))


# --- API tokens ---------------------------------------------------------------


@verified_required
def tokens(request):
    """List the user's tokens and create one; a new raw key is shown only here, once."""
    form = TokenCreateForm(request.POST or None)
    created = raw_key = None
    if request.method == "POST" and form.is_valid():
        try:
            created, raw_key = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_at=services.api_token_expiry_from_days(
                    form.cleaned_data["expires_in_days"]
                ),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            form = TokenCreateForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": selectors.api_token_list_for(user=request.user),
            "created": created,
            "raw_key": raw_key,
        },
    )


@require_POST
@verified_required
def token_revoke(request, pk: int):
    try:
        token = selectors.api_token_get_for(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None
    try:
        services.api_token_revoke(token=token, by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Token “%(name)s” dicabut.") % {"name": token.name})
    return redirect("accounts:tokens")


def set_language(request):
    """Switch the interface language, and remember it for a signed-in user."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.user_language_set(
            user=request.user, language=request.POST.get("language", "")
        )
    return response

from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    UserChangeForm,
)
from django.utils.translation import gettext_lazy as _

from jenjang.accounts.models import RoleGrant, User
from jenjang.accounts.services import TOKEN_MAX_DAYS, TOKEN_NAME_MAX, role_grant_errors


class LoginForm(AuthenticationForm):
    """Sign in with a NIP or a username. The field stays `username` for django-axes."""

    error_messages = {
        "invalid_login": _(
            "NIP/nama pengguna atau kata sandi salah. Periksa lalu coba lagi."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi admin kepegawaian."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("NIP atau nama pengguna")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autofocus": True, "class": "form-control"}
        )
        self.fields["password"].label = _("Kata sandi")
        self.fields["password"].widget.attrs.update({"class": "form-control"})


class TwoFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=32,
        help_text=_("6 angka dari aplikasi autentikator, atau satu kode cadangan."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "class": "form-control form-control-lg font-monospace",
                "inputmode": "text",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Kode verifikasi wajib diisi.")},
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=TOKEN_NAME_MAX,
        help_text=_("Untuk apa token ini, misalnya “skrip laporan bulanan”."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={
            "required": _("Nama token wajib diisi."),
            "max_length": _("Nama token paling panjang %(limit_value)d karakter."),
        },
    )
    expires_in_days = forms.IntegerField(
        label=_("Berlaku (hari)"),
        required=False,
        min_value=1,
        max_value=TOKEN_MAX_DAYS,
        help_text=_("Kosongkan agar token berlaku sampai dicabut."),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={
            "invalid": _("Masa berlaku harus berupa bilangan bulat (hari)."),
            "min_value": _("Masa berlaku paling sedikit %(limit_value)s hari."),
            "max_value": _("Masa berlaku paling lama %(limit_value)s hari."),
        },
    )


class RoleGrantAdminForm(forms.ModelForm):
    """The admin's form for a grant: the same rules as `role_grant_create`."""

    class Meta:
        model = RoleGrant
        fields = ["user", "role", "agency", "org_unit"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        errors = role_grant_errors(
            role=data.get("role"),
            agency=data.get("agency"),
            org_unit=data.get("org_unit"),
            user=data.get("user"),
            exclude_pk=self.instance.pk,
        )
        for error in errors:
            self.add_error(None, error)
        return data


class UserAdminCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


class UserAdminChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User

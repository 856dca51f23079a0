from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jenjang.accounts"
    label = "accounts"
    verbose_name = _("Akun dan peran")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.accounts import user_cache
        from jenjang.accounts.models import RoleGrant, User

        user_cache.connect_signals()

        auditlog.register(RoleGrant)
        auditlog.register(User, include_fields=["username", "email", "is_active"])

from django.conf import settings
from django.core.checks import Error, register


@register("security", deploy=False)
def secret_key_is_real(app_configs, **kwargs):
    """Refuse the placeholder secret when DEBUG is off."""
    from jenjang.settings import PLACEHOLDER_SECRET

    if not settings.DEBUG and settings.SECRET_KEY == PLACEHOLDER_SECRET:
        if getattr(settings, "JENJANG_ALLOW_PLACEHOLDER_SECRET", False):
            return []
        return [
            Error(
                "SECRET_KEY is the development placeholder while DEBUG is off.",
                hint="Set the SECRET_KEY environment variable.",
                id="jenjang.E001",
            )
        ]
    return []

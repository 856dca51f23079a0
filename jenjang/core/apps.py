from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jenjang.core"
    label = "core"

    def ready(self) -> None:
        from jenjang.core import checks  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "jenjang.dashboards"
    label = "dashboards"
    verbose_name = _("Dasbor pimpinan")

    def ready(self) -> None:
        from jenjang.dashboards.sections import load_sections

        load_sections()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "jenjang.people"
    label = "people"
    verbose_name = _("Data kepegawaian")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.people import models as m
        from jenjang.people.versions import connect_signals

        connect_signals()

        for model in (m.Agency, m.OrgUnit, m.Position, m.Rank, m.Employee):
            auditlog.register(model)
        auditlog.register(m.PositionHistory)
        auditlog.register(m.RankHistory)

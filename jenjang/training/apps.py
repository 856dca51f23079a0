from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "jenjang.training"
    label = "training"
    verbose_name = _("Pelatihan")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jenjang.core.home import register_home_panel
        from jenjang.development.completions import (
            TRAINING_PROGRAM,
            register_choices,
            register_completion_reader,
        )
        from jenjang.development.recommendations import register_provider
        from jenjang.development.services.ledger import register_source_type
        from jenjang.people.demo import register_step
        from jenjang.training import models as m
        from jenjang.training.relevance import home_panel_context, training_provider
        from jenjang.training.services.results import SOURCE_TYPE

        for model in (
            m.TrainingProgram,
            m.Batch,
            m.Enrolment,
            m.Attendance,
            m.ImpactResponse,
            m.BatchSurvey,
        ):
            auditlog.register(model)
        register_source_type(
            SOURCE_TYPE,
            label=_("Pelatihan"),
            link=_enrolment_link,
            siasn_details=_siasn_details,
        )
        register_provider("training", training_provider)
        register_completion_reader(
            TRAINING_PROGRAM, _programs_completed, sources=[m.Enrolment]
        )
        register_choices(
            TRAINING_PROGRAM,
            label=_("Program pelatihan"),
            lister=_programs_choosable,
            order=10,
        )
        register_home_panel(
            "training",
            "training/_home_panel.html",
            home_panel_context,
            order=30,
        )
        register_step("training", _demo, order=60)


def _programs_completed(employee_id: int, program_ids: list[int]) -> set[int]:
    """Programmes the employee passed (learning paths count them)."""
    from jenjang.training.models import Enrolment

    return set(
        Enrolment.objects.filter(
            employee_id=employee_id,
            batch__program_id__in=program_ids,
            status=Enrolment.Status.PASSED,
        ).values_list("batch__program_id", flat=True)
    )


def _programs_choosable(*, scope, pk: int | None = None):
    """Active programmes HR may put in a learning path: shared or owned in scope."""
    from django.db.models import Q

    from jenjang.core.scoping import unit_scope_q
    from jenjang.development.completions import Choice
    from jenjang.training.models import TrainingProgram

    if scope.is_empty:
        return []
    qs = TrainingProgram.objects.filter(
        Q(owner_unit__isnull=True) | unit_scope_q(scope, prefix="owner_unit__"),
        is_active=True,
    )
    if pk is not None:
        qs = qs.filter(pk=pk)
    return [
        Choice(id=i, label=t)
        for i, t in qs.order_by("title", "pk").values_list("pk", "title")
    ]


def _enrolment_link(source_id: str) -> str | None:
    from django.urls import reverse

    from jenjang.training.models import Enrolment

    batch_id = (
        Enrolment.objects.filter(pk=source_id)
        .values_list("batch__program_id", flat=True)
        .first()
        if source_id.isdigit()
        else None
    )
    return reverse("training:program_detail", args=[batch_id]) if batch_id else None


def _siasn_details(source_ids: list[str]) -> dict[str, dict]:
    from jenjang.certificates.models import Certificate
    from jenjang.training.models import Enrolment

    ids = [int(s) for s in source_ids if s.isdigit()]
    rows = Enrolment.objects.filter(pk__in=ids).select_related(
        "batch", "batch__program", "batch__org_unit"
    )
    numbers = dict(
        Certificate.objects.filter(
            source_type="training.enrolment",
            source_id__in=[str(i) for i in ids],
            revoked_at__isnull=True,
        ).values_list("source_id", "number")
    )
    return {
        str(e.pk): {
            "started_on": e.batch.starts_on,
            "organiser": e.batch.program.provider_name or e.batch.org_unit.name,
            "certificate_number": numbers.get(str(e.pk), ""),
        }
        for e in rows
    }


def _demo(ctx) -> None:
    from jenjang.training.demo import build

    if ctx.agency is not None:
        build(
            agency=ctx.agency, rng=ctx.rng("training"), today=ctx.today, write=ctx.write
        )

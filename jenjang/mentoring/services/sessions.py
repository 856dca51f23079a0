"""Sessions of a pair and their JP in the mentee's ledger."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

SESSION_SOURCE = "mentoring.session"


def _session_link(source_id: str) -> str | None:
    from jenjang.mentoring.models import Session

    rel = Session.objects.filter(pk=source_id).values_list("relationship_id", flat=True)
    found = rel.first() if source_id.isdigit() else None
    return reverse("mentoring:pair_detail", args=[found]) if found else None


def register_ledger_source() -> None:
    """Let sessions post JP (called from AppConfig.ready)."""
    from jenjang.development.services.ledger import register_source_type

    register_source_type(
        SESSION_SOURCE,
        label=gettext_lazy("Sesi mentoring/coaching"),
        link=_session_link,
    )

"""Recommendations: development activities that close an employee's largest gaps.

A small registry so that `development` never imports the apps that offer
activities. Each app (training, e-learning, mentoring, events) registers a
provider from its `AppConfig.ready()`::

    from jenjang.development.recommendations import register_provider
    register_provider("training", training_candidates)

A provider is `fn(employee, gaps) -> list[Recommendation]`; `gaps` are the
employee's gaps below standard, largest first (`competencies.selectors.Gap`:
competency, required_level, current_level, gap). Until those apps
exist, the built-in "dictionary" provider recommends from the competency
dictionary: the next level of the competency and a development form that
suits its kind.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from jenjang.competencies.models import Competency, CompetencyLevel
from jenjang.competencies.selectors import Gap
from jenjang.development.models import DevelopmentForm
from jenjang.development.selectors.plans import employee_gaps, gap_next_level
from jenjang.people.models import Employee

logger = logging.getLogger(__name__)

DEFAULT_JP = Decimal("2")


@dataclass(frozen=True)
class Recommendation:
    """One candidate activity and why it is recommended.

    `competency`, `target_level` and `gap_size` say which gap it closes;
    `jp` is a suggestion for the plan (the ledger decides what counts).
    """

    title: str
    form: DevelopmentForm | None
    reason: str
    url: str = ""
    source: str = ""
    competency: Competency | None = None
    target_level: int | None = None
    gap_size: int = 0
    jp: Decimal = DEFAULT_JP


Provider = Callable[[Employee, list[Gap]], list[Recommendation]]
_PROVIDERS: dict[str, Provider] = {}


def register_provider(name: str, fn: Provider) -> None:
    """Add (or replace) the provider called `name`."""
    _PROVIDERS[name] = fn


def unregister_provider(name: str) -> None:
    _PROVIDERS.pop(name, None)


def providers() -> dict[str, Provider]:
    return dict(_PROVIDERS)


def gap_reason(gap: Gap, level: int | None = None) -> str:
    """Say which gap a recommendation closes: "menutup gap X: level 2 → 3"."""
    return _("menutup gap %(competency)s: level %(current)s → %(target)s") % {
        "competency": gap.competency.name,
        "current": gap.current_level if gap.current_level is not None else "—",
        "target": level or gap_next_level(gap),
    }


def recommend_for(
    employee: Employee, *, gaps: list[Gap] | None = None
) -> list[Recommendation]:
    """Collect every provider's recommendations, those closing the largest gap first.

    A provider that fails is logged and skipped: one broken app must not
    take the plan page down.
    """
    if gaps is None:
        gaps = employee_gaps(employee=employee)
    if not gaps:
        return []
    found: list[Recommendation] = []
    for name, fn in list(_PROVIDERS.items()):
        try:
            found.extend(fn(employee, gaps))
        except Exception:
            logger.exception("recommendation provider %s failed", name)
    order = {g.competency.pk: i for i, g in enumerate(gaps)}
    return sorted(
        found,
        key=lambda r: (
            -r.gap_size,
            order.get(r.competency.pk if r.competency else None, len(order)),
        ),
    )


# --- the built-in provider: the competency dictionary ----------------------------

# SIASN jenis diklat codes (domain file §4.1) suited to each kind of competency.
FORMS_BY_KIND = {
    Competency.Kind.MANAGERIAL: (14, 15),  # coaching, mentoring
    Competency.Kind.SOCIOCULTURAL: (6, 16),  # pelatihan sosial kultural, e-learning
    Competency.Kind.TECHNICAL: (3, 16),  # pelatihan teknis, e-learning
}
# A suggested size per form, after the BPS example table (domain file §4.4).
SUGGESTED_JP = {
    3: Decimal("16"),
    6: Decimal("16"),
    14: Decimal("2"),
    15: Decimal("2"),
    16: Decimal("3"),
}


def dictionary_provider(employee: Employee, gaps: list[Gap]) -> list[Recommendation]:
    """Recommend, per gap, the competency's next level in forms suited to its kind."""
    codes = {code for codes in FORMS_BY_KIND.values() for code in codes}
    forms = {
        f.siasn_code: f for f in DevelopmentForm.objects.filter(siasn_code__in=codes)
    }
    titles = {
        (row.competency_id, row.level): row.title
        for row in CompetencyLevel.objects.filter(
            competency_id__in=[g.competency.pk for g in gaps]
        ).only("competency_id", "level", "title")
    }
    found = []
    for gap in gaps:
        level = gap_next_level(gap)
        level_title = titles.get((gap.competency.pk, level))
        for code in FORMS_BY_KIND.get(gap.competency.kind, ()):
            form = forms.get(code)
            if form is None:
                continue
            subject = _("%(competency)s level %(level)s") % {
                "competency": gap.competency.name,
                "level": level,
            }
            if level_title:
                subject = f"{subject} ({level_title})"
            found.append(
                Recommendation(
                    title=f"{form.name}: {subject}",
                    form=form,
                    reason=gap_reason(gap, level),
                    source="dictionary",
                    competency=gap.competency,
                    target_level=level,
                    gap_size=gap.gap or 0,
                    jp=SUGGESTED_JP.get(code, DEFAULT_JP),
                )
            )
    return found


register_provider("dictionary", dictionary_provider)

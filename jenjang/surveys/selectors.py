"""Reads of the surveys area, always scoped; the IKM figures dashboards call.

For the dashboards: `ikm_for_unit` (one unit, one period, with per-unsur
NRR), `ikm_by_unit` (many units, one period, one query),
`ikm_by_unit_periods` (many units, many periods, one query) and `ikm_trend`
(one unit over consecutive periods). The arithmetic lives in
`services.ikm`; here are only the sums the database returns.
"""

import hashlib
from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum

from jenjang.core.exceptions import NotFound
from jenjang.core.scoping import scope_for, unit_scope_q
from jenjang.surveys.models import (
    ANSWER_FIELDS,
    QualityInterval,
    Response,
    ServiceUnit,
    Unsur,
)
from jenjang.surveys.permissions import VIEW_IKM, VIEW_RESPONSES
from jenjang.surveys.services.ikm import IkmFigure, Interval, ikm_from_sums
from jenjang.surveys.services.periods import Period, periods_until

_SUMS = {f"s_{f}": Sum(f) for f in ANSWER_FIELDS}


def service_unit_list_visible_to(
    *, user, perm: str = VIEW_IKM
) -> QuerySet[ServiceUnit]:
    """Return the service units under the org units a role granting `perm` reaches."""
    scope = scope_for(user, perm=perm)
    if scope.is_empty:
        return ServiceUnit.objects.none()
    return (
        ServiceUnit.objects.filter(unit_scope_q(scope, prefix="org_unit__"))
        .select_related("org_unit")
        .order_by("name", "id")
    )


def service_unit_get_visible_to(*, user, pk: int, perm: str = VIEW_IKM) -> ServiceUnit:
    try:
        return service_unit_list_visible_to(user=user, perm=perm).get(pk=pk)
    except (ServiceUnit.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def service_unit_get_public(*, code: str) -> ServiceUnit:
    """Return an active unit by its public code, or raise NotFound."""
    try:
        return ServiceUnit.objects.select_related("org_unit__agency").get(
            code=code, is_active=True
        )
    except ServiceUnit.DoesNotExist:
        raise NotFound() from None


PUBLIC_CACHE_SECONDS = 60


def public_cache_key(code: str) -> str:
    """The cache key of a public unit code, which comes from the address as typed.

    Hashed, so any text (spaces, other scripts, a very long code) makes a key
    every cache backend accepts.
    """
    digest = hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()
    return f"surveys:public-unit:{digest}"


def service_unit_for_submission(*, code: str):
    """Return (unit, its active services) for the public endpoint, cached briefly.

    The public form's submissions are the hot path; the unit and its
    services change rarely. Edits clear the entry in the editing process;
    other processes see them within PUBLIC_CACHE_SECONDS.
    """
    key = public_cache_key(code)
    found = cache.get(key)
    if found is None:
        unit = service_unit_get_public(code=code)
        found = (unit, list(unit.services.filter(is_active=True)))
        cache.set(key, found, PUBLIC_CACHE_SECONDS)
    return found


def response_list_visible_to(
    *, user, service_unit: ServiceUnit | None = None
) -> QuerySet[Response]:
    scope = scope_for(user, perm=VIEW_RESPONSES)
    if scope.is_empty:
        return Response.objects.none()
    qs = Response.objects.filter(
        unit_scope_q(scope, prefix="service_unit__org_unit__")
    ).select_related("service", "service_unit")
    if service_unit is not None:
        qs = qs.filter(service_unit=service_unit)
    return qs


def unsur_list() -> list[Unsur]:
    return list(Unsur.objects.order_by("number"))


def interval_list() -> list[Interval]:
    """Return the configured mutu/kinerja intervals, best first."""
    return [
        Interval(i.letter, i.label, i.min_value, i.max_value)
        for i in QualityInterval.objects.order_by("-min_value")
    ]


def _unsur_keys() -> list[tuple[int, str, str]]:
    return [(u.number, u.code, u.name) for u in unsur_list()]


def _in_period(period: Period) -> Q:
    start, end = period.bounds()
    return Q(submitted_at__gte=start, submitted_at__lt=end)


def _figure(row: dict, intervals, unsur) -> IkmFigure:
    return ikm_from_sums(
        sums=[row[f"s_{f}"] or 0 for f in ANSWER_FIELDS],
        respondents=row["n"] or 0,
        intervals=intervals,
        unsur=unsur,
    )


def ikm_for_unit(
    *, service_unit: ServiceUnit | int, period: Period, service_id: int | None = None
) -> IkmFigure:
    """Return the IKM of one unit in one period, with the NRR of each unsur."""
    qs = Response.objects.filter(_in_period(period), service_unit=service_unit)
    if service_id is not None:
        qs = qs.filter(service_id=service_id)
    row = qs.aggregate(n=Count("id"), **_SUMS)
    return _figure(row, interval_list(), _unsur_keys())


def _unit_ids(service_units: Iterable[ServiceUnit | int] | QuerySet):
    """The units' ids as a `service_unit__in` value: a subquery or a list."""
    if isinstance(service_units, QuerySet):
        return service_units.values("pk")
    return [u if isinstance(u, int) else u.pk for u in service_units]


def ikm_by_unit(
    *, service_units: Iterable[ServiceUnit | int] | QuerySet, period: Period
) -> dict[int, IkmFigure]:
    """Return {service unit id: IKM} for the units given, in one grouped query.

    Units without a response in the period are left out.
    """
    return ikm_by_unit_periods(service_units=service_units, periods=[period])[0]


def ikm_by_unit_periods(
    *,
    service_units: Iterable[ServiceUnit | int] | QuerySet,
    periods: Sequence[Period],
) -> list[dict[int, IkmFigure]]:
    """For each period, {service unit id: IKM} of the units with a response in
    it; one grouped query for all periods (a conditional sum per period), the
    intervals and unsur once.
    """
    if not periods:
        return []
    units = _unit_ids(service_units)
    bounds = [period.bounds() for period in periods]
    rows = (
        Response.objects.filter(
            service_unit__in=units,
            submitted_at__gte=min(start for start, _e in bounds),
            submitted_at__lt=max(end for _s, end in bounds),
        )
        .values("service_unit_id")
        .annotate(**_per_period_sums(periods))
        .order_by()
    )
    intervals, unsur = interval_list(), _unsur_keys()
    result: list[dict[int, IkmFigure]] = [{} for _p in periods]
    for row in rows:
        for i in range(len(periods)):
            if not row[f"n_{i}"]:
                continue  # no response in that period: left out
            part = _period_part(row, i)
            result[i][row["service_unit_id"]] = _figure(part, intervals, unsur)
    return result


def _per_period_sums(periods: Sequence[Period]) -> dict:
    """Count and answer sums per period, as conditional aggregates (n_i, s_<f>_i)."""
    aggregates = {}
    for i, period in enumerate(periods):
        where = _in_period(period)
        aggregates[f"n_{i}"] = Count("id", filter=where)
        for f in ANSWER_FIELDS:
            aggregates[f"s_{f}_{i}"] = Sum(f, filter=where)
    return aggregates


def _period_part(row: dict, i: int) -> dict:
    """Period i's count and sums from a row of `_per_period_sums`, as `_figure` reads."""
    return {"n": row[f"n_{i}"], **{f"s_{f}": row[f"s_{f}_{i}"] for f in ANSWER_FIELDS}}


def ikm_trend(
    *, service_unit: ServiceUnit | int, last: Period, count: int = 8
) -> list[tuple[Period, IkmFigure]]:
    """Return the IKM of `count` consecutive periods ending with `last`."""
    periods: Sequence[Period] = periods_until(last, count)
    first_start, _ = periods[0].bounds()
    _, last_end = periods[-1].bounds()
    moments = Response.objects.filter(
        service_unit=service_unit,
        submitted_at__gte=first_start,
        submitted_at__lt=last_end,
    )
    # One query: a conditional sum per period and unsur.
    row = moments.aggregate(**_per_period_sums(periods))
    intervals, unsur = interval_list(), _unsur_keys()
    return [
        (period, _figure(_period_part(row, i), intervals, unsur))
        for i, period in enumerate(periods)
    ]


def responses_profile_counts(
    *, service_unit: ServiceUnit, period: Period
) -> dict[str, dict[str, int]]:
    """Return respondent counts by profile field (age band, sex, …) for a report."""
    qs = Response.objects.filter(_in_period(period), service_unit=service_unit)
    counts: dict[str, dict[str, int]] = {}
    for name in ("age_band", "sex", "education", "occupation"):
        counts[name] = dict(
            qs.order_by()
            .values_list(name)
            .annotate(c=Count("id"))
            .values_list(name, "c")
        )
    return counts

"""Public service: IKM by service unit over the year, beside its staff's development.

For each quarter of the year and each service unit in scope: the unit's IKM
(surveys), and the development of the staff of its org unit subtree — JP per
head over the twelve months up to the quarter's end (the ledger) and the
share whose latest "pelayanan publik" assessment is at level 3 or above
(competencies). The correlation across units and quarters lets leaders see
whether development reaches the public; it is a correlation, not a cause.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.competencies.aggregates import staff_at_level_by_org_unit_at
from jenjang.dashboards.sections import (
    Chart,
    Context,
    Figure,
    Section,
    SectionData,
    Series,
    Table,
    pearson,
    percent,
    register,
)
from jenjang.development.aggregates import jp_sum_by_org_unit_windows
from jenjang.people.selectors import active_headcount_by_org_unit, org_unit_paths
from jenjang.surveys.aggregates import quarters_begun
from jenjang.surveys.selectors import ikm_by_unit_periods, service_unit_list_visible_to

SERVICE_COMPETENCY = "pelayanan-publik"
SERVICE_LEVEL = 3
JP_WINDOW_DAYS = 365


@dataclass
class Point:
    unit_id: int
    unit_name: str
    period: Any  # a surveys Period (one quarter)
    ikm: Decimal | None
    letter: str
    respondents: int
    staff: int
    jp_per_head: Decimal
    service_share: float


def _roll_up(per_org_unit: dict[int, float], paths: dict[int, str], root: str) -> float:
    return sum(
        v for uid, v in per_org_unit.items() if paths.get(uid, "").startswith(root)
    )


def points_for(ctx: Context) -> list[Point]:
    """Return one point per service unit in scope and quarter of the year."""
    units = service_unit_list_visible_to(user=ctx.user)
    if ctx.unit is not None:
        units = units.filter(org_unit__path__startswith=ctx.unit.path)
    units = list(units.filter(is_active=True))
    roots = sorted({u.org_unit.path for u in units})
    headcount = active_headcount_by_org_unit(unit_paths=roots)
    today = ctx.today or timezone.localdate()
    points: list[Point] = []
    periods = quarters_begun(year=ctx.year, today=today)
    ends = [min(period.end, today + dt.timedelta(days=1)) for period in periods]
    # One statement each for all quarters: the ledger's windows, the latest
    # assessments at each quarter's end, the IKM of each quarter.
    jp_windows = jp_sum_by_org_unit_windows(
        unit_paths=roots,
        windows=[(end - dt.timedelta(days=JP_WINDOW_DAYS), end) for end in ends],
    )
    served_at = staff_at_level_by_org_unit_at(
        competency_code=SERVICE_COMPETENCY,
        min_level=SERVICE_LEVEL,
        unit_paths=roots,
        untils=ends,
    )
    ikm_at = ikm_by_unit_periods(service_units=units, periods=periods)
    paths = org_unit_paths(unit_ids={*headcount}.union(*jp_windows, *served_at))
    for period, jp, served, ikm in zip(
        periods, jp_windows, served_at, ikm_at, strict=True
    ):
        for unit in units:
            root = unit.org_unit.path
            staff = int(_roll_up(headcount, paths, root))
            jp_total = Decimal(str(_roll_up(jp, paths, root)))
            figure = ikm.get(unit.pk)
            points.append(
                Point(
                    unit_id=unit.pk,
                    unit_name=unit.name,
                    period=period,
                    ikm=figure.value if figure else None,
                    letter=figure.letter if figure else "",
                    respondents=figure.respondents if figure else 0,
                    staff=staff,
                    jp_per_head=(jp_total / staff).quantize(Decimal("0.01"))
                    if staff
                    else Decimal("0"),
                    service_share=percent(int(_roll_up(served, paths, root)), staff),
                )
            )
    return points


def build(ctx: Context) -> SectionData:
    points = points_for(ctx)
    data = SectionData(key="public_service", title=str(_("Pelayanan publik")))
    measured = [p for p in points if p.ikm is not None]
    r_jp = pearson(
        [float(p.jp_per_head) for p in measured], [float(p.ikm) for p in measured]
    )
    r_service = pearson(
        [p.service_share for p in measured], [float(p.ikm) for p in measured]
    )
    periods = sorted(
        {p.period.key: p.period for p in points}.values(), key=lambda p: p.number
    )
    latest = {p.unit_id: p for p in measured}  # the last quarter measured wins
    respondents = sum(p.respondents for p in points)
    mean_ikm = (
        (sum(p.ikm for p in latest.values()) / len(latest)).quantize(Decimal("0.01"))
        if latest
        else None
    )
    data.figures = [
        Figure("service_units", _("Unit pelayanan"), len({p.unit_id for p in points})),
        Figure("respondents", _("Responden tahun ini"), respondents),
        Figure("mean_ikm", _("Rata-rata IKM terakhir"), mean_ikm),
        Figure("r_jp_ikm", _("Korelasi JP per pegawai – IKM"), _round(r_jp)),
        Figure(
            "r_service_ikm",
            _("Korelasi kompetensi pelayanan publik – IKM"),
            _round(r_service),
        ),
        Figure("points", _("Pasangan unit × triwulan"), len(measured)),
    ]
    names = sorted({(p.unit_id, p.unit_name) for p in points}, key=lambda x: x[1])
    by_key = {(p.unit_id, p.period.key): p for p in points}
    data.charts = [
        Chart(
            key="ikm_trend",
            kind="line",
            title=str(_("IKM per unit pelayanan per triwulan")),
            labels=[p.key for p in periods],
            series=[
                Series(
                    name,
                    [
                        float(by_key[(uid, per.key)].ikm)
                        if by_key.get((uid, per.key)) and by_key[(uid, per.key)].ikm
                        else None
                        for per in periods
                    ],
                )
                for uid, name in names
            ],
        ),
        Chart(
            key="ikm_vs_jp",
            kind="scatter",
            title=str(_("IKM terhadap JP per pegawai (unit × triwulan)")),
            labels=[],
            series=[],
            points=[[float(p.jp_per_head), float(p.ikm)] for p in measured],
        ),
    ]
    data.tables = [
        Table(
            key="points",
            title=str(_("IKM dan pengembangan pegawai per unit dan triwulan")),
            columns=[
                str(_("Unit pelayanan")),
                str(_("Triwulan")),
                "IKM",
                str(_("Mutu")),
                str(_("Responden")),
                str(_("Pegawai")),
                str(_("JP per pegawai (12 bulan)")),
                str(_("% kompetensi pelayanan publik ≥ 3")),
            ],
            rows=[
                [
                    p.unit_name,
                    p.period.key,
                    p.ikm,
                    p.letter,
                    p.respondents,
                    p.staff,
                    p.jp_per_head,
                    p.service_share,
                ]
                for p in sorted(points, key=lambda p: (p.unit_name, p.period.number))
            ],
        )
    ]
    data.notes = [
        str(
            _(
                "Korelasi Pearson di atas semua pasangan unit × triwulan yang memiliki "
                "responden; korelasi bukan sebab-akibat."
            )
        )
    ]
    return data


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


register(
    Section(
        key="public_service",
        title=gettext_lazy("Pelayanan publik"),
        icon="bi-emoji-smile",
        build=build,
        order=90,
    )
)

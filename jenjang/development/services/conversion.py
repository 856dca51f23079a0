"""JP conversion: one function turns an activity into jam pelajaran (JP).

No national conversion exists for seminars, workshops, coaching and the like
(domain file §4.4, UNCERTAIN): each agency keeps an effective-dated table
(`ConversionRule`), with a national default (agency null) seeded from the BPS
example. `jp_for` is the only place that applies it.

How `jp_per_unit` reads per unit:

- ``minutes``: JP per 45 minutes, i.e. per JP-hour. The seeded 1.00 means
  "count actual time, 1 JP = 45 minutes" (domain file §3); 1.20 would add 20%.
  JP = minutes ÷ 45 × jp_per_unit.
- ``day``, ``session``, ``occasion``, ``semester``: JP per one of them.

Results are rounded half up to 0.01 JP. A cap (`cap_jp` per `cap_period`)
counts what the employee already has in the ledger for the same form in the
same day or calendar month (postings minus reversals), so a third mentoring
session in a month earns 0 JP and says why.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import ConversionRule, DevelopmentForm, LedgerEntry

MINUTES_PER_JP = 45  # 1 JP = 45 menit (domain file §3)
CENT = Decimal("0.01")
MAX_QUANTITY = Decimal("100000")

# --- Seed tables (used by migration 0002 and by tests after a flush) ----------

BPS_NOTE = (
    "Contoh tabel BPS (Lampiran Surat Sestama B-031/BPS/2600/02/2019) "
    "— sesuaikan per instansi"
)
NOT_IN_BPS_NOTE = (
    "Tidak ada di tabel BPS; dihitung menurut jam aktual (1 JP = 45 menit) "
    "— sesuaikan per instansi"
)
# The national default applies from this date, so history back to PP 11/2017
# converts; the BPS letter itself is dated February 2019.
SEED_EFFECTIVE_FROM = dt.date(2017, 1, 1)
TARGET_SOURCE = "PP 11/2017 jo PP 17/2020 Pasal 203 ayat (4)"

# SIASN jenis diklat codes 1–25, verbatim (domain file §4.1). All are forms of
# pelatihan; the klasikal flag follows the LAN table, and magang and
# sosialisasi are classified differently by sources (UNCERTAIN).
# (code, name, klasikal, needs_verification)
SIASN_FORMS: tuple[tuple[int, str, bool, bool], ...] = (
    (1, "Diklat Struktural", True, False),
    (2, "Diklat Fungsional", True, False),
    (3, "Diklat Teknis", True, False),
    (4, "Workshop", True, False),
    (5, "Pelatihan Manajerial", True, False),
    (6, "Pelatihan Sosial Kultural", True, False),
    (7, "Sosialisasi", True, True),
    (8, "Bimbingan Teknis", True, False),
    (9, "Seminar", True, False),
    (10, "Magang", False, True),
    (11, "Kursus", True, False),
    (12, "Penataran", True, False),
    (
        13,
        "Pengembangan Kompetensi Dalam Bentuk Pelatihan Klasikal Lainnya",
        True,
        False,
    ),
    (14, "Coaching", False, False),
    (15, "Mentoring", False, False),
    (16, "E-Learning", False, False),
    (17, "Pelatihan Jarak Jauh", False, False),
    (18, "Detasering (Secondment)", False, False),
    (19, "Pembelajaran Alam Terbuka (Outbond)", False, False),
    (20, "Patok Banding (Benchmarking)", False, False),
    (21, "Pertukaran Antara PNS Dengan Pegawai Swasta/BUMN/BUMD", False, False),
    (22, "Belajar Mandiri (Self Development)", False, False),
    (23, "Komunitas Belajar (Community of Practices)", False, False),
    (24, "Bimbingan Di Tempat Kerja", False, False),
    (
        25,
        "Pengembangan Kompetensi Dalam Bentuk Pelatihan Nonklasikal Lainnya",
        False,
        False,
    ),
)

_ACTUAL = ("minutes", "1", None, "")
# siasn code -> (unit, jp_per_unit, cap_jp, cap_period): the national column
# of the BPS table (domain file §4.4).
BPS_NATIONAL_RULES: dict[int, tuple[str, str, str | None, str]] = {
    # Classical training, PJJ and outbond: actual JP (1 JP = 45 minutes).
    **dict.fromkeys((1, 2, 3, 5, 6, 8, 11, 12, 13, 17, 19), _ACTUAL),
    9: ("day", "4", None, ""),  # seminar / konferensi / sarasehan
    4: ("day", "5", None, ""),  # workshop / lokakarya
    7: ("day", "4", None, ""),  # sosialisasi
    14: ("session", "2", "4", "month"),  # coaching: 2 sessions a month at most
    15: ("session", "2", "4", "month"),  # mentoring: likewise
    16: ("minutes", "1", "3", "day"),  # e-learning: at most 3 JP a day
    18: ("occasion", "20", None, ""),  # detasering
    21: ("occasion", "20", None, ""),  # pertukaran PNS–swasta/BUMN/BUMD
    10: ("occasion", "20", None, ""),  # magang
    20: ("occasion", "10", None, ""),  # patok banding
    22: ("minutes", "1", "2", "day"),  # belajar mandiri: at most 2 JP a day
    23: ("minutes", "1", "2", "day"),  # komunitas belajar: likewise
}
# Not in the BPS table: counted by actual time, labelled as such.
OTHER_NATIONAL_RULES: dict[int, tuple[str, str, str | None, str]] = {
    24: _ACTUAL,
    25: _ACTUAL,
}


def seed_rules(*, form_model, rule_model, target_model) -> None:
    """Write the SIASN forms, the national default rules and the 20 JP target.

    Idempotent. Takes the model classes so the data migration can pass its
    historical models.
    """
    forms = {}
    for code, name, classical, verify in SIASN_FORMS:
        forms[code], _created = form_model.objects.update_or_create(
            siasn_code=code,
            defaults={
                "name": name,
                "path": "training",
                "is_classical": classical,
                "needs_verification": verify,
            },
        )
    tables = ((BPS_NATIONAL_RULES, BPS_NOTE), (OTHER_NATIONAL_RULES, NOT_IN_BPS_NOTE))
    for table, note in tables:
        for code, (unit, rate, cap, period) in table.items():
            rule_model.objects.get_or_create(
                agency=None,
                form=forms[code],
                effective_from=SEED_EFFECTIVE_FROM,
                defaults={
                    "unit": unit,
                    "jp_per_unit": Decimal(rate),
                    "cap_jp": Decimal(cap) if cap else None,
                    "cap_period": period,
                    "note": note,
                },
            )
    target_model.objects.get_or_create(
        agency=None,
        effective_from=SEED_EFFECTIVE_FROM,
        defaults={"minimum_jp": Decimal("20"), "source": TARGET_SOURCE},
    )


def ensure_seeded() -> None:
    """Seed again if a transactional test flushed the migration's rows."""
    from jenjang.development.models import AnnualTarget

    if not ConversionRule.objects.filter(agency=None).exists():
        seed_rules(
            form_model=DevelopmentForm,
            rule_model=ConversionRule,
            target_model=AnnualTarget,
        )


# --- The conversion -------------------------------------------------------------


@dataclass(frozen=True)
class Conversion:
    jp: Decimal
    rule: ConversionRule
    note: str

    def __iter__(self):
        # Unpacks as (jp, rule, note).
        return iter((self.jp, self.rule, self.note))


def format_jp(value: Decimal) -> str:
    """Write a JP amount the Indonesian way: 4, 1,5, 2,22."""
    text = f"{value.quantize(CENT):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if text not in ("", "-0") else "0"


def unit_label(unit: str) -> str:
    labels = {
        ConversionRule.Unit.MINUTES: _("menit"),
        ConversionRule.Unit.DAY: _("hari"),
        ConversionRule.Unit.SESSION: _("sesi"),
        ConversionRule.Unit.OCCASION: _("kali"),
        ConversionRule.Unit.SEMESTER: _("semester"),
    }
    return str(labels.get(unit, unit))


def rule_for(*, agency, form: DevelopmentForm, on: dt.date) -> ConversionRule:
    """Return the agency's rule for `form` in force on `on`, else the national default.

    No national JP conversion exists (domain file §4.4); the national default
    is the BPS example table (Lampiran Surat Sestama B-031/BPS/2600/02/2019).
    """
    agency_id = getattr(agency, "pk", agency)
    rules = ConversionRule.objects.filter(form=form, effective_from__lte=on).order_by(
        "-effective_from"
    )
    rule = rules.filter(agency_id=agency_id).first() if agency_id else None
    if rule is None:
        rule = rules.filter(agency__isnull=True).first()
    if rule is None:
        raise ApplicationError(
            "no_conversion_rule",
            _(
                "Belum ada aturan konversi JP untuk %(form)s pada %(date)s. "
                "Minta admin kepegawaian menambahkannya, atau isi JP langsung."
            )
            % {"form": form.name, "date": on.strftime("%d-%m-%Y")},
        )
    return rule


def jp_for(
    *,
    agency,
    form: DevelopmentForm,
    quantity,
    unit: str,
    on: dt.date,
    employee=None,
    started_on: dt.date | None = None,
) -> Conversion:
    """Convert an activity into JP with the rule in force; return (jp, rule, note).

    Domain file §3 (1 JP = 45 minutes) and §4.4 (per-agency conversion with
    caps; BPS example as the national default). With `employee`, caps count
    what the ledger already holds for the same form in the capped period;
    without, the result is a preview that assumes nothing earned yet. An
    activity spanning `started_on`..`on` gets the cap of every day (or
    calendar month) it spans.
    """
    rule = rule_for(agency=agency, form=form, on=on)
    quantity = _check_quantity(quantity)
    unit = unit or rule.unit
    if unit != rule.unit:
        raise ApplicationError(
            "unit_mismatch",
            _("%(form)s dihitung per %(unit)s, bukan per %(given)s.")
            % {
                "form": form.name,
                "unit": unit_label(rule.unit),
                "given": unit_label(unit),
            },
        )
    start = started_on or on
    if start > on:
        raise ApplicationError(
            "dates_reversed", _("Tanggal mulai tidak boleh setelah tanggal selesai.")
        )
    if rule.cap_jp is None:
        return convert(rule, quantity)
    first, last, periods = _period_bounds(rule.cap_period, start, on)
    already = Decimal("0")
    if employee is not None:
        already = LedgerEntry.objects.filter(
            employee=employee, form_id=rule.form_id, occurred_on__range=(first, last)
        ).aggregate(s=Sum("jp"))["s"] or Decimal("0")
    return convert(rule, quantity, already=already, periods=periods)


def convert(
    rule: ConversionRule, quantity, *, already=Decimal("0"), periods: int = 1
) -> Conversion:
    """Apply one rule to a quantity, given the JP already earned in the capped period.

    Pure: no queries. `periods` is how many days (or months) the activity
    spans, each with its own cap.
    """
    quantity = _check_quantity(quantity)
    raw = _raw_jp(rule, quantity)
    note = _base_note(rule, quantity, raw)
    if rule.cap_jp is None:
        return Conversion(raw, rule, note)
    period_name = (
        _("hari") if rule.cap_period == ConversionRule.CapPeriod.DAY else _("bulan")
    )
    cap_text = _("batas %(cap)s JP/%(period)s") % {
        "cap": format_jp(rule.cap_jp),
        "period": period_name,
    }
    room = max(rule.cap_jp * periods - already, Decimal("0"))
    if raw <= room:
        return Conversion(raw, rule, f"{note}, {cap_text}")
    jp = room.quantize(CENT)
    if already > 0:
        why = _("%(cap)s, sudah %(already)s JP pada periode itu → %(jp)s JP") % {
            "cap": cap_text,
            "already": format_jp(already),
            "jp": format_jp(jp),
        }
    else:
        why = _("%(cap)s → %(jp)s JP") % {"cap": cap_text, "jp": format_jp(jp)}
    return Conversion(jp, rule, f"{note}, {why}")


def _check_quantity(quantity) -> Decimal:
    try:
        value = Decimal(str(quantity))
    except (ArithmeticError, ValueError, TypeError):
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value > MAX_QUANTITY:
        raise ApplicationError(
            "bad_quantity",
            _("Jumlah harus angka lebih dari 0 dan paling banyak 100000."),
        )
    return value


def _raw_jp(rule: ConversionRule, quantity: Decimal) -> Decimal:
    if rule.unit == ConversionRule.Unit.MINUTES:
        raw = quantity * rule.jp_per_unit / MINUTES_PER_JP
    else:
        raw = quantity * rule.jp_per_unit
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def _base_note(rule: ConversionRule, quantity: Decimal, raw: Decimal) -> str:
    if rule.unit == ConversionRule.Unit.MINUTES:
        if rule.jp_per_unit == 1:
            return _("%(q)s menit ÷ 45 = %(jp)s JP") % {
                "q": format_jp(quantity),
                "jp": format_jp(raw),
            }
        return _("%(q)s menit ÷ 45 × %(rate)s = %(jp)s JP") % {
            "q": format_jp(quantity),
            "rate": format_jp(rule.jp_per_unit),
            "jp": format_jp(raw),
        }
    return _("%(q)s %(unit)s × %(rate)s JP = %(jp)s JP") % {
        "q": format_jp(quantity),
        "unit": unit_label(rule.unit),
        "rate": format_jp(rule.jp_per_unit),
        "jp": format_jp(raw),
    }


def _period_bounds(period: str, start: dt.date, end: dt.date):
    """Return (first day, last day, how many periods) covering start..end."""
    if period == ConversionRule.CapPeriod.DAY:
        return start, end, (end - start).days + 1
    first = start.replace(day=1)
    months = (end.year - first.year) * 12 + end.month - first.month + 1
    next_month = (end.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first, next_month - dt.timedelta(days=1), months

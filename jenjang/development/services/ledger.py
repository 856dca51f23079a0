"""The JP ledger: the single entry point other apps call to record hours.

DESIGN.md, "The JP ledger": one entry per completed activity, posted by one
service; idempotent per source; corrections are reversing entries, never
edits or deletes.

Posting again after a reversal. The partial unique index allows one posting
per (source_type, source_id). A source that was posted, reversed and is
posted again gets a revision suffix on its stored id: "42", then "42#2",
"42#3". Callers always pass the plain id; `ledger_post` finds the active
posting (the newest one not reversed) or picks the next free revision, and
`source_base_id()` strips the suffix for links back to the source.

Source types. `development` must not import the apps that post (training,
e-learning, mentoring, events). Each registers its source type here from its
`AppConfig.ready()` with a label and, optionally, a link and SIASN details::

    register_source_type("training.enrolment", label=_("Pelatihan"),
                         link=lambda source_id: reverse(...))
"""

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jenjang.core.audit import acting_as
from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import DevelopmentForm, LedgerEntry
from jenjang.development.services.conversion import format_jp, jp_for
from jenjang.development.services.jp_totals import jp_total_add
from jenjang.people.models import Employee

REVISION_SEP = "#"
MAX_SOURCE_ID = 56  # the column holds 64: room for "#<revision>"
MAX_REVISIONS = 99
MAX_JP = Decimal("9999.99")
MAX_REASON = 250
MAX_REFERENCE = 36

# --- Source types -------------------------------------------------------------


@dataclass(frozen=True)
class SourceType:
    """A kind of activity that posts JP, registered by the app that owns it.

    `link(source_id)` returns the URL of the source object (or None);
    `siasn_details(source_ids)` returns, per plain source id, any of
    "started_on", "organiser", "certificate_number" for the SIASN export.
    """

    name: str
    label: Any
    link: Callable[[str], str | None] | None = None
    siasn_details: Callable[[list[str]], dict[str, dict]] | None = None


_SOURCE_TYPES: dict[str, SourceType] = {}


def register_source_type(
    name: str,
    *,
    label,
    link: Callable[[str], str | None] | None = None,
    siasn_details: Callable[[list[str]], dict[str, dict]] | None = None,
) -> None:
    """Let an app post JP under `name` (e.g. "training.enrolment")."""
    _SOURCE_TYPES[name] = SourceType(name, label, link, siasn_details)


def source_type_get(name: str) -> SourceType | None:
    return _SOURCE_TYPES.get(name)


def source_types() -> dict[str, SourceType]:
    return dict(_SOURCE_TYPES)


def source_base_id(source_id: str) -> str:
    """Return the caller's id without the revision suffix ("42#2" → "42")."""
    return source_id.split(REVISION_SEP, 1)[0]


def source_label(source_type: str) -> str:
    found = _SOURCE_TYPES.get(source_type)
    return str(found.label) if found else source_type


def source_link(entry: LedgerEntry) -> str | None:
    found = _SOURCE_TYPES.get(entry.source_type)
    if found is None or found.link is None:
        return None
    return found.link(source_base_id(entry.source_id))


# Called with `entry=` after each new posting, inside its transaction (e.g.
# the IDP marks the planned activity it completes). Not for reversals.
_POSTING_LISTENERS: list[Callable[..., Any]] = []


def register_posting_listener(listener: Callable[..., Any]) -> None:
    """Call `listener(entry=...)` after every new posting (idempotent)."""
    if listener not in _POSTING_LISTENERS:
        _POSTING_LISTENERS.append(listener)


MANUAL = "manual"
CLAIM = "development.claim"
DEMO = "development.demo"

register_source_type(MANUAL, label=gettext_lazy("Pencatatan manual oleh admin"))
register_source_type(DEMO, label=gettext_lazy("Data demo"))


def _claim_link(source_id: str) -> str | None:
    return reverse("development:claim_detail", args=[source_id])


def _claim_siasn(source_ids: list[str]) -> dict[str, dict]:
    from jenjang.development.models import SelfLearningClaim

    ids = [int(s) for s in source_ids if s.isdigit()]
    rows = SelfLearningClaim.objects.filter(pk__in=ids).values(
        "pk", "started_on", "organiser"
    )
    return {
        str(r["pk"]): {"started_on": r["started_on"], "organiser": r["organiser"]}
        for r in rows
    }


register_source_type(
    CLAIM,
    label=gettext_lazy("Klaim belajar mandiri"),
    link=_claim_link,
    siasn_details=_claim_siasn,
)

# --- Posting ------------------------------------------------------------------


def _local_date(value) -> dt.date:
    """A datetime counts on its local calendar day (TIME_ZONE, Asia/Jakarta)."""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            raise ApplicationError(
                "naive_datetime", _("Waktu kegiatan harus menyertakan zona waktu.")
            )
        return timezone.localtime(value).date()
    if isinstance(value, dt.date):
        return value
    raise ApplicationError("bad_date", _("Tanggal kegiatan tidak sah."))


def _check_source(source_type: str, source_id) -> tuple[str, str]:
    if source_type not in _SOURCE_TYPES:
        raise ApplicationError(
            "unknown_source_type",
            _("Jenis sumber %(type)s belum terdaftar.") % {"type": source_type},
        )
    source_id = str(source_id or "").strip()
    if (
        not source_id
        or len(source_id) > MAX_SOURCE_ID
        or REVISION_SEP in source_id
        or "\x00" in source_id
    ):
        raise ApplicationError(
            "bad_source_id",
            _("Id sumber wajib diisi, paling panjang %(n)d karakter, tanpa '#'.")
            % {"n": MAX_SOURCE_ID},
        )
    return source_type, source_id


def _revision_id(source_id: str, revision: int) -> str:
    return source_id if revision == 1 else f"{source_id}{REVISION_SEP}{revision}"


def ledger_active_posting(*, source_type: str, source_id: str) -> LedgerEntry | None:
    """Return the posting of this source that is not reversed, if any."""
    entry, _free = _find_posting(source_type, source_id)
    return entry


def _find_posting(source_type: str, source_id: str) -> tuple[LedgerEntry | None, str]:
    """Return (the active posting, None) or (None, the next free stored id).

    Walks "42", "42#2", … with one indexed lookup each; re-posts are rare.
    """
    reversed_q = LedgerEntry.objects.filter(reverses=OuterRef("pk"))
    for revision in range(1, MAX_REVISIONS + 1):
        stored = _revision_id(source_id, revision)
        entry = (
            LedgerEntry.objects.filter(
                source_type=source_type,
                source_id=stored,
                kind=LedgerEntry.Kind.POSTING,
            )
            .annotate(is_reversed=Exists(reversed_q))
            .first()
        )
        if entry is None:
            return None, stored
        if not entry.is_reversed:
            return entry, ""
    raise ApplicationError(
        "too_many_revisions", _("Sumber ini sudah terlalu sering dibatalkan.")
    )


def _check_jp(jp) -> Decimal:
    try:
        value = Decimal(str(jp))
    except (InvalidOperation, ValueError, TypeError):
        value = Decimal("NaN")
    if not value.is_finite() or value < 0 or value > MAX_JP:
        raise ApplicationError("bad_jp", _("JP harus angka antara 0 dan 9999,99."))
    return value.quantize(Decimal("0.01"))


def ledger_post(
    *,
    employee: Employee,
    occurred_on,
    form: DevelopmentForm,
    title: str,
    source_type: str,
    source_id,
    quantity=None,
    unit: str = "",
    jp=None,
    evidence: File | str | None = None,
    by,
    started_on: dt.date | None = None,
) -> LedgerEntry:
    """Post JP for one completed activity; posting the same source again returns it.

    Either pass `jp` (decided by the caller, recorded as such) or `quantity`
    and `unit`, converted by `jp_for` with the agency's rule and caps. A
    datetime `occurred_on` counts on its local date. Race-safe: the partial
    unique index decides, and the loser of a race returns the winner's entry.
    """
    source_type, source_id = _check_source(source_type, source_id)
    day = _local_date(occurred_on)
    if day > timezone.localdate():
        raise ApplicationError(
            "future_date", _("Tanggal kegiatan tidak boleh di masa depan.")
        )
    title = (title or "").strip()
    if not title or len(title) > 250:
        raise ApplicationError(
            "bad_title", _("Nama kegiatan wajib diisi (paling panjang 250 karakter).")
        )
    with acting_as(by), transaction.atomic():
        # One posting at a time per employee: caps read what is already there.
        Employee.objects.select_for_update().filter(pk=employee.pk).first()
        active, stored_id = _find_posting(source_type, source_id)
        if active is not None:
            return active
        entry = _new_entry(
            employee=employee,
            day=day,
            form=form,
            title=title,
            source=(source_type, stored_id),
            quantity=quantity,
            unit=unit,
            jp=jp,
            by=by,
            started_on=started_on,
        )
        if evidence:
            entry.evidence = evidence
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            active = ledger_active_posting(source_type=source_type, source_id=source_id)
            if active is None:
                raise
            return active
        jp_total_add(
            employee_id=entry.employee_id, year=entry.occurred_on.year, jp=entry.jp
        )
        for listener in _POSTING_LISTENERS:
            listener(entry=entry)
        return entry


def _new_entry(
    *, employee, day, form, title, source, quantity, unit, jp, by, started_on
) -> LedgerEntry:
    rule, note = None, ""
    if jp is None:
        if quantity is None:
            raise ApplicationError(
                "quantity_required", _("Isi jumlah dan satuan kegiatan, atau JP-nya.")
            )
        jp, rule, note = jp_for(
            agency=employee.agency_id,
            form=form,
            quantity=quantity,
            unit=unit,
            on=day,
            employee=employee,
            started_on=started_on,
        )
        unit = rule.unit
    else:
        jp = _check_jp(jp)
        note = _("%(jp)s JP ditetapkan oleh pencatat (%(source)s)") % {
            "jp": format_jp(jp),
            "source": source_label(source[0]),
        }
        if quantity is not None:
            quantity = Decimal(str(quantity))
    return LedgerEntry(
        employee=employee,
        occurred_on=day,
        jp=jp,
        form=form,
        title=title,
        kind=LedgerEntry.Kind.POSTING,
        source_type=source[0],
        source_id=source[1],
        quantity=quantity,
        unit=unit or "",
        rule=rule,
        rule_note=note[:250],
        created_by=by if getattr(by, "pk", None) else None,
    )


def ledger_post_manual(
    *,
    employee: Employee,
    reference: str = "",
    occurred_on,
    form: DevelopmentForm,
    title: str,
    quantity=None,
    unit: str = "",
    jp=None,
    by,
) -> tuple[LedgerEntry, bool]:
    """Post JP by hand (HR); return (entry, created).

    The reference makes a retry idempotent. It is stored as
    "<employee id>:<reference>", so one person's reference never reaches
    another person's entry; without one, a fresh random reference is used.
    """
    reference = (reference or "").strip() or uuid.uuid4().hex
    if len(reference) > MAX_REFERENCE or REVISION_SEP in reference:
        raise ApplicationError(
            "bad_reference",
            _("Nomor referensi paling panjang %(n)d karakter, tanpa '#'.")
            % {"n": MAX_REFERENCE},
        )
    source_id = f"{employee.pk}:{reference}"
    existing = ledger_active_posting(source_type=MANUAL, source_id=source_id)
    if existing is not None:
        return existing, False
    entry = ledger_post(
        employee=employee,
        occurred_on=occurred_on,
        form=form,
        title=title,
        source_type=MANUAL,
        source_id=source_id,
        quantity=quantity,
        unit=unit,
        jp=jp,
        by=by,
    )
    return entry, True


# --- Reversal -----------------------------------------------------------------


def ledger_reverse(*, entry: LedgerEntry, reason: str, by) -> LedgerEntry:
    """Cancel a posting with a reversing entry of negative JP; never edit or delete.

    The reversal carries the posting's date, so it lands in the same year.
    A posting can be reversed once; a reversal cannot be reversed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("reason_required", _("Alasan pembatalan wajib diisi."))
    if len(reason) > MAX_REASON:
        raise ApplicationError(
            "reason_too_long",
            _("Alasan paling panjang %(n)d karakter.") % {"n": MAX_REASON},
        )
    with acting_as(by), transaction.atomic():
        original = LedgerEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if original is None:
            raise ApplicationError("not_found", _("Entri tidak ditemukan."), status=404)
        if original.kind != LedgerEntry.Kind.POSTING:
            raise ApplicationError(
                "not_a_posting", _("Entri pembatalan tidak dapat dibatalkan lagi.")
            )
        if LedgerEntry.objects.filter(reverses=original).exists():
            raise _already_reversed()
        reversal = LedgerEntry(
            employee_id=original.employee_id,
            occurred_on=original.occurred_on,
            jp=-original.jp,
            form_id=original.form_id,
            title=original.title,
            kind=LedgerEntry.Kind.REVERSAL,
            source_type=original.source_type,
            source_id=original.source_id,
            quantity=original.quantity,
            unit=original.unit,
            rule_id=original.rule_id,
            rule_note=(_("Membatalkan entri #%(id)d") % {"id": original.pk})[:250],
            reverses=original,
            reason=reason,
            created_by=by if getattr(by, "pk", None) else None,
        )
        try:
            with transaction.atomic():
                reversal.save()
        except IntegrityError:
            raise _already_reversed() from None
        jp_total_add(
            employee_id=reversal.employee_id,
            year=reversal.occurred_on.year,
            jp=reversal.jp,
        )
        return reversal


def _already_reversed() -> ApplicationError:
    return ApplicationError(
        "already_reversed", _("Entri ini sudah dibatalkan."), status=409
    )


def ledger_reverse_source(
    *, source_type: str, source_id, reason: str, by
) -> LedgerEntry | None:
    """Reverse the active posting of a source (for apps undoing a completion)."""
    source_type, source_id = _check_source(source_type, source_id)
    active = ledger_active_posting(source_type=source_type, source_id=source_id)
    if active is None:
        return None
    return ledger_reverse(entry=active, reason=reason, by=by)


def form_by_code(code: int) -> DevelopmentForm:
    """Return the development form with this SIASN code."""
    try:
        return DevelopmentForm.objects.get(siasn_code=code)
    except (DevelopmentForm.DoesNotExist, ValueError, TypeError):
        raise ApplicationError(
            "unknown_form", _("Kode jenis diklat SIASN tidak dikenal.")
        ) from None


def forms_by_code(codes: Iterable[int]) -> dict[int, DevelopmentForm]:
    return {
        f.siasn_code: f for f in DevelopmentForm.objects.filter(siasn_code__in=codes)
    }

"""Writing survey responses: one validation for every channel, and the
protections of the public form (honeypot, rate limit, duplicates).

The public form, the public API, paper entry and the XLSX import all pass
through `response_clean`, so a row the import refuses is a row the form
refuses too, with the same message.
"""

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.core.ratelimit import hit, refund
from jenjang.surveys.models import (
    ANSWER_FIELDS,
    ANSWER_MAX,
    ANSWER_MIN,
    Response,
    Service,
    ServiceUnit,
)

PROFILE_FIELDS = ("age_band", "sex", "education", "occupation")
_COMPARED = (*ANSWER_FIELDS, *PROFILE_FIELDS)
SUGGESTION_MAX = 1000
# An offline device may hold a response for days; older claims are not trusted.
OFFLINE_MAX_AGE = dt.timedelta(days=14)
CLOCK_SKEW = dt.timedelta(minutes=5)


class Outcome(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"  # the same client UUID was stored before
    IGNORED = "ignored"  # the honeypot was filled: stored nothing, said thanks


@dataclass
class CleanResponse:
    answers: dict[str, int]
    service: Service | None = None
    profile: dict[str, str] = field(default_factory=dict)
    suggestion: str = ""
    client_uuid: uuid.UUID | None = None
    submitted_at: dt.datetime | None = None


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\x00", "").strip()


def _error(field_name: str, message: str) -> dict[str, str]:
    return {"field": field_name, "message": message}


def _clean_answer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        number = int(_text(value)) if not isinstance(value, int) else value
    except ValueError:
        return None
    return number if ANSWER_MIN <= number <= ANSWER_MAX else None


def _clean_service(unit: ServiceUnit, value: Any, services: list[Service]):
    """Return (service, error message): by id, or by name (the import's column)."""
    text = _text(value)
    if not services:
        return None, (_("Unit ini tidak punya jenis layanan.") if text else None)
    if not text:
        return None, _("Pilih jenis layanan.")
    for service in services:
        if text == str(service.pk) or text.casefold() == service.name.casefold():
            return service, None
    return None, _("Jenis layanan tidak dikenal di unit ini.")


def _clean_date(value: Any, *, now: dt.datetime) -> tuple[dt.datetime | None, str]:
    """Return the fill-in moment of a paper form: a date, not in the future."""
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = _text(value)
        if not text:
            return None, _("Tanggal pengisian wajib diisi.")
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            return None, _("Tanggal tidak sah. Pakai format TTTT-BB-HH.")
    if day > timezone.localdate(now) or day.year < 2000:
        return None, _("Tanggal pengisian tidak boleh di masa depan atau sebelum 2000.")
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(12), tzinfo=tz), ""


def _clean_filled_at(value: Any, *, now: dt.datetime) -> dt.datetime:
    """Return when an online response was typed: the device's claim if plausible.

    A response kept offline carries the moment it was typed so it counts in
    the right period; a claim in the future or older than OFFLINE_MAX_AGE is
    replaced by the time of receipt.
    """
    text = _text(value)
    if not text:
        return now
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return now
    if timezone.is_naive(moment):
        return now
    if now - OFFLINE_MAX_AGE <= moment <= now + CLOCK_SKEW:
        return min(moment, now)
    return now


def response_clean(
    *,
    service_unit: ServiceUnit,
    data: Mapping[str, Any],
    channel: str,
    services: list[Service] | None = None,
    now: dt.datetime | None = None,
) -> tuple[CleanResponse | None, list[dict[str, str]]]:
    """Check one response; return it cleaned, or None and every problem found.

    Answers u1–u9 are required, 1–4 (PermenPANRB 14/2017, domain file §7.2).
    The profile and the suggestion are optional. Paper and imported forms
    need the date they were filled in.
    """
    now = now or timezone.now()
    if services is None:
        services = list(service_unit.services.filter(is_active=True))
    errors: list[dict[str, str]] = []
    answers: dict[str, int] = {}
    for name in ANSWER_FIELDS:
        answer = _clean_answer(data.get(name))
        if answer is None:
            errors.append(_error(name, _("Pilih jawaban 1 sampai 4.")))
        else:
            answers[name] = answer
    service, problem = _clean_service(service_unit, data.get("service"), services)
    if problem:
        errors.append(_error("service", problem))
    profile: dict[str, str] = {}
    for name in PROFILE_FIELDS:
        value = _text(data.get(name))
        choices = Response._meta.get_field(name).choices
        if value and value not in {c[0] for c in choices}:
            labels = {str(label).casefold(): code for code, label in choices}
            value = labels.get(value.casefold(), "")
            if not value:
                errors.append(_error(name, _("Pilihan tidak dikenal.")))
        profile[name] = value
    suggestion = _text(data.get("suggestion"))
    if len(suggestion) > SUGGESTION_MAX:
        errors.append(
            _error(
                "suggestion",
                _("Saran paling banyak %(n)s karakter.") % {"n": SUGGESTION_MAX},
            )
        )
    client_uuid = None
    raw_uuid = _text(data.get("client_uuid"))
    if raw_uuid:
        try:
            client_uuid = uuid.UUID(raw_uuid)
        except ValueError:
            errors.append(_error("client_uuid", _("Kode kiriman tidak sah.")))
    if channel == Response.Channel.ONLINE:
        submitted_at = _clean_filled_at(data.get("filled_at"), now=now)
    else:
        submitted_at, problem = _clean_date(data.get("filled_on"), now=now)
        if problem:
            errors.append(_error("filled_on", problem))
    if errors:
        return None, errors
    return (
        CleanResponse(
            answers=answers,
            service=service,
            profile=profile,
            suggestion=suggestion,
            client_uuid=client_uuid,
            submitted_at=submitted_at,
        ),
        [],
    )


def sender_fingerprint(*, ip: str, user_agent: str) -> str:
    """Return a keyed hash of the sender: comparable, but not an IP address."""
    return salted_hmac(
        "jenjang.surveys.sender", f"{ip}|{user_agent[:300]}"
    ).hexdigest()[:64]


def _rate_key(ip: str) -> str:
    # Hashed: the cache never holds a respondent's address.
    return "surveys:" + salted_hmac("jenjang.surveys.rate", ip).hexdigest()[:32]


def rate_limit_hit(*, ip: str) -> bool:
    """Count one submission from `ip`; tell whether it is over the limit.

    JENJANG_SURVEY_RATE_LIMIT submissions per JENJANG_SURVEY_RATE_WINDOW
    seconds (default 30 per 10 minutes: a counter's shared Wi-Fi stays well
    inside it). Counted in Django's cache; several app servers need a shared
    cache (Redis, database) for one count.
    """
    return hit(
        _rate_key(ip),
        limit=_setting("JENJANG_SURVEY_RATE_LIMIT", 30),
        window=_setting("JENJANG_SURVEY_RATE_WINDOW", 600),
    )


def _rate_refund(ip: str) -> None:
    """Take back the count of a resend: a response already stored costs nothing."""
    refund(_rate_key(ip), window=_setting("JENJANG_SURVEY_RATE_WINDOW", 600))


def _near_duplicate(
    *, service_unit: ServiceUnit, clean: CleanResponse, fingerprint: str, now
) -> uuid.UUID | None:
    """Return the client UUID of the very same response this sender just sent.

    Same browser and address, same unit and service, same answers, profile
    and suggestion within JENJANG_SURVEY_DUPLICATE_MINUTES (default 5): a
    double tap or a replay, not a second respondent, who would differ in at
    least one field or come later. None when there is no such response.
    """
    minutes = _setting("JENJANG_SURVEY_DUPLICATE_MINUTES", 5)
    if not fingerprint or minutes <= 0:
        return None
    # Few rows share a sender within minutes (the rate limit bounds them):
    # fetch them by the indexed fingerprint and compare here, cheaper than
    # an 18-term filter.
    recent = (
        Response.objects.filter(
            fingerprint=fingerprint,
            service_unit=service_unit,
            received_at__gte=now - dt.timedelta(minutes=minutes),
        )
        .order_by("-received_at")
        .values_list("client_uuid", "service_id", "suggestion", *_COMPARED)[:100]
    )
    mine = (
        clean.service.pk if clean.service else None,
        clean.suggestion,
        *(clean.answers[f] for f in ANSWER_FIELDS),
        *(clean.profile[f] for f in PROFILE_FIELDS),
    )
    for client_uuid, *fields in recent:
        if tuple(fields) == mine:
            return client_uuid
    return None


def _existing(client_uuid: uuid.UUID | None, service_unit: ServiceUnit):
    if client_uuid is None:
        return None
    found = Response.objects.filter(client_uuid=client_uuid).first()
    if found is not None and found.service_unit_id != service_unit.pk:
        raise ApplicationError(
            "uuid_conflict",
            _("Kode kiriman sudah dipakai untuk unit lain."),
            status=409,
        )
    return found


def _insert(
    *, service_unit: ServiceUnit, clean: CleanResponse, **extra: Any
) -> tuple[Response, Outcome]:
    """Insert once per client UUID, even when two copies race each other."""
    row = Response(
        service_unit=service_unit,
        service=clean.service,
        suggestion=clean.suggestion,
        submitted_at=clean.submitted_at,
        **clean.answers,
        **clean.profile,
        **extra,
    )
    if clean.client_uuid is not None:
        row.client_uuid = clean.client_uuid
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        found = _existing(clean.client_uuid, service_unit)
        if found is None:
            raise
        return found, Outcome.DUPLICATE
    return row, Outcome.CREATED


def _client_uuid(data: Mapping[str, Any]) -> uuid.UUID | None:
    try:
        return uuid.UUID(_text(data.get("client_uuid")))
    except ValueError:
        return None


def response_submit_public(
    *,
    service_unit: ServiceUnit,
    data: Mapping[str, Any],
    ip: str,
    user_agent: str,
    services: list[Service] | None = None,
) -> tuple[Response | None, Outcome]:
    """Take one response from the public form or API, stored at most once.

    In order: a filled honeypot is thanked and dropped; the per-IP rate
    limit (a client UUID already stored is answered "duplicate" even past
    it, and a resend gives its count back); validation; a near-duplicate
    from the same sender is refused gently; the insert, where the unique
    client UUID turns a resend into "duplicate" (the offline script's
    exactly-once). The common path costs one look-up and one insert.
    """
    if _text(data.get("website")):
        return None, Outcome.IGNORED
    if not service_unit.is_active:
        raise ApplicationError(
            "unit_closed", _("Survei unit ini sedang ditutup."), status=404
        )
    if rate_limit_hit(ip=ip):
        found = _existing(_client_uuid(data), service_unit)
        if found is not None:
            return found, Outcome.DUPLICATE
        raise ApplicationError(
            "rate_limited",
            _(
                "Terlalu banyak kiriman dari jaringan ini. "
                "Coba lagi beberapa menit lagi."
            ),
            status=429,
        )
    now = timezone.now()
    clean, errors = response_clean(
        service_unit=service_unit,
        data=data,
        channel=Response.Channel.ONLINE,
        services=services,
        now=now,
    )
    if clean is None:
        raise ApplicationError(
            "invalid_response", _("Periksa kembali isian Anda."), details=errors
        )
    fingerprint = sender_fingerprint(ip=ip, user_agent=user_agent)
    twin = _near_duplicate(
        service_unit=service_unit, clean=clean, fingerprint=fingerprint, now=now
    )
    if twin is not None and twin == clean.client_uuid:
        _rate_refund(ip)
        return _existing(twin, service_unit), Outcome.DUPLICATE
    if twin is not None:
        raise ApplicationError(
            "near_duplicate",
            _("Tanggapan yang sama baru saja kami terima. Terima kasih!"),
            status=409,
        )
    row, outcome = _insert(
        service_unit=service_unit,
        clean=clean,
        channel=Response.Channel.ONLINE,
        fingerprint=fingerprint,
    )
    if outcome == Outcome.DUPLICATE:
        _rate_refund(ip)
    return row, outcome


def response_enter_paper(
    *, service_unit: ServiceUnit, data: Mapping[str, Any], by
) -> Response:
    """Store one paper form typed in by staff; raise with every problem found."""
    clean, errors = response_clean(
        service_unit=service_unit, data=data, channel=Response.Channel.PAPER
    )
    if clean is None:
        raise ApplicationError(
            "invalid_response", _("Periksa kembali isian formulir."), details=errors
        )
    row, _outcome = _insert(
        service_unit=service_unit,
        clean=clean,
        channel=Response.Channel.PAPER,
        entered_by=by,
    )
    return row

"""Factories and builders for the training tests."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from jenjang.development.services.conversion import ensure_seeded
from jenjang.training.models import Batch, Enrolment, Session, TrainingProgram

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=JAKARTA)
TODAY = NOW.date()


def form(code: int = 3):
    from jenjang.development.models import DevelopmentForm

    ensure_seeded()
    return DevelopmentForm.objects.get(siasn_code=code)


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = TrainingProgram

    code = factory.Sequence(lambda n: f"prog-{n}")
    title = factory.Sequence(lambda n: f"Pelatihan Sistem Informasi Kesehatan {n}")
    form = factory.LazyFunction(form)
    jp = Decimal("24")


class BatchFactory(DjangoModelFactory):
    class Meta:
        model = Batch

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Angkatan {n}")
    org_unit = None  # required
    starts_on = TODAY + dt.timedelta(days=27)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=2))
    capacity = 2
    venue = "Aula Dinas Kesehatan"


def add_sessions(batch: Batch, count: int = 3) -> list[Session]:
    """`count` sessions spread over the batch's days, 08:00, then 10:00, …"""
    span = (batch.ends_on - batch.starts_on).days + 1
    sessions = []
    for i in range(count):
        day = batch.starts_on + dt.timedelta(days=i % span)
        start = dt.datetime.combine(day, dt.time(8 + 2 * (i // span)), tzinfo=JAKARTA)
        sessions.append(
            Session.objects.create(
                batch=batch,
                title=f"Sesi {i + 1}",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1, minutes=30),
            )
        )
    return sessions


def seat(batch: Batch, employee, status=Enrolment.Status.ENROLLED) -> Enrolment:
    return Enrolment.objects.create(
        batch=batch,
        employee=employee,
        status=status,
        route=Enrolment.Route.NOMINATED,
        waitlisted_at=NOW if status == Enrolment.Status.WAITLISTED else None,
    )

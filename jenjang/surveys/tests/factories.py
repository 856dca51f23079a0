import datetime as dt
import itertools

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from jenjang.surveys.models import ANSWER_FIELDS, Response, Service, ServiceUnit

_codes = itertools.count(1)


class ServiceUnitFactory(DjangoModelFactory):
    class Meta:
        model = ServiceUnit

    code = factory.LazyFunction(lambda: f"unit-{next(_codes)}")
    name = factory.Sequence(lambda n: f"Unit Pelayanan {n}")


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Layanan {n}")


def make_response(unit, answers, *, when=None, service=None, **kw) -> Response:
    """Store one response with the nine answers given, at `when` (default now)."""
    values = dict(zip(ANSWER_FIELDS, answers, strict=True))
    return Response.objects.create(
        service_unit=unit,
        service=service,
        channel=kw.pop("channel", Response.Channel.ONLINE),
        submitted_at=when or timezone.now(),
        **values,
        **kw,
    )


def local_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())

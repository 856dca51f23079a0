"""The surveys demo step: five units, six quarters of responses, idempotent."""

import datetime as dt
import io
import random

import pytest
import time_machine

from jenjang.people.tests.factories import make_unit
from jenjang.surveys.demo import UNITS, build
from jenjang.surveys.models import Response, ServiceUnit
from jenjang.surveys.selectors import ikm_for_unit
from jenjang.surveys.services.periods import Period

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 8, 20, 3, 0, tzinfo=dt.UTC)


def test_build_is_idempotent_and_shapes_the_data(world):
    for _code, _name, org_name, *_rest in UNITS:
        make_unit(org_name, agency=world.agency, parent=world.root)
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        build(agency=world.agency, rng=random.Random(7), stdout=out.write)
        first = Response.objects.count()
        build(agency=world.agency, rng=random.Random(7), stdout=out.write)
    assert ServiceUnit.objects.count() == 5
    assert Response.objects.count() == first
    assert 400 < first < 1200
    assert out.getvalue().count("surveys: 5 unit pelayanan") == 1
    assert not Response.objects.filter(submitted_at__gt=NOW).exists()
    quarters = {
        (d.year, (d.month - 1) // 3 + 1)
        for d in Response.objects.dates("submitted_at", "month")
    }
    assert quarters == {
        (2025, 2),
        (2025, 3),
        (2025, 4),
        (2026, 1),
        (2026, 2),
        (2026, 3),
    }
    # Disdukcapil: slow (U3 weakest) and getting better.
    counter = ServiceUnit.objects.get(code="disdukcapil")
    early = ikm_for_unit(service_unit=counter, period=Period(2025, "quarter", 2))
    late = ikm_for_unit(service_unit=counter, period=Period(2026, "quarter", 2))
    assert [u.code for u in late.unsur if u.weakest] == ["U3"]
    assert late.value > early.value
    assert late.letter in {"B", "C"}

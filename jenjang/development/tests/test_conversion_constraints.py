import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from jenjang.development.models import AnnualTarget, ConversionRule, DevelopmentForm
from jenjang.development.tests.test_ledger_support import seeded  # noqa: F401


@pytest.mark.usefixtures("seeded")
def test_a_national_rule_is_unique_per_form_and_date():
    seminar = DevelopmentForm.objects.get(siasn_code=9)
    day = dt.date(2030, 1, 1)
    ConversionRule.objects.create(
        form=seminar, unit="day", jp_per_unit=Decimal("4"), effective_from=day
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ConversionRule.objects.create(
            form=seminar, unit="day", jp_per_unit=Decimal("5"), effective_from=day
        )


@pytest.mark.django_db
def test_a_national_target_is_unique_per_date():
    day = dt.date(2030, 1, 1)
    AnnualTarget.objects.create(
        minimum_jp=Decimal("20"), effective_from=day, source="x"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualTarget.objects.create(
            minimum_jp=Decimal("24"), effective_from=day, source="y"
        )

"""The performance section's on-time yardstick is a setting (no regulation sets it)."""

import pytest
from django.conf import settings
from django.test import override_settings

from jenjang.dashboards.selectors import dashboard_context, section_data
from jenjang.performance.aggregates import DEFAULT_ON_TIME_DAYS, on_time_days


def test_the_default_is_thirty_days():
    assert DEFAULT_ON_TIME_DAYS == 30
    assert settings.JENJANG_EVALUATION_ON_TIME_DAYS == 30
    assert on_time_days() == 30


@override_settings(JENJANG_EVALUATION_ON_TIME_DAYS=10)
def test_the_setting_changes_the_rule_and_the_note():
    assert on_time_days() == 10


@pytest.mark.django_db
@override_settings(JENJANG_EVALUATION_ON_TIME_DAYS=45)
def test_the_note_names_the_configured_days(leader):
    data = section_data(key="performance", ctx=dashboard_context(user=leader))
    assert "paling lambat 45 hari" in data.notes[0]

"""The mutu/kinerja intervals are configurable in the admin, but must tile 25–100."""

from decimal import Decimal

import pytest

from jenjang.accounts.models import User
from jenjang.surveys.models import QualityInterval

pytestmark = pytest.mark.django_db
URL = "/admin/surveys/qualityinterval/"


def _formset(rows: dict[str, tuple[str, str, str]]) -> dict:
    intervals = list(QualityInterval.objects.order_by("-min_value"))
    data = {
        "form-TOTAL_FORMS": str(len(intervals)),
        "form-INITIAL_FORMS": str(len(intervals)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Simpan",
    }
    for i, interval in enumerate(intervals):
        label, low, high = rows.get(
            interval.letter,
            (interval.label, str(interval.min_value), str(interval.max_value)),
        )
        data.update(
            {
                f"form-{i}-id": str(interval.pk),
                f"form-{i}-label": label,
                f"form-{i}-min_value": low,
                f"form-{i}-max_value": high,
            }
        )
    return data


@pytest.fixture
def admin_client(client_for, superadmin):
    User.objects.filter(pk=superadmin.pk).update(is_superuser=True)
    return client_for("superadmin")


def test_a_gap_is_refused(admin_client):
    reply = admin_client.post(URL, _formset({"C": ("Kurang Baik", "65.01", "76.60")}))
    assert reply.status_code == 200
    assert "tanpa celah atau tumpang tindih" in reply.content.decode()
    assert QualityInterval.objects.get(letter="C").min_value == Decimal("65.00")


def test_a_tiling_change_is_saved(admin_client):
    changed = {
        "C": ("Kurang Baik", "65.00", "80.00"),
        "B": ("Baik", "80.01", "88.30"),
    }
    reply = admin_client.post(URL, _formset(changed))
    assert reply.status_code == 302
    assert QualityInterval.objects.get(letter="B").min_value == Decimal("80.01")

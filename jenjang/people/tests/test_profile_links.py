"""The profile page shows the links other areas register, per viewer."""

import pytest
from django.urls import reverse

from jenjang.people import profile_links as registry
from jenjang.people.profile_links import ProfileLink, register_profile_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_test_provider(monkeypatch):
    """Replace the registered providers with one test provider (and a broken one)."""
    monkeypatch.setattr(registry, "_PROVIDERS", {})

    def provider(user, employee):
        if user.username != "hr_admin":
            return []
        return [ProfileLink("Tautan uji", f"/uji/{employee.pk}/", "star", "uji-link")]

    def broken(user, employee):
        raise RuntimeError("boom")

    register_profile_links("uji", provider, order=10)
    register_profile_links("rusak", broken, order=5)


def test_registered_links_render_for_whom_the_provider_says(
    client_for, world, only_test_provider
):
    url = reverse("people:employee_detail", args=[world.employee.pk])
    html = client_for("hr_admin").get(url).content.decode()
    assert f'id="uji-link" href="/uji/{world.employee.pk}/"' in html
    assert html.count('class="btn btn-outline-secondary profile-link"') == 1
    other = client_for("leader").get(url).content.decode()
    assert "uji-link" not in other


def test_links_come_in_order_and_a_failing_provider_is_left_out(monkeypatch):
    monkeypatch.setattr(registry, "_PROVIDERS", {})
    register_profile_links("b", lambda u, e: [ProfileLink("B", "/b/")], order=20)
    register_profile_links("a", lambda u, e: [ProfileLink("A", "/a/")], order=10)
    register_profile_links("x", lambda u, e: 1 / 0, order=1)
    assert [link.label for link in registry.profile_links(None, None)] == ["A", "B"]

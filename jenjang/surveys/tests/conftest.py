import pytest
from django.core.cache import cache

from jenjang.surveys.tests.factories import ServiceFactory, ServiceUnitFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    # The rate limit counts in the cache: each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unit(world):
    """A puskesmas service unit (inside Dinas Kesehatan) with two services."""
    found = ServiceUnitFactory(
        org_unit=world.puskesmas, code="pkm-sukamaju", name="Puskesmas Sukamaju"
    )
    ServiceFactory(service_unit=found, name="Rawat jalan")
    ServiceFactory(service_unit=found, name="Imunisasi")
    return found


@pytest.fixture
def other_unit(world):
    """A service unit under BPKAD: outside the Dinkes HR admin's scope."""
    return ServiceUnitFactory(
        org_unit=world.bpkad, code="bpkad-loket", name="Loket Pajak Daerah"
    )


def answers(values=(4, 3, 3, 4, 3, 3, 4, 3, 3), **extra) -> dict:
    data = {f"u{i}": v for i, v in enumerate(values, start=1)}
    data.update(extra)
    return data

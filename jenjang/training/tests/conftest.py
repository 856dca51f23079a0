import pytest

from jenjang.training.tests.factories import NOW


@pytest.fixture(autouse=True)
def frozen_time(time_machine):
    time_machine.move_to(NOW, tick=False)

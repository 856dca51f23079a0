"""Learning paths count training programmes and events through development's registry."""

import pytest

from jenjang.development import completions
from jenjang.elearning.models import Enrolment, LearningPath, LearningPathItem
from jenjang.elearning.services import community

pytestmark = pytest.mark.django_db


def test_training_and_events_register_their_readers():
    # Their AppConfig.ready() registered them: e-learning never imports them.
    assert completions.has_reader(completions.TRAINING_PROGRAM)
    assert completions.has_reader(completions.EVENT)


def test_path_progress_counts_programmes_and_events(
    monkeypatch, course, enrolment, world
):
    calls = []

    def programs(employee_id, ids):
        calls.append(("program", employee_id, sorted(ids)))
        return {11, 99}  # 99 is not in the path: ignored

    def events(employee_id, ids):
        calls.append(("event", employee_id, sorted(ids)))
        return set()

    monkeypatch.setattr(
        completions,
        "_READERS",
        {completions.TRAINING_PROGRAM: programs, completions.EVENT: events},
    )
    path = LearningPath.objects.create(agency=world.agency, title="Jalur pengawas")
    LearningPathItem.objects.create(path=path, order=1, course=course)
    LearningPathItem.objects.create(
        path=path, order=2, training_program_id=11, title="PKP"
    )
    LearningPathItem.objects.create(
        path=path, order=3, training_program_id=12, title="Latsar"
    )
    LearningPathItem.objects.create(path=path, order=4, event_id=5, title="Seminar")
    progress = community.path_progress(path, world.employee)
    assert [s for _i, s in progress["items"]] == ["enrolled", "completed", "", ""]
    assert (progress["done"], progress["total"], progress["percent"]) == (1, 4, 25)
    assert calls == [
        ("program", world.employee.pk, [11, 12]),
        ("event", world.employee.pk, [5]),
    ]
    Enrolment.objects.filter(pk=enrolment.pk).update(status="completed")
    monkeypatch.setitem(completions._READERS, completions.EVENT, lambda e, ids: {5})
    progress = community.path_progress(path, world.employee)
    assert (progress["done"], progress["total"], progress["percent"]) == (3, 4, 75)


def test_without_readers_nothing_else_counts(monkeypatch, world):
    monkeypatch.setattr(completions, "_READERS", {})
    path = LearningPath.objects.create(agency=world.agency, title="Jalur")
    LearningPathItem.objects.create(path=path, event_id=5, title="Seminar")
    progress = community.path_progress(path, world.employee)
    assert (progress["done"], progress["total"], progress["percent"]) == (0, 1, 0)

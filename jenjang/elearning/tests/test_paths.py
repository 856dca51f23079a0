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


# --- HR's page picks training programmes and events through the registry ---------
# Rows of training and events are built through the app registry (get_model):
# e-learning code, tests included, does not import those apps.


def _program(world, *, title, owner_unit=None, is_active=True):
    from django.apps import apps

    from jenjang.development.models import DevelopmentForm
    from jenjang.development.services.conversion import ensure_seeded

    ensure_seeded()
    return apps.get_model("training", "TrainingProgram").objects.create(
        code=title[:20],
        title=title,
        form=DevelopmentForm.objects.get(siasn_code=3),
        jp=24,
        owner_unit=owner_unit,
        is_active=is_active,
    )


def pass_programme(world, program) -> None:
    """The employee passed the programme, in a batch of today."""
    from django.apps import apps
    from django.utils import timezone

    batch = apps.get_model("training", "Batch").objects.create(
        program=program,
        name="Angkatan 1",
        org_unit=world.dinkes,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        capacity=10,
    )
    apps.get_model("training", "Enrolment").objects.create(
        batch=batch, employee=world.employee, status="passed", route="self"
    )


def _event(world, *, title, agency=None, unit=None, days=3, status="published"):
    import datetime as dt

    from django.apps import apps
    from django.utils import timezone

    from jenjang.development.services.ledger import form_by_code

    start = timezone.now() + dt.timedelta(days=days)
    return apps.get_model("events", "Event").objects.create(
        agency=agency or world.agency,
        organiser_unit=unit or world.dinkes,
        kind="seminar",
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        venue="Aula",
        development_form=form_by_code(9),
        status=status,
    )


@pytest.fixture
def other_agency():
    from jenjang.people.tests.factories import AgencyFactory, make_unit

    agency = AgencyFactory(code="3398", name="Pemerintah Kota Lain")
    return agency, make_unit("Dinas Lain", agency=agency, code="LAIN")


def test_registry_lists_only_what_the_scope_may_choose(world, hr_admin, other_agency):
    from jenjang.core.scoping import scope_for
    from jenjang.elearning.permissions import ASSIGN

    agency, unit = other_agency
    shared = _program(world, title="Latsar CPNS")
    own = _program(world, title="Pelatihan Data Kesehatan", owner_unit=world.dinkes)
    _program(world, title="Pelatihan Keuangan", owner_unit=world.bpkad)
    _program(world, title="Pelatihan Kota Lain", owner_unit=unit)
    _program(world, title="Pelatihan Lama", is_active=False)
    seminar = _event(world, title="Seminar Gizi")
    _event(world, title="Seminar Kota Lain", agency=agency, unit=unit)
    _event(world, title="Draf", status="draft")
    _event(world, title="Sudah lewat", days=-3)
    scope = scope_for(hr_admin, perm=ASSIGN)
    kinds = [k.kind for k in completions.choosable_kinds()]
    assert kinds == [completions.TRAINING_PROGRAM, completions.EVENT]
    programs = completions.list_choices(completions.TRAINING_PROGRAM, scope=scope)
    assert [(c.id, c.label) for c in programs] == [
        (shared.pk, "Latsar CPNS"),
        (own.pk, "Pelatihan Data Kesehatan"),
    ]
    events = completions.list_choices(completions.EVENT, scope=scope)
    assert [(c.id, c.label) for c in events] == [(seminar.pk, "Seminar Gizi")]
    assert events[0].date is not None
    # Resolving applies the same check.
    assert (
        completions.resolve_choice(completions.TRAINING_PROGRAM, own.pk, scope=scope)
        == programs[1]
    )
    other = _program(world, title="Pelatihan Kota Lain 2", owner_unit=unit)
    assert (
        completions.resolve_choice(completions.TRAINING_PROGRAM, other.pk, scope=scope)
        is None
    )
    assert completions.resolve_choice(completions.EVENT, "x", scope=scope) is None
    assert completions.resolve_choice("unknown.kind", seminar.pk, scope=scope) is None
    # A scope that reaches nothing lists nothing.
    from jenjang.core.scoping import Scope

    assert completions.list_choices(completions.TRAINING_PROGRAM, scope=Scope()) == []
    assert completions.list_choices(completions.EVENT, scope=Scope()) == []


def test_path_page_adds_programme_and_event_and_they_count(
    client_for, world, hr_admin, course
):
    from django.apps import apps
    from django.utils import timezone

    program = _program(world, title="Latsar CPNS")
    seminar = _event(world, title="Seminar Gizi")
    client = client_for("hr_admin")
    page = client.get("/elearning/paths/new/").content.decode()
    assert f'name="pos_training.program_{program.pk}"' in page
    assert f'name="pos_events.event_{seminar.pk}"' in page
    assert "Latsar CPNS" in page
    assert "Seminar Gizi" in page
    r = client.post(
        "/elearning/paths/new/",
        {
            "title": "Persiapan pengawas",
            f"pos_{course.pk}": "2",
            f"pos_training.program_{program.pk}": "1",
            f"pos_events.event_{seminar.pk}": "3",
        },
    )
    assert r.status_code == 302
    path = LearningPath.objects.get()
    assert path.agency_id == world.agency.pk
    assert [
        (i.order, i.course_id, i.training_program_id, i.event_id, i.title)
        for i in path.items.all()
    ] == [
        (1, None, program.pk, None, "Latsar CPNS"),
        (2, course.pk, None, None, ""),
        (3, None, None, seminar.pk, "Seminar Gizi"),
    ]
    assert community.path_progress(path, world.employee)["done"] == 0
    # The employee passes the programme and attends the seminar: both count.
    pass_programme(world, program)
    apps.get_model("events", "Registration").objects.create(
        event=seminar,
        employee=world.employee,
        status="registered",
        attended_at=timezone.now(),
    )
    progress = community.path_progress(path, world.employee)
    assert [s for _i, s in progress["items"]] == ["completed", "", "completed"]
    assert (progress["done"], progress["total"], progress["percent"]) == (2, 3, 66)
    # The saved path shows its programme and event by name.
    page = client.get("/elearning/paths/new/").content.decode()
    assert "<li>Latsar CPNS</li>" in page
    assert "<li>Seminar Gizi</li>" in page


def test_path_page_refuses_unknown_or_out_of_scope_ids(
    client_for, world, hr_admin, course, other_agency
):
    agency, unit = other_agency
    elsewhere = _program(world, title="Pelatihan Kota Lain", owner_unit=unit)
    far_event = _event(world, title="Seminar Kota Lain", agency=agency, unit=unit)
    client = client_for("hr_admin")
    page = client.get("/elearning/paths/new/").content.decode()
    assert "Pelatihan Kota Lain" not in page
    assert "Seminar Kota Lain" not in page
    cases = [
        (
            f"pos_training.program_{elsewhere.pk}",
            f"Program pelatihan #{elsewhere.pk} tidak tersedia untuk jalur ini.",
        ),
        (
            f"pos_events.event_{far_event.pk}",
            f"Seminar dan lokakarya #{far_event.pk} tidak tersedia untuk jalur ini.",
        ),
        (
            "pos_events.event_999999",
            "Seminar dan lokakarya #999999 tidak tersedia untuk jalur ini.",
        ),
        ("pos_other.kind_5", "Kegiatan #5 tidak tersedia untuk jalur ini."),
        ("pos_events.event_abc", "Kegiatan yang dipilih tidak dikenal."),
        ("pos_999999", "Kursus #999999 tidak tersedia untuk jalur ini."),
    ]
    for key, message in cases:
        r = client.post(
            "/elearning/paths/new/",
            {"title": "Jalur", f"pos_{course.pk}": "1", key: "2"},
            follow=True,
        )
        assert r.status_code == 200
        assert message in r.content.decode(), key
    r = client.post(
        "/elearning/paths/new/",
        {"title": "Jalur", f"pos_{course.pk}": "satu"},
        follow=True,
    )
    assert "Urutan harus berupa angka 1 atau lebih." in r.content.decode()
    assert LearningPath.objects.count() == 0
    assert LearningPathItem.objects.count() == 0

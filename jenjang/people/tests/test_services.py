import datetime as dt

import pytest
from auditlog.models import LogEntry

from jenjang.core.exceptions import ApplicationError
from jenjang.people.models import Employee, PositionHistory, RankHistory
from jenjang.people.selectors import employee_supervisor
from jenjang.people.services import employee_create, employee_update
from jenjang.people.tests.factories import PositionFactory, rank


def new_employee_data(world, **overrides):
    data = {
        "nip": "199001152015031002",
        "name": "Andi Wijaya",
        "kind": Employee.Kind.PNS,
        "gender": "L",
        "birth_date": dt.date(1990, 1, 15),
        "tmt_cpns": dt.date(2015, 3, 1),
        "position": world.staff_position,
        "position_tmt": dt.date(2019, 1, 1),
        "rank": rank("III/a"),
        "rank_tmt": dt.date(2015, 3, 1),
        "education_level": Employee.Education.S1,
    }
    return data | overrides


def test_create_opens_history_and_follows_the_position_unit(world, hr_admin):
    emp = employee_create(by=hr_admin, **new_employee_data(world))
    assert emp.org_unit == world.dinkes
    assert emp.agency == world.agency
    assert PositionHistory.objects.get(employee=emp).end is None
    assert RankHistory.objects.get(employee=emp).rank.code == "III/a"


def test_create_refuses_a_nip_that_disagrees_with_the_record(world, hr_admin):
    data = new_employee_data(world, birth_date=dt.date(1990, 1, 16))
    with pytest.raises(ApplicationError) as exc:
        employee_create(by=hr_admin, **data)
    assert exc.value.code == "employee_invalid"
    assert exc.value.details == [
        {
            "field": "birth_date",
            "message": "Tanggal lahir tidak sesuai dengan NIP (1990-01-15).",
        }
    ]
    assert not Employee.objects.filter(nip=data["nip"]).exists()


def test_create_refuses_a_pns_rank_for_pppk(world, hr_admin):
    data = new_employee_data(world, kind=Employee.Kind.PPPK)
    with pytest.raises(ApplicationError) as exc:
        employee_create(by=hr_admin, **data)
    assert exc.value.details[0]["message"] == "Golongan III/a bukan golongan PPPK."


def test_create_refuses_a_duplicate_nip(world, hr_admin):
    data = new_employee_data(world, nip=world.employee.nip)
    data |= {
        "birth_date": world.employee.birth_date,
        "tmt_cpns": world.employee.tmt_cpns,
    }
    with pytest.raises(ApplicationError) as exc:
        employee_create(by=hr_admin, **data)
    assert exc.value.code == "nip_taken"


def test_new_position_closes_the_old_history_row(world, hr_admin):
    emp = employee_create(by=hr_admin, **new_employee_data(world))
    employee_update(
        employee=emp,
        by=hr_admin,
        position=world.bpkad_position,
        position_tmt=dt.date(2024, 7, 1),
    )
    rows = list(PositionHistory.objects.filter(employee=emp).order_by("start"))
    assert [(r.position_id, r.end) for r in rows] == [
        (world.staff_position.pk, dt.date(2024, 6, 30)),
        (world.bpkad_position.pk, None),
    ]
    emp.refresh_from_db()
    assert emp.org_unit == world.bpkad


def test_update_writes_an_audit_entry_with_before_and_after(world, hr_admin):
    emp = world.employee
    employee_update(employee=emp, by=hr_admin, phone="081234567890")
    entry = LogEntry.objects.get_for_object(emp).latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == hr_admin
    assert entry.changes_dict["phone"] == ["", "081234567890"]


def test_create_writes_an_audit_entry_for_the_actor(world, hr_admin):
    emp = employee_create(by=hr_admin, **new_employee_data(world))
    entry = LogEntry.objects.get_for_object(emp).get()
    assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, hr_admin)


def test_update_refuses_unknown_fields(world, hr_admin):
    with pytest.raises(ApplicationError) as exc:
        employee_update(employee=world.employee, by=hr_admin, salary=1)
    assert exc.value.code == "unknown_fields"


def test_supervisor_comes_from_the_reporting_line(world):
    assert employee_supervisor(employee=world.employee) == world.supervisor
    assert employee_supervisor(employee=world.puskesmas_employee) == world.supervisor
    assert employee_supervisor(employee=world.supervisor) is None


def test_vacant_superior_passes_to_the_next_one_up(world):
    vacant = PositionFactory(
        org_unit=world.dinkes,
        title="Kepala Bidang (kosong)",
        reports_to=world.head_position,
    )
    world.staff_position.reports_to = vacant
    world.staff_position.save()
    assert employee_supervisor(employee=world.employee) == world.supervisor


def test_reporting_cycle_does_not_loop(world):
    world.head_position.reports_to = world.staff_position
    world.head_position.save()
    # Siti's superior is the staff position, held by Budi and Agus.
    assert employee_supervisor(employee=world.supervisor) in {
        world.employee,
        world.mentor,
    }

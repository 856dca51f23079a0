"""Shared set-ups of the performance tests on top of the root `world`."""

from jenjang.accounts.models import Role, RoleGrant
from jenjang.people.models import Position
from jenjang.people.tests.factories import EmployeeFactory, PositionFactory, UserFactory
from jenjang.performance.models import Period, Skp
from jenjang.performance.services import skp as skp_svc

YEAR = 2025


def add_head_of_department(world):
    """Give the supervisor a superior (Kepala Dinas) with a login."""
    kadis_pos = PositionFactory(
        org_unit=world.root,
        code="KADIS",
        title="Kepala Dinas Kesehatan",
        kind=Position.Kind.JPT_PRATAMA,
    )
    world.head_position.reports_to = kadis_pos
    world.head_position.save()
    user = UserFactory(username="kadis")
    kadis = EmployeeFactory(position=kadis_pos, user=user, name="Hendra Wijaya")
    RoleGrant.objects.create(user=user, role=Role.EMPLOYEE)
    RoleGrant.objects.create(user=user, role=Role.SUPERVISOR)
    return kadis


def supervisor_skp(world, year: int = YEAR) -> Skp:
    """The supervisor's approved SKP with two RHK to cascade from."""
    sup = world.supervisor
    skp = skp_svc.skp_create(employee=sup, year=year, by=sup.user)
    for text in ("Layanan kesehatan dasar meningkat", "Data kesehatan terkelola"):
        rhk = skp_svc.rhk_add(
            skp=skp, text=text, parent_text="Perjanjian kinerja Dinkes", by=sup.user
        )
        skp_svc.indicator_add(
            rhk=rhk,
            text=f"Capaian {text}",
            aspect="kuantitas",
            target="100%",
            by=sup.user,
        )
    Skp.objects.filter(pk=skp.pk).update(status=Skp.Status.APPROVED)
    skp.refresh_from_db()
    return skp


def employee_skp(world, *, year: int = YEAR, approve: bool = True) -> Skp:
    """The employee's SKP cascaded from the supervisor's first RHK."""
    parent = supervisor_skp(world, year).rhks.order_by("id").first()
    user = world.employee.user
    skp = skp_svc.skp_create(employee=world.employee, year=year, by=user)
    rhk = skp_svc.rhk_add(
        skp=skp, text="Laporan data kesehatan bulanan", parent_id=parent.pk, by=user
    )
    skp_svc.indicator_add(
        rhk=rhk, text="Jumlah laporan", aspect="kuantitas", target="12 laporan", by=user
    )
    if approve:
        skp_svc.skp_submit(skp=skp, by=user)
        skp_svc.skp_approve(skp=skp, by=world.supervisor.user)
    return skp


def period(skp: Skp, number: int = 1, *, annual: bool = False) -> Period:
    return skp.performance_year.periods.get(
        kind=Period.Kind.ANNUAL if annual else Period.Kind.PERIODIC, number=number
    )

"""`jenjang demo`: the regency, its logins, and national-shape data."""

import datetime as dt
import io
import random

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jenjang.accounts.models import Role, RoleGrant, User
from jenjang.people.demo import (
    DEGREES,
    DEMO_AGENCY_CODE,
    DEMO_BACKUP_CODES,
    DEMO_PASSWORD,
    LOGINS,
    NipAllocator,
    plan_career,
    split_evenly,
)
from jenjang.people.demo import JOBS as DEMO_JOBS
from jenjang.people.demo.catalogue import JOB_FIELDS, RANK_CODES
from jenjang.people.demo.national import national_rows
from jenjang.people.demo.rows import WRITE_ORDER, Generator, IdAllocator, Refs
from jenjang.people.models import (
    Agency,
    Employee,
    OrgUnit,
    Position,
    PositionHistory,
    RankHistory,
)
from jenjang.people.nip import parse_nip
from jenjang.people.selectors import employee_supervisor
from jenjang.people.services import EMPLOYEE_FIELDS, employee_record_errors

USERNAMES = [spec.username for spec in LOGINS]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def record(employee: Employee) -> dict:
    return {f: getattr(employee, f) for f in EMPLOYEE_FIELDS}


def counts() -> dict[str, int]:
    models = (Agency, OrgUnit, Position, Employee, PositionHistory, RankHistory)
    models += (User, RoleGrant, TOTPDevice, StaticToken)
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.sqlite
@pytest.mark.django_db
def test_demo_builds_a_valid_regency():
    output = run()

    agency = Agency.objects.get(code=DEMO_AGENCY_CODE)
    assert agency.name == "Pemerintah Kabupaten Contoh"
    employees = list(
        Employee.objects.select_related("position__reports_to", "rank", "org_unit")
    )
    assert 750 <= len(employees) <= 850
    assert {e.agency_id for e in employees} == {agency.pk}
    for employee in employees:
        assert employee_record_errors(record(employee)) == [], employee.nip
        assert employee.org_unit_id == employee.position.org_unit_id
        assert employee.position_tmt <= timezone.localdate()
    assert len({e.nip for e in employees}) == len(employees)
    pppk = [e for e in employees if e.kind == Employee.Kind.PPPK]
    assert 20 <= len(pppk) <= 150
    assert {e.rank.code for e in pppk} <= {"V", "VI", "VII", "VIII", "IX", "X", "XI"}

    tops = [e for e in employees if employee_supervisor(employee=e) is None]
    assert [(e.position.title, e.position.kind) for e in tops] == [
        ("Sekretaris Daerah", Position.Kind.JPT_PRATAMA)
    ]
    for name in (
        "Sekretariat Daerah",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Dinas Kesehatan",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "Dinas Pendidikan",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "RSUD Kabupaten Contoh",
    ):
        assert OrgUnit.objects.filter(agency=agency, name=name).count() == 1, name
    dinkes = OrgUnit.objects.get(code="3399.DINKES")
    puskesmas = OrgUnit.objects.filter(
        path__startswith=dinkes.path, name__startswith="UPTD Puskesmas"
    )
    assert puskesmas.count() == 6
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    assert f"{len(employees)} pegawai" in output


@pytest.mark.django_db
def test_demo_ranks_fit_positions_and_history_is_consistent():
    run()
    heads = Employee.objects.filter(
        position__kind__in=[Position.Kind.JPT_PRATAMA, Position.Kind.ADMINISTRATOR]
    ).values_list("rank__code", flat=True)
    assert set(heads) <= {"IV/a", "IV/b", "IV/c"}
    for employee in Employee.objects.filter(kind=Employee.Kind.PNS).select_related(
        "rank"
    )[:200]:
        ranks = list(employee.rank_history.order_by("start"))
        assert ranks[0].start == employee.tmt_cpns
        assert ranks[-1].rank_id == employee.rank_id
        assert ranks[-1].start == employee.rank_tmt
        assert ranks[-1].end is None
        for before, after in zip(ranks, ranks[1:], strict=False):
            assert before.end == after.start - dt.timedelta(days=1)
        positions = list(employee.position_history.order_by("start"))
        assert positions[-1].position_id == employee.position_id
        assert positions[-1].start == employee.position_tmt
        assert positions[0].start >= employee.tmt_cpns
    seniors = PositionHistory.objects.values("employee").annotate(n=Count("id"))
    assert seniors.filter(n__gt=1).count() > 20


@pytest.mark.django_db
def test_demo_creates_one_login_per_role_with_scope_and_two_factor():
    output = run()
    agency = Agency.objects.get(code=DEMO_AGENCY_CODE)
    dinkes = OrgUnit.objects.get(code="3399.DINKES")

    def grants(username):
        return set(
            RoleGrant.objects.filter(user__username=username).values_list(
                "role", "agency_id", "org_unit_id"
            )
        )

    assert grants("pegawai") == {(Role.EMPLOYEE, None, None)}
    assert grants("atasan") == {
        (Role.EMPLOYEE, None, None),
        (Role.SUPERVISOR, None, None),
    }
    assert grants("mentor") == {(Role.EMPLOYEE, None, None), (Role.MENTOR, None, None)}
    assert grants("penyelenggara") == {(Role.ORGANISER, agency.pk, None)}
    assert grants("admin.bkpsdm") == {(Role.HR_ADMIN, agency.pk, None)}
    assert grants("admin.dinkes") == {(Role.HR_ADMIN, None, dinkes.pk)}
    assert grants("pimpinan") == {(Role.LEADER, None, dinkes.pk)}
    assert grants("superadmin") == {(Role.SUPERADMIN, None, None)}

    users = {u.username: u for u in User.objects.all()}
    assert set(users) == set(USERNAMES)
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
    assert users["superadmin"].is_superuser
    assert users["admin.bkpsdm"].is_staff
    assert users["admin.dinkes"].is_staff

    people = {
        e.user.username: e
        for e in Employee.objects.filter(user__isnull=False).select_related(
            "user", "position", "org_unit"
        )
    }
    assert set(people) == set(USERNAMES) - {"superadmin"}
    pegawai = people["pegawai"]
    assert pegawai.kind == Employee.Kind.PNS
    assert pegawai.org_unit.path.startswith(dinkes.path)
    assert employee_supervisor(employee=pegawai) == people["atasan"]
    assert people["atasan"].position.kind == Position.Kind.PENGAWAS
    assert people["mentor"].position.functional_level == "ahli_madya"
    assert people["pimpinan"].position.title == "Kepala Dinas Kesehatan"
    assert people["admin.bkpsdm"].org_unit.name.startswith("Seksi Mutasi")
    assert people["admin.dinkes"].org_unit.path.startswith(dinkes.path)

    for username in ("admin.bkpsdm", "admin.dinkes", "superadmin"):
        user = users[username]
        assert TOTPDevice.objects.get(user=user).confirmed
        tokens = set(
            StaticToken.objects.filter(device__user=user).values_list(
                "token", flat=True
            )
        )
        assert tokens == set(DEMO_BACKUP_CODES)
        assert f"{username}: otpauth://totp/" in output
    for username in ("pegawai", "atasan", "mentor", "penyelenggara", "pimpinan"):
        assert not TOTPDevice.objects.filter(user=users[username]).exists()
    for username in USERNAMES:
        assert f" {username} " in output
    assert DEMO_PASSWORD in output
    assert DEMO_BACKUP_CODES[0] in output


@pytest.mark.sqlite
@pytest.mark.django_db
def test_demo_run_twice_changes_nothing_and_tops_up_backup_codes():
    run()
    before = counts()
    user = User.objects.get(username="admin.bkpsdm")
    StaticToken.objects.filter(device__user=user, token=DEMO_BACKUP_CODES[0]).delete()

    output = run()

    assert counts() == before
    assert "sudah ada" in output
    for username in USERNAMES:
        assert f" {username} " in output
    assert StaticToken.objects.filter(
        device__user=user, token=DEMO_BACKUP_CODES[0]
    ).exists()


@pytest.mark.django_db
def test_national_shape_creates_exactly_n_valid_employees():
    output = run("--employees", "2000", "--seed", "7")

    assert Employee.objects.count() == 2000
    assert "2000 pegawai" in output
    assert not Employee.objects.exclude(org_unit=F("position__org_unit")).exists()
    assert not Employee.objects.exclude(agency=F("position__agency")).exists()
    nips = list(Employee.objects.values_list("nip", flat=True))
    assert len(set(nips)) == 2000
    for employee in Employee.objects.select_related("rank", "position")[:500]:
        assert employee_record_errors(record(employee)) == [], employee.nip
        if employee.kind == Employee.Kind.PNS:
            parse_nip(employee.nip)
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    units = OrgUnit.objects.count()
    assert 25 <= units <= 60
    assert OrgUnit.objects.filter(depth__gte=3).exists()
    # Every position but each agency's top one reports to the head of its unit
    # or of the parent unit, so every employee but the top has a supervisor.
    tops = Position.objects.filter(reports_to=None)
    assert tops.count() == Agency.objects.count()
    assert PositionHistory.objects.count() == 2000
    assert RankHistory.objects.count() == 2000
    # No one can sign in without --with-logins; the talent step's stand-in
    # for the agencies' HR (who confirms placements) is inactive, no password.
    assert not User.objects.filter(is_active=True).exists()
    assert not any(u.has_usable_password() for u in User.objects.all())


def _national_people(seed: int) -> list[tuple]:
    ranks = {code: n for n, code in enumerate(["V", "VII", "IX", "X", "XI"], 100)}
    ranks |= {code: n for n, code in enumerate(RANK_CODES.values(), 1)}
    gen = Generator(
        rng=random.Random(f"{seed}:national"),
        today=dt.date(2026, 6, 15),
        ids=IdAllocator(dict.fromkeys(WRITE_ORDER, 1)),
        refs=Refs(ranks=ranks, fields={code: 1 for code in JOB_FIELDS}),
        nips=NipAllocator(range(100, 1000)),
        full_history=False,
        emails=None,
    )
    rows = national_rows(gen, employees=3000, root_step=1, progress=lambda n: None)
    return [
        (row["nip"], row["name"], row["position_id"])
        for model, row in rows
        if model is Employee
    ]


def test_national_shape_is_deterministic():
    first = _national_people(seed=3)
    assert len(first) == 3000
    assert len({nip for nip, _name, _position in first}) == 3000
    assert _national_people(seed=3) == first
    assert _national_people(seed=4) != first


@pytest.mark.django_db
def test_national_shape_refuses_a_second_run():
    run("--employees", "50")
    with pytest.raises(CommandError, match="sudah ada"):
        run("--employees", "50")
    assert Employee.objects.count() == 50


@pytest.mark.django_db
def test_national_shape_with_logins():
    output = run("--employees", "600", "--with-logins")
    active = User.objects.filter(is_active=True)
    assert set(active.values_list("username", flat=True)) == set(USERNAMES)
    pegawai = Employee.objects.get(user__username="pegawai")
    atasan = Employee.objects.get(user__username="atasan")
    assert employee_supervisor(employee=pegawai) == atasan
    linked = Employee.objects.filter(user__isnull=False)
    assert sorted(linked.values_list("user__username", flat=True)) == sorted(
        set(USERNAMES) - {"superadmin"}
    )
    pimpinan = Employee.objects.get(user__username="pimpinan")
    assert (
        RoleGrant.objects.get(user__username="pimpinan").org_unit == pimpinan.org_unit
    )
    for username in USERNAMES:
        assert f" {username} " in output


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "-5"])
def test_national_shape_rejects_a_bad_count(value):
    with pytest.raises(CommandError, match="bilangan bulat positif"):
        run("--employees", value)
    assert not Employee.objects.exists()


def test_nip_allocator_never_repeats_a_number_in_a_crowded_cell():
    nips = NipAllocator(range(100, 1000))
    numbers = {
        nips.pns(birth_year=1980, birth_month=5, gender="P", tmt_year=2005)[2]
        for _ in range(5000)
    }
    numbers |= {
        nips.pppk(birth_year=1980, birth_month=5, gender="P", tmt_year=2022)[1]
        for _ in range(2000)
    }
    assert len(numbers) == 7000
    for number in list(numbers)[:500]:
        if number[12:14] != "21":
            parse_nip(number)


@pytest.mark.parametrize("key", sorted(DEMO_JOBS))
def test_careers_fit_the_job_and_agree_with_the_nip(key):
    job = DEMO_JOBS[key]
    rng = random.Random(key)
    nips = NipAllocator(range(1, 100))
    today = dt.date(2026, 6, 15)
    for _n in range(40):
        education = rng.choice(job.degrees)
        career = plan_career(
            rng,
            job=job,
            education=DEGREES[education].education,
            gender="L",
            today=today,
            nips=nips,
        )
        age = (today - career.birth).days / 365.25
        assert 18 <= age <= 60
        assert career.birth < career.tmt <= career.position_tmt <= today
        starts = [start for _code, start in career.ranks]
        assert starts == sorted(set(starts))
        assert starts[0] == career.tmt
        assert starts[-1] <= today
        if career.kind == "PNS":
            info = parse_nip(career.nip)
            assert (info.birth_date, info.tmt_year, info.tmt_month) == (
                career.birth,
                career.tmt.year,
                career.tmt.month,
            )


def test_split_evenly_sums_exactly():
    assert split_evenly(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(split_evenly(1_000_003, [0.3, 2.5, 1.1, 7.0])) == 1_000_003
    assert split_evenly(0, [1, 2]) == [0, 0]

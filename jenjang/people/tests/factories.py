"""Factories for the registry. Valid NIPs that agree with the record."""

import datetime as dt
import itertools

import factory
from factory.django import DjangoModelFactory

from jenjang.accounts.models import User
from jenjang.people.models import Agency, Employee, JobField, OrgUnit, Position, Rank
from jenjang.people.nip import build_nip

_sequence = itertools.count(1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "Rahasia-123!")
        if create:
            obj.save(update_fields=["password"])


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"A{n:04d}")
    name = factory.Sequence(lambda n: f"Pemerintah Kabupaten Uji {n}")
    kind = Agency.Kind.REGIONAL


def make_unit(
    name: str, *, agency: Agency, parent: OrgUnit | None = None, code: str = ""
) -> OrgUnit:
    code = code or f"U{next(_sequence):06d}"
    if parent is None:
        return OrgUnit.objects.add_root(dict(agency=agency, name=name, code=code))
    return OrgUnit.objects.add_child(
        OrgUnit.objects.get(pk=parent.pk), dict(agency=agency, name=name, code=code)
    )


class JobFieldFactory(DjangoModelFactory):
    class Meta:
        model = JobField
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"field-{n}")
    name = factory.Sequence(lambda n: f"Rumpun {n}")


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    org_unit = None  # required: pass org_unit=
    agency = factory.LazyAttribute(lambda o: o.org_unit.agency)
    code = factory.Sequence(lambda n: f"J{n:05d}")
    title = factory.Sequence(lambda n: f"Pengadministrasi Umum {n}")
    kind = Position.Kind.PELAKSANA
    functional_level = ""


def ensure_ranks() -> None:
    """Seed the rank table if a transactional test flushed the migration's rows."""
    from jenjang.people.ranks import rank_rows

    if not Rank.objects.exists():
        Rank.objects.bulk_create([Rank(**row) for row in rank_rows()])


def rank(code: str) -> Rank:
    ensure_ranks()
    return Rank.objects.get(code=code)


class EmployeeFactory(DjangoModelFactory):
    class Meta:
        model = Employee

    class Params:
        seq = factory.Sequence(lambda n: n % 999 + 1)

    name = factory.Faker("name", locale="id_ID")
    kind = Employee.Kind.PNS
    gender = Employee.Gender.MALE
    birth_date = dt.date(1985, 3, 14)
    tmt_cpns = dt.date(2010, 1, 1)
    nip = factory.LazyAttribute(
        lambda o: build_nip(
            birth_date=o.birth_date,
            tmt_year=o.tmt_cpns.year,
            tmt_month=o.tmt_cpns.month,
            gender=o.gender,
            sequence=o.seq,
        )
    )
    position = None  # required: pass position=
    agency = factory.LazyAttribute(lambda o: o.position.agency)
    org_unit = factory.LazyAttribute(lambda o: o.position.org_unit)
    position_tmt = dt.date(2020, 1, 1)
    rank = factory.LazyFunction(lambda: rank("III/a"))
    rank_tmt = dt.date(2018, 4, 1)
    education_level = Employee.Education.S1

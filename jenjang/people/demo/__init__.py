"""Demo data: the fictional regency Pemerintah Kabupaten Contoh, and national-shape data.

`run_demo()` runs the registered steps in order inside one transaction. This
package registers two: "people" (the regency's registry, about 800
employees) and "logins" (one account per role). Each later area
(competencies, training, mentoring, …) adds its own step from its
`AppConfig.ready()`::

    from jenjang.people.demo import register_step
    register_step("training", build_training_demo, order=40)

so that `jenjang demo` grows with the project. A step gets the DemoContext
(the demo agency, today, its own seeded random generator, the demo users
by username) and must be idempotent: it looks for its own data first.

`build_national()` (national.py) makes N employees over generated agencies
for benchmarks. The modules:

- catalogue.py: degrees, rank tables, jobs, the regency's outline;
- careers.py: ages, TMT dates, rank histories, unique NIPs (pure);
- rows.py: rows as dicts with their keys, and the batch writer (COPY on
  PostgreSQL);
- national.py: the national shape;
- logins.py: the demo accounts and their second factor.

Ranks follow domain file §8: a PNS starts at the rank of the education they
were appointed with, is promoted about every four years (a little faster in
managerial and functional posts), is capped by education for regular
promotion, and holds a rank that fits the position. NIPs follow Perka BKN
22/2007 (domain file §9).
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.models import User
from jenjang.people.demo.careers import NipAllocator, plan_career
from jenjang.people.demo.catalogue import (
    BATCH_SIZE,
    DEFAULT_SEED,
    DEGREES,
    DEMO_AGENCY_CODE,
    DEMO_AGENCY_NAME,
    DEMO_BACKUP_CODES,
    DEMO_PASSWORD,
    DEMO_SEQUENCES,
    JOBS,
)
from jenjang.people.demo.logins import (
    LOGINS,
    LoginRow,
    ensure_logins,
    format_logins,
    regency_login_targets,
)
from jenjang.people.demo.national import (
    NationalResult,
    build_national,
    split_evenly,
)
from jenjang.people.demo.rows import (
    Generator,
    IdAllocator,
    Refs,
    RowWriter,
    next_root_step,
    regency_rows,
)
from jenjang.people.models import Agency, Employee, OrgUnit

__all__ = [
    "BATCH_SIZE",
    "DEFAULT_SEED",
    "DEGREES",
    "DEMO_AGENCY_CODE",
    "DEMO_BACKUP_CODES",
    "DEMO_PASSWORD",
    "JOBS",
    "LOGINS",
    "DemoContext",
    "NationalResult",
    "NipAllocator",
    "build_national",
    "format_logins",
    "plan_career",
    "register_step",
    "run_demo",
    "split_evenly",
]


@dataclass
class DemoContext:
    """What the steps share: the demo agency, today, the accounts made."""

    seed: int
    today: dt.date
    write: Callable[[str], None]
    agency: Agency | None = None
    created: bool = False  # the people step built the regency in this run
    logins: list[LoginRow] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)

    def rng(self, step: str) -> random.Random:
        """Return a generator of the step's own: adding a step changes no other data."""
        return random.Random(f"{self.seed}:{step}")


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    run: Callable[[DemoContext], None]


_STEPS: dict[str, DemoStep] = {}


def register_step(name: str, run: Callable[[DemoContext], None], *, order: int) -> None:
    """Add an idempotent step to `jenjang demo` (people is 10, logins 20)."""
    _STEPS[name] = DemoStep(name, order, run)


def demo_steps() -> list[DemoStep]:
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.name))


def run_demo(
    *, seed: int = DEFAULT_SEED, write: Callable[[str], None] = print
) -> DemoContext:
    """Build (or complete) the demo regency; return the context with its logins."""
    ctx = DemoContext(seed=seed, today=timezone.localdate(), write=write)
    with transaction.atomic():
        for step in demo_steps():
            step.run(ctx)
    return ctx


def _people_step(ctx: DemoContext) -> None:
    ctx.agency = Agency.objects.filter(code=DEMO_AGENCY_CODE).first()
    if ctx.agency is not None:
        ctx.write(_("Data demo sudah ada; tidak dibuat ulang."))
        return
    ctx.agency = Agency.objects.create(
        code=DEMO_AGENCY_CODE, name=DEMO_AGENCY_NAME, kind=Agency.Kind.REGIONAL
    )
    gen = Generator(
        rng=ctx.rng("people"),
        today=ctx.today,
        ids=IdAllocator.from_db(),
        refs=Refs.load(),
        nips=NipAllocator(DEMO_SEQUENCES),
    )
    writer = RowWriter()
    writer.add_all(regency_rows(gen, agency=ctx.agency, root_step=next_root_step()))
    writer.finish()
    ctx.created = True
    ctx.write(
        _("%(agency)s dibuat: %(units)d unit kerja, %(people)d pegawai.")
        % {
            "agency": DEMO_AGENCY_NAME,
            "units": writer.counts[OrgUnit],
            "people": writer.counts[Employee],
        }
    )


def _logins_step(ctx: DemoContext) -> None:
    ctx.logins = ensure_logins(regency_login_targets(ctx.agency))
    usernames = [spec.username for spec in LOGINS]
    ctx.users = {u.username: u for u in User.objects.filter(username__in=usernames)}


register_step("people", _people_step, order=10)
register_step("logins", _logins_step, order=20)

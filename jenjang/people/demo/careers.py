"""Careers: ages, TMT dates, rank histories and unique NIPs that agree with them.

Pure functions of a seeded `random.Random` and today's date.
"""

import datetime as dt
import random
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jenjang.core.exceptions import ApplicationError
from jenjang.people.demo.catalogue import (
    AMD,
    CAP_RANK,
    ENTRY_AGE,
    FEMALE_FIRST,
    FEMALE_LAST,
    MALE_FIRST,
    MALE_LAST,
    PHONE_PREFIXES,
    PPPK_GRADE,
    RANK_BAND,
    RANK_CODES,
    START_RANK,
    Job,
    K,
)
from jenjang.people.nip import build_nip

# --- dates, names, NIPs -----------------------------------------------------------


def years_before(day: dt.date, years: float) -> dt.date:
    return day - dt.timedelta(days=int(years * 365.25))


def _years_after(day: dt.date, years: float) -> dt.date:
    return day + dt.timedelta(days=int(years * 365.25))


def _kp_floor(day: dt.date) -> dt.date:
    """Return the last promotion date (1 April or 1 October) on or before `day`."""
    if day.month >= 10:
        return dt.date(day.year, 10, 1)
    if day.month >= 4:
        return dt.date(day.year, 4, 1)
    return dt.date(day.year - 1, 10, 1)


def _kp_ceil(day: dt.date) -> dt.date:
    """Return the first promotion date (1 April or 1 October) on or after `day`."""
    floor = _kp_floor(day)
    if floor == day:
        return day
    if floor.month == 4:
        return dt.date(floor.year, 10, 1)
    return dt.date(floor.year + 1, 4, 1)


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


class NipAllocator:
    """Hand out unique NIPs by construction, in memory that does not grow with N.

    The caller picks the coarse parts (birth year and month, gender, TMT
    year); the allocator numbers people within that cell and turns the
    number into a birth day, a TMT month and a sequence number. Two people in
    one cell always get different numbers, and people in different cells
    differ in the coarse digits, so no two NIPs are equal. There are at most
    a few tens of thousands of cells, whatever N is.
    """

    DAYS = 28  # every month has them
    FINE = DAYS * 12

    def __init__(self, sequences: range) -> None:
        self.sequences = sequences
        self._counts: dict[tuple, int] = {}

    def _next(self, cell: tuple, capacity: int) -> tuple[int, int]:
        n = self._counts.get(cell, 0)
        self._counts[cell] = n + 1
        # 97 is prime to both capacities, so n -> spread is one-to-one.
        spread = (n * 97 + self._offset(cell)) % capacity
        seq = self.sequences.start + n // capacity
        if seq >= self.sequences.stop:
            raise ApplicationError("demo_nip_space", _("Ruang NIP demo habis."))
        return spread, seq

    @staticmethod
    def _offset(cell: tuple) -> int:
        # Deterministic (unlike hash() of a str): the same seed gives the same NIPs.
        _kind, birth_year, birth_month, gender, tmt_year = cell
        return birth_year * 31 + birth_month * 7 + tmt_year * 13 + (gender == "P")

    def pns(
        self, *, birth_year: int, birth_month: int, gender: str, tmt_year: int
    ) -> tuple[dt.date, dt.date, str]:
        """Return (birth date, TMT CPNS, NIP)."""
        fine, seq = self._next(
            ("PNS", birth_year, birth_month, gender, tmt_year), self.FINE
        )
        birth = dt.date(birth_year, birth_month, fine % self.DAYS + 1)
        tmt = dt.date(tmt_year, fine // self.DAYS + 1, 1)
        nip = build_nip(
            birth_date=birth,
            tmt_year=tmt.year,
            tmt_month=tmt.month,
            gender=gender,
            sequence=seq,
        )
        return birth, tmt, nip

    def pppk(
        self, *, birth_year: int, birth_month: int, gender: str, tmt_year: int
    ) -> tuple[dt.date, str]:
        """Return (birth date, NI PPPK).

        The NI PPPK pattern is unconfirmed (domain file §9); this follows the
        observed shape: birth date, TMT year, "21", gender, sequence. Digits
        13–14 are "21", never a month, so it cannot equal a PNS NIP.
        """
        fine, seq = self._next(
            ("PPPK", birth_year, birth_month, gender, tmt_year), self.DAYS
        )
        birth = dt.date(birth_year, birth_month, fine + 1)
        number = f"{birth:%Y%m%d}{tmt_year:04d}21{1 if gender == 'L' else 2}{seq:03d}"
        return birth, number


def _handle(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


HANDLES = {
    n: _handle(n) for n in (*MALE_FIRST, *FEMALE_FIRST, *MALE_LAST, *FEMALE_LAST)
}


def person_name(rng: random.Random, gender: str) -> tuple[str, str]:
    """Return an Indonesian name (Faker id_ID lists) and a handle for its e-mail."""
    first_names = MALE_FIRST if gender == "L" else FEMALE_FIRST
    parts = [rng.choice(first_names)]
    roll = rng.random()
    if roll < 0.3:
        parts.append(rng.choice(first_names))
    if roll > 0.12:
        parts.append(rng.choice(MALE_LAST if gender == "L" else FEMALE_LAST))
    return " ".join(parts), f"{HANDLES[parts[0]]}.{HANDLES[parts[-1]]}"


def nik_for(rng: random.Random, region: str, birth: dt.date, gender: str) -> str:
    day = birth.day + (40 if gender == "P" else 0)
    return (
        f"{region}{rng.randint(1, 20):02d}{day:02d}{birth:%m}{birth.year % 100:02d}"
        f"{rng.randint(1, 9999):04d}"
    )


def phone_number(rng: random.Random) -> str:
    return f"0{rng.choice(PHONE_PREFIXES)}{rng.randint(10_000_000, 99_999_999)}"


# --- careers --------------------------------------------------------------------


@dataclass
class Career:
    kind: str
    birth: dt.date
    tmt: dt.date
    nip: str
    ranks: list[tuple[str, dt.date]]  # (rank code, TMT), oldest first
    position_tmt: dt.date
    regular: bool


def _retirement_age(job: Job) -> int:
    """Batas usia pensiun: 60 for JPT, ahli madya and teachers, else 58 (UU ASN)."""
    if job.kind in (K.JPT_UTAMA, K.JPT_MADYA, K.JPT_PRATAMA) or job.level == AMD:
        return 60
    return 60 if job.field == "pendidikan" and job.kind == K.FUNGSIONAL else 58


@dataclass(frozen=True)
class _Plan:
    start: int  # rank at appointment as CPNS
    low: int  # lowest rank the position takes
    target: int  # rank now
    service: float  # years since TMT CPNS
    in_rank: float  # years in the current rank
    entry_age: float


def _entry_education(rng: random.Random, education: str) -> str:
    """Return the education a PNS was appointed with.

    Most holders of a master's degree were appointed with a bachelor's and
    studied on; some graduates were appointed with SMA or D3.
    """
    if education in ("S2", "S3") and rng.random() < 0.75:
        return "S1"
    if education in ("S1", "D4") and rng.random() < 0.12:
        return rng.choice(("SMA", "D3"))
    return education


def _pns_plan(rng: random.Random, job: Job, education: str) -> _Plan:
    """Plan a PNS career that ends in `job`, drawing its length first.

    Entry rank by education; regular promotion (pelaksana) about every four
    years up to the education cap (domain file §8.2), where many wait for
    the rest of their career; managerial and functional posts move a little
    faster (kenaikan pangkat pilihan), never faster than two years a step,
    and within the position's rank band. Years of service lean long, as in
    the real registry, and stop short of retirement (58, or 60) and of the
    point where the holder would have outgrown the position's band.
    """
    entered_with = _entry_education(rng, education)
    start = START_RANK[entered_with]
    if job.kind == K.PELAKSANA:
        low, high = start, max(start, CAP_RANK[education])
        gap = rng.uniform(4.0, 4.8)
    else:
        low, high = RANK_BAND[job.level or job.kind]
        low, high = max(low, start), max(high, low, start)
        gap = rng.uniform(3.0, 4.5)
    entry = rng.uniform(*ENTRY_AGE[entered_with])
    shortest = 2.5 + (low - start) * 2.0  # the fastest way into the band
    longest = _retirement_age(job) - 1.0 - entry
    lean = 0.85
    if job.kind == K.FUNGSIONAL:  # past this, they would hold the next jenjang
        longest = min(longest, 1.5 + (high + 1 - start) * gap + 6.0)
        lean = 0.2
    longest = max(longest, shortest)
    service = rng.triangular(shortest, longest, shortest + lean * (longest - shortest))
    target = max(low, min(high, start + int((service - 1.5) / gap)))
    steps = target - start
    in_rank = min(max(0.5, service - 1.5 - steps * gap), service - 1.5 - steps)
    return _Plan(start, low, target, service, in_rank, entry)


def _promotions(
    tmt: dt.date, today: dt.date, steps: int, in_rank: float
) -> list[dt.date]:
    """Return the TMT of the first rank and of each promotion after it.

    Promotions fall on 1 April or 1 October, at least a year apart.
    """
    if steps == 0:
        return [tmt]
    last = max(
        _kp_floor(years_before(today, in_rank)), _kp_ceil(_years_after(tmt, steps))
    )
    last = min(last, _kp_floor(today))
    span = (last - tmt).days
    middle = [
        _kp_floor(tmt + dt.timedelta(days=span * k // steps)) for k in range(1, steps)
    ]
    return [tmt, *middle, last]


def plan_career(
    rng: random.Random,
    *,
    job: Job,
    education: str,
    gender: str,
    today: dt.date,
    nips: NipAllocator,
) -> Career:
    """Return a plausible career for one holder of `job`, with a unique NIP."""
    if rng.random() < job.pppk_share:
        return _pppk_career(rng, job, education, gender, today, nips)
    plan = _pns_plan(rng, job, education)
    tmt_guess = years_before(today, plan.service)
    birth_guess = years_before(tmt_guess, plan.entry_age)
    birth, tmt, nip = nips.pns(
        birth_year=birth_guess.year,
        birth_month=birth_guess.month,
        gender=gender,
        tmt_year=tmt_guess.year,
    )
    dates = _promotions(tmt, today, plan.target - plan.start, plan.in_rank)
    ranks = [(RANK_CODES[plan.start + i], day) for i, day in enumerate(dates)]
    qualified = dates[min(plan.low - plan.start, len(dates) - 1)]
    if job.kind == K.PELAKSANA:
        position_tmt = _between(rng, tmt, today)
    elif job.kind == K.FUNGSIONAL:
        position_tmt = _between(rng, qualified, min(_years_after(qualified, 1), today))
    else:
        window = max(qualified, years_before(today, 6))
        position_tmt = _between(rng, window, today - dt.timedelta(days=30))
    regular = job.kind == K.PELAKSANA
    return Career("PNS", birth, tmt, nip, ranks, min(position_tmt, today), regular)


def _pppk_career(rng, job, education, gender, today, nips) -> Career:
    """PPPK: appointed from 2021 on, golongan by education (domain file §8.1)."""
    tmt_year = rng.randint(2021, max(2021, today.year - 1))
    birth_year = tmt_year - rng.randint(ENTRY_AGE[education][0] + 1, 45)
    birth, number = nips.pppk(
        birth_year=birth_year,
        birth_month=rng.randint(1, 12),
        gender=gender,
        tmt_year=tmt_year,
    )
    tmt = min(dt.date(tmt_year, rng.choice((1, 3, 4, 7, 10)), 1), today)
    return Career(
        "PPPK", birth, tmt, number, [(PPPK_GRADE[education], tmt)], tmt, False
    )

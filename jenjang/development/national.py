"""National-shape JP ledger: about ten postings per employee a year, three years.

Postings only (no reversals), each its own source ("national", its id), so
the ledger's one-posting-per-source rule holds. The mix of forms gives an
average of about 2.5 JP a posting, so roughly half of the people reach the
20 JP target in a year, as in the compliance reports of real agencies.
"""

import datetime as dt
from decimal import Decimal

from jenjang.development.models import DevelopmentForm, LedgerEntry
from jenjang.people.national import register_national_step

# (SIASN form code, title, unit, quantity, JP) with a weight each.
POSTINGS = (
    (22, "Belajar mandiri: membaca modul", "minutes", 90, "1.00", 30),
    (23, "Komunitas belajar unit kerja", "minutes", 90, "1.00", 20),
    (16, "Kursus e-learning", "minutes", 135, "2.00", 20),
    (9, "Seminar", "day", 1, "4.00", 8),
    (4, "Workshop", "day", 1, "5.00", 5),
    (14, "Coaching dengan atasan", "session", 1, "2.00", 8),
    (8, "Bimbingan teknis", "day", 2, "10.00", 4),
    (3, "Diklat teknis", "day", 5, "30.00", 1),
)
PER_YEAR = 10
SOURCE_TYPE = "national"


def build_ledger(ctx, writer) -> None:
    rng = ctx.rng("jp-ledger")
    forms = dict(DevelopmentForm.objects.values_list("siasn_code", "id"))
    kinds = [
        (forms[code], title, unit, Decimal(qty), Decimal(jp))
        for code, title, unit, qty, jp, _w in POSTINGS
    ]
    weights = [w for *_rest, w in POSTINGS]
    start = dt.date(ctx.years()[0], 1, 1)
    span = (ctx.today - start).days
    per_person = round(PER_YEAR * (span + 1) / 365.25)
    bar = ctx.progress("jp-ledger", ctx.employees)
    days = [start + dt.timedelta(days=n) for n in range(span + 1)]
    for chunk in ctx.employee_chunks():
        for person in chunk:
            count = max(0, per_person + rng.randint(-6, 6))
            for kind in rng.choices(kinds, weights, k=count):
                form_id, title, unit, qty, jp = kind
                entry_id = writer.ids(LedgerEntry)
                writer.add(
                    LedgerEntry,
                    {
                        "id": entry_id,
                        "employee_id": person.id,
                        "occurred_on": rng.choice(days),
                        "jp": jp,
                        "form_id": form_id,
                        "title": title,
                        "kind": "posting",
                        "source_type": SOURCE_TYPE,
                        "source_id": str(entry_id),
                        "quantity": qty,
                        "unit": unit,
                    },
                )
        bar(len(chunk))


register_national_step("jp-ledger", build_ledger, order=40)

"""National-shape JP ledger: about ten postings per employee a year, three years.

Postings only (no reversals), each its own source ("national", its id), so
the ledger's one-posting-per-source rule holds. The mix of forms gives an
average of about 2.5 JP a posting, so roughly half of the people reach the
20 JP target in a year, as in the compliance reports of real agencies.
"""

import datetime as dt
from decimal import Decimal

from django.db import connection

from jenjang.development.models import DevelopmentForm, JpYearTotal, LedgerEntry
from jenjang.development.services.jp_totals import jp_totals_rebuild
from jenjang.people.national import TableLoad, register_national_step

# (SIASN form code, title, unit, quantity, JP) with a weight each.
POSTINGS = (
    (22, "Belajar mandiri: membaca modul", "minutes", 90, "1.00", 34),
    (23, "Komunitas belajar unit kerja", "minutes", 90, "1.00", 20),
    (16, "Kursus e-learning", "minutes", 135, "2.00", 20),
    (9, "Seminar", "day", 1, "4.00", 8),
    (4, "Workshop", "day", 1, "5.00", 5),
    (14, "Coaching dengan atasan", "session", 1, "2.00", 8),
    (8, "Bimbingan teknis", "day", 2, "10.00", 4),
    (3, "Diklat teknis", "day", 5, "30.00", 1),
)
PER_YEAR = 10
assert sum(row[-1] for row in POSTINGS) == 100  # the SQL path picks by percent
SOURCE_TYPE = "national"


def build_ledger(ctx, writer) -> None:
    if connection.vendor == "postgresql" and writer.use_copy:
        _build_ledger_in_sql(ctx)
    else:
        _build_ledger_rows(ctx, writer)
        writer.flush()
    # The postings bypass ledger_post: sum them into the yearly totals.
    ctx.counts[JpYearTotal._meta.label] = jp_totals_rebuild()


def _build_ledger_rows(ctx, writer) -> None:
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


# On PostgreSQL the server draws the postings itself, one statement per chunk
# of employees: tens of millions of rows never pass through Python (about
# ten times faster than COPY from Python). setseed() makes it repeatable.
LEDGER_SQL = """
WITH kinds(n, form_id, title, unit, qty, jp) AS (
    SELECT * FROM unnest(
        %(n)s::int[], %(form)s::bigint[], %(title)s::text[], %(unit)s::text[],
        %(qty)s::numeric[], %(jp)s::numeric[])
), picks AS (
    SELECT e.id AS employee_id,
           (%(pick)s::int[])[1 + floor(random() * 100)::int] AS n,
           %(start)s::date + floor(random() * %(days)s)::int AS day
    FROM people_employee e,
         generate_series(1, greatest(0, %(per)s - 6 + floor(random() * 13)::int + 0 * e.id))
    WHERE e.agency_id = ANY(%(agencies)s) AND e.id > %(low)s AND e.id <= %(high)s
), numbered AS (
    SELECT nextval(pg_get_serial_sequence('development_ledgerentry', 'id')) AS id,
           picks.*
    FROM picks
)
INSERT INTO development_ledgerentry (
    id, employee_id, occurred_on, jp, form_id, title, kind, source_type,
    source_id, quantity, unit, rule_note, reason, evidence, created_at)
SELECT x.id, x.employee_id, x.day, k.jp, k.form_id, k.title, 'posting',
       %(source)s, x.id::text, k.qty, k.unit, '', '', '', now()
FROM numbered x JOIN kinds k ON k.n = x.n
"""


def _build_ledger_in_sql(ctx) -> None:
    forms = dict(DevelopmentForm.objects.values_list("siasn_code", "id"))
    pick = [n for n, row in enumerate(POSTINGS, start=1) for _w in range(row[-1])]
    start = dt.date(ctx.years()[0], 1, 1)
    days = (ctx.today - start).days + 1
    params = {
        "n": list(range(1, len(POSTINGS) + 1)),
        "form": [forms[row[0]] for row in POSTINGS],
        "title": [row[1] for row in POSTINGS],
        "unit": [row[2] for row in POSTINGS],
        "qty": [Decimal(row[3]) for row in POSTINGS],
        "jp": [Decimal(row[4]) for row in POSTINGS],
        "pick": pick,
        "start": start,
        "days": days,
        "per": round(PER_YEAR * days / 365.25),
        "agencies": ctx.agency_ids(),
        "source": SOURCE_TYPE,
    }
    bar = ctx.progress("jp-ledger", ctx.employees)
    total = 0
    # On an empty ledger: foreign keys checked and secondary indexes built
    # once after the load, not row by row.
    load = TableLoad(LedgerEntry._meta.db_table, indexes=True)
    with connection.cursor() as cursor:
        load.begin(cursor)
        cursor.execute("SELECT setseed(%s)", [(ctx.seed % 1000) / 1000])
        for chunk in ctx.employee_chunks(size=50_000):
            cursor.execute(
                LEDGER_SQL, {**params, "low": chunk[0].id - 1, "high": chunk[-1].id}
            )
            total += cursor.rowcount
            bar(len(chunk))
        load.end(cursor)
    ctx.counts[LedgerEntry._meta.label] = total


register_national_step("jp-ledger", build_ledger, order=40)

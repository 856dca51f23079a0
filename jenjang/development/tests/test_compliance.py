"""Compliance: year totals on boundaries, targets, below-target lists, summaries,
exports and reminders."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import AnnualTarget, ReminderSent
from jenjang.development.selectors import compliance as comp
from jenjang.development.services import claims as claim_services
from jenjang.development.services.compliance import jp_reminders_send
from jenjang.development.services.ledger import ledger_reverse
from jenjang.development.tasks import send_jp_reminders
from jenjang.development.tests.test_ledger_support import (  # noqa: F401
    form,
    post,
    seeded,
    upload,
)
from jenjang.people.models import Employee

D = dt.date


@pytest.fixture
def ledger(world):
    """2024: Siti 20, Budi 12 (on 31 Dec), Agus 25, Dewi 0, Rudi 4. 2025: Budi 10."""
    post(world.supervisor, day=D(2024, 3, 1), jp=20)
    post(world.employee, day=D(2024, 12, 31), jp=12)
    post(world.employee, day=D(2025, 1, 1), jp=10)
    post(world.mentor, day=D(2024, 1, 1), jp=25)
    post(world.bpkad_employee, day=D(2024, 6, 1), jp=4)
    return world


def names(qs) -> list[str]:
    return [e.name for e in qs]


# --- one employee -------------------------------------------------------------


def test_year_total_splits_on_31_december_and_1_january(ledger):
    budi = ledger.employee
    assert comp.employee_total_jp(employee=budi, year=2024) == Decimal("12.00")
    assert comp.employee_total_jp(employee=budi, year=2025) == Decimal("10.00")
    assert comp.employee_total_jp(employee=budi, year=2023) == Decimal("0.00")
    progress = comp.employee_progress(employee=budi, year=2024)
    assert (progress.target_jp, progress.remaining_jp) == (Decimal("20"), Decimal("8"))
    assert (progress.percent, progress.compliant) == (60, False)


def test_reversal_counts_in_the_year_of_its_posting(ledger):
    entry = post(ledger.employee, day=D(2024, 12, 31), jp=8)
    assert comp.employee_progress(employee=ledger.employee, year=2024).compliant
    with time_machine.travel(dt.datetime(2025, 2, 1, tzinfo=dt.UTC)):
        ledger_reverse(entry=entry, reason="Ganda", by=None)
    assert comp.employee_total_jp(employee=ledger.employee, year=2024) == 12
    assert comp.employee_total_jp(employee=ledger.employee, year=2025) == 10


def test_current_year_follows_jakarta(db):
    with time_machine.travel(dt.datetime(2024, 12, 31, 16, 59, tzinfo=dt.UTC)):
        assert comp.current_year() == 2024
    with time_machine.travel(dt.datetime(2024, 12, 31, 17, 0, tzinfo=dt.UTC)):
        assert comp.current_year() == 2025


def test_my_jp_page_shows_the_jakarta_year(client_for, ledger):
    with time_machine.travel(dt.datetime(2024, 12, 31, 17, 30, tzinfo=dt.UTC)):
        page = client_for("employee").get("/development/jp/")
    assert page.context["year"] == 2025
    assert page.context["total"] == "10"
    assert page.context["progress"].percent == 50
    body = page.content.decode()
    assert 'aria-valuenow="50"' in body
    assert "Kurang 10 JP lagi." in body


# --- targets ------------------------------------------------------------------


def test_agency_target_wins_over_the_national(ledger):
    AnnualTarget.objects.create(
        agency=ledger.agency,
        minimum_jp=Decimal("24"),
        effective_from=D(2024, 1, 1),
        source="Perbup uji",
    )
    assert comp.target_for(agency=ledger.agency, year=2024) == Decimal("24")
    assert comp.target_for(agency=None, year=2024) == Decimal("20")
    below = comp.below_target_visible_to(user=ledger.supervisor.user, year=2024)
    assert names(below) == ["Budi Santoso", "Dewi Lestari", "Siti Rahmawati"]
    assert [e.target_jp for e in below] == [Decimal("24")] * 3


def test_a_target_starting_mid_year_applies_from_the_next_year(db):
    AnnualTarget.objects.create(
        minimum_jp=Decimal("30"), effective_from=D(2024, 7, 1), source="Uji"
    )
    assert comp.target_for(agency=None, year=2024) == Decimal("20")
    assert comp.target_for(agency=None, year=2025) == Decimal("30")


def test_no_target_before_the_first_row(db):
    with pytest.raises(ApplicationError) as caught:
        comp.target_for(agency=None, year=2010)
    assert caught.value.code == "no_target"


# --- below-target lists -------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hr_admin", ["Budi Santoso", "Dewi Lestari"]),
        ("leader", ["Budi Santoso", "Dewi Lestari"]),
        ("supervisor", ["Budi Santoso", "Dewi Lestari"]),
        ("hr_admin_other", ["Rudi Hartono"]),
        ("superadmin", ["Budi Santoso", "Dewi Lestari", "Rudi Hartono"]),
        ("employee", []),
        ("mentor", []),
        ("organiser", []),
    ],
)
def test_below_target_by_scope(request, ledger, persona, expected):
    user = request.getfixturevalue(persona)
    assert names(comp.below_target_visible_to(user=user, year=2024)) == expected


def test_below_target_by_unit_with_subunits_and_year(hr_admin, ledger):
    by_unit = comp.below_target_visible_to(
        user=hr_admin, year=2024, unit=ledger.puskesmas
    )
    assert names(by_unit) == ["Dewi Lestari"]
    dinkes = comp.below_target_visible_to(user=hr_admin, year=2024, unit=ledger.dinkes)
    assert names(dinkes) == ["Budi Santoso", "Dewi Lestari"]
    assert names(comp.below_target_visible_to(user=hr_admin, year=2025)) == [
        "Agus Salim",
        "Budi Santoso",
        "Dewi Lestari",
        "Siti Rahmawati",
    ]


def test_inactive_employees_are_left_out(hr_admin, ledger):
    Employee.objects.filter(pk=ledger.puskesmas_employee.pk).update(is_active=False)
    assert names(comp.below_target_visible_to(user=hr_admin, year=2024)) == [
        "Budi Santoso"
    ]


def test_below_target_list_page_keyset_pages(client_for, ledger):
    client = client_for("hr_admin")
    first = client.get("/development/compliance/?year=2024&size=1")
    assert [r["employee"].name for r in first.context["rows"]] == ["Budi Santoso"]
    assert first.context["rows"][0]["shortfall"] == "8"
    second = client.get(f"/development/compliance/?{first.context['next_query']}")
    assert [r["employee"].name for r in second.context["rows"]] == ["Dewi Lestari"]
    assert second.context["page"].has_next is False
    bad = client.get("/development/compliance/?year=2024&cursor=%%%")
    assert bad.status_code == 200
    assert bad.context["cursor_error"] == "Kursor halaman tidak sah."


def test_bad_filters_fall_back_without_error(client_for, ledger):
    client = client_for("hr_admin")
    response = client.get("/development/compliance/?year=abc&unit=999999")
    assert response.status_code == 200
    assert response.context["unit"] is None
    other = client.get(f"/development/compliance/?unit={ledger.bpkad.pk}&year=2024")
    assert other.context["unit"] is None  # out of scope: not a filter choice


# --- summaries ----------------------------------------------------------------


def _rows(summary):
    return [
        (str(r.name), r.headcount, r.compliant, r.below, r.average_jp)
        for r in summary.units
    ]


def test_summary_for_a_department_admin(hr_admin, ledger):
    summary = comp.compliance_summary_visible_to(user=hr_admin, year=2024)
    total = summary.total
    assert (total.headcount, total.compliant, total.below) == (4, 2, 2)
    assert total.average_jp == Decimal("14.25")
    assert summary.target_jp == Decimal("20")
    assert _rows(summary) == [
        ("Dinas Kesehatan (langsung)", 3, 2, 1, Decimal("19.00")),
        ("Puskesmas Sukamaju", 1, 0, 1, Decimal("0.00")),
    ]


def test_summary_for_the_superadmin_rolls_up_departments(superadmin, ledger):
    summary = comp.compliance_summary_visible_to(user=superadmin, year=2024)
    assert (summary.total.headcount, summary.total.compliant) == (5, 2)
    assert _rows(summary) == [
        ("Dinas Kesehatan", 4, 2, 2, Decimal("14.25")),
        ("BPKAD", 1, 0, 1, Decimal("4.00")),
    ]
    puskesmas = comp.compliance_summary_visible_to(
        user=superadmin, year=2024, unit=ledger.puskesmas
    )
    assert _rows(puskesmas) == [
        ("Puskesmas Sukamaju (langsung)", 1, 0, 1, Decimal("0.00"))
    ]


def test_summary_for_a_supervisor_puts_reports_elsewhere_under_other(
    supervisor, ledger
):
    summary = comp.compliance_summary_visible_to(user=supervisor, year=2024)
    assert (summary.total.headcount, summary.total.compliant) == (4, 2)
    assert _rows(summary) == [
        ("Dinas Kesehatan (langsung)", 3, 2, 1, Decimal("19.00")),
        ("Lainnya", 1, 0, 1, Decimal("0.00")),
    ]


def test_summary_queries_do_not_grow_with_people(hr_admin, ledger):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jenjang.people.tests.factories import EmployeeFactory

    comp.compliance_summary_visible_to(user=hr_admin, year=2024)  # warm role caches
    with CaptureQueriesContext(connection) as before:
        comp.compliance_summary_visible_to(user=hr_admin, year=2024)
    for _n in range(5):
        person = EmployeeFactory(position=ledger.puskesmas_position)
        post(person, day=D(2024, 2, 2), jp=21)
    with CaptureQueriesContext(connection) as after:
        summary = comp.compliance_summary_visible_to(user=hr_admin, year=2024)
    assert len(after) == len(before)
    assert (summary.total.headcount, summary.total.compliant) == (9, 7)


def test_summary_page(client_for, ledger):
    body = client_for("hr_admin").get("/development/compliance/summary/?year=2024")
    assert body.status_code == 200
    text = body.content.decode()
    assert 'id="sum-headcount">4<' in text
    assert 'id="sum-below">2<' in text
    assert 'id="sum-average">14,25<' in text


# --- exports ------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(response) -> list[tuple]:
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_below_target_export_csv_and_xlsx(client_for, ledger):
    client = client_for("hr_admin")
    rows = _csv(client.get("/development/compliance/export.csv?year=2024"))
    assert rows == [
        ["NIP", "Nama", "Jabatan", "Unit kerja", "JP 2024", "Target", "Kekurangan"],
        [
            ledger.employee.nip,
            "Budi Santoso",
            "Pengelola Data Kesehatan",
            "Dinas Kesehatan",
            "12.00",
            "20.00",
            "8.00",
        ],
        [
            ledger.puskesmas_employee.nip,
            "Dewi Lestari",
            "Perawat",
            "Puskesmas Sukamaju",
            "0.00",
            "20.00",
            "20.00",
        ],
    ]
    sheet = _xlsx(
        client.get(
            f"/development/compliance/export.xlsx?year=2024&unit={ledger.puskesmas.pk}"
        )
    )
    assert sheet[0][:2] == ("NIP", "Nama")
    assert sheet[1][:2] == (ledger.puskesmas_employee.nip, "Dewi Lestari")
    assert [float(v) for v in sheet[1][4:]] == [0.0, 20.0, 20.0]
    assert len(sheet) == 2
    assert client.get("/development/compliance/export.pdf").status_code == 404


SIASN_HEADER = [
    "nip",
    "nama",
    "jenis_diklat",
    "nama_diklat",
    "tanggal_mulai",
    "tanggal_selesai",
    "jumlah_jam",
    "penyelenggara",
    "nomor_sertifikat",
]


def test_siasn_export_of_my_history(client_for, ledger, supervisor):
    budi = ledger.employee
    post(budi, day=D(2024, 4, 2), code=9, quantity=1, unit="day", title="Seminar A")
    cancelled = post(budi, day=D(2024, 4, 3), jp=3, title="Salah catat")
    ledger_reverse(entry=cancelled, reason="Salah", by=None)
    with time_machine.travel(dt.datetime(2024, 6, 20, tzinfo=dt.UTC)):
        claim = claim_services.claim_submit(
            employee=budi,
            title="Webinar Gizi",
            organiser="Kemenkes",
            form=form(9),
            started_on=D(2024, 6, 10),
            ended_on=D(2024, 6, 11),
            quantity=2,
            unit="day",
            evidence=upload(),
            by=budi.user,
        )
        claim_services.claim_verify(claim=claim, by=supervisor)
    rows = _csv(client_for("employee").get("/development/jp/siasn.csv"))
    assert rows[0] == SIASN_HEADER
    assert rows[1:] == [
        [
            budi.nip,
            "Budi Santoso",
            "9",
            "Seminar A",
            "2024-04-02",
            "2024-04-02",
            "4.00",
            "",
            "",
        ],
        [
            budi.nip,
            "Budi Santoso",
            "9",
            "Webinar Gizi",
            "2024-06-10",
            "2024-06-11",
            "8.00",
            "Kemenkes",
            "",
        ],
        [
            budi.nip,
            "Budi Santoso",
            "3",
            "Pelatihan uji",
            "2024-12-31",
            "2024-12-31",
            "12.00",
            "",
            "",
        ],
        [
            budi.nip,
            "Budi Santoso",
            "3",
            "Pelatihan uji",
            "2025-01-01",
            "2025-01-01",
            "10.00",
            "",
            "",
        ],
    ]
    sheet = _xlsx(client_for("employee").get("/development/jp/siasn.xlsx"))
    assert list(sheet[0]) == SIASN_HEADER
    assert sheet[2][3:6] == (
        "Webinar Gizi",
        dt.datetime(2024, 6, 10),  # noqa: DTZ001 — XLSX dates have no zone
        dt.datetime(2024, 6, 11),  # noqa: DTZ001
    )
    assert len(sheet) == 5


def test_siasn_export_of_a_unit_for_hr(client_for, ledger):
    rows = _csv(
        client_for("hr_admin").get(
            f"/development/compliance/siasn.csv?unit={ledger.dinkes.pk}&year=2024"
        )
    )
    assert [r[1] for r in rows[1:]] == ["Agus Salim", "Budi Santoso", "Siti Rahmawati"]
    everything = _csv(
        client_for("hr_admin_other").get("/development/compliance/siasn.csv")
    )
    assert [r[1] for r in everything[1:]] == ["Rudi Hartono"]


def test_siasn_export_of_one_employee(client_for, ledger):
    url = f"/development/jp/employees/{ledger.employee.pk}/siasn.csv"
    rows = _csv(client_for("supervisor").get(url))
    assert [r[6] for r in rows[1:]] == ["12.00", "10.00"]
    assert client_for("hr_admin_other").get(url).status_code == 404


# --- reminders ----------------------------------------------------------------


@pytest.fixture
def addresses(ledger):
    Employee.objects.filter(pk=ledger.employee.pk).update(email="budi@example.go.id")
    Employee.objects.filter(pk=ledger.bpkad_employee.pk).update(
        email="rudi@example.go.id"
    )
    user = ledger.supervisor.user
    user.email = "siti@example.go.id"
    user.save()
    return ledger


@pytest.mark.parametrize("day", [D(2024, 1, 15), D(2024, 4, 1), D(2024, 6, 30)])
def test_no_reminders_in_the_first_half(addresses, day):
    result = jp_reminders_send(on=day)
    assert result.out_of_season is True
    assert (result.sent, len(mail.outbox), ReminderSent.objects.count()) == (0, 0, 0)


def test_reminders_in_q3_once_per_quarter_then_again_in_q4(addresses):
    result = jp_reminders_send(on=D(2024, 7, 1))
    assert (result.quarter, result.sent, result.without_email) == (3, 2, 1)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "budi@example.go.id",
        "rudi@example.go.id",
    ]
    budi = next(m for m in mail.outbox if m.to == ["budi@example.go.id"])
    assert budi.subject == (
        "Pengingat: JP pengembangan kompetensi 2024 belum mencapai 20 JP"
    )
    assert "tercatat 12 JP dari target minimal 20 JP" in budi.body
    assert "Kekurangan: 8 JP." in budi.body
    again = jp_reminders_send(on=D(2024, 9, 30))
    assert (again.sent, len(mail.outbox)) == (0, 2)
    q4 = jp_reminders_send(on=D(2024, 10, 1))
    assert (q4.quarter, q4.sent, len(mail.outbox)) == (4, 2, 4)
    assert ReminderSent.objects.filter(year=2024).count() == 4


def test_a_failed_send_gives_the_claims_back_for_the_next_run(addresses, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def down(self, messages):
        raise ConnectionError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", down)
    with pytest.raises(ConnectionError):
        jp_reminders_send(on=D(2024, 7, 1))
    assert ReminderSent.objects.count() == 0
    monkeypatch.undo()
    assert jp_reminders_send(on=D(2024, 7, 2)).sent == 2
    assert len(mail.outbox) == 2


def test_someone_already_claimed_by_another_run_is_not_sent_again(addresses):
    from jenjang.development.services import compliance

    candidates = compliance.reminder_candidates(year=2024, quarter=3)
    rows = [row for row in candidates if row["address"]]
    assert len(rows) == 2
    assert len(compliance._claim(rows[:1], year=2024, quarter=3)) == 1
    # A second run that read the candidates before the first one claimed them:
    sent = compliance._send_batch(rows, year=2024, quarter=3, on=D(2024, 7, 1))
    assert sent == len(rows) - 1
    assert len(mail.outbox) == len(rows) - 1
    assert ReminderSent.objects.count() == len(rows)


def test_compliant_people_are_not_reminded(addresses):
    post(addresses.employee, day=D(2024, 7, 1), jp=8)
    result = jp_reminders_send(on=D(2024, 7, 2))
    assert [m.to for m in mail.outbox] == [["rudi@example.go.id"]]
    assert result.sent == 1


def test_reminders_only_for_the_running_year(addresses):
    with pytest.raises(ApplicationError) as caught:
        jp_reminders_send(on=D(2025, 8, 1), year=2024)
    assert caught.value.code == "year_not_current"


def test_remind_command_uses_today_in_jakarta(addresses):
    out = io.StringIO()
    # 30 Sep 2024 18:00 UTC is already 1 Oct in Jakarta: the fourth quarter.
    with time_machine.travel(dt.datetime(2024, 9, 30, 18, 0, tzinfo=dt.UTC)):
        call_command("remind-jp", stdout=out, stderr=io.StringIO())
    assert (
        out.getvalue()
        .strip()
        .endswith(
            "Tahun 2024 kuartal 4: 2 pengingat terkirim, 1 pegawai tanpa alamat e-mail."
        )
    )
    assert set(ReminderSent.objects.values_list("quarter", flat=True)) == {4}


def test_remind_command_out_of_season_and_bad_date(addresses):
    out = io.StringIO()
    call_command("remind-jp", "--date", "2024-05-05", stdout=out, stderr=io.StringIO())
    assert (
        "Kuartal 2: pengingat hanya dikirim pada kuartal III dan IV" in out.getvalue()
    )
    with pytest.raises(CommandError, match="Tanggal tidak sah: 5-5-2024"):
        call_command("remind-jp", "--date", "5-5-2024", stderr=io.StringIO())
    with pytest.raises(CommandError, match="Pengingat hanya untuk tahun berjalan"):
        call_command(
            "remind-jp", "--date", "2024-08-01", "--year", "2023", stderr=io.StringIO()
        )
    assert len(mail.outbox) == 0


def test_remind_task(addresses):
    result = send_jp_reminders.enqueue(on="2024-08-15")
    assert result.return_value == {
        "year": 2024,
        "quarter": 3,
        "sent": 2,
        "without_email": 1,
        "out_of_season": False,
    }

"""The shared certificate service: issue once, verify publicly, revoke, render, scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import NOT_FOUND
from jenjang.certificates.models import Certificate
from jenjang.certificates.selectors import (
    certificate_public,
    certificates_due_for_recertification,
)
from jenjang.certificates.services import (
    certificate_issue,
    certificate_pdf,
    certificate_revoke,
    certificate_revoke_source,
    normalise_number,
    verification_url,
)
from jenjang.core.exceptions import ApplicationError

START = dt.date(2026, 3, 2)
END = dt.date(2026, 3, 6)


def issue(employee, source_id=1, **kw):
    fields = {
        "employee": employee,
        "title": "Pelatihan Sistem Informasi Kesehatan",
        "source_type": "training.enrolment",
        "source_id": source_id,
        "started_on": START,
        "ended_on": END,
        "jp": Decimal("32"),
    }
    fields.update(kw)
    return certificate_issue(**fields)


@pytest.fixture
def cert(world):
    return issue(world.employee)


# --- issuing ------------------------------------------------------------------


def test_issue_gives_a_readable_unique_number(world, cert):
    assert cert.number.startswith("JJG-2026-")
    assert len(cert.number) == len("JJG-2026-XXXX-XXXX")
    assert cert.holder_name == world.employee.full_name
    assert cert.issuer == world.agency.name
    assert cert.status == Certificate.Status.VALID


def test_issuing_the_same_source_again_returns_the_first(world, cert):
    again = issue(world.employee)
    assert again.pk == cert.pk
    assert Certificate.objects.count() == 1


def test_after_revocation_the_source_may_be_issued_anew(world, cert, hr_admin):
    certificate_revoke(certificate=cert, reason="Nilai dikoreksi", by=hr_admin)
    fresh = issue(world.employee)
    assert fresh.pk != cert.pk
    assert fresh.number != cert.number
    assert Certificate.objects.filter(revoked_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"ended_on": START - dt.timedelta(days=1)}, "bad_dates"),
        ({"valid_until": END - dt.timedelta(days=1)}, "bad_validity"),
        ({"jp": "-1"}, "bad_jp"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world, fields, code):
    with pytest.raises(ApplicationError) as caught:
        issue(world.employee, **fields)
    assert caught.value.code == code
    assert not Certificate.objects.exists()


def test_revocation_needs_a_reason_and_happens_once(cert, hr_admin):
    with pytest.raises(ApplicationError) as caught:
        certificate_revoke(certificate=cert, reason="  ", by=hr_admin)
    assert caught.value.code == "reason_required"
    certificate_revoke(certificate=cert, reason="Salah peserta", by=hr_admin)
    cert.refresh_from_db()
    assert cert.status == Certificate.Status.REVOKED
    with pytest.raises(ApplicationError) as again:
        certificate_revoke(certificate=cert, reason="lagi", by=hr_admin)
    assert again.value.code == "already_revoked"


def test_revoke_source_revokes_only_the_live_one(world, cert, hr_admin):
    other = issue(world.mentor, source_id=2)
    certificate_revoke_source(
        source_type="training.enrolment", source_id=1, reason="Batal", by=hr_admin
    )
    cert.refresh_from_db()
    other.refresh_from_db()
    assert cert.revoked_at is not None
    assert other.revoked_at is None


def test_status_expires_after_valid_until(world):
    cert = issue(world.employee, valid_until=END + dt.timedelta(days=365))
    assert cert.status_on(END + dt.timedelta(days=365)) == Certificate.Status.VALID
    assert cert.status_on(END + dt.timedelta(days=366)) == Certificate.Status.EXPIRED


def test_typed_numbers_are_normalised():
    assert normalise_number(" jjg-2026-ab0o-1il2 ") == "JJG-2026-AB00-1112"
    assert normalise_number("something else") == "SOMETHINGELSE"


# --- public verification ----------------------------------------------------------


def test_public_lookup_shows_status_for_valid_revoked_and_unknown(cert, hr_admin):
    assert certificate_public(number=cert.number).status == "valid"
    assert certificate_public(number=cert.number.lower()).number == cert.number
    certificate_revoke(certificate=cert, reason="Dibatalkan", by=hr_admin)
    assert certificate_public(number=cert.number).status == "revoked"
    assert certificate_public(number="JJG-2026-0000-0000") is None
    assert certificate_public(number="'; DROP TABLE x; --") is None


def test_verification_page_is_public_and_leaks_nothing_else(client, world, cert):
    world.employee.nik = "3301010101800001"
    world.employee.save()
    response = client.get(f"/certificates/v/{cert.number}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert cert.holder_name in html
    assert "Pelatihan Sistem Informasi Kesehatan" in html
    assert "Berlaku" in html
    assert world.employee.nip not in html
    assert world.employee.nik not in html
    assert world.employee.org_unit.name not in html
    assert world.employee.birth_date.strftime("%Y") not in html.replace("2026", "")


def test_unknown_number_page_says_so_with_404(db, client):
    response = client.get("/certificates/v/JJG-2026-ZZZZ-ZZZZ/")
    assert response.status_code == 404
    assert "tidak ditemukan" in response.content.decode()


def test_revoked_certificate_page_says_revoked(client, cert, hr_admin):
    certificate_revoke(certificate=cert, reason="Dibatalkan", by=hr_admin)
    html = client.get(f"/certificates/v/{cert.number}/").content.decode()
    assert "Dicabut" in html
    assert "Dibatalkan" not in html  # the reason is internal


def test_lookup_form_redirects_to_the_normalised_number(client, cert):
    response = client.get("/certificates/verify/", {"number": cert.number.lower()})
    assert response.status_code == 302
    assert response.url == f"/certificates/v/{cert.number}/"


def test_verification_url_is_absolute(settings, cert):
    settings.JENJANG_PUBLIC_URL = "https://jenjang.contoh.go.id"
    assert (
        verification_url(cert.number)
        == f"https://jenjang.contoh.go.id/certificates/v/{cert.number}/"
    )


def test_public_api_verifies_without_sign_in(client, cert):
    response = client.get(f"/api/certificates/verify/{cert.number}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "number",
        "holder_name",
        "title",
        "started_on",
        "ended_on",
        "jp",
        "issuer",
        "valid_until",
        "status",
        "status_label",
    }
    assert body["status"] == "valid"
    unknown = client.get("/api/certificates/verify/JJG-2026-ZZZZ-ZZZZ")
    assert unknown.status_code == 404
    assert unknown.json() == NOT_FOUND


# --- the PDF --------------------------------------------------------------------


def test_pdf_renders_with_weasyprint(cert):
    pdf = certificate_pdf(cert)
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5_000


def test_holder_downloads_the_pdf(client_for, cert):
    response = client_for("employee").get(f"/certificates/{cert.number}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


# --- scope --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("employee", 200),
        ("hr_admin", 200),
        ("leader", 200),
        ("hr_admin_other", 404),
        ("mentor", 404),
    ],
)
def test_who_may_open_a_certificate(client_for, cert, persona, status):
    assert (
        client_for(persona).get(f"/certificates/{cert.number}/").status_code == status
    )
    pdf = client_for(persona).get(f"/certificates/{cert.number}/pdf/")
    assert pdf.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("employee", 200), ("hr_admin", 200), ("hr_admin_other", 404), ("mentor", 404)],
)
def test_api_detail_is_scoped(api_for, cert, persona, status):
    response = api_for(persona, auth="token").get(f"/api/certificates/{cert.number}")
    assert response.status_code == status
    if status == 404:
        assert response.json() == NOT_FOUND


def test_my_certificates_lists_only_mine(client_for, api_for, world, cert):
    theirs = issue(world.mentor, source_id=2)
    html = client_for("employee").get("/certificates/mine/").content.decode()
    assert cert.number in html
    assert theirs.number not in html
    body = api_for("employee").get("/api/certificates/mine").json()
    assert [c["number"] for c in body] == [cert.number]


def test_staff_list_is_scoped(client_for, api_for, world, cert):
    other = issue(world.bpkad_employee, source_id=3)
    mine = client_for("hr_admin").get("/certificates/staff/").content.decode()
    assert cert.number in mine
    assert other.number not in mine
    theirs = api_for("hr_admin_other", auth="token").get("/api/certificates").json()
    assert [c["number"] for c in theirs["items"]] == [other.number]
    assert client_for("employee").get("/certificates/staff/").status_code == 403


def test_revoke_through_the_api_needs_hr_in_scope(api_for, cert):
    denied = api_for("hr_admin_other", auth="token").post(
        f"/api/certificates/{cert.number}/revoke",
        data={"reason": "x"},
        content_type="application/json",
    )
    assert denied.status_code == 404
    employee = api_for("employee", auth="token").post(
        f"/api/certificates/{cert.number}/revoke",
        data={"reason": "x"},
        content_type="application/json",
    )
    assert employee.status_code == 403
    blank = api_for("hr_admin", auth="token").post(
        f"/api/certificates/{cert.number}/revoke",
        data={"reason": "   "},
        content_type="application/json",
    )
    assert blank.status_code == 422
    cert.refresh_from_db()
    assert cert.revoked_at is None
    done = api_for("hr_admin", auth="token").post(
        f"/api/certificates/{cert.number}/revoke",
        data={"reason": "Nilai dikoreksi"},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "revoked"


def test_revoke_page_form(client_for, cert):
    client = client_for("hr_admin")
    response = client.post(f"/certificates/{cert.number}/revoke/", {"reason": ""})
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.revoked_at is None
    client.post(f"/certificates/{cert.number}/revoke/", {"reason": "Salah nama"})
    cert.refresh_from_db()
    assert cert.revoked_reason == "Salah nama"


# --- recertification ---------------------------------------------------------------


def test_recertification_lists_expiring_and_skips_the_renewed(world, hr_admin):
    today = timezone.localdate()
    soon = issue(
        world.employee,
        source_id=10,
        title="Pelatihan PPGD",
        started_on=today - dt.timedelta(days=400),
        ended_on=today - dt.timedelta(days=399),
        valid_until=today + dt.timedelta(days=30),
    )
    renewed_old = issue(
        world.mentor,
        source_id=11,
        title="Pelatihan PPGD",
        started_on=today - dt.timedelta(days=400),
        ended_on=today - dt.timedelta(days=399),
        valid_until=today + dt.timedelta(days=10),
    )
    issue(
        world.mentor,
        source_id=12,
        title="Pelatihan PPGD",
        started_on=today - dt.timedelta(days=5),
        ended_on=today - dt.timedelta(days=4),
        valid_until=today + dt.timedelta(days=700),
    )
    far = issue(
        world.supervisor,
        source_id=13,
        title="Pelatihan PPGD",
        valid_until=today + dt.timedelta(days=500),
    )
    due = list(certificates_due_for_recertification(user=hr_admin, within_days=90))
    assert soon in due
    assert renewed_old not in due
    assert far not in due


def test_public_verification_is_rate_limited_per_client(client, cert, settings):
    from django.core.cache import cache

    from jenjang.certificates.views import VERIFY_LIMIT

    cache.clear()
    url = f"/certificates/v/{cert.number}/"
    for _ in range(VERIFY_LIMIT):
        assert client.get(url, REMOTE_ADDR="10.9.9.9").status_code == 200
    limited = client.get(url, REMOTE_ADDR="10.9.9.9")
    assert limited.status_code == 429
    assert "Terlalu banyak permintaan" in limited.content.decode()
    api = client.get(f"/api/certificates/verify/{cert.number}", REMOTE_ADDR="10.9.9.9")
    assert api.status_code == 429
    assert api.json()["code"] == "rate_limited"
    assert client.get(url, REMOTE_ADDR="10.9.9.10").status_code == 200
    cache.clear()

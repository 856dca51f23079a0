"""Self-learning claims: submission and evidence checks, review rules, access."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from jenjang.core.exceptions import ApplicationError
from jenjang.development.models import LedgerEntry, SelfLearningClaim
from jenjang.development.services import claims as claim_services
from jenjang.development.tests.test_ledger_support import (  # noqa: F401
    JPG,
    PDF,
    PNG,
    form,
    seeded,
    upload,
)
from jenjang.people.models import Employee

NOW = dt.datetime(2024, 6, 20, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def submit(employee: Employee, **changes) -> SelfLearningClaim:
    kwargs = {
        "employee": employee,
        "title": "Seminar Gizi Nasional",
        "organiser": "Kemenkes",
        "form": form(9),
        "started_on": dt.date(2024, 6, 10),
        "ended_on": dt.date(2024, 6, 11),
        "quantity": 2,
        "unit": "day",
        "evidence": upload(),
        "by": employee.user,
    } | changes
    return claim_services.claim_submit(**kwargs)


# --- submission ---------------------------------------------------------------


def test_submit_stores_a_pending_claim_with_a_safe_file_name(world):
    claim = submit(world.employee, evidence=upload("../../etc/passwd .pdf"))
    claim.refresh_from_db()
    assert claim.status == "pending"
    assert (claim.quantity, claim.unit) == (Decimal("2.00"), "day")
    assert re.fullmatch(r"evidence/2024/06/[0-9a-f]{32}\.pdf", claim.evidence.name)
    with claim.evidence.open("rb") as handle:
        assert handle.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("foto.png", PNG, "png"),
        ("foto.JPG", JPG, "jpg"),
        ("scan.jpeg", JPG, "jpg"),
        ("scan.pdf", PNG, "png"),
    ],
)
def test_content_decides_the_stored_type(world, name, content, kind):
    claim = submit(world.employee, evidence=upload(name, content, "application/pdf"))
    assert claim.evidence.name.endswith(f".{kind}")


@pytest.mark.parametrize(
    ("evidence", "code", "message"),
    [
        (None, "evidence_required", "Unggah bukti kegiatan."),
        (upload("kosong.pdf", b""), "evidence_empty", "Berkas bukti kosong."),
        (
            upload("besar.pdf", PDF + b"0" * (5 * 1024 * 1024)),
            "evidence_too_large",
            "Berkas bukti paling besar 5 MB.",
        ),
        (
            upload("virus.exe", PDF),
            "evidence_type",
            "Bukti harus berupa berkas PDF, JPG, atau PNG.",
        ),
        (
            upload("palsu.pdf", b"<html><script>alert(1)</script>"),
            "evidence_content",
            "Isi berkas bukan PDF, JPG, atau PNG yang sah.",
        ),
        (
            upload("palsu.png", b"GIF89a......"),
            "evidence_content",
            "Isi berkas bukan PDF, JPG, atau PNG yang sah.",
        ),
    ],
)
def test_bad_evidence_is_refused(world, evidence, code, message):
    with pytest.raises(ApplicationError) as caught:
        submit(world.employee, evidence=evidence)
    assert (caught.value.code, caught.value.message) == (code, message)
    assert SelfLearningClaim.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": ""}, "bad_title"),
        ({"ended_on": dt.date(2024, 6, 9)}, "dates_reversed"),
        ({"ended_on": dt.date(2024, 6, 21)}, "future_date"),
        ({"started_on": dt.date(2023, 1, 1)}, "span_too_long"),
        ({"unit": "session"}, "unit_mismatch"),
        ({"quantity": 0}, "bad_quantity"),
        ({"organiser": "x" * 201}, "bad_organiser"),
    ],
)
def test_bad_claims_are_refused(world, changes, code):
    with pytest.raises(ApplicationError) as caught:
        submit(world.employee, **changes)
    assert caught.value.code == code
    assert SelfLearningClaim.objects.count() == 0


def test_only_for_oneself(world, hr_admin):
    with pytest.raises(ApplicationError) as caught:
        submit(world.employee, by=hr_admin)
    assert caught.value.status == 403


# --- review -------------------------------------------------------------------


def test_atasan_verifies_and_the_ledger_gets_the_jp(world, supervisor):
    claim = submit(world.employee)
    entry = claim_services.claim_verify(claim=claim, by=supervisor)
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by) == ("verified", supervisor)
    assert entry.source_type == "development.claim"
    assert entry.source_id == str(claim.pk)
    assert (entry.jp, entry.occurred_on) == (Decimal("8.00"), dt.date(2024, 6, 11))
    assert entry.rule_note == "2 hari × 4 JP = 8 JP"
    assert entry.evidence.name == claim.evidence.name


def test_caps_apply_on_verification(world, hr_admin):
    first = submit(
        world.employee,
        form=form(15),
        quantity=2,
        unit="session",
        started_on=dt.date(2024, 6, 3),
        ended_on=dt.date(2024, 6, 3),
    )
    second = submit(
        world.employee,
        form=form(15),
        quantity=1,
        unit="session",
        started_on=dt.date(2024, 6, 17),
        ended_on=dt.date(2024, 6, 17),
    )
    claim_services.claim_verify(claim=first, by=hr_admin)
    assert claim_services.claim_preview(claim=second).jp == 0
    entry = claim_services.claim_verify(claim=second, by=hr_admin)
    assert entry.jp == Decimal("0")
    assert entry.rule_note.endswith("sudah 4 JP pada periode itu → 0 JP")


def test_reject_needs_a_reason(world, supervisor):
    claim = submit(world.employee)
    with pytest.raises(ApplicationError) as caught:
        claim_services.claim_reject(claim=claim, reason="  ", by=supervisor)
    assert caught.value.message == "Alasan penolakan wajib diisi."
    rejected = claim_services.claim_reject(
        claim=claim, reason="Bukti buram", by=supervisor
    )
    assert (rejected.status, rejected.review_reason) == ("rejected", "Bukti buram")
    assert LedgerEntry.objects.count() == 0


def test_nobody_verifies_their_own_claim(world, supervisor, hr_admin):
    claim = submit(world.supervisor)
    with pytest.raises(ApplicationError) as caught:
        claim_services.claim_verify(claim=claim, by=supervisor)
    assert caught.value.status == 403
    assert caught.value.message == "Anda tidak dapat memverifikasi klaim Anda sendiri."
    claim.refresh_from_db()
    assert claim.status == "pending"
    claim_services.claim_verify(claim=claim, by=hr_admin)  # HR may


def test_a_claim_is_processed_once(world, supervisor, hr_admin):
    claim = submit(world.employee)
    claim_services.claim_verify(claim=claim, by=supervisor)
    for action in (
        lambda: claim_services.claim_verify(claim=claim, by=hr_admin),
        lambda: claim_services.claim_reject(claim=claim, reason="x", by=hr_admin),
    ):
        with pytest.raises(ApplicationError) as caught:
            action()
        assert (caught.value.code, caught.value.status) == ("claim_not_pending", 409)
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("supervisor", True),
        ("hr_admin", True),
        ("superadmin", True),
        ("hr_admin_other", False),
        ("leader", False),
        ("mentor", False),
        ("organiser", False),
        ("employee", False),
    ],
)
def test_who_may_review(request, world, persona, allowed):
    claim = submit(world.employee)
    user = request.getfixturevalue(persona)
    assert claim_services.can_review(user=user, claim=claim) is allowed
    if not allowed:
        with pytest.raises(ApplicationError):
            claim_services.claim_verify(claim=claim, by=user)
        claim.refresh_from_db()
        assert claim.status == "pending"


def test_atasan_up_a_vacant_line_may_review(world, supervisor):
    """The employee's direct superior post is empty: the next holder up verifies."""
    from jenjang.people.tests.factories import EmployeeFactory, PositionFactory

    vacant = PositionFactory(
        org_unit=world.dinkes,
        code="DK-03",
        title="Kasubag",
        reports_to=world.head_position,
    )
    below = PositionFactory(org_unit=world.dinkes, code="DK-04", reports_to=vacant)
    from jenjang.people.tests.factories import UserFactory

    person = EmployeeFactory(position=below, user=UserFactory(username="staf"))
    claim = submit(person)
    assert claim_services.can_review(user=supervisor, claim=claim) is True


# --- pages and evidence -------------------------------------------------------

EVIDENCE_STATUS = {
    "employee": 200,
    "supervisor": 200,
    "mentor": 404,
    "organiser": 404,
    "hr_admin": 200,
    "hr_admin_other": 404,
    "leader": 404,
    "superadmin": 200,
    "anonymous": 302,
}


@pytest.mark.parametrize(("persona", "status"), EVIDENCE_STATUS.items())
def test_evidence_only_for_claimant_and_reviewers(client_for, world, persona, status):
    claim = submit(world.employee, evidence=upload("foto.png", PNG))
    response = client_for(persona).get(f"/development/claims/{claim.pk}/evidence/")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == PNG
    detail = client_for(persona).get(f"/development/claims/{claim.pk}/")
    assert detail.status_code == status


def test_no_media_url_in_pages(client_for, world):
    claim = submit(world.employee)
    body = client_for("supervisor").get(f"/development/claims/{claim.pk}/").content
    assert claim.evidence.name.encode() not in body
    assert b"/media/" not in body
    assert f"/development/claims/{claim.pk}/evidence/".encode() in body


VERIFY_STATUS = {
    "employee": 403,
    "supervisor": 302,
    "mentor": 403,
    "organiser": 403,
    "hr_admin": 302,
    "hr_admin_other": 404,
    "leader": 403,
    "superadmin": 302,
    "anonymous": 302,
}


@pytest.mark.parametrize(("persona", "status"), VERIFY_STATUS.items())
def test_verify_page_access(client_for, world, persona, status):
    claim = submit(world.employee)
    response = client_for(persona).post(f"/development/claims/{claim.pk}/verify/")
    assert response.status_code == status
    claim.refresh_from_db()
    verified = persona in ("supervisor", "hr_admin", "superadmin")
    assert claim.status == ("verified" if verified else "pending")
    assert LedgerEntry.objects.count() == (1 if verified else 0)


@pytest.mark.parametrize(("persona", "status"), VERIFY_STATUS.items())
def test_reject_page_access(client_for, world, persona, status):
    claim = submit(world.employee)
    response = client_for(persona).post(
        f"/development/claims/{claim.pk}/reject/", {"reason": "Bukti tidak terbaca"}
    )
    assert response.status_code == status
    claim.refresh_from_db()
    rejected = persona in ("supervisor", "hr_admin", "superadmin")
    assert claim.status == ("rejected" if rejected else "pending")


def test_reject_page_without_reason_changes_nothing(client_for, world):
    claim = submit(world.employee)
    client = client_for("supervisor")
    response = client.post(f"/development/claims/{claim.pk}/reject/", {"reason": ""})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "pending"
    page = client.get(response["Location"]).content.decode()
    assert "Alasan penolakan wajib diisi." in page


def test_own_claim_verify_page_says_why(client_for, world):
    claim = submit(world.supervisor)
    client = client_for("supervisor")
    response = client.post(f"/development/claims/{claim.pk}/verify/", follow=True)
    assert (
        "Anda tidak dapat memverifikasi klaim Anda sendiri."
        in response.content.decode()
    )
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_claim_form_page_submits_and_reports_bad_files(client_for, world):
    client = client_for("employee")
    data = {
        "title": "Belajar mandiri Excel",
        "organiser": "",
        "form": form(22).pk,
        "started_on": "2024-06-10",
        "ended_on": "2024-06-12",
        "quantity": "300",
        "unit": "minutes",
    }
    bad = client.post(
        "/development/claims/new/", data | {"evidence": upload("x.pdf", b"hello")}
    )
    assert bad.status_code == 200
    assert "Isi berkas bukan PDF, JPG, atau PNG yang sah." in bad.content.decode()
    assert SelfLearningClaim.objects.count() == 0
    good = client.post("/development/claims/new/", data | {"evidence": upload()})
    claim = SelfLearningClaim.objects.get()
    assert good["Location"] == f"/development/claims/{claim.pk}/"
    review = client_for("supervisor").get(f"/development/claims/{claim.pk}/")
    assert "300 menit ÷ 45 = 6,67 JP, batas 2 JP/hari" in review.content.decode()


def test_review_queue_lists_pending_claims_in_scope(client_for, world):
    submit(world.employee, title="Klaim Budi")
    submit(world.supervisor, title="Klaim Siti")
    queue = client_for("supervisor").get("/development/claims/review/")
    assert [c.title for c in queue.context["claims"]] == ["Klaim Budi"]
    queue = client_for("hr_admin").get("/development/claims/review/")
    assert [c.title for c in queue.context["claims"]] == ["Klaim Budi", "Klaim Siti"]
    assert (
        list(
            client_for("hr_admin_other")
            .get("/development/claims/review/")
            .context["claims"]
        )
        == []
    )

"""Helpers shared by the JP ledger tests (no tests here)."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jenjang.development.demo_ledger import demo_pdf
from jenjang.development.models import DevelopmentForm, LedgerEntry
from jenjang.development.services.conversion import ensure_seeded
from jenjang.development.services.ledger import MANUAL, ledger_post

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = demo_pdf("Sertifikat uji")
_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def seeded(db):
    """The migration's forms, rules and target (again after a flushing test)."""
    ensure_seeded()


def form(code: int) -> DevelopmentForm:
    return DevelopmentForm.objects.get(siasn_code=code)


def post(
    employee,
    *,
    day: dt.date,
    code: int = 3,
    quantity=None,
    unit: str = "",
    jp=None,
    source_id=None,
    source_type: str = MANUAL,
    by=None,
    title: str = "Pelatihan uji",
) -> LedgerEntry:
    if jp is None and quantity is None:
        jp = Decimal("4")
    return ledger_post(
        employee=employee,
        occurred_on=day,
        form=form(code),
        title=title,
        source_type=source_type,
        source_id=source_id or f"t{next(_ids)}",
        quantity=quantity,
        unit=unit,
        jp=jp,
        by=by,
    )


def upload(
    name: str = "sertifikat.pdf", content: bytes = PDF, content_type="application/pdf"
):
    return SimpleUploadedFile(name, content, content_type=content_type)

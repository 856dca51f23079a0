"""Generated bulk-nomination files (the NIP list HR uploads for a batch).

Any file — CSV lines mixing real NIPs, unknown ones and garbage, raw bytes,
damaged workbooks, any extension — gets either the row report (200) or the
API's error shape (400/422) with a message, never a server error. A file
that is refused or has a bad row writes nothing; a dry run writes nothing.
"""

import functools
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from conftest import token_client
from jenjang.core.tests.fingerprint import changed_tables, db_fingerprint
from jenjang.training.models import Enrolment
from jenjang.training.tests.factories import BatchFactory

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Touched by every token request, whatever the upload.
IGNORED = {"accounts_apitoken"}
GARBAGE = [
    "",
    "NIP",
    "nip",
    "'199001012020011999",
    "199001012020011999",
    "1990 0101 2020 01 1 999",
    "1" * 17,
    "1" * 40,
    "\x00",
    "=HYPERLINK()",
    '"',
    ";",
    "\t",
    "\u202e",
]


@pytest.fixture
def batch(world):
    return BatchFactory(org_unit=world.dinkes, capacity=3)


@st.composite
def csv_files(draw, nips):
    cell = st.one_of(
        st.sampled_from(nips),
        st.sampled_from(GARBAGE),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
    )
    lines = draw(st.lists(st.lists(cell, min_size=1, max_size=3), max_size=6))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    text = "\n".join(sep.join(line) for line in lines)
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])), "replace")
    name = draw(st.sampled_from(["nip.csv", "nip.txt", "NIP.CSV", "nip.pdf", ""]))
    return name, data


@functools.cache
def _good_workbook(nip: str) -> bytes:
    book = Workbook()
    book.active.append(["No", "NIP"])
    book.active.append([1, nip])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def damaged_workbooks(draw, nip):
    good = _good_workbook(nip)
    cut = draw(st.integers(min_value=0, max_value=len(good)))
    damaged = bytearray(good[:cut] if draw(st.booleans()) else good)
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        if damaged:
            at = draw(st.integers(min_value=0, max_value=len(damaged) - 1))
            damaged[at] = draw(st.integers(min_value=0, max_value=255))
    return "nip.xlsx", bytes(damaged)


@pytest.mark.django_db
@SETTINGS
@given(data=st.data())
def test_generated_nip_files(world, hr_admin, batch, data):
    nips = [
        world.employee.nip,
        world.puskesmas_employee.nip,
        world.bpkad_employee.nip,
        world.mentor.nip,
    ]
    name, content = data.draw(
        st.one_of(
            csv_files(nips),
            damaged_workbooks(world.employee.nip),
            st.tuples(
                st.sampled_from(["nip.csv", "nip.xlsx"]), st.binary(max_size=200)
            ),
        )
    )
    dry_run = data.draw(st.booleans())
    client = token_client(hr_admin)
    with transaction.atomic():
        before = db_fingerprint()
        enrolments = Enrolment.objects.count()
        fields = {"file": SimpleUploadedFile(name or "berkas", content)}
        if dry_run:
            fields["dry_run"] = "true"
        response = client.post(
            f"/api/training/batches/{batch.pk}/bulk-nominate", fields
        )
        assert response.status_code in (200, 400, 422), response.content
        body = response.json()
        changed = changed_tables(before, db_fingerprint())
        if response.status_code != 200:
            assert set(body) == {"code", "message", "details"}
            assert body["message"].strip()
            assert set(changed) <= IGNORED
        elif not body["ok"] or dry_run:
            assert body["written"] == 0
            assert any(row["errors"] for row in body["rows"]) or dry_run
            assert set(changed) <= IGNORED
        else:
            assert body["written"] == len(body["rows"]) > 0
            assert Enrolment.objects.count() == enrolments + body["written"]
        transaction.set_rollback(True)

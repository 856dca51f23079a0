"""Training API: catalog, batches, enrolment, attendance, results, evaluation, relevance.

Every read goes through the scoped selectors; what a user cannot see answers
404, the same as an id that does not exist.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field, StringConstraints

from jenjang.core.api import AUTH, error_responses, require_perm
from jenjang.core.exceptions import ApplicationError, NotFound
from jenjang.core.pagination import MAX_PAGE_SIZE
from jenjang.training import selectors as sel
from jenjang.training.models import (
    Batch,
    BatchCertificateJob,
    Enrolment,
    Session,
    TrainingProgram,
)
from jenjang.training.services import bulk as bulk_svc
from jenjang.training.services import catalog as cat_svc
from jenjang.training.services import enrolments as enrol_svc
from jenjang.training.services import evaluation as eval_svc
from jenjang.training.services import results as res_svc
from jenjang.training.services.jobs import certificate_job_start

router = Router(tags=["training"], auth=AUTH)

Text = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=250, pattern=r"^[^\x00]*$")
]
Title = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00]*$"
    ),
]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
Rating = Annotated[int, Field(ge=1, le=5)]

# --- shapes -------------------------------------------------------------------


class CompetencyTargetOut(Schema):
    competency_id: int
    competency: str
    target_level: int


class ProgramOut(Schema):
    id: int
    code: str
    title: str
    description: str
    form_code: int
    form: str
    leadership: str
    jp: Decimal
    delivery: str
    provider: str
    provider_name: str
    cost: Decimal
    validity_months: int | None
    position_kinds: list[str]
    job_fields: list[str]
    competencies: list[CompetencyTargetOut]
    required_position_kinds: list[str]
    min_rank: str | None
    prereq_competency_id: int | None
    prereq_level: int | None
    prereq_program_id: int | None
    is_active: bool


def _program_out(p: TrainingProgram) -> ProgramOut:
    return ProgramOut(
        id=p.pk,
        code=p.code,
        title=p.title,
        description=p.description,
        form_code=p.form.siasn_code,
        form=p.form.name,
        leadership=p.leadership,
        jp=p.jp,
        delivery=p.delivery,
        provider=p.provider,
        provider_name=p.provider_name,
        cost=p.cost,
        validity_months=p.validity_months,
        position_kinds=p.position_kinds or [],
        job_fields=[j.code for j in p.job_fields.all()],
        competencies=[
            CompetencyTargetOut(
                competency_id=c.competency_id,
                competency=c.competency.name,
                target_level=c.target_level,
            )
            for c in p.competencies.all()
        ],
        required_position_kinds=p.required_position_kinds or [],
        min_rank=p.min_rank.code if p.min_rank_id else None,
        prereq_competency_id=p.prereq_competency_id,
        prereq_level=p.prereq_level,
        prereq_program_id=p.prereq_program_id,
        is_active=p.is_active,
    )


class CompetencyTargetIn(Schema):
    competency_id: int
    target_level: Annotated[int, Field(ge=1, le=5)]


class ProgramIn(Schema):
    code: Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]{1,40}$")]
    title: Title
    description: Annotated[str, StringConstraints(max_length=5000)] = ""
    form_code: Annotated[int, Field(ge=1, le=99)]
    leadership: TrainingProgram.Leadership = TrainingProgram.Leadership.NONE
    owner_unit_id: int | None = None
    jp: Annotated[Decimal, Field(gt=0, le=9999, max_digits=6, decimal_places=2)]
    delivery: TrainingProgram.Delivery = TrainingProgram.Delivery.CLASSICAL
    provider: TrainingProgram.Provider = TrainingProgram.Provider.INTERNAL
    provider_name: Text = ""
    cost: Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)] = Decimal(0)
    validity_months: Annotated[int, Field(ge=1, le=240)] | None = None
    position_kinds: list[str] = []
    job_field_ids: list[int] = []
    competencies: list[CompetencyTargetIn] = []
    required_position_kinds: list[str] = []
    min_rank_code: str | None = None
    prereq_competency_id: int | None = None
    prereq_level: Annotated[int, Field(ge=1, le=5)] | None = None
    prereq_program_id: int | None = None
    is_active: bool = True


class BatchOut(Schema):
    id: int
    program_id: int
    program: str
    name: str
    org_unit: str
    starts_on: dt.date
    ends_on: dt.date
    venue: str
    online_url: str
    capacity: int
    seats_taken: int
    waitlisted: int
    min_attendance_percent: int
    impact_months: int
    status: str


def _batch_out(b: Batch) -> BatchOut:
    return BatchOut(
        id=b.pk,
        program_id=b.program_id,
        program=b.program.title,
        name=b.name,
        org_unit=b.org_unit.name,
        starts_on=b.starts_on,
        ends_on=b.ends_on,
        venue=b.venue,
        online_url=b.online_url,
        capacity=b.capacity,
        seats_taken=getattr(b, "seats", 0),
        waitlisted=getattr(b, "waiting", 0),
        min_attendance_percent=b.min_attendance_percent,
        impact_months=b.impact_months,
        status=b.status,
    )


class BatchIn(Schema):
    program_id: int
    name: Title
    org_unit_id: int
    starts_on: dt.date
    ends_on: dt.date
    venue: Text = ""
    online_url: Annotated[str, StringConstraints(max_length=200)] = ""
    capacity: Annotated[int, Field(ge=1, le=100000)]
    min_attendance_percent: Annotated[int, Field(ge=0, le=100)] = 80
    impact_months: Annotated[int, Field(ge=1, le=24)] = 3


class TrainingSessionIn(Schema):
    title: Title
    starts_at: dt.datetime
    ends_at: dt.datetime
    trainers: list[Title] = []


class TrainingSessionOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    trainers: list[str]


class TrainingEnrolmentOut(Schema):
    id: int
    batch_id: int
    program: str
    employee_id: int
    employee: str
    status: str
    status_label: str
    route: str
    pre_score: Decimal | None
    post_score: Decimal | None
    final_score: Decimal | None
    decision_note: str


def _enrolment_out(e: Enrolment) -> TrainingEnrolmentOut:
    return TrainingEnrolmentOut(
        id=e.pk,
        batch_id=e.batch_id,
        program=e.batch.program.title,
        employee_id=e.employee_id,
        employee=e.employee.full_name,
        status=e.status,
        status_label=str(e.get_status_display()),
        route=e.route,
        pre_score=e.pre_score,
        post_score=e.post_score,
        final_score=e.final_score,
        decision_note=e.decision_note,
    )


class ParticipantOut(TrainingEnrolmentOut):
    attendance_percent: Decimal


class NoteIn(Schema):
    note: Text = ""


class NominateIn(Schema):
    employee_id: int


class AttendanceIn(Schema):
    present: list[int] = Field(default_factory=list, max_length=10000)


class AttendanceOut(Schema):
    present: int
    absent: int


class ResultIn(Schema):
    passed: bool
    pre_score: Score | None = None
    post_score: Score | None = None
    final_score: Score | None = None
    note: Text = ""


class JobOut(Schema):
    id: int
    batch_id: int
    status: str
    done: int
    total: int
    percent: int
    error: str


def _job_out(job: BatchCertificateJob) -> JobOut:
    return JobOut(
        id=job.pk,
        batch_id=job.batch_id,
        status=job.status,
        done=job.done,
        total=job.total,
        percent=job.percent,
        error=job.error,
    )


class BulkRowOut(Schema):
    row: int
    nip: str
    name: str
    errors: list[str]


class BulkOut(Schema):
    ok: bool
    written: int
    rows: list[BulkRowOut]


class SurveyIn(Schema):
    rating: Rating
    comment: Annotated[str, StringConstraints(max_length=2000)] = ""
    trainer_ratings: dict[int, Rating] = {}


class ImpactIn(Schema):
    applied: Rating
    improved: Rating
    comment: Annotated[str, StringConstraints(max_length=2000)] = ""


class TrainingRecommendationOut(Schema):
    title: str
    reason: str
    url: str
    competency: str | None
    target_level: int | None
    jp: Decimal


class TrainingNeedOut(Schema):
    competency_id: int
    competency: str
    target_level: int
    people: int
    program_ids: list[int]


class CoverageOut(Schema):
    needs: list[TrainingNeedOut]
    uncovered: int
    unneeded_program_ids: list[int]


class ImpactRowOut(Schema):
    program_id: int
    program: str
    passed: int
    satisfaction: Decimal | None
    participant_responses: int
    participant_applied: Decimal | None
    supervisor_responses: int
    supervisor_applied: Decimal | None
    supervisor_improved: Decimal | None
    next_predikat: dict[str, int]
    performance_available: bool


class DoneOut(Schema):
    id: int
    status: str


# --- catalog --------------------------------------------------------------------

E = error_responses


@router.get(
    "/training/programs",
    response={200: list[ProgramOut], **E(401, 403, 422)},
    summary="Katalog pelatihan",
)
def programs(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    form_id: int | None = None,
    job_field_id: int | None = None,
    delivery: str = Query("", max_length=10),
    size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
):
    require_perm(request, "training.view_catalog")
    found = sel.program_list(
        search=q, form_id=form_id, job_field_id=job_field_id, delivery=delivery
    )
    return [_program_out(p) for p in found[:size]]


@router.get(
    "/training/programs/{pk}",
    response={200: ProgramOut, **E(401, 403, 404)},
    summary="Program pelatihan",
)
def program(request: HttpRequest, pk: int):
    require_perm(request, "training.view_catalog")
    return _program_out(sel.program_get(pk=pk))


def _program_from(payload: ProgramIn, program: TrainingProgram) -> TrainingProgram:
    from jenjang.competencies.models import Competency
    from jenjang.development.services.ledger import form_by_code
    from jenjang.people.models import JobField, OrgUnit, Rank

    program.code = payload.code
    program.title = payload.title
    program.description = payload.description
    program.form = form_by_code(payload.form_code)
    program.leadership = payload.leadership
    if payload.owner_unit_id is not None:
        program.owner_unit = OrgUnit.objects.filter(pk=payload.owner_unit_id).first()
        if program.owner_unit is None:
            raise NotFound()
    program.jp = payload.jp
    program.delivery = payload.delivery
    program.provider = payload.provider
    program.provider_name = payload.provider_name
    program.cost = payload.cost
    program.validity_months = payload.validity_months
    program.position_kinds = payload.position_kinds
    program.required_position_kinds = payload.required_position_kinds
    program.min_rank = (
        Rank.objects.filter(code=payload.min_rank_code).first()
        if payload.min_rank_code
        else None
    )
    if payload.min_rank_code and program.min_rank is None:
        raise ApplicationError("bad_rank", _("Golongan tidak dikenal."))
    program.prereq_competency = (
        Competency.objects.filter(pk=payload.prereq_competency_id).first()
        if payload.prereq_competency_id
        else None
    )
    program.prereq_level = payload.prereq_level
    program.prereq_program = (
        TrainingProgram.objects.filter(pk=payload.prereq_program_id).first()
        if payload.prereq_program_id
        else None
    )
    program.is_active = payload.is_active
    program._job_fields = list(JobField.objects.filter(pk__in=payload.job_field_ids))
    comps = Competency.objects.in_bulk([c.competency_id for c in payload.competencies])
    if len(comps) != len({c.competency_id for c in payload.competencies}):
        raise ApplicationError("bad_competency", _("Kompetensi tidak dikenal."))
    program._competencies = [
        (comps[c.competency_id], c.target_level) for c in payload.competencies
    ]
    return program


def _save_program(request, payload: ProgramIn, program: TrainingProgram):
    program = _program_from(payload, program)
    if (
        TrainingProgram.objects.filter(code=program.code)
        .exclude(pk=program.pk)
        .exists()
    ):
        raise ApplicationError("duplicate_code", _("Kode program sudah dipakai."))
    saved = cat_svc.program_save(
        program=program,
        by=request.auth,
        job_fields=program._job_fields,
        competencies=program._competencies,
    )
    return _program_out(sel.program_get(pk=saved.pk))


@router.post(
    "/training/programs",
    response={201: ProgramOut, **E(400, 401, 403, 404, 422)},
    summary="Tambah program",
)
def program_create(request: HttpRequest, payload: ProgramIn):
    require_perm(request, "training.manage_catalog")
    return Status(201, _save_program(request, payload, TrainingProgram()))


@router.put(
    "/training/programs/{pk}",
    response={200: ProgramOut, **E(400, 401, 403, 404, 422)},
    summary="Ubah program",
)
def program_update(request: HttpRequest, pk: int, payload: ProgramIn):
    require_perm(request, "training.manage_catalog")
    program = sel.program_get(pk=pk)
    if not sel.program_manageable_by(user=request.auth, program=program):
        raise NotFound()
    return _save_program(request, payload, program)


# --- batches ----------------------------------------------------------------------


@router.get(
    "/training/batches",
    response={200: list[BatchOut], **E(401, 403, 422)},
    summary="Kalender angkatan mendatang",
)
def batches(
    request: HttpRequest,
    program_id: int | None = None,
    form_id: int | None = None,
    job_field_id: int | None = None,
    delivery: str = Query("", max_length=10),
    month: str = Query("", pattern=r"^(\d{4}-\d{2})?$"),
    size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
):
    require_perm(request, "training.view_catalog")
    found = sel.batch_list_upcoming(
        program_id=program_id,
        form_id=form_id,
        job_field_id=job_field_id,
        delivery=delivery,
        month=month,
    )
    return [_batch_out(b) for b in found[:size]]


@router.get(
    "/training/batches/organised",
    response={200: list[BatchOut], **E(401, 403, 422)},
    summary="Angkatan yang saya kelola",
)
def batches_organised(
    request: HttpRequest, size: int = Query(100, ge=1, le=MAX_PAGE_SIZE)
):
    require_perm(request, "training.organise")
    return [
        _batch_out(b) for b in sel.batch_list_organised_by(user=request.auth)[:size]
    ]


@router.get(
    "/training/batches/{pk}",
    response={200: BatchOut, **E(401, 403, 404)},
    summary="Angkatan",
)
def batch(request: HttpRequest, pk: int):
    require_perm(request, "training.view_catalog")
    return _batch_out(sel.batch_get(pk=pk))


@router.post(
    "/training/batches",
    response={201: BatchOut, **E(400, 401, 403, 404, 422)},
    summary="Buat angkatan",
)
def batch_create(request: HttpRequest, payload: BatchIn):
    require_perm(request, "training.organise")
    from jenjang.people.models import OrgUnit

    program = sel.program_get(pk=payload.program_id)
    unit = OrgUnit.objects.filter(pk=payload.org_unit_id).first()
    if unit is None:
        raise NotFound()
    data = payload.dict(exclude={"program_id", "org_unit_id"})
    if Batch.objects.filter(program=program, name=payload.name).exists():
        raise ApplicationError(
            "duplicate_name", _("Nama angkatan sudah dipakai untuk program ini.")
        )
    saved = cat_svc.batch_save(
        batch=Batch(program=program, org_unit=unit, **data), by=request.auth
    )
    return Status(201, _batch_out(sel.batch_get(pk=saved.pk)))


@router.get(
    "/training/batches/{pk}/sessions",
    response={200: list[TrainingSessionOut], **E(401, 403, 404)},
    summary="Jadwal sesi angkatan",
)
def sessions(request: HttpRequest, pk: int):
    require_perm(request, "training.view_catalog")
    return [
        TrainingSessionOut(
            id=s.pk,
            title=s.title,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            trainers=[t.name for t in s.trainers.all()],
        )
        for s in sel.sessions_of(batch=sel.batch_get(pk=pk))
    ]


@router.post(
    "/training/batches/{pk}/sessions",
    response={201: TrainingSessionOut, **E(400, 401, 403, 404, 422)},
    summary="Tambah sesi",
)
def session_add(request: HttpRequest, pk: int, payload: TrainingSessionIn):
    require_perm(request, "training.organise")
    found = sel.batch_get_organised_by(user=request.auth, pk=pk)
    s = cat_svc.session_add(
        batch=found,
        title=payload.title,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        trainer_names=payload.trainers,
        by=request.auth,
    )
    return Status(
        201,
        TrainingSessionOut(
            id=s.pk,
            title=s.title,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            trainers=[t.name for t in s.trainers.all()],
        ),
    )


@router.get(
    "/training/batches/{pk}/participants",
    response={200: list[ParticipantOut], **E(401, 403, 404)},
    summary="Peserta angkatan (penyelenggara)",
)
def participants(request: HttpRequest, pk: int):
    require_perm(request, "training.organise")
    found = sel.batch_get_organised_by(user=request.auth, pk=pk)
    total = found.sessions.count()
    rows = []
    for e in sel.participants(batch=found).select_related("batch__program"):
        pct = Decimal(100) * e.present / total if total else Decimal(0)
        rows.append(
            ParticipantOut(
                **_enrolment_out(e).dict(),
                attendance_percent=pct.quantize(Decimal("0.01")),
            )
        )
    return rows


# --- enrolment ----------------------------------------------------------------------


@router.post(
    "/training/batches/{pk}/enrol",
    response={201: TrainingEnrolmentOut, **E(400, 401, 403, 404)},
    summary="Daftar (menunggu persetujuan atasan)",
)
def enrol(request: HttpRequest, pk: int):
    require_perm(request, "training.enrol_own")
    e = enrol_svc.enrolment_request(batch=sel.batch_get(pk=pk), by=request.auth)
    return Status(201, _enrolment_out(e))


@router.post(
    "/training/batches/{pk}/nominate",
    response={201: TrainingEnrolmentOut, **E(400, 401, 403, 404, 422)},
    summary="Tugaskan pegawai",
)
def nominate(request: HttpRequest, pk: int, payload: NominateIn):
    require_perm(request, "training.nominate")
    found = sel.batch_get(pk=pk)
    employee = (
        sel.nominees_visible_to(user=request.auth)
        .filter(pk=payload.employee_id)
        .first()
    )
    if employee is None:
        raise NotFound()
    e = enrol_svc.enrolment_nominate(batch=found, employee=employee, by=request.auth)
    return Status(201, _enrolment_out(e))


@router.post(
    "/training/batches/{pk}/bulk-nominate",
    response={200: BulkOut, **E(400, 401, 403, 404, 422)},
    summary="Penugasan massal dari XLSX/CSV berisi NIP",
)
def bulk_nominate(
    request: HttpRequest,
    pk: int,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
):
    """Every row is validated first; nothing is written unless all rows pass."""
    require_perm(request, "training.bulk_nominate")
    found = sel.batch_get(pk=pk)
    pairs = bulk_svc.read_nips(name=file.name or "", content=file.read())
    if dry_run:
        report = bulk_svc.bulk_validate(batch=found, pairs=pairs, by=request.auth)
    else:
        report = bulk_svc.bulk_nominate(batch=found, pairs=pairs, by=request.auth)
    return BulkOut(
        ok=report.ok,
        written=report.written,
        rows=[
            BulkRowOut(row=r.number, nip=r.nip, name=r.name, errors=r.errors)
            for r in report.rows
        ],
    )


@router.get(
    "/training/enrolments/mine",
    response={200: list[TrainingEnrolmentOut], **E(401)},
    summary="Pelatihan saya",
)
def my_enrolments(request: HttpRequest):
    return [_enrolment_out(e) for e in sel.enrolments_own(user=request.auth)[:500]]


@router.get(
    "/training/approvals",
    response={200: list[TrainingEnrolmentOut], **E(401, 403)},
    summary="Permintaan menunggu persetujuan saya",
)
def approvals(request: HttpRequest):
    require_perm(request, "training.approve")
    return [
        _enrolment_out(e)
        for e in sel.approvals_pending(user=request.auth)[:MAX_PAGE_SIZE]
    ]


@router.get(
    "/training/enrolments/{pk}",
    response={200: TrainingEnrolmentOut, **E(401, 404)},
    summary="Satu pendaftaran",
)
def enrolment(request: HttpRequest, pk: int):
    return _enrolment_out(sel.enrolment_get_visible_to(user=request.auth, pk=pk))


@router.post(
    "/training/enrolments/{pk}/approve",
    response={200: TrainingEnrolmentOut, **E(400, 401, 403, 404)},
    summary="Setujui permintaan",
)
def approve(request: HttpRequest, pk: int, payload: NoteIn):
    require_perm(request, "training.approve")
    e = sel.enrolment_get_visible_to(user=request.auth, pk=pk)
    return _enrolment_out(
        enrol_svc.enrolment_approve(enrolment=e, by=request.auth, note=payload.note)
    )


@router.post(
    "/training/enrolments/{pk}/reject",
    response={200: TrainingEnrolmentOut, **E(400, 401, 403, 404)},
    summary="Tolak permintaan",
)
def reject(request: HttpRequest, pk: int, payload: NoteIn):
    require_perm(request, "training.approve")
    e = sel.enrolment_get_visible_to(user=request.auth, pk=pk)
    return _enrolment_out(
        enrol_svc.enrolment_reject(enrolment=e, by=request.auth, note=payload.note)
    )


@router.post(
    "/training/enrolments/{pk}/cancel",
    response={200: TrainingEnrolmentOut, **E(400, 401, 404)},
    summary="Batalkan pendaftaran",
)
def cancel(request: HttpRequest, pk: int, payload: NoteIn):
    e = sel.enrolment_get_visible_to(user=request.auth, pk=pk)
    return _enrolment_out(
        enrol_svc.enrolment_cancel(enrolment=e, by=request.auth, reason=payload.note)
    )


# --- attendance and results ------------------------------------------------------


def _session(request, pk: int) -> Session:
    found = Session.objects.select_related("batch").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    sel.batch_get_organised_by(user=request.auth, pk=found.batch_id)
    return found


@router.post(
    "/training/sessions/{pk}/attendance",
    response={200: AttendanceOut, **E(400, 401, 403, 404, 422)},
    summary="Catat daftar hadir sesi",
)
def attendance(request: HttpRequest, pk: int, payload: AttendanceIn):
    require_perm(request, "training.organise")
    present, absent = res_svc.attendance_mark(
        session=_session(request, pk), present_ids=set(payload.present), by=request.auth
    )
    return AttendanceOut(present=present, absent=absent)


@router.post(
    "/training/checkin/{code}",
    response={200: DoneOut, **E(400, 401, 404)},
    summary="Check-in QR peserta",
)
def checkin(
    request: HttpRequest, code: Annotated[str, StringConstraints(max_length=20)]
):
    row = res_svc.attendance_checkin(code=code, by=request.auth)
    return DoneOut(id=row.pk, status="present")


@router.post(
    "/training/batches/{pk}/close-attendance",
    response={200: dict[str, int], **E(400, 401, 403, 404)},
    summary="Tutup kehadiran angkatan",
)
def close_attendance(request: HttpRequest, pk: int):
    require_perm(request, "training.organise")
    found = sel.batch_get_organised_by(user=request.auth, pk=pk)
    return res_svc.attendance_close(batch=found, by=request.auth)


@router.post(
    "/training/enrolments/{pk}/result",
    response={200: TrainingEnrolmentOut, **E(400, 401, 403, 404, 422)},
    summary="Catat hasil peserta (lulus: JP dan sertifikat)",
)
def result(request: HttpRequest, pk: int, payload: ResultIn):
    require_perm(request, "training.organise")
    e = sel.enrolment_get_visible_to(user=request.auth, pk=pk)
    sel.batch_get_organised_by(user=request.auth, pk=e.batch_id)
    return _enrolment_out(
        res_svc.result_record(enrolment=e, by=request.auth, **payload.dict())
    )


@router.post(
    "/training/batches/{pk}/certificate-jobs",
    response={202: JobOut, **E(400, 401, 403, 404)},
    summary="Buat sertifikat seluruh peserta lulus (latar belakang)",
)
def certificate_job(request: HttpRequest, pk: int):
    require_perm(request, "training.organise")
    found = sel.batch_get_organised_by(user=request.auth, pk=pk)
    return Status(202, _job_out(certificate_job_start(batch=found, by=request.auth)))


@router.get(
    "/training/certificate-jobs/{pk}",
    response={200: JobOut, **E(401, 403, 404)},
    summary="Kemajuan pembuatan sertifikat",
)
def certificate_job_status(request: HttpRequest, pk: int):
    require_perm(request, "training.organise")
    job = BatchCertificateJob.objects.filter(pk=pk).first()
    if job is None:
        raise NotFound()
    sel.batch_get_organised_by(user=request.auth, pk=job.batch_id)
    return _job_out(job)


# --- evaluation ---------------------------------------------------------------------


@router.post(
    "/training/enrolments/{pk}/survey",
    response={201: DoneOut, **E(400, 401, 403, 404, 422)},
    summary="Survei kepuasan angkatan dan pengajar",
)
def survey(request: HttpRequest, pk: int, payload: SurveyIn):
    e = sel.enrolment_get_visible_to(user=request.auth, pk=pk)
    s = eval_svc.survey_submit(
        enrolment=e,
        by=request.auth,
        rating=payload.rating,
        comment=payload.comment,
        trainer_ratings=payload.trainer_ratings,
    )
    return Status(201, DoneOut(id=s.pk, status="submitted"))


@router.post(
    "/training/enrolments/{pk}/impact",
    response={201: DoneOut, **E(400, 401, 403, 404, 422)},
    summary="Kuesioner dampak (peserta atau atasan)",
)
def impact(request: HttpRequest, pk: int, payload: ImpactIn):
    e = sel.enrolment_get_visible_to(user=request.auth, pk=pk)
    r = eval_svc.impact_submit(enrolment=e, by=request.auth, **payload.dict())
    return Status(201, DoneOut(id=r.pk, status=r.respondent))


@router.get(
    "/training/impact",
    response={200: list[ImpactRowOut], **E(401, 403)},
    summary="Dampak pelatihan per program",
)
def impact_results(request: HttpRequest):
    require_perm(request, "training.view_impact")
    return [
        ImpactRowOut(
            program_id=r.program.pk,
            program=r.program.title,
            passed=r.passed,
            satisfaction=r.satisfaction,
            participant_responses=r.participant_n,
            participant_applied=r.participant_applied,
            supervisor_responses=r.supervisor_n,
            supervisor_applied=r.supervisor_applied,
            supervisor_improved=r.supervisor_improved,
            next_predikat=r.predikat,
            performance_available=not r.predikat_note,
        )
        for r in sel.impact_by_program(user=request.auth)
    ]


# --- relevance ----------------------------------------------------------------------


@router.get(
    "/training/recommendations",
    response={200: list[TrainingRecommendationOut], **E(401, 403)},
    summary="Rekomendasi pelatihan untuk saya",
)
def recommendations(request: HttpRequest):
    require_perm(request, "training.enrol_own")
    from jenjang.development.selectors.plans import employee_gaps
    from jenjang.people.selectors import employee_for_user
    from jenjang.training.relevance import training_provider

    employee = employee_for_user(user=request.auth)
    if employee is None or not employee.position_id:
        return []
    return [
        TrainingRecommendationOut(
            title=r.title,
            reason=r.reason,
            url=r.url,
            competency=r.competency.name if r.competency else None,
            target_level=r.target_level,
            jp=r.jp,
        )
        for r in training_provider(employee, employee_gaps(employee=employee))
    ]


@router.get(
    "/training/needs-coverage",
    response={200: CoverageOut, **E(401, 403)},
    summary="Kebutuhan pelatihan vs cakupan katalog",
)
def needs_coverage(request: HttpRequest):
    require_perm(request, "training.view_needs")
    from jenjang.training.relevance import needs_coverage as coverage_of

    found = coverage_of(user=request.auth)
    return CoverageOut(
        needs=[
            TrainingNeedOut(
                competency_id=row.need.competency.pk,
                competency=row.need.competency.name,
                target_level=row.need.target_level,
                people=row.need.people,
                program_ids=[p.pk for p in row.programs],
            )
            for row in found.needs
        ],
        uncovered=len(found.uncovered),
        unneeded_program_ids=[p.pk for p in found.unneeded],
    )


@router.get(
    "/training/calendar.ics",
    response={200: None, **E(401, 403)},
    summary="Kalender angkatan (iCal)",
)
def calendar_ics(request: HttpRequest):
    require_perm(request, "training.view_catalog")
    from jenjang.training.ical import batches_ical

    body = batches_ical(sel.batch_list_upcoming()[:500])
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")

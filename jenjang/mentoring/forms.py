"""Page forms of the mentoring area (validation of shape; rules stay in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jenjang.mentoring.models import (
    MAX_SESSION_MINUTES,
    Goal,
    MatchingRound,
    MenteeRequest,
    MentorProfile,
    Mode,
    Relationship,
)
from jenjang.people.models import JobField

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"


class MentorProfileForm(StyledForm):
    capacity = forms.IntegerField(
        label=_("Kapasitas mentee sekaligus"), min_value=1, max_value=20, initial=2
    )
    is_available = forms.BooleanField(
        label=_("Bersedia menerima mentee baru"), required=False, initial=True
    )
    availability = forms.CharField(
        label=_("Ketersediaan waktu"), max_length=200, required=False
    )
    mode = forms.ChoiceField(label=_("Cara bertemu"), choices=Mode.choices)
    job_fields = forms.ModelMultipleChoiceField(
        label=_("Bidang tugas"),
        queryset=JobField.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    bio = forms.CharField(
        label=_("Pengalaman singkat"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppointForm(MentorProfileForm):
    employee = forms.CharField(
        label=_("NIP pegawai"),
        max_length=18,
        help_text=_("Pegawai dalam cakupan Anda."),
    )


class RequestForm(StyledForm):
    goals = forms.CharField(
        label=_("Apa yang ingin Anda capai?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    unit_preference = forms.ChoiceField(
        label=_("Mentor dari unit kerja"), choices=MenteeRequest.UnitPreference.choices
    )
    mode = forms.ChoiceField(label=_("Cara bertemu"), choices=Mode.choices)


class RoundForm(StyledForm):
    name = forms.CharField(label=_("Nama putaran"), max_length=120)
    org_unit = forms.ModelChoiceField(
        label=_("Cakupan unit kerja"), queryset=None, empty_label=None
    )
    w_coverage = forms.IntegerField(
        label=_("Kecocokan kompetensi"), min_value=0, max_value=100, initial=40
    )
    w_field = forms.IntegerField(
        label=_("Bidang tugas"), min_value=0, max_value=100, initial=20
    )
    w_seniority = forms.IntegerField(
        label=_("Senioritas"), min_value=0, max_value=100, initial=15
    )
    w_unit = forms.IntegerField(
        label=_("Preferensi unit"), min_value=0, max_value=100, initial=10
    )
    w_load = forms.IntegerField(
        label=_("Pemerataan beban"), min_value=0, max_value=100, initial=15
    )
    min_rank_gap = forms.IntegerField(
        label=_("Selisih golongan minimum"), min_value=0, max_value=16, initial=1
    )
    max_rank_gap = forms.IntegerField(
        label=_("Selisih golongan maksimum"), min_value=0, max_value=16, initial=8
    )
    allow_supervisor = forms.BooleanField(
        label=_("Atasan langsung boleh menjadi mentor"), required=False
    )

    def __init__(self, *args, units=None, with_unit=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_unit:
            self.fields["org_unit"].queryset = units
            self.fields["org_unit"].label_from_instance = lambda u: (
                "\u00a0" * 3 * (u.depth - 1) + u.name
            )
        else:
            del self.fields["org_unit"]

    @classmethod
    def initial_from(cls, round: MatchingRound) -> dict:
        return {
            name: getattr(round, name)
            for name in (
                "name",
                "w_coverage",
                "w_field",
                "w_seniority",
                "w_unit",
                "w_load",
                "min_rank_gap",
                "max_rank_gap",
                "allow_supervisor",
            )
        }


class PairRuleForm(StyledForm):
    request = forms.IntegerField(widget=forms.HiddenInput)
    mentor = forms.ChoiceField(label=_("Mentor"))
    kind = forms.ChoiceField(
        label=_("Aturan"),
        choices=[("pin", _("Kunci pasangan")), ("forbid", _("Larang pasangan"))],
    )


class SessionForm(StyledForm):
    held_on = forms.DateField(label=_("Tanggal"), widget=DATE_WIDGET)
    duration_minutes = forms.IntegerField(
        label=_("Durasi (menit)"),
        min_value=1,
        max_value=MAX_SESSION_MINUTES,
        initial=60,
    )
    topics = forms.CharField(label=_("Topik"), max_length=300)
    notes = forms.CharField(
        label=_("Catatan (hanya untuk pasangan)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action_items = forms.CharField(
        label=_("Tindak lanjut (satu per baris)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def items(self) -> list[tuple[str, None]]:
        text = self.cleaned_data.get("action_items") or ""
        return [(line.strip(), None) for line in text.splitlines() if line.strip()]


class GoalForm(StyledForm):
    title = forms.CharField(label=_("Tujuan"), max_length=200)
    measure = forms.CharField(label=_("Ukuran keberhasilan"), max_length=300)
    due_on = forms.DateField(label=_("Tenggat"), widget=DATE_WIDGET)


class GoalStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)


class FeedbackForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("Kepuasan"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
    )
    comment = forms.CharField(
        label=_("Komentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(StyledForm):
    outcome = forms.CharField(
        label=_("Hasil akhir terhadap tujuan"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Alasan"), max_length=250)


class CoachingForm(StyledForm):
    member = forms.ChoiceField(label=_("Anggota tim"))
    rhythm = forms.ChoiceField(
        label=_("Ritme pertemuan"), choices=Relationship.Rhythm.choices
    )


SOURCE_CHOICES = MentorProfile.Source.choices

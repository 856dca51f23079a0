"""Forms of the training pages (parsing only; rules live in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jenjang.competencies.models import Competency
from jenjang.people.models import Position
from jenjang.training.models import Batch, TrainingProgram

KIND_CHOICES = Position.Kind.choices


class ProgramForm(forms.ModelForm):
    position_kinds = forms.MultipleChoiceField(
        label=_("Jenis jabatan sasaran"),
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_position_kinds = forms.MultipleChoiceField(
        label=_("Syarat jenis jabatan"),
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    competencies_text = forms.CharField(
        label=_("Kompetensi yang dikembangkan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu per baris: kode kompetensi, spasi, level sasaran (1–5)."),
    )

    class Meta:
        model = TrainingProgram
        fields = [
            "code",
            "title",
            "description",
            "form",
            "leadership",
            "owner_unit",
            "job_fields",
            "position_kinds",
            "jp",
            "delivery",
            "provider",
            "provider_name",
            "cost",
            "validity_months",
            "required_position_kinds",
            "min_rank",
            "prereq_competency",
            "prereq_level",
            "prereq_program",
            "is_active",
        ]
        widgets = {"job_fields": forms.CheckboxSelectMultiple}

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["owner_unit"].queryset = units
        if self.instance.pk:
            self.initial["competencies_text"] = "\n".join(
                f"{c.competency.code} {c.target_level}"
                for c in self.instance.competencies.select_related("competency")
            )

    def clean_competencies_text(self):
        pairs = []
        codes = {}
        for number, line in enumerate(
            self.cleaned_data["competencies_text"].splitlines(), 1
        ):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2 or not parts[1].isdigit():
                raise forms.ValidationError(
                    _("Baris %(n)d: tulis kode dan level, mis. 'analisis-data 3'.")
                    % {"n": number}
                )
            codes[parts[0]] = int(parts[1])
        found = {c.code: c for c in Competency.objects.filter(code__in=codes)}
        for code, level in codes.items():
            if code not in found:
                raise forms.ValidationError(
                    _("Kompetensi %(code)s tidak dikenal.") % {"code": code}
                )
            if not 1 <= level <= 5:
                raise forms.ValidationError(_("Level sasaran harus antara 1 dan 5."))
            pairs.append((found[code], level))
        return pairs


class BatchForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("Tautan daring"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Batch
        fields = [
            "program",
            "name",
            "org_unit",
            "starts_on",
            "ends_on",
            "venue",
            "online_url",
            "capacity",
            "min_attendance_percent",
            "impact_months",
            "status",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = TrainingProgram.objects.filter(is_active=True)
        if units is not None:
            self.fields["org_unit"].queryset = units


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Materi"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Mulai"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    trainers = forms.CharField(
        label=_("Pengajar"),
        required=False,
        max_length=500,
        help_text=_("Pisahkan nama dengan koma."),
    )


class BulkForm(forms.Form):
    file = forms.FileField(label=_("Berkas NIP (.xlsx atau .csv)"))


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Kepuasan terhadap pelatihan"),
        choices=[(i, i) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Saran"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImpactForm(forms.Form):
    applied = forms.TypedChoiceField(
        label=_("Seberapa banyak hasil pelatihan diterapkan di tempat kerja?"),
        choices=[(i, i) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    improved = forms.TypedChoiceField(
        label=_("Seberapa besar kinerja membaik karenanya?"),
        choices=[(i, i) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Contoh penerapan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

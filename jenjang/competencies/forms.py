"""Forms of the competency pages. The rules live in services; forms parse input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jenjang.competencies import selectors
from jenjang.competencies.imports import MODE_ALL, MODE_CHECK, MODE_VALID_ONLY
from jenjang.competencies.models import MAX_LEVEL, MIN_LEVEL, Assessment, Competency
from jenjang.people.models import JobField

LEVEL_CHOICES = [(n, str(n)) for n in range(MIN_LEVEL, MAX_LEVEL + 1)]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
KIND_FILTER_CHOICES = [("", _("Semua jenis")), *Competency.Kind.choices]


def style(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class CompetencyForm(forms.Form):
    code = forms.SlugField(
        label=_("Kode"),
        max_length=60,
        help_text=_(
            "Huruf kecil, angka dan tanda hubung; tidak dapat diubah kemudian."
        ),
    )
    name = forms.CharField(label=_("Nama"), max_length=150)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Competency.Kind.choices)
    job_field = forms.ModelChoiceField(
        label=_("Rumpun jabatan"),
        queryset=JobField.objects.order_by("name"),
        required=False,
        empty_label=_("— tidak ada —"),
        help_text=_("Hanya untuk kompetensi teknis."),
    )
    description = forms.CharField(
        label=_("Definisi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args, competency: Competency | None = None, **kwargs):
        if competency is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": competency.name,
                    "job_field": competency.job_field_id,
                    "description": competency.description,
                    "is_active": competency.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        self.competency = competency
        if competency is not None:
            # Code and kind stay: assessments and standards refer to them.
            del self.fields["code"]
            del self.fields["kind"]
            if competency.kind != Competency.Kind.TECHNICAL:
                del self.fields["job_field"]
        style(self)

    def clean(self):
        data = super().clean()
        kind = self.competency.kind if self.competency else data.get("kind")
        if data.get("job_field") and kind != Competency.Kind.TECHNICAL:
            self.add_error("job_field", _("Hanya untuk kompetensi teknis."))
        return data


class LevelForm(forms.Form):
    title = forms.CharField(
        label=_("Judul"),
        max_length=150,
        required=False,
        help_text=_("Kosongkan untuk level yang belum dirumuskan."),
    )
    description = forms.CharField(
        label=_("Deskripsi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicators = forms.CharField(
        label=_("Indikator perilaku"),
        required=False,
        help_text=_("Satu indikator per baris."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


def level_forms(
    competency: Competency | None, data=None
) -> list[tuple[int, LevelForm]]:
    """Return one form per level 1–5, filled from the competency's levels."""
    existing = {lv.level: lv for lv in competency.levels.all()} if competency else {}
    result = []
    for number in range(MIN_LEVEL, MAX_LEVEL + 1):
        row = existing.get(number)
        initial = (
            {
                "title": row.title,
                "description": row.description,
                "indicators": row.indicators,
            }
            if row
            else {}
        )
        form = LevelForm(data, prefix=f"level{number}", initial=initial)
        result.append((number, form))
    return result


class AssessmentForm(forms.Form):
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"), queryset=None, empty_label=None
    )
    level = forms.TypedChoiceField(label=_("Level"), choices=LEVEL_CHOICES, coerce=int)
    assessed_on = forms.DateField(label=_("Tanggal asesmen"), widget=DATE_WIDGET)
    source = forms.ChoiceField(label=_("Sumber"), choices=Assessment.Source.choices)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"assessed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = selectors.competency_list()
        style(self)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    mode = forms.ChoiceField(
        label=_("Tindakan"),
        choices=[
            (MODE_CHECK, _("Periksa saja, jangan simpan")),
            (MODE_ALL, _("Simpan bila seluruh baris valid")),
            (MODE_VALID_ONLY, _("Simpan baris yang valid saja")),
        ],
        initial=MODE_CHECK,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "form-control"


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis kompetensi"), choices=KIND_FILTER_CHOICES, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    @property
    def kind_value(self) -> str:
        if self.is_valid():
            return self.cleaned_data.get("kind") or ""
        return ""


class TrainingNeedsForm(KindFilterForm):
    agency = forms.ModelChoiceField(label=_("Instansi"), queryset=None, required=False)
    year = forms.IntegerField(
        label=_("Tahun perencanaan"), min_value=2000, max_value=2100, required=False
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = _("Semua instansi dalam cakupan")
        self.fields["year"].widget.attrs["placeholder"] = str(
            timezone.localdate().year + 1
        )
        style(self)

    @property
    def year_value(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year + 1

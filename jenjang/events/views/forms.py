"""Forms of the events pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jenjang.events.models import Event, EventSeries, SessionSpeaker, Speaker
from jenjang.people.models import JobField, OrgUnit


def _style(form) -> None:
    """Give each widget Bootstrap's class (the house templates do it by hand)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Event.Kind.choices)
    organiser_unit = forms.ModelChoiceField(
        label=_("Unit penyelenggara"), queryset=OrgUnit.objects.none()
    )
    series = forms.ModelChoiceField(
        label=_("Seri"), queryset=EventSeries.objects.none(), required=False
    )
    summary = forms.CharField(label=_("Ringkasan"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Deskripsi"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    starts_at = forms.DateTimeField(label=_("Mulai"), widget=DT)
    ends_at = forms.DateTimeField(label=_("Selesai"), widget=DT)
    venue = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Tautan daring"), required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(
        label=_("Kapasitas"), min_value=1, max_value=100000, required=False
    )
    audience = forms.ChoiceField(
        label=_("Peserta sasaran"), choices=Event.Audience.choices
    )
    audience_units = forms.ModelMultipleChoiceField(
        label=_("Unit sasaran"), queryset=OrgUnit.objects.none(), required=False
    )
    audience_job_fields = forms.ModelMultipleChoiceField(
        label=_("Rumpun sasaran"), queryset=JobField.objects.all(), required=False
    )
    job_fields = forms.ModelMultipleChoiceField(
        label=_("Bidang"), queryset=JobField.objects.all(), required=False
    )
    jp = forms.DecimalField(
        label=_("JP kehadiran"),
        min_value=0,
        max_value=999,
        decimal_places=2,
        required=False,
        help_text=_("Kosongkan untuk memakai aturan konversi JP instansi."),
    )
    requires_approval = forms.BooleanField(
        label=_("Perlu persetujuan atasan"), required=False
    )
    is_public = forms.BooleanField(label=_("Tampil untuk publik"), required=False)
    publish = forms.BooleanField(label=_("Langsung buka pendaftaran"), required=False)

    def __init__(self, *args, units=None, series=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser_unit"].queryset = units
        self.fields["audience_units"].queryset = units
        self.fields["series"].queryset = series
        _style(self)


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Judul sesi"), max_length=200)
    track = forms.CharField(label=_("Jalur"), max_length=80, required=False)
    room = forms.CharField(label=_("Ruang"), max_length=80, required=False)
    starts_at = forms.DateTimeField(label=_("Mulai"), widget=DT)
    ends_at = forms.DateTimeField(label=_("Selesai"), widget=DT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "institution", "expertise", "bio", "photo", "is_public"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class SessionSpeakerForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Sesi"), queryset=None)
    speaker = forms.ModelChoiceField(label=_("Narasumber"), queryset=None)
    role = forms.ChoiceField(label=_("Peran"), choices=SessionSpeaker.Role.choices)

    def __init__(self, *args, sessions=None, speakers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["speaker"].queryset = speakers
        _style(self)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    session = forms.ModelChoiceField(label=_("Sesi"), queryset=None, required=False)
    file = forms.FileField(label=_("Berkas"))

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        _style(self)


RATING = [(i, str(i)) for i in range(1, 6)]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Kepuasan terhadap kegiatan"),
        choices=RATING,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label=_("Manfaat untuk pekerjaan"),
        choices=RATING,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Saran"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, speakers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.speakers = list(speakers)
        for sp in self.speakers:
            self.fields[f"speaker_{sp.pk}"] = forms.TypedChoiceField(
                label=sp.name, choices=RATING, coerce=int, widget=forms.RadioSelect
            )
            self.fields[f"speaker_{sp.pk}_comment"] = forms.CharField(
                label=_("Komentar untuk %(name)s") % {"name": sp.name},
                required=False,
                max_length=1000,
            )
        _style(self)

    def speaker_answers(self) -> dict[int, tuple[int, str]]:
        return {
            sp.pk: (
                self.cleaned_data[f"speaker_{sp.pk}"],
                self.cleaned_data.get(f"speaker_{sp.pk}_comment", ""),
            )
            for sp in self.speakers
        }


class EventEditForm(EventForm):
    """The event form without what cannot change after creation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "organiser_unit", "series", "publish"):
            del self.fields[name]

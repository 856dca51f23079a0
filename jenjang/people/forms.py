"""Forms for the registry pages and the admin.

The record rules live in `services.employee_record_errors`; the forms only
attach each broken rule to its field so that the page and the admin say the
same thing as the API and the importer.
"""

import copy

from django import forms
from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from jenjang.core.exceptions import ApplicationError
from jenjang.people import selectors, services
from jenjang.people.models import Employee, Position

# No-break spaces: a browser collapses ordinary ones inside <option>.
INDENT = "\u00a0" * 3
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _style(form: forms.BaseForm) -> None:
    """Give every widget its Bootstrap class."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return INDENT * (obj.depth - 1) + obj.name


class PositionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} — {obj.org_unit.name}"


class EmployeeFilterForm(forms.Form):
    """The search box and filters of the employee list; every field optional."""

    q = forms.CharField(
        label=_("Cari"),
        required=False,
        max_length=150,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Nama atau NIP")}
        ),
    )
    unit = UnitChoiceField(
        label=_("Unit kerja"),
        queryset=None,
        required=False,
        empty_label=_("Semua unit"),
        error_messages={"invalid_choice": _("Unit kerja tidak ditemukan.")},
    )
    position_kind = forms.ChoiceField(
        label=_("Jenis jabatan"),
        required=False,
        choices=[("", _("Semua jenis jabatan")), *Position.Kind.choices],
    )
    rank = forms.ModelChoiceField(
        label=_("Golongan"),
        queryset=None,
        required=False,
        empty_label=_("Semua golongan"),
        error_messages={"invalid_choice": _("Golongan tidak dikenal.")},
    )
    kind = forms.ChoiceField(
        label=_("Jenis pegawai"),
        required=False,
        choices=[("", _("PNS dan PPPK")), *Employee.Kind.choices],
    )

    # A national scope has ~100,000 units: the menu offers the top levels
    # (deeper units are reached from the unit tree); any visible unit still
    # validates, and the chosen one is always offered.
    UNIT_MENU_LEVELS = 2
    UNIT_MENU_MAX = 300

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = selectors.org_unit_list_visible_to(user=user)
        self.fields["unit"].queryset = units
        self.fields["unit"].widget.choices = self._unit_menu(units)
        self.fields["rank"].queryset = selectors.rank_list()
        _style(self)

    def _unit_menu(self, units) -> list[tuple]:
        field = self.fields["unit"]
        top = units.aggregate(top=Min("depth"))["top"] or 1
        menu = list(
            units.filter(depth__lt=top + self.UNIT_MENU_LEVELS)[: self.UNIT_MENU_MAX]
        )
        chosen = self.data.get("unit") if self.is_bound else None
        if chosen and str(chosen).isdigit() and all(u.pk != int(chosen) for u in menu):
            menu += list(units.filter(pk=int(chosen)))
        choices = [("", field.empty_label)]
        choices += [(u.pk, INDENT * (u.depth - top) + u.name) for u in menu]
        return choices

    def _valid(self) -> dict:
        return getattr(self, "cleaned_data", {})

    def selector_kwargs(self) -> dict:
        """Return the valid filters as arguments of `employee_list_visible_to`."""
        data = self._valid()
        rank = data.get("rank")
        return {
            "search": data.get("q") or "",
            "unit": data.get("unit"),
            "position_kind": data.get("position_kind") or "",
            "rank_id": rank.pk if rank else None,
            "kind": data.get("kind") or "",
        }

    def query_params(self) -> dict:
        """Return the valid, non-empty filters as query-string values."""
        data = self._valid()
        params = {
            "q": (data.get("q") or "").strip(),
            "unit": data["unit"].pk if data.get("unit") else "",
            "position_kind": data.get("position_kind") or "",
            "rank": data["rank"].pk if data.get("rank") else "",
            "kind": data.get("kind") or "",
        }
        return {k: v for k, v in params.items() if v}


class EmployeeRulesMixin:
    """Check a ModelForm's employee record with the service rules, field by field."""

    def record_data(self) -> dict:
        return {
            f: self.cleaned_data[f]
            for f in services.EMPLOYEE_FIELDS
            if f in self.cleaned_data
        }

    def clean(self):
        cleaned = super().clean()
        # A field that did not even parse already says so; don't pile on.
        unparsed = set(self.errors)
        for error in services.employee_record_errors(self.record_data()):
            field = error.field if error.field in self.fields else None
            if field in unparsed:
                continue
            self.add_error(field, error.message)
        return cleaned

    def _get_validation_exclusions(self):
        # The database rule "TMT CPNS after birth" is already said, in the
        # user's language and on the right field, by employee_record_errors;
        # the model's constraint would repeat it as a bare constraint name.
        return super()._get_validation_exclusions() | {"tmt_cpns"}

    def add_application_error(self, exc: ApplicationError) -> None:
        """Put a service's refusal on the fields it names, or on the form."""
        details = exc.details if isinstance(exc.details, list) else []
        placed = False
        for item in details:
            field = item.get("field") if isinstance(item, dict) else None
            if field in self.fields and field not in self.errors:
                self.add_error(field, item.get("message") or exc.message)
                placed = True
        if not placed:
            self.add_error(None, exc.message)


class EmployeeForm(EmployeeRulesMixin, forms.ModelForm):
    """Create or edit an employee; the position list is limited to the user's scope."""

    position = PositionChoiceField(label=_("Jabatan"), queryset=None)

    class Meta:
        model = Employee
        fields = list(services.EMPLOYEE_FIELDS)
        widgets = {
            "birth_date": DATE_WIDGET,
            "tmt_cpns": DATE_WIDGET,
            "position_tmt": DATE_WIDGET,
            "rank_tmt": DATE_WIDGET,
        }
        error_messages = {"nip": {"unique": _("NIP sudah terdaftar.")}}

    def __init__(self, data=None, *, user, employee: Employee | None = None):
        self.original = employee
        # The form fills its instance as it validates; the service must see the
        # record as stored to notice a new position or rank, so it gets the original.
        instance = copy.copy(employee) if employee is not None else None
        super().__init__(data, instance=instance)
        if employee is None:
            del self.fields["is_active"]
        self.fields["position"].queryset = selectors.position_list_visible_to(
            user=user, perm="people.change"
        )
        self.fields["rank"].queryset = selectors.rank_list()
        _style(self)

    def save(self, *, by) -> Employee | None:  # type: ignore[override]
        """Write through the services; on refusal put the errors on the form."""
        data = self.record_data()
        try:
            if self.original is None:
                return services.employee_create(by=by, **data)
            changes = {f: data[f] for f in self.changed_data if f in data}
            return services.employee_update(employee=self.original, by=by, **changes)
        except ApplicationError as exc:
            self.add_application_error(exc)
            return None

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jenjang.surveys.models import QualityInterval, Service, ServiceUnit, Unsur


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0


@admin.register(ServiceUnit)
class ServiceUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "org_unit", "is_active")
    search_fields = ("name", "code")
    list_select_related = ("org_unit",)
    raw_id_fields = ("org_unit",)
    inlines = [ServiceInline]


@admin.register(Unsur)
class UnsurAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "question")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(QualityInterval)
class QualityIntervalAdmin(admin.ModelAdmin):
    """The mutu/kinerja table is configurable, but it must tile 25–100."""

    list_display = ("letter", "label", "min_value", "max_value")
    list_editable = ("label", "min_value", "max_value")

    def get_changelist_formset(self, request, **kwargs):
        from jenjang.surveys.services.ikm import Interval, intervals_check

        formset_class = super().get_changelist_formset(request, **kwargs)

        class Checked(formset_class):
            def clean(self):
                super().clean()
                rows = [
                    Interval(
                        f.cleaned_data.get("letter", f.instance.letter),
                        f.cleaned_data.get("label", ""),
                        f.cleaned_data["min_value"],
                        f.cleaned_data["max_value"],
                    )
                    for f in self.forms
                    if f.cleaned_data
                ]
                others = QualityInterval.objects.exclude(
                    pk__in=[f.instance.pk for f in self.forms]
                )
                rows += [
                    Interval(o.letter, o.label, o.min_value, o.max_value)
                    for o in others
                ]
                if intervals_check(rows):
                    raise ValidationError(
                        _(
                            "Interval harus menutup 25,00–100,00 tanpa celah "
                            "atau tumpang tindih."
                        )
                    )

        return Checked

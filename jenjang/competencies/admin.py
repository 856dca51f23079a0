"""Admin for the dictionary, standards and assessments: superadmins only.

The pages are the tool for everyone else: they are scoped, the admin is not.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jenjang.accounts.models import Role
from jenjang.accounts.roles import active_roles
from jenjang.competencies.models import (
    Assessment,
    Competency,
    CompetencyLevel,
    PositionStandard,
    StandardDefault,
)
from jenjang.competencies.seed import DEFAULTS_NOTE, VERIFY_NOTE


def _superadmin(request) -> bool:
    return Role.SUPERADMIN in active_roles(request.user)


class SuperadminOnly(admin.ModelAdmin):
    """Unscoped rows (assessments of every agency) are for the superadmin alone."""

    def _allowed(self, request) -> bool:
        return _superadmin(request)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class CompetencyLevelInline(admin.StackedInline):
    model = CompetencyLevel
    extra = 0
    verbose_name_plural = _("Level (verifikasi dengan teks resmi PermenPANRB 38/2017)")

    def has_view_permission(self, request, obj=None):
        return _superadmin(request)

    def has_add_permission(self, request, obj=None):
        return _superadmin(request)

    def has_change_permission(self, request, obj=None):
        return _superadmin(request)

    def has_delete_permission(self, request, obj=None):
        return _superadmin(request)


@admin.register(Competency)
class CompetencyAdmin(SuperadminOnly):
    list_display = ("name", "code", "kind", "job_field", "is_active")
    list_filter = ("kind", "is_active", "job_field")
    search_fields = ("name", "code")
    inlines = [CompetencyLevelInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["description"].help_text = VERIFY_NOTE
        return form


@admin.register(StandardDefault)
class StandardDefaultAdmin(SuperadminOnly):
    list_display = ("position_kind", "functional_level", "competency", "required_level")
    list_filter = ("position_kind", "functional_level", "competency")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["required_level"].help_text = DEFAULTS_NOTE
        return form


@admin.register(PositionStandard)
class PositionStandardAdmin(SuperadminOnly):
    list_display = ("position", "competency", "required_level")
    list_select_related = ("position", "competency")
    search_fields = ("position__title", "position__code", "competency__name")
    raw_id_fields = ("position",)


@admin.register(Assessment)
class AssessmentAdmin(SuperadminOnly):
    list_display = ("employee", "competency", "level", "assessed_on", "source")
    list_filter = ("source", "competency")
    list_select_related = ("employee", "competency")
    search_fields = ("employee__nip", "employee__name")
    raw_id_fields = ("employee", "assessor")
    date_hierarchy = "assessed_on"

"""Django admin for the registry, scoped exactly like the pages.

Staff users reach only the rows their role grants (through the selectors);
superadmins reach everything. Permissions come from the roles in
accounts.roles, not from Django's per-model permissions. An object outside
the user's scope answers 404, as on the pages.
"""

from django import forms
from django.contrib import admin
from django.http import Http404
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from jenjang.accounts.roles import has_perm
from jenjang.people import selectors, services
from jenjang.people.forms import EmployeeRulesMixin
from jenjang.people.models import (
    Agency,
    Employee,
    JobField,
    OrgUnit,
    Position,
    PositionHistory,
    Rank,
    RankHistory,
)


class RoleScopedAdmin(admin.ModelAdmin):
    """Ask the role permissions, and answer 404 for an object out of scope."""

    view_perm = "people.view"
    change_perm = "people.manage_structure"
    delete_perm = "people.manage_structure"

    def has_module_permission(self, request):
        return has_perm(request.user, "people.view")

    def has_view_permission(self, request, obj=None):
        return has_perm(request.user, self.view_perm) or self.has_change_permission(
            request, obj
        )

    def has_add_permission(self, request):
        return has_perm(request.user, self.change_perm)

    def has_change_permission(self, request, obj=None):
        return has_perm(request.user, self.change_perm)

    def has_delete_permission(self, request, obj=None):
        return has_perm(request.user, self.delete_perm)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "object does not exist"; a row out
        # of scope must look like no row at all, as it does on the pages.
        raise Http404


class ScopedByEmployeeMixin:
    """History rows follow the scope of the employee they belong to."""

    def get_queryset(self, request):
        visible = selectors.employee_list_visible_to(
            user=request.user, include_inactive=True
        ).values("pk")
        return super().get_queryset(request).filter(employee__in=visible)


@admin.register(Agency)
class AgencyAdmin(RoleScopedAdmin):
    list_display = ("name", "code", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "code")

    def get_queryset(self, request):
        return selectors.agency_list_visible_to(user=request.user)


@admin.register(OrgUnit)
class OrgUnitAdmin(RoleScopedAdmin, TreeAdmin):
    form = movenodeform_factory(OrgUnit, fields=["agency", "code", "name", "is_active"])
    list_display = ("name", "code", "agency", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    list_select_related = ("agency",)

    def get_queryset(self, request):
        # TreeAdmin narrows to one level of the tree; the scope narrows further.
        visible = selectors.org_unit_list_visible_to(user=request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible)

    def is_filtered(self, request) -> bool:
        # A scoped user's units hang below roots they cannot see, so browsing
        # from the roots would show nothing: they get the flat list instead.
        return super().is_filtered(request) or not has_perm(
            request.user, "people.manage_structure"
        )

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # The move fields list every unit in the country; a viewer needs none.
        return [f for f in fields if not f.startswith("treebeard_")]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = selectors.agency_list_visible_to(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(JobField)
class JobFieldAdmin(RoleScopedAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Rank)
class RankAdmin(RoleScopedAdmin):
    list_display = ("code", "name", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(Position)
class PositionAdmin(RoleScopedAdmin):
    list_display = (
        "title",
        "code",
        "kind",
        "functional_level",
        "org_unit",
        "reports_to",
    )
    list_filter = ("kind", "functional_level", "is_active")
    search_fields = ("title", "code")
    search_help_text = _("Cari nama atau kode jabatan.")
    list_select_related = ("org_unit", "reports_to")
    autocomplete_fields = ("org_unit", "reports_to", "job_field")
    show_full_result_count = False

    def get_queryset(self, request):
        return selectors.position_list_visible_to(user=request.user)


class EmployeeAdminForm(EmployeeRulesMixin, forms.ModelForm):
    class Meta:
        model = Employee
        fields = ("user", *services.EMPLOYEE_FIELDS)
        error_messages = {"nip": {"unique": _("NIP sudah terdaftar.")}}


@admin.register(Employee)
class EmployeeAdmin(RoleScopedAdmin):
    form = EmployeeAdminForm
    view_perm = "people.view_personal"
    change_perm = "people.change"
    list_display = ("name", "nip", "kind", "position", "org_unit", "rank", "is_active")
    list_filter = ("kind", "position__kind", "is_active", "rank")
    search_fields = ("name", "^nip")
    search_help_text = _("Cari nama atau awalan NIP.")
    list_select_related = ("position", "org_unit", "rank")
    autocomplete_fields = ("position",)
    raw_id_fields = ("user",)
    readonly_fields = ("agency", "org_unit", "history", "created_at", "updated_at")
    ordering = ("name", "id")
    show_full_result_count = False
    fieldsets = (
        (
            _("Identitas"),
            {
                "fields": (
                    "nip",
                    "kind",
                    ("front_title", "name", "back_title"),
                    "gender",
                    "nik",
                    ("birth_place", "birth_date"),
                )
            },
        ),
        (
            _("Kepegawaian"),
            {
                "fields": (
                    "tmt_cpns",
                    ("position", "position_tmt"),
                    ("rank", "rank_tmt"),
                    ("agency", "org_unit"),
                    "is_active",
                    "history",
                )
            },
        ),
        (
            _("Pendidikan dan kontak"),
            {"fields": (("education_level", "education_major"), "email", "phone")},
        ),
        (_("Akun"), {"fields": ("user", "created_at", "updated_at")}),
    )

    def get_list_display(self, request):
        # The NIP column needs the viewer, which a display method never sees.
        user = request.user

        @admin.display(description=_("NIP"), ordering="nip")
        def nip(obj):
            if selectors.can_see_nip(user=user, employee=obj):
                return obj.nip
            return selectors.mask_nip(obj.nip)

        return [nip if name == "nip" else name for name in self.list_display]

    @admin.display(description=_("Riwayat jabatan dan golongan"))
    def history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        positions = obj.position_history.select_related("position", "org_unit")
        ranks = obj.rank_history.select_related("rank")
        rows = [
            (row.start, row.end or "…", f"{row.position} · {row.org_unit}")
            for row in positions.order_by("-start", "-id")
        ] + [(row.start, row.end or "…", row.rank) for row in ranks.order_by("-start")]
        return format_html(
            "<ul class='mb-0'>{}</ul>",
            format_html_join("", "<li>{} – {}: {}</li>", rows) or "—",
        )

    def get_queryset(self, request):
        return selectors.employee_list_visible_to(
            user=request.user, include_inactive=True
        )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not has_perm(request.user, "accounts.manage_roles"):
            # Linking an account to a record hands over that person's view.
            fields = (*fields, "user")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["queryset"] = selectors.position_list_visible_to(user=request.user)
        elif db_field.name == "rank":
            kwargs["queryset"] = selectors.rank_list()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Write through the services, so history rows and unit follow the position."""
        data = form.record_data()
        if change:
            stored = self.get_queryset(request).get(pk=obj.pk)
            changes = {f: data[f] for f in form.changed_data if f in data}
            saved = services.employee_update(
                employee=stored, by=request.user, **changes
            )
        else:
            saved = services.employee_create(by=request.user, **data)
        if "user" in form.changed_data:
            saved.user = form.cleaned_data["user"]
            saved.save(update_fields=["user", "updated_at"])
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db


@admin.register(PositionHistory)
class PositionHistoryAdmin(ScopedByEmployeeMixin, RoleScopedAdmin):
    view_perm = "people.view_personal"
    list_display = ("employee", "position", "org_unit", "start", "end")
    list_select_related = ("employee", "position", "org_unit")
    raw_id_fields = ("employee", "position", "org_unit")
    search_fields = ("employee__name", "^employee__nip")
    show_full_result_count = False


@admin.register(RankHistory)
class RankHistoryAdmin(ScopedByEmployeeMixin, RoleScopedAdmin):
    view_perm = "people.view_personal"
    list_display = ("employee", "rank", "start", "end")
    list_select_related = ("employee", "rank")
    raw_id_fields = ("employee",)
    list_filter = ("rank",)
    search_fields = ("employee__name", "^employee__nip")
    show_full_result_count = False

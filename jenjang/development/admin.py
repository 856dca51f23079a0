"""Django admin for the JP rule tables and a read-only view of the ledger.

Permissions come from the roles in accounts.roles. The rule tables are
effective-dated: a change is a new row from a date, never an edit of a row
the ledger already used. An HR admin with an agency-wide grant keeps the
rules of that agency; national defaults (no agency) belong to the superadmin.
Ledger entries, claims and reminders are read-only here: corrections go
through the services (reversing entries), never through the admin.
"""

from django.contrib import admin
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from jenjang.accounts.roles import has_perm
from jenjang.core.scoping import people_scope_q, scope_for
from jenjang.development.models import (
    AnnualTarget,
    ConversionRule,
    DevelopmentForm,
    LedgerEntry,
    ReminderSent,
    SelfLearningClaim,
)
from jenjang.people.models import Agency

RULES_PERM = "development.manage_rules"
SUPER_PERM = "accounts.manage_roles"  # held by the superadmin alone
VERIFY_HELP = _(
    "Periksa terhadap teks resmi (JDIH / peraturan.bpk.go.id): tabel konversi "
    "JP bersifat per instansi; nilai bawaan adalah contoh tabel BPS."
)


def _rule_agencies(request):
    """Agencies whose rules the user keeps: agency-wide grants, or all (superadmin)."""
    if has_perm(request.user, SUPER_PERM):
        return Agency.objects.all()
    scope = scope_for(request.user, perm=RULES_PERM)
    return Agency.objects.filter(pk__in=sorted(scope.agency_ids))


class _ScopedAdmin(admin.ModelAdmin):
    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404


class DevelopmentFormAdmin(_ScopedAdmin):
    list_display = ("siasn_code", "name", "path", "is_classical", "needs_verification")
    list_filter = ("path", "is_classical", "needs_verification")
    search_fields = ("name",)
    ordering = ("siasn_code",)

    def has_module_permission(self, request):
        return has_perm(request.user, RULES_PERM)

    def has_view_permission(self, request, obj=None):
        return has_perm(request.user, RULES_PERM)

    def has_add_permission(self, request):
        return False  # the SIASN list is fixed (domain file §4.1)

    def has_change_permission(self, request, obj=None):
        return has_perm(request.user, SUPER_PERM)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ("siasn_code", "name")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "needs_verification" in form.base_fields:
            form.base_fields["needs_verification"].help_text = VERIFY_HELP
        return form


class _RuleTableAdmin(_ScopedAdmin):
    """Shared by conversion rules and annual targets: national rows + own agencies."""

    def get_queryset(self, request):
        agencies = _rule_agencies(request).values("pk")
        return (
            super()
            .get_queryset(request)
            .filter(Q(agency__isnull=True) | Q(agency__in=agencies))
        )

    def has_module_permission(self, request):
        return has_perm(request.user, RULES_PERM)

    def has_view_permission(self, request, obj=None):
        return has_perm(request.user, RULES_PERM)

    def has_add_permission(self, request):
        return has_perm(request.user, RULES_PERM) and (
            has_perm(request.user, SUPER_PERM) or _rule_agencies(request).exists()
        )

    def has_change_permission(self, request, obj=None):
        if not has_perm(request.user, RULES_PERM):
            return False
        if obj is None:
            return True
        if obj.agency_id is None and not has_perm(request.user, SUPER_PERM):
            return False
        return not self._is_used(obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and obj is not None

    def _is_used(self, obj) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = _rule_agencies(request)
            kwargs["required"] = not has_perm(request.user, SUPER_PERM)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and hasattr(obj, "created_by_id"):
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ConversionRuleAdmin(_RuleTableAdmin):
    list_display = (
        "form",
        "agency",
        "unit",
        "jp_per_unit",
        "cap_jp",
        "cap_period",
        "effective_from",
    )
    list_filter = ("unit", "cap_period", "form")
    list_select_related = ("form", "agency")
    fields = (
        "agency",
        "form",
        "unit",
        "jp_per_unit",
        "cap_jp",
        "cap_period",
        "effective_from",
        "note",
    )
    ordering = ("form__siasn_code", "agency", "-effective_from")

    def _is_used(self, obj) -> bool:
        # The ledger names the rule that produced each entry's JP.
        return LedgerEntry.objects.filter(rule=obj).exists()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        fields = form.base_fields
        if "jp_per_unit" in fields:
            fields["jp_per_unit"].help_text = _(
                "Untuk satuan menit: JP per 45 menit (1,00 = jam aktual). "
                "Untuk satuan lain: JP per satuan."
            )
        if "note" in fields:
            fields["note"].help_text = VERIFY_HELP
        if "agency" in fields:
            fields["agency"].help_text = _(
                "Kosong = bawaan nasional untuk instansi tanpa tabel sendiri."
            )
        return form


class AnnualTargetAdmin(_RuleTableAdmin):
    list_display = ("minimum_jp", "agency", "effective_from", "source")
    list_select_related = ("agency",)
    fields = ("agency", "minimum_jp", "effective_from", "source")
    ordering = ("agency", "-effective_from")


class _ReadOnlyByEmployeeAdmin(_ScopedAdmin):
    """Rows that belong to an employee, visible within view_compliance scope."""

    view_perm = "development.view_compliance"

    def get_queryset(self, request):
        scope = scope_for(request.user, perm=self.view_perm)
        return (
            super()
            .get_queryset(request)
            .filter(people_scope_q(scope, prefix="employee__"))
        )

    def has_module_permission(self, request):
        return has_perm(request.user, self.view_perm)

    def has_view_permission(self, request, obj=None):
        return has_perm(request.user, self.view_perm)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LedgerEntryAdmin(_ReadOnlyByEmployeeAdmin):
    list_display = (
        "occurred_on",
        "employee",
        "title",
        "form",
        "jp",
        "kind",
        "source_type",
        "source_id",
    )
    list_filter = ("kind", "source_type", "form")
    list_select_related = ("employee", "form")
    search_fields = ("title", "employee__name", "^employee__nip")
    exclude = ("evidence",)  # served only through the scoped evidence page
    show_full_result_count = False
    ordering = ("-occurred_on", "-id")


class SelfLearningClaimAdmin(_ReadOnlyByEmployeeAdmin):
    view_perm = "development.verify_claims"
    list_display = ("created_at", "employee", "title", "form", "status")
    list_filter = ("status", "form")
    list_select_related = ("employee", "form")
    search_fields = ("title", "employee__name")
    exclude = ("evidence",)
    show_full_result_count = False


class ReminderSentAdmin(_ReadOnlyByEmployeeAdmin):
    list_display = ("sent_at", "employee", "year", "quarter", "email", "total_jp")
    list_filter = ("year", "quarter")
    list_select_related = ("employee",)
    show_full_result_count = False


admin.site.register(DevelopmentForm, DevelopmentFormAdmin)
admin.site.register(ConversionRule, ConversionRuleAdmin)
admin.site.register(AnnualTarget, AnnualTargetAdmin)
admin.site.register(LedgerEntry, LedgerEntryAdmin)
admin.site.register(SelfLearningClaim, SelfLearningClaimAdmin)
admin.site.register(ReminderSent, ReminderSentAdmin)

"""Admin for users, role grants and API tokens: superadmins only.

Staff HR admins use the admin for the registry, but must never hand out roles
(they would widen their own scope), so these models are hidden from them.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from jenjang.accounts import services
from jenjang.accounts.forms import (
    RoleGrantAdminForm,
    UserAdminChangeForm,
    UserAdminCreationForm,
)
from jenjang.accounts.models import ApiToken, RoleGrant, User
from jenjang.accounts.selectors import is_superadmin
from jenjang.core.exceptions import ApplicationError


class SuperadminOnly:
    """Every admin permission answers: is this a superadmin?"""

    def has_module_permission(self, request):
        return is_superadmin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_superadmin(request.user)

    def has_add_permission(self, request, *args):
        return is_superadmin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_superadmin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_superadmin(request.user)


class RoleGrantInline(SuperadminOnly, admin.TabularInline):
    """Grants shown on the user page, read-only: changes go through the grant admin."""

    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ["role", "agency", "org_unit", "granted_by", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(SuperadminOnly, DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "last_login",
    ]
    list_filter = ["is_active", "is_staff", "is_superuser", "role_grants__role"]
    search_fields = ["username", "first_name", "last_name", "email", "employee__nip"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Preferensi"), {"fields": ["preferred_language"]}),
    ]
    inlines = [RoleGrantInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()


@admin.register(RoleGrant)
class RoleGrantAdmin(SuperadminOnly, admin.ModelAdmin):
    form = RoleGrantAdminForm
    list_display = ["user", "role", "agency", "org_unit", "granted_by", "created_at"]
    list_filter = ["role", ("agency", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "agency", "org_unit", "granted_by"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user", "agency", "org_unit"]
    readonly_fields = ["granted_by", "created_at"]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        # New grants go through the service: same rules, audit actor, granted_by.
        grant = services.role_grant_create(
            user=obj.user,
            role=obj.role,
            agency=obj.agency,
            org_unit=obj.org_unit,
            by=request.user,
        )
        obj.pk = grant.pk
        obj.granted_by = grant.granted_by
        obj.created_at = grant.created_at

    def delete_model(self, request, obj):
        services.role_grant_revoke(grant=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for grant in queryset.select_related("user"):
            services.role_grant_revoke(grant=grant, by=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(SuperadminOnly, admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "hint",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "hint"]
    fields = [
        "user",
        "name",
        "hint",
        "key_hash",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request, *args):
        # A token's raw key must reach its owner only: they create it themselves.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                services.api_token_revoke(token=token, by=request.user)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                count += 1
        self.message_user(
            request,
            _("%(count)d token dicabut.") % {"count": count},
            messages.SUCCESS,
        )

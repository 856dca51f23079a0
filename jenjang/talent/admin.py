"""Admin for the talent area's rule tables (superadmin edits; §"Regulation facts")."""

from django.contrib import admin

from jenjang.talent.models import (
    DisciplinaryRecord,
    KeyPosition,
    PromotionRule,
    TalentConfig,
)


@admin.register(TalentConfig)
class TalentConfigAdmin(admin.ModelAdmin):
    list_display = (
        "agency",
        "weight_competency",
        "weight_track_record",
        "weight_qualification",
        "weight_integrity",
        "cutoff_middle",
        "cutoff_high",
        "needs_verification",
    )
    list_select_related = ("agency",)
    raw_id_fields = ("agency",)


@admin.register(PromotionRule)
class PromotionRuleAdmin(admin.ModelAdmin):
    list_display = ("agency", "min_years_in_grade", "kp_months", "needs_verification")
    list_select_related = ("agency",)
    raw_id_fields = ("agency",)


@admin.register(KeyPosition)
class KeyPositionAdmin(admin.ModelAdmin):
    list_display = ("position", "min_rank", "is_active")
    list_select_related = ("position", "min_rank")
    raw_id_fields = ("position",)


@admin.register(DisciplinaryRecord)
class DisciplinaryRecordAdmin(admin.ModelAdmin):
    list_display = ("employee", "severity", "decided_on", "ends_on")
    list_select_related = ("employee",)
    raw_id_fields = ("employee",)

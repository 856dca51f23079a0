"""Admin for the rule tables (superadmin) and read access to the records."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jenjang.performance import models as m


@admin.register(m.PredikatMatrixCell)
class PredikatMatrixCellAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "rating_hasil", "rating_perilaku", "predikat"]
    list_filter = ["effective_from"]


@admin.register(m.DistributionRule)
class DistributionRuleAdmin(admin.ModelAdmin):
    list_display = [
        "effective_from",
        "org_predikat",
        "predikats",
        "bound",
        "percent",
        "verified",
    ]
    list_filter = ["effective_from", "org_predikat", "verified"]
    # UNCERTAIN figures (domain 1.6): say so where they are edited.
    fieldsets = [
        (
            _("Periksa dengan naskah resmi SE MenPANRB 3/2023"),
            {
                "fields": [
                    "effective_from",
                    "org_predikat",
                    "predikats",
                    "bound",
                    "percent",
                    "verified",
                ]
            },
        )
    ]


@admin.register(m.CreditPercentage)
class CreditPercentageAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "predikat", "percent"]


@admin.register(m.CreditCoefficient)
class CreditCoefficientAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "functional_level", "coefficient"]


class GuideInline(admin.TabularInline):
    model = m.BehaviourGuide
    extra = 0


@admin.register(m.BehaviourValue)
class BehaviourValueAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "meaning"]
    inlines = [GuideInline]


@admin.register(m.PerformanceYear)
class PerformanceYearAdmin(admin.ModelAdmin):
    list_display = [
        "agency",
        "year",
        "rhythm",
        "objection_window_days",
        "feedback_reminder_weeks",
        "improvement_months",
    ]
    list_select_related = ["agency"]


@admin.register(m.YearEndRun)
class YearEndRunAdmin(admin.ModelAdmin):
    list_display = [
        "performance_year",
        "started_at",
        "finished_at",
        "evaluations",
        "changed",
        "units_checked",
    ]
    list_select_related = ["performance_year__agency"]
    readonly_fields = [f.name for f in m.YearEndRun._meta.fields]

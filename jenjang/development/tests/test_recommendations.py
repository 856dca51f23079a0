"""Recommendations: the provider registry and the built-in dictionary provider."""

from decimal import Decimal

import pytest

from jenjang.development import recommendations as rec
from jenjang.development.tests import test_plans_helpers as helpers
from jenjang.development.tests.test_plans_helpers import assess, make_competency

forms = helpers.forms
gaps = helpers.gaps


@pytest.fixture
def registry():
    """Run with an empty registry; restore the real one afterwards."""
    saved = rec.providers()
    for name in saved:
        rec.unregister_provider(name)
    yield
    for name in rec.providers():
        rec.unregister_provider(name)
    for name, fn in saved.items():
        rec.register_provider(name, fn)


def summary(found) -> list[tuple[str, str, str, int]]:
    return [(r.source, r.title, r.reason, r.gap_size) for r in found]


def test_dictionary_provider_is_registered():
    assert rec.providers()["dictionary"] is rec.dictionary_provider


def test_dictionary_recommends_next_level_in_a_suitable_form(world, forms, gaps):
    found = rec.recommend_for(world.employee)

    assert summary(found) == [
        (
            "dictionary",
            "Diklat Teknis: Analisis Data Kesehatan level 2 "
            "(Analisis Data Kesehatan tingkat 2)",
            "menutup gap Analisis Data Kesehatan: level 1 → 2",
            3,
        ),
        (
            "dictionary",
            "E-Learning: Analisis Data Kesehatan level 2 "
            "(Analisis Data Kesehatan tingkat 2)",
            "menutup gap Analisis Data Kesehatan: level 1 → 2",
            3,
        ),
        (
            "dictionary",
            "Coaching: Pelayanan Publik Uji level 3 (Pelayanan Publik Uji tingkat 3)",
            "menutup gap Pelayanan Publik Uji: level 2 → 3",
            1,
        ),
        (
            "dictionary",
            "Mentoring: Pelayanan Publik Uji level 3 (Pelayanan Publik Uji tingkat 3)",
            "menutup gap Pelayanan Publik Uji: level 2 → 3",
            1,
        ),
    ]
    assert [(r.form.siasn_code, r.target_level, r.jp) for r in found] == [
        (3, 2, Decimal("16")),
        (16, 2, Decimal("3")),
        (14, 3, Decimal("2")),
        (15, 3, Decimal("2")),
    ]
    assert found[0].competency == gaps["data"]


def test_no_gaps_no_recommendations(world, forms):
    assert rec.recommend_for(world.employee) == []


def test_unassessed_or_met_standards_are_not_gaps(world, forms, gaps):
    met = make_competency("integritas-uji", "Integritas Uji", "managerial")
    unknown = make_competency("komunikasi-uji", "Komunikasi Uji", "managerial")
    for competency in (met, unknown):
        world.staff_position.competency_standards.create(
            competency=competency, required_level=2
        )
    assess(world.employee, met, 3)

    names = {r.competency.name for r in rec.recommend_for(world.employee)}
    assert names == {"Analisis Data Kesehatan", "Pelayanan Publik Uji"}


def test_providers_are_merged_and_sorted_by_the_gap_they_close(
    world, forms, gaps, registry
):
    def training(employee, found_gaps):
        small = next(g for g in found_gaps if g.competency == gaps["service"])
        return [
            rec.Recommendation(
                title="Pelatihan Pelayanan Prima angkatan II",
                form=forms[3],
                reason=rec.gap_reason(small),
                url="/training/batches/7/",
                source="training",
                competency=small.competency,
                target_level=3,
                gap_size=small.gap,
            )
        ]

    def events(employee, found_gaps):
        big = found_gaps[0]
        return [
            rec.Recommendation(
                title="Seminar Data Kesehatan",
                form=forms[9],
                reason=rec.gap_reason(big),
                source="events",
                competency=big.competency,
                target_level=2,
                gap_size=big.gap,
            )
        ]

    rec.register_provider("training", training)
    rec.register_provider("events", events)

    assert summary(rec.recommend_for(world.employee)) == [
        (
            "events",
            "Seminar Data Kesehatan",
            "menutup gap Analisis Data Kesehatan: level 1 → 2",
            3,
        ),
        (
            "training",
            "Pelatihan Pelayanan Prima angkatan II",
            "menutup gap Pelayanan Publik Uji: level 2 → 3",
            1,
        ),
    ]


def test_registering_again_replaces_and_unregister_removes(world, gaps, registry):
    rec.register_provider("x", lambda e, g: [rec.Recommendation("A", None, "r")])
    rec.register_provider("x", lambda e, g: [rec.Recommendation("B", None, "r")])
    assert [r.title for r in rec.recommend_for(world.employee)] == ["B"]
    rec.unregister_provider("x")
    rec.unregister_provider("x")  # absent: no error
    assert rec.recommend_for(world.employee) == []


def test_a_failing_provider_is_skipped(world, gaps, registry, caplog):
    def broken(employee, found_gaps):
        raise RuntimeError("boom")

    rec.register_provider("broken", broken)
    rec.register_provider("ok", lambda e, g: [rec.Recommendation("Baik", None, "r")])

    assert [r.title for r in rec.recommend_for(world.employee)] == ["Baik"]
    assert "recommendation provider broken failed" in caplog.text


def test_providers_are_not_asked_without_gaps(world, registry):
    asked = []
    rec.register_provider("spy", lambda e, g: asked.append(g) or [])
    assert rec.recommend_for(world.employee) == []
    assert asked == []

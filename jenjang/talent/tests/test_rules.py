"""The talent rules against the domain tables (regulations.md §1.4, §2, §8)."""

import datetime as dt
from decimal import Decimal

import pytest

from jenjang.talent import rules
from jenjang.talent.models import Level, Performance

# Domain file §2.3, row by row.
TABLE = [
    ("atas", "rendah", 4),
    ("atas", "menengah", 7),
    ("atas", "tinggi", 9),
    ("sesuai", "rendah", 2),
    ("sesuai", "menengah", 5),
    ("sesuai", "tinggi", 8),
    ("bawah", "rendah", 1),
    ("bawah", "menengah", 3),
    ("bawah", "tinggi", 6),
]


@pytest.mark.parametrize(("performance", "potential", "box"), TABLE)
def test_every_cell_of_the_nine_box(performance, potential, box):
    assert rules.nine_box(performance, potential) == box


def test_grid_rows_draw_the_table():
    assert rules.GRID_ROWS == [[4, 7, 9], [2, 5, 8], [1, 3, 6]]


@pytest.mark.parametrize(
    ("box", "first_action"),
    [
        (9, "Dipromosikan dan dipertahankan"),
        (8, "Dipertahankan"),
        (7, "Dipertahankan"),
        (6, "Penempatan yang sesuai"),
        (5, "Penempatan yang sesuai"),
        (4, "Rotasi"),
        (3, "Bimbingan kinerja"),
        (2, "Bimbingan kinerja"),
        (1, "Diproses sesuai ketentuan peraturan perundang-undangan"),
    ],
)
def test_recommended_actions_per_box(box, first_action):
    assert rules.box_actions(box)[0] == first_action


def test_box_nine_joins_national_succession_and_gets_an_award():
    assert rules.box_actions(9) == [
        "Dipromosikan dan dipertahankan",
        "Masuk Kelompok Rencana Suksesi Instansi/Nasional",
        "Penghargaan",
    ]


def test_box_description_reads_like_the_regulation():
    assert rules.box_description(6) == ("Kinerja di bawah ekspektasi, potensial tinggi")


@pytest.mark.parametrize(
    ("box", "pools"),
    [
        (1, []),
        (2, []),
        (3, []),
        (4, []),
        (5, []),
        (6, []),
        (7, ["instansi"]),
        (8, ["instansi"]),
        (9, ["instansi", "nasional"]),
    ],
)
def test_talent_pool_is_boxes_seven_to_nine_and_nine_is_national(box, pools):
    assert rules.talent_pools(box) == pools


WEIGHTS = rules.Weights(Decimal(40), Decimal(25), Decimal(20), Decimal(15))


def test_potential_score_uses_the_reported_weights():
    score = rules.potential_score(
        competency=Decimal(100),
        track_record=Decimal(80),
        qualification=Decimal(60),
        integrity=Decimal(40),
        weights=WEIGHTS,
    )
    # 0.40*100 + 0.25*80 + 0.20*60 + 0.15*40 = 40 + 20 + 12 + 6
    assert score == Decimal("78.00")


def test_potential_score_rescales_when_a_part_is_missing():
    score = rules.potential_score(
        competency=None,
        track_record=Decimal(80),
        qualification=Decimal(80),
        integrity=Decimal(80),
        weights=WEIGHTS,
    )
    assert score == Decimal("80.00")
    assert (
        rules.potential_score(
            competency=None,
            track_record=None,
            qualification=None,
            integrity=None,
            weights=WEIGHTS,
        )
        is None
    )


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (Decimal("77.99"), Level.LOW),
        (Decimal("78"), Level.MIDDLE),
        (Decimal("89.99"), Level.MIDDLE),
        (Decimal("90"), Level.HIGH),
        (None, Level.LOW),
    ],
)
def test_potential_level_cutoffs(score, level):
    assert (
        rules.potential_level(score, cutoff_middle=Decimal(78), cutoff_high=Decimal(90))
        == level
    )


def test_competency_score_scales_mean_level_to_100():
    assert rules.competency_score([4, 5]) == Decimal("90.00")
    assert rules.competency_score([]) is None


@pytest.mark.parametrize(
    ("years", "level"),
    [
        ({2025: "sangat_baik", 2024: "sangat_baik"}, Performance.ABOVE),
        ({2025: "baik", 2024: "baik"}, Performance.MEETS),
        ({2025: "sangat_baik", 2024: "baik"}, Performance.ABOVE),  # tie: latest
        ({2025: "baik", 2024: "sangat_baik"}, Performance.MEETS),
        ({2025: "sangat_baik", 2024: "kurang"}, Performance.MEETS),
        ({2025: "butuh_perbaikan", 2024: "baik"}, Performance.BELOW),
        ({2025: "sangat_kurang"}, Performance.BELOW),
        ({2024: "baik"}, Performance.MEETS),
        ({2023: "baik"}, None),
        ({}, None),
    ],
)
def test_performance_level_from_the_last_two_years(years, level):
    assert rules.performance_level(years, 2025) == level


@pytest.mark.parametrize(
    ("predikat", "box", "expected"),
    [
        ("butuh_perbaikan", None, True),
        ("kurang", None, True),
        ("sangat_kurang", None, True),
        ("baik", None, False),
        ("sangat_baik", None, False),
        (None, 1, True),
        (None, 2, True),
        (None, 3, True),
        (None, 6, True),
        (None, 4, False),
        (None, 5, False),
        (None, 9, False),
    ],
)
def test_needs_remedial(predikat, box, expected):
    assert rules.needs_remedial(predikat=predikat, box=box) is expected


def test_remedial_review_is_six_months_on():
    assert rules.remedial_review_date(dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)
    assert rules.remedial_review_date(dt.date(2026, 1, 15)) == dt.date(2026, 7, 15)


# --- readiness ---------------------------------------------------------------


def facts(pk, box, fit, **kw):
    values = {
        "employee_id": pk,
        "box": box,
        "fit": Decimal(fit) if fit is not None else None,
        "rank_ok": True,
        "years_in_grade": Decimal(3),
        "training_required": "PKP",
        "training_done": True,
    }
    values.update(kw)
    return rules.CandidateFacts(**values)


def test_readiness_ranks_box_fit_rank_and_training():
    ranked = rules.rank_candidates(
        [
            facts(1, 7, "100"),  # 20 + 50 + 10 + 10 = 90
            facts(2, 9, "100"),  # 30 + 50 + 10 + 10 = 100
            facts(3, 9, "100", training_done=False),  # 90
            facts(4, 8, "60"),  # 25 + 30 + 10 + 10 = 75
            facts(5, 5, "100"),  # not in the pool
            facts(6, 9, "100", integrity_blocked=True),  # excluded
        ]
    )
    assert [r.employee_id for r in ranked] == [2, 3, 1, 4, 6, 5]
    assert [r.score for r in ranked[:4]] == [
        Decimal(100),
        Decimal(90),
        Decimal(90),
        Decimal(75),
    ]
    assert [r.eligible for r in ranked] == [True, True, True, True, False, False]
    assert "PKP belum diikuti" in ranked[1].reasons
    assert "Di luar kelompok talenta (kotak 7–9)" in ranked[-1].reasons


def test_readiness_rank_and_years_in_grade():
    low_rank = rules.readiness(facts(1, 9, "100", rank_ok=False))
    new_in_grade = rules.readiness(facts(2, 9, "100", years_in_grade=Decimal("1.5")))
    assert low_rank.score == new_in_grade.score == Decimal(90)
    assert "Pangkat di bawah syarat jabatan" in low_rank.reasons
    assert "Masa dalam pangkat 1.5 tahun" in new_in_grade.reasons


def test_competency_fit_counts_gaps_not_surplus():
    assert rules.competency_fit({1: 4, 2: 2}, {1: 2, 2: 5}) == Decimal("75.0")
    assert rules.competency_fit({1: 4}, {}) is None


# --- significant progress ---------------------------------------------------

TODAY = dt.date(2026, 6, 1)


def point(cid, level, on, source="assessment_centre"):
    return rules.AssessmentPoint(cid, f"K{cid}", level, on, source)


def progress(points, predikat="baik", score_points=()):
    return rules.significant_progress(
        points=points,
        score_points=score_points,
        predikat=predikat,
        today=TODAY,
        window_years=2,
        min_competencies=2,
        min_level_gain=1,
        min_score_gain=Decimal(10),
        min_predikat="baik",
    )


GAINED = [
    point(1, 2, dt.date(2024, 1, 10)),
    point(1, 3, dt.date(2026, 3, 1)),
    point(2, 3, dt.date(2024, 5, 1)),
    point(2, 4, dt.date(2025, 9, 1), "360"),
]


def test_two_managerial_competencies_up_a_level_with_baik_match():
    result = progress(GAINED)
    assert result.matches
    assert result.missing == []
    assert result.evidence[0] == {
        "competency": "K1",
        "before_level": 2,
        "before_on": "2024-01-10",
        "before_source": "assessment_centre",
        "after_level": 3,
        "after_on": "2026-03-01",
        "after_source": "assessment_centre",
        "gain": 1,
    }


def test_progress_fails_on_predikat_alone():
    result = progress(GAINED, predikat="butuh_perbaikan")
    assert not result.matches
    assert result.missing == ["Predikat kinerja di bawah Baik"]


def test_progress_fails_with_one_competency_only():
    result = progress(GAINED[:2])
    assert not result.matches
    assert len(result.missing) == 1


def test_progress_outside_the_window_does_not_count():
    old = [
        point(1, 2, dt.date(2021, 1, 10)),
        point(1, 3, dt.date(2023, 3, 1)),
        point(2, 2, dt.date(2021, 1, 10)),
        point(2, 4, dt.date(2023, 3, 1)),
    ]
    assert not progress(old).matches


def test_assessment_score_gain_alone_matches():
    result = progress(
        [],
        score_points=[
            (dt.date(2024, 2, 1), Decimal(70)),
            (dt.date(2026, 2, 1), Decimal(82)),
        ],
    )
    assert result.matches
    assert result.evidence[0]["gain"] == "12"


# --- regular rank promotion ----------------------------------------------------

PERIOD = dt.date(2026, 10, 1)


def rank_facts(**kw):
    values = {
        "kind": "PNS",
        "rank_order": 9,
        "rank_tmt": dt.date(2022, 4, 1),
        "next_rank_order": 10,
        "next_rank_code": "III/b",
        "ceiling_order": 12,
        "supervisor_rank_order": 11,
        "predikat_by_year": {2024: "baik", 2025: "sangat_baik"},
        "pending_discipline": False,
    }
    values.update(kw)
    return rules.RankFacts(**values)


def check(**kw):
    return rules.rank_promotion_eligibility(
        rank_facts(**kw), period=PERIOD, min_years_in_grade=4
    )


def test_rank_promotion_all_conditions_met():
    assert check() == rules.Eligibility(True, [])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"rank_tmt": dt.date(2022, 10, 2)},
            "Masa dalam pangkat 4.0 tahun (minimal 4)",
        ),
        (
            {"predikat_by_year": {2024: "butuh_perbaikan", 2025: "baik"}},
            "Predikat 2024: Butuh Perbaikan (minimal Baik)",
        ),
        (
            {"predikat_by_year": {2024: "baik"}},
            "Predikat 2025: belum ada (minimal Baik)",
        ),
        ({"ceiling_order": 9}, "Pangkat III/b melebihi batas pendidikan"),
        (
            {"supervisor_rank_order": 9},
            "Pangkat III/b melebihi pangkat atasan langsung",
        ),
        ({"pending_discipline": True}, "Sedang menjalani hukuman disiplin"),
    ],
)
def test_each_rank_promotion_condition_fails_on_its_own(change, message):
    result = check(**change)
    assert result.eligible is False
    assert result.missing == [message]


def test_rank_promotion_exactly_four_years_is_enough():
    assert check(rank_tmt=dt.date(2022, 10, 1)).eligible


def test_pppk_and_top_rank_are_not_eligible():
    assert check(kind="PPPK").missing == ["PPPK tidak mengenal kenaikan pangkat"]
    assert check(next_rank_order=None).missing == ["Sudah di pangkat tertinggi"]


@pytest.mark.parametrize(
    ("today", "months", "period"),
    [
        (dt.date(2026, 1, 15), [4, 10], dt.date(2026, 4, 1)),
        (dt.date(2026, 4, 1), [4, 10], dt.date(2026, 10, 1)),
        (dt.date(2026, 11, 1), [4, 10], dt.date(2027, 4, 1)),
        (dt.date(2026, 11, 1), list(range(1, 13)), dt.date(2026, 12, 1)),
    ],
)
def test_next_promotion_period(today, months, period):
    assert rules.next_promotion_period(today, months) == period


@pytest.mark.parametrize(
    ("kind", "training"),
    [
        ("jpt_madya", "PKN I"),
        ("jpt_pratama", "PKN II"),
        ("administrator", "PKA"),
        ("pengawas", "PKP"),
        ("pelaksana", None),
    ],
)
def test_required_leadership_training(kind, training):
    assert rules.required_leadership_training(kind) == training


@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("PKN Tingkat I Angkatan 3", {"PKN I"}),
        ("PKN Tk. II", {"PKN II"}),
        ("Diklatpim III 2015", {"PKA"}),
        ("Pelatihan Kepemimpinan Pengawas", {"PKP"}),
        ("Pelatihan teknis", set()),
    ],
)
def test_leadership_programmes_in_ledger_titles(title, found):
    assert rules.leadership_programmes_in(title) == found

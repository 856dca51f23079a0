"""Benchmark a national-size matching round: 5,000 mentees, 1,000 mentors × 5.

The round's computation as the background job runs it (after loading rows):
candidate filtering through the inverted index and the seven admissibility
rules, fit scores with the default weights, then the exact optimum with
capacity (`jenjang.mentoring.services.matching.optimal_round`). Loading the
rows from the database is not included (one query per table with
prefetches; see `services/rounds.py`).

Data of national shape, generated with a fixed seed:

- 40 job fields with 10 technical competencies each, plus 20 managerial and
  sociocultural competencies shared by all;
- mentees: golongan II/a–III/c, three competencies to grow (two technical
  from their field, one shared), target levels 2–4, unit and mode
  preferences; 300 units; 2,000 supervising positions;
- mentors: golongan III/b–IV/e, four technical strengths in their field and
  two shared ones at levels 3–5, sometimes a second declared job field,
  capacity 5, 0–1 pairs already held.

With --verify, the optimum is checked against an independent LP solver
(scipy.optimize.linprog, HiGHS) on the same candidate graph (the bipartite
matching polytope is integral, so the LP optimum is the assignment optimum).

    .venv/bin/python benchmarks/mentoring_matching.py [--mentees 5000]
        [--mentors 1000] [--capacity 5] [--seed 1] [--verify]

Time is wall-clock and CPU time of each phase in a plain run (on a shared
machine the CPU time is the steadier figure); peak memory is measured in
a second run under tracemalloc (Python allocations, numpy and scipy
included), plus the process's maximum resident set size.
"""

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from jenjang.mentoring.services import matching  # noqa: E402
from jenjang.mentoring.services.rules import Mentee, Mentor, Policy  # noqa: E402

FIELDS = 40
TECH_PER_FIELD = 10
SHARED = 20
UNITS = 300
POSITIONS = 2000


def _field_weights(rng: random.Random) -> list[float]:
    # A few large job fields (health, education, finance), a long tail.
    return [1.0 / (i + 1) ** 0.6 for i in range(FIELDS)]


def _tech(field: int) -> list[int]:
    start = SHARED + field * TECH_PER_FIELD
    return list(range(start, start + TECH_PER_FIELD))


def generate(n_mentees: int, n_mentors: int, capacity: int, seed: int):
    rng = random.Random(seed)
    weights = _field_weights(rng)
    fields = list(range(FIELDS))
    mentees = []
    for i in range(n_mentees):
        field = rng.choices(fields, weights)[0]
        needs = {c: rng.randint(2, 4) for c in rng.sample(_tech(field), 2)}
        needs[rng.randrange(SHARED)] = rng.randint(2, 4)
        mentees.append(
            Mentee(
                key=i,
                employee_id=i,
                unit_id=rng.randrange(UNITS),
                rank_order=rng.randint(5, 11),
                level=rng.choice((1, 1, 2)),
                supervisor_position_id=rng.randrange(POSITIONS),
                job_field_id=field,
                needs=needs,
                unit_preference=rng.choice(("any", "any", "other", "same")),
                mode=rng.choice(("any", "any", "any", "online", "offline")),
            )
        )
    mentors = []
    for j in range(n_mentors):
        field = rng.choices(fields, weights)[0]
        strengths = {c: rng.randint(3, 5) for c in rng.sample(_tech(field), 4)}
        for c in rng.sample(range(SHARED), 2):
            strengths[c] = rng.randint(3, 5)
        declared = {field}
        if rng.random() < 0.3:
            declared.add(rng.choices(fields, weights)[0])
        mentors.append(
            Mentor(
                key=j,
                employee_id=n_mentees + j,
                unit_id=rng.randrange(UNITS),
                rank_order=rng.randint(10, 17),
                level=rng.randint(2, 5),
                position_id=rng.randrange(POSITIONS),
                job_field_id=field,
                fields=frozenset(declared),
                strengths=strengths,
                capacity=capacity,
                load=rng.choice((0, 0, 0, 1)),
                mode=rng.choice(("any", "any", "online", "offline")),
            )
        )
    return mentees, mentors


def run(mentees, mentors, policy, *, timed: bool) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    edges = matching.candidates(mentees, mentors, policy)
    t1, c1 = time.perf_counter(), time.process_time()
    slots = [matching.slot_points(m, policy) for m in mentors]
    chosen, total = matching.solve(len(mentees), slots, edges)
    t2, c2 = time.perf_counter(), time.process_time()
    return {
        "candidates": len(edges),
        "expanded_edges": sum(len(slots[e.col]) for e in edges),
        "filter_s": t1 - t0,
        "solve_s": t2 - t1,
        "total_s": t2 - t0,
        "filter_cpu": c1 - c0,
        "solve_cpu": c2 - c1,
        "matched": len(chosen),
        "objective": total,
        "chosen": chosen,
        "edges": edges,
        "slots": slots,
    }


def verify_lp(n_mentees: int, edges, slots) -> float:
    """Independent optimum by linear programming over the same graph."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix, vstack

    offsets = np.zeros(len(slots) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(s) for s in slots])
    values, rows, cols = [], [], []
    for e in edges:
        for k, points in enumerate(slots[e.col]):
            values.append(e.base + points)
            rows.append(e.row)
            cols.append(int(offsets[e.col]) + k)
    n = len(values)
    var = np.arange(n)
    a = vstack(
        [
            coo_matrix((np.ones(n), (rows, var)), shape=(n_mentees, n)),
            coo_matrix((np.ones(n), (cols, var)), shape=(int(offsets[-1]), n)),
        ]
    ).tocsr()
    result = linprog(
        -np.array(values),
        A_ub=a,
        b_ub=np.ones(a.shape[0]),
        bounds=(0, 1),
        method="highs",
    )
    assert result.status == 0, result.message
    return -result.fun


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentees", type=int, default=5000)
    parser.add_argument("--mentors", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()

    mentees, mentors = generate(args.mentees, args.mentors, args.capacity, args.seed)
    policy = Policy()
    print(
        f"{len(mentees):,} mentees, {len(mentors):,} mentors × {args.capacity} "
        f"({sum(m.free for m in mentors):,} free slots)"
    )
    result = run(mentees, mentors, policy, timed=True)
    per_mentor = Counter(col for col, _slot in result["chosen"].values())
    worst = max(
        (n + mentors[j].load) / mentors[j].capacity for j, n in per_mentor.items()
    )
    print(
        f"candidates: {result['candidates']:,} admissible pairs "
        f"({result['candidates'] / len(mentees):.1f} per mentee; "
        f"{result['expanded_edges']:,} edges with slots)"
    )
    print(
        f"time: filtering+scores {result['filter_s']:.2f} s, "
        f"optimum {result['solve_s']:.2f} s, total {result['total_s']:.2f} s "
        f"(CPU {result['filter_cpu']:.2f} s + {result['solve_cpu']:.2f} s; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    print(
        f"matched {result['matched']:,} of {len(mentees):,}; "
        f"objective {result['objective']:.2f}; fullest mentor at {worst:.0%} capacity"
    )
    if args.verify:
        t0 = time.perf_counter()
        lp = verify_lp(len(mentees), result["edges"], result["slots"])
        same = abs(lp - result["objective"]) < 1e-6 * max(1.0, abs(lp))
        print(
            f"LP (HiGHS) optimum {lp:.4f} in {time.perf_counter() - t0:.1f} s: "
            f"{'equal' if same else 'DIFFERENT'}"
        )
        if not same:
            raise SystemExit(1)
    del result
    tracemalloc.start()
    run(mentees, mentors, policy, timed=False)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak / 2**20:.0f} MiB traced; max RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()

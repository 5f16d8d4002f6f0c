"""Whole-instance plans (the contract's default) and stopping a long solve with Ctrl-C."""

from __future__ import annotations

import signal
from typing import Any

import pytest
from conftest import SCENARIOS, close

import capmix


def test_whole_units_are_the_default_and_say_what_they_add(tiny: dict[str, Any]) -> None:
    # Demand 10 at 8 chips per instance and throughput 1 per chip: 1.25 instances of the
    # $80/h offering in each of 2 periods x 100 h. Whole: 2 instances, 2 * 80 * 200 = $32,000;
    # fluid: 1.25 * 80 * 200 = $20,000, so whole instances add 60% ($12,000).
    plan = capmix.plan(tiny)
    assert plan.integer_units and plan.status == "optimal"
    assert close(plan.total_cost, 32_000) and close(plan.relaxation_objective, 20_000)
    assert close(plan.whole_units_premium, 0.6)
    assert plan.optimality == "proven optimal"
    assert plan.whole_units == "whole instances add 60.0% ($12,000) over the fractional relaxation ($20,000)"
    assert all(float(a["units"]).is_integer() for a in plan.fleet)
    assert "proven optimal" in repr(plan) and "whole instances add" in plan._repr_html_()
    assert plan.summary()["whole_units_premium"] == pytest.approx(0.6)
    fluid = capmix.plan(tiny, integer=False)
    assert close(fluid.total_cost, 20_000) and fluid.whole_units is None and fluid.whole_units_premium is None


def test_startup_scenario_in_whole_instances_is_proven_within_the_gap() -> None:
    plan = capmix.plan(capmix.Scenario.from_file(SCENARIOS / "startup-70b.toml"))
    assert plan.status == "optimal" and plan.integer_units
    assert plan.gap is not None and plan.gap <= 1e-3
    assert plan.verification is not None and plan.verification["passed"]
    assert all(float(a["units"]).is_integer() for a in plan.fleet)
    assert plan.optimality is not None and plan.optimality.startswith(("proven optimal", "optimal: within"))


def test_flagship_whole_units_with_a_time_limit_returns_a_verified_plan(flagship_whole: capmix.Scenario) -> None:
    # The interactive use: a time limit returns the best whole-unit plan found with its
    # certified gap (status optimal when the gap is already within 0.1%).
    plan = capmix.plan(flagship_whole, time_limit=5)
    assert plan.has_solution and plan.status in ("optimal", "feasible", "time_limit")
    assert plan.gap is not None and plan.gap < 0.01
    assert plan.verification is not None and plan.verification["passed"]
    assert plan.whole_units is not None and plan.whole_units.startswith("whole instances add")


def _large_fluid_scenario() -> dict[str, Any]:
    """48 workloads x 160 offerings x 12 periods: about 92k allocation variables, which
    microlp takes well over a minute to solve (so the interrupt lands mid-solve)."""
    providers = [f"p{i}" for i in range(8)]
    offerings = [
        {
            "id": f"o{i}",
            "provider": providers[i % 8],
            "region": f"r{i % 5}",
            "accelerator": ("H100", "A100", "L4", "B200")[i % 4],
            "chips": 8,
            "purchase": "on_demand",
            "price_per_hour": 10.0 + (i * 7919 % 97) / 3.0,
            "max_units": 40.0 + i % 13,
        }
        for i in range(160)
    ]
    workloads = [
        {
            "id": f"w{j}",
            "kind": "serving",
            "demand": [20.0 + (j * 31 + t * 17) % 41 for t in range(12)],
            "throughput": {"H100": 1.0 + j % 3, "A100": 0.6 + j % 2, "L4": 0.2, "B200": 2.0 + j % 5},
        }
        for j in range(48)
    ]
    return {
        "name": "large",
        "horizon": {"periods": 12, "hours_per_period": 730},
        "providers": [{"id": p} for p in providers],
        "offerings": offerings,
        "workloads": workloads,
        # A budget row links every period: without it the program separates by period and
        # is solved in parts, too fast for an interrupt at 0.3 s.
        "policy": {"integer_units": False, "budget": 1.0e12},
    }


def test_ctrl_c_stops_a_long_solve(tiny: dict[str, Any]) -> None:
    # SIGALRM's handler raises KeyboardInterrupt the way Ctrl-C's does. The call must
    # propagate it (not swallow it into a plan or another error), join its worker, and
    # leave the module usable. How quickly it stops is a benchmark (BENCHMARKS.md), not a test.
    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(KeyboardInterrupt):
            capmix.plan(_large_fluid_scenario(), solver="microlp")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert close(capmix.plan(tiny).total_cost, 32_000)


def test_print_plan_and_iterate_a_sweep(tiny: dict[str, Any]) -> None:
    plan = capmix.plan(tiny)
    text = str(plan)
    assert text.splitlines()[0] == "tiny: optimal"
    assert "total cost $32,000" in text and "proven optimal" in text and "whole instances add 60.0%" in text
    sweep = capmix.sweep(tiny, "workloads.chat.demand_scale", [1.0, 2.0], progress=False)
    assert len(sweep) == 2 and [r["value"] for r in sweep] == [1.0, 2.0]

"""Demand scenarios through Python: the plan's `uncertainty` and its `scenarios` table.

Newsvendor (derived in core/tests/uncertainty.rs): commit at $0.6/h, on-demand at $1/h,
demand 100 or 200 work units for one hour with probability 1/2 each. Expected cost is
minimised by committing 100: the low scenario costs 60, the high one 60 + 100 = 160,
expected 110; planned alone they cost 60 and 120, so the regrets are 0 and 40 and
EVPI = 110 - 90 = 20.
"""

import math

import pytest

import capmix

NEWSVENDOR = """
name = "newsvendor"
[horizon]
periods = 1
hours_per_period = 1
[[providers]]
id = "p"
[[offerings]]
id = "commit"
provider = "p"
region = "r"
accelerator = "A"
chips = 1
purchase = "commit"
price_per_hour = 0.6
term_periods = 1
[[offerings]]
id = "od"
provider = "p"
region = "r"
accelerator = "A"
chips = 1
purchase = "on_demand"
price_per_hour = 1.0
[[workloads]]
id = "w"
demand = [100]
throughput = { A = 1.0 }
[policy]
integer_units = false
[[demand_scenarios]]
name = "low"
probability = 0.5
scale = 1.0
[[demand_scenarios]]
name = "high"
probability = 0.5
demand = { w = [200] }
"""


def test_uncertainty_and_the_scenarios_table() -> None:
    plan = capmix.plan(capmix.Scenario.from_toml(NEWSVENDOR))
    u = plan.uncertainty
    assert u is not None
    assert u["risk"] == "expected"
    assert math.isclose(u["expected_cost"], 110.0, rel_tol=1e-9)
    assert math.isclose(u["worst_case_cost"], 160.0, rel_tol=1e-9)
    assert math.isclose(u["expected_value_of_perfect_information"], 20.0, rel_tol=1e-9)
    pd = pytest.importorskip("pandas")
    df = plan.to_pandas("scenarios")
    assert isinstance(df, pd.DataFrame)
    assert list(df["name"]) == ["low", "high"]
    assert [round(x, 9) for x in df["total_cost"]] == [60.0, 160.0]
    assert [round(x, 9) for x in df["regret"]] == [0.0, 40.0]
    assert list(df["verified"]) == [True, True]


def test_a_plan_without_demand_scenarios_has_no_scenarios_table() -> None:
    plain = NEWSVENDOR.split("[[demand_scenarios]]")[0]
    plan = capmix.plan(capmix.Scenario.from_toml(plain))
    assert plan.uncertainty is None
    with pytest.raises(capmix.OptionError) as e:
        plan.to_pandas("scenarios")
    assert e.value.path == "table"
    assert "demand scenarios" in str(e.value)


def test_idle_commitment_sizing_and_the_fan_chart_table() -> None:
    # q = 100: `low` uses every committed unit and buys nothing more; `high` buys 100 on
    # demand ($100), so the commitments are sized to `low`. One chip per unit: `low` holds
    # 100 chips, `high` 200, of which 100 are committed.
    plan = capmix.plan(capmix.Scenario.from_toml(NEWSVENDOR))
    u = plan.uncertainty
    assert u is not None
    assert u["sizing_scenario"] == "low"
    pd = pytest.importorskip("pandas")
    df = plan.to_pandas("scenarios")
    assert [round(x, 9) for x in df["flexible_usd"]] == [0.0, 100.0]
    assert [round(x, 9) for x in df["idle_commitment_usd"]] == [0.0, 0.0]
    assert "chips_by_period" not in df.columns
    fan = plan.to_pandas("scenario_periods")
    assert list(fan.columns) == ["scenario", "probability", "period", "label", "chips", "committed_chips", "demand.w"]
    assert list(fan["chips"]) == [100.0, 200.0]
    assert list(fan["committed_chips"]) == [100.0, 100.0]
    assert list(fan["demand.w"]) == [100.0, 200.0]
    assert isinstance(fan, pd.DataFrame)

"""`Plan.purchases(scenario)`: what to buy, one line per offering and period.

examples/scenarios/commit-vs-ondemand.toml, derived in core/src/plan/purchases.rs: sign 50
commit units in period 1 (active all year, $32.006/h), and hold 50 on-demand units
($49.24/h) in the peak segment only (60% of each 730-hour month). 12 months x 2 offerings
= 24 lines; their costs sum to the plan's total, $26,958,900.
"""

import math
from pathlib import Path

import pytest

import capmix

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "scenarios" / "commit-vs-ondemand.toml"


def test_purchases_of_the_commit_example() -> None:
    scenario = capmix.Scenario.from_file(EXAMPLE)
    plan = capmix.plan(scenario)
    lines = plan.purchases(scenario)
    assert len(lines) == 24
    first = [x for x in lines if x["period"] == 1]
    commit = next(x for x in first if x["purchase"] == "commit")
    od = next(x for x in first if x["purchase"] == "on_demand")
    assert math.isclose(commit["units"], 50) and math.isclose(commit["signed_units"], 50)
    assert math.isclose(commit["cost"], 50 * 32.006 * 730, rel_tol=1e-9)
    assert math.isclose(od["units"], 50) and od["signed_units"] == 0
    assert math.isclose(od["cost"], 50 * 49.24 * 730 * 0.6, rel_tol=1e-9)
    assert math.isclose(sum(x["cost"] for x in lines), 26_958_900, rel_tol=1e-9)
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(plan.purchases(scenario))
    assert {"offering", "purchase", "units", "chips", "signed_units", "cost"} <= set(df.columns)


def test_purchases_against_another_scenario_name_the_field() -> None:
    scenario = capmix.Scenario.from_file(EXAMPLE)
    plan = capmix.plan(scenario)
    other = scenario.to_dict()
    other["offerings"] = other["offerings"][:1]
    with pytest.raises(capmix.ScenarioError) as e:
        plan.purchases(other)
    path = e.value.path or ""
    assert path.startswith("fleet[") and path.endswith("].offering"), path


def test_purchases_and_periods_as_dataframes() -> None:
    pd = pytest.importorskip("pandas")
    scenario = capmix.Scenario.from_file(EXAMPLE)
    plan = capmix.plan(scenario)
    df = plan.to_pandas("purchases", scenario=scenario)
    assert len(df) == 24
    # Each line's cost is rounded to the cent: 24 lines are within 24 half-cents of the total.
    assert math.isclose(df["cost"].sum(), 26_958_900, abs_tol=24 * 0.005)
    assert set(df["purchase"]) == {"commit", "on_demand"}
    with pytest.raises(capmix.OptionError) as e:
        plan.to_pandas("purchases")
    assert e.value.path == "scenario"
    # horizon.start = "2026-01": the periods table is indexed by month, January to December.
    periods = plan.to_pandas("periods")
    assert isinstance(periods.index, pd.PeriodIndex)
    assert periods.index.name == "month"
    assert str(periods.index[0]) == "2026-01" and str(periods.index[-1]) == "2026-12"
    assert math.isclose(periods["cost"].sum(), 26_958_900, abs_tol=12 * 0.005)


def cents(got: list[float], exact: list[float]) -> bool:
    """Each figure is a whole number of cents within half a cent of the exact one (pandas and
    polars may round a half cent either way)."""
    return len(got) == len(exact) and all(
        abs(g - e) <= 0.005 + 1e-9 and abs(g * 100 - round(g * 100)) < 1e-6 for g, e in zip(got, exact)
    )


def test_dataframes_print_money_as_amounts_and_periods_by_label() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    scenario = capmix.Scenario.from_file(EXAMPLE)
    plan = capmix.plan(scenario)
    df = plan.to_pandas("purchases", scenario=scenario)
    exact = [line["cost"] for line in plan.purchases(scenario)]
    assert cents(list(df["cost"]), exact)
    # A month of the commitment, 50 × $32.006 × 730 h = $1,168,219, prints as an amount,
    # not as 1.168219e+06.
    text = df.to_string()
    assert "e+0" not in text, text
    assert "1168219.0" in text, text
    # Tables of the document with a `period` get its label beside it.
    fleet = plan.to_pandas("fleet")
    columns = list(fleet.columns)
    assert columns[columns.index("period") + 1] == "label"
    assert fleet["label"].iloc[0] == "2026-01"
    # polars: the purchase list too (it needs the scenario), rounded alike.
    lines = plan.to_polars("purchases", scenario=scenario)
    assert isinstance(lines, pl.DataFrame) and lines.height == 24
    assert cents(lines["cost"].to_list(), exact)
    with pytest.raises(capmix.OptionError) as e:
        plan.to_polars("purchases")
    assert e.value.path == "scenario"
    assert plan.to_polars("utilisation")["label"][0] == "2026-01"

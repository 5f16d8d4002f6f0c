"""Scenario and Plan: constructors, properties, conversions, pickling, presentation."""

from __future__ import annotations

import copy
import importlib.util
import json
import pickle
import sys
from pathlib import Path
from typing import Any, cast

import pytest
from conftest import FIXTURES, FLAGSHIP, SCENARIOS, close

import capmix


# ------------------------------------------------------------------------------- Scenario


def test_scenario_constructors_agree(flagship_whole: capmix.Scenario) -> None:
    text = FLAGSHIP.read_text()
    assert capmix.Scenario.from_toml(text, base_dir=FLAGSHIP.parent) == flagship_whole
    assert capmix.Scenario.from_file(str(FLAGSHIP)) == flagship_whole
    assert capmix.Scenario.from_json(flagship_whole.to_json()) == flagship_whole
    assert capmix.Scenario.from_dict(flagship_whole.to_dict()) == flagship_whole
    assert capmix.Scenario.from_toml(flagship_whole.to_toml()) == flagship_whole
    assert flagship_whole.name == "ChatGPT-scale inference, H2 2025"
    assert "periods=6" in repr(flagship_whole)


def test_to_dict_is_the_file_structure(flagship: capmix.Scenario) -> None:
    d = flagship.to_dict()
    assert d["horizon"]["periods"] == 6
    assert json.loads(flagship.to_json()) == d
    d["name"] = "changed"  # a copy: the scenario is immutable
    assert flagship.name != "changed"


def test_from_dict_accepts_mappings_tuples_and_numpy(tiny: dict[str, Any]) -> None:
    np = pytest.importorskip("numpy")
    from types import MappingProxyType

    tiny["workloads"][0]["demand"] = (np.float64(10.0), np.int64(10))
    tiny["horizon"] = MappingProxyType(tiny["horizon"])
    s = capmix.Scenario.from_dict(tiny)
    assert s.to_dict()["workloads"][0]["demand"] == [10.0, 10.0]


def test_plan_accepts_a_dict(tiny: dict[str, Any]) -> None:
    plan = capmix.plan(tiny)
    # 1.25 instances needed, 2 whole ones at $80/h for 200 h (the core's doc example).
    assert plan.status == "optimal"
    assert close(plan.total_cost, 32_000.0)


def test_validate_and_with_param(flagship: capmix.Scenario) -> None:
    flagship.validate()
    tighter = flagship.with_param("policy.outage_coverage", 0.6)
    assert tighter.to_dict()["policy"]["outage_coverage"] == 0.6
    assert flagship.to_dict()["policy"]["outage_coverage"] == 0.5
    assert capmix.apply_param(flagship, "policy.outage_coverage", 0.6) == tighter


def test_every_example_scenario_plans() -> None:
    # Proving the catalog example's whole-unit optimum within 0.1% takes HiGHS minutes (the
    # flagship's 20 s); a limit keeps the best plan found (status `time_limit`), which must
    # still be a plan: rounding the relaxation gives one before the search starts.
    for path in sorted(SCENARIOS.glob("*.toml")):
        plan = capmix.plan(capmix.Scenario.from_file(path), time_limit=10)
        assert plan.has_solution, (path.name, plan.status, plan.notes)


@pytest.mark.parametrize("name", ["multicloud-from-catalog.toml", "chatgpt-2025.toml"])
def test_catalogs_resolve_relative_to_base_dir(name: str) -> None:
    path = SCENARIOS / name
    if not path.exists() or "catalogs" not in path.read_text():
        pytest.skip("no catalog include in this example")
    from_file = capmix.Scenario.from_file(path)
    from_text = capmix.Scenario.from_toml(path.read_text(), base_dir=path.parent)
    assert from_text == from_file
    assert from_file.to_dict().get("catalogs") is None  # resolved into offerings


# ------------------------------------------------------------------------------- Plan


def test_plan_properties(flagship_plan: capmix.Plan) -> None:
    p = flagship_plan
    assert p.status == "optimal" and p.has_solution
    assert p.total_cost is not None and p.objective is not None
    assert p.solver in capmix.SOLVERS and p.method == "lp" and not p.integer_units
    assert p.optimality == "proven optimal" and p.whole_units is None
    assert p.scenario == "ChatGPT-scale inference, H2 2025"
    assert p.period_labels == ["2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"]
    assert [x["hours"] for x in p.periods] == [744, 744, 720, 744, 720, 744]
    assert p.allocations and {"period", "segment", "workload", "offering", "units", "cost_per_hour"} <= set(p.allocations[0])
    assert isinstance(p.commitments, list) and isinstance(p.fleet, list)
    assert p.shadow_prices is not None and p.verification is not None and p.verification["passed"]
    assert p.diagnosis is None
    assert p.solve_seconds > 0
    assert "optimal" in repr(p)


def test_cost_splits_sum_to_total(flagship_plan: capmix.Plan) -> None:
    total = flagship_plan.total_cost
    assert total is not None
    for by in ("provider", "accelerator", "purchase", "region", "workload", "period"):
        assert close(sum(flagship_plan.cost_by(by).values()), total), by
    assert list(flagship_plan.cost_by("period")) == flagship_plan.period_labels
    with pytest.raises(capmix.OptionError) as e:
        flagship_plan.cost_by("colour")
    assert e.value.path == "by"


def test_cost_by_period_agrees_with_the_core(flagship_plan: capmix.Plan) -> None:
    by_period = flagship_plan.costs["by_period"]
    for by in ("provider", "accelerator", "purchase"):
        split = flagship_plan.cost_by_period(by)
        for t, core in enumerate(by_period):
            assert close(sum(v[t] for v in split.values()), core)
    providers = flagship_plan.cost_by_period("provider")
    for provider, usd in flagship_plan.cost_by("provider").items():
        assert close(sum(providers[provider]), usd)


@pytest.mark.parametrize("name", ["03-commit-term-lead.toml", "09-existing-charge.toml", "04-provider-share.json"])
def test_cost_by_period_on_fixtures(name: str) -> None:
    plan = capmix.plan(capmix.Scenario.from_file(FIXTURES / name))
    split = plan.cost_by_period("purchase")
    for t, core in enumerate(plan.costs["by_period"]):
        assert close(sum(v[t] for v in split.values()), core)


def test_plan_json_round_trip(flagship_plan: capmix.Plan) -> None:
    again = capmix.Plan.from_json(flagship_plan.to_json())
    assert again.to_dict() == flagship_plan.to_dict()
    assert capmix.Plan.from_dict(flagship_plan.to_dict()).to_json() == flagship_plan.to_json()
    assert json.loads(flagship_plan.to_json())["schema_version"] == capmix.SCHEMA_VERSION


def test_cost_by_period_of_a_plan_document(flagship_plan: capmix.Plan) -> None:
    """The split is the core's `costs.by_period_and_*`: plans read back have it too."""
    from_json = capmix.Plan.from_json(flagship_plan.to_json())
    from_dict = capmix.Plan.from_dict(flagship_plan.to_dict())
    costs = flagship_plan.costs
    for by in ("provider", "accelerator", "purchase"):
        split = flagship_plan.cost_by_period(by)
        assert split and from_json.cost_by_period(by) == split and from_dict.cost_by_period(by) == split
        assert all(len(v) == len(flagship_plan.period_labels) for v in split.values())
        by_period = cast(list[dict[str, float]], dict(costs)[f"by_period_and_{by}"])
        for t, period in enumerate(by_period):
            assert {k: v[t] for k, v in split.items() if v[t] != 0} == period
    with pytest.raises(capmix.OptionError) as e:
        from_json.cost_by_period("region")
    assert e.value.path == "by"


def test_pickle_round_trips(flagship: capmix.Scenario, flagship_plan: capmix.Plan) -> None:
    assert pickle.loads(pickle.dumps(flagship)) == flagship
    p = pickle.loads(pickle.dumps(flagship_plan))
    assert p.to_dict() == flagship_plan.to_dict()
    assert p.solve_seconds == flagship_plan.solve_seconds
    assert p.cost_by_period() == flagship_plan.cost_by_period()
    assert copy.deepcopy(flagship) == flagship


def test_infeasible_is_a_status_with_a_diagnosis() -> None:
    plan = capmix.plan(capmix.Scenario.from_file(FIXTURES / "08-infeasible.json"))
    assert plan.status == "infeasible" and not plan.has_solution
    assert plan.total_cost is None and plan.cost_by("provider") == {}
    assert plan.cost_by_period() == {}
    assert plan.diagnosis is not None and plan.diagnosis["summary"]
    assert "infeasible" in plan._repr_html_()
    with pytest.raises(ValueError, match="no solution"):
        plan.plot()
    if importlib.util.find_spec("pandas") is not None:
        # An empty table keeps its columns, so code written for a plan still runs.
        frame = plan.to_pandas()
        assert len(frame) == 0 and {"workload", "offering", "units"} <= set(frame.columns)
        assert "first_active_period" in plan.to_pandas("commitments").columns
        assert {"period", "label"} <= set(frame.columns)
    if importlib.util.find_spec("polars") is not None:
        empty = plan.to_polars("fleet")
        assert empty.height == 0 and {"offering", "units", "label"} <= set(empty.columns)
    d = capmix.diagnose(capmix.Scenario.from_file(FIXTURES / "08-infeasible.json"))
    assert d["summary"]


def test_integer_option(tiny: dict[str, Any]) -> None:
    plan = capmix.plan(tiny, integer=True)
    assert plan.integer_units
    assert all(float(a["units"]).is_integer() for a in plan.fleet)
    assert close(plan.total_cost, 2 * 80 * 200)  # 1.25 instances round up to 2
    # Shadow prices of the LP with the units fixed (documented as such).
    assert plan.shadow_prices is not None and plan.shadow_prices["whole_units_fixed"]


def test_time_limit_and_shadow_prices_options(flagship: capmix.Scenario) -> None:
    plan = capmix.plan(flagship, time_limit=60, shadow_prices=False)
    assert plan.status == "optimal" and plan.shadow_prices is None


# ------------------------------------------------------------------------------- presentation


def test_to_pandas_tables(flagship_plan: capmix.Plan) -> None:
    pytest.importorskip("pandas")
    df = flagship_plan.to_pandas()
    assert len(df) == len(flagship_plan.allocations)
    assert {"offering", "units", "cost_per_hour"} <= set(df.columns)
    periods = flagship_plan.to_pandas("periods")
    assert list(periods["label"]) == flagship_plan.period_labels
    assert "cost.coreweave" in periods.columns
    costs = flagship_plan.to_pandas("costs")
    assert close(costs[costs.dimension == "provider"].usd.sum(), flagship_plan.total_cost or 0)
    # Sums of money are rounded to the cent, so pandas prints $22,715,680.48 as 22715680.48,
    # not as 2.271568e+07 (which it does for the exact figures of this plan).
    for table in ("costs", "periods", "commitments", "fleet"):
        text = flagship_plan.to_pandas(table).to_string()
        assert "e+0" not in text, text
    by_provider = flagship_plan.cost_by("provider")
    rounded = dict(zip(costs[costs.dimension == "provider"].key, costs[costs.dimension == "provider"].usd))
    assert rounded.keys() == by_provider.keys()
    assert all(abs(rounded[k] - v) <= 0.005 + 1e-9 and abs(rounded[k] * 100 - round(rounded[k] * 100)) < 1e-6 for k, v in by_provider.items())
    for table in ("commitments", "fleet", "utilisation", "shortfall", "outage_coverage", "provider_shares"):
        flagship_plan.to_pandas(table)
    with pytest.raises(capmix.OptionError) as e:
        flagship_plan.to_pandas("nope")
    assert e.value.path == "table" and e.value.kind == "invalid_option"


def test_to_polars(flagship_plan: capmix.Plan) -> None:
    pytest.importorskip("polars")
    df = flagship_plan.to_polars()
    assert df.height == len(flagship_plan.allocations)
    assert flagship_plan.to_polars("commitments").height == len(flagship_plan.commitments)


def test_missing_optional_dependency_says_what_to_install(
    flagship_plan: capmix.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'capmix\[pandas\]'"):
        flagship_plan.to_pandas()
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ModuleNotFoundError, match=r"capmix\[polars\]"):
        flagship_plan.to_polars()
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"capmix\[plot\]"):
        flagship_plan.plot()


def test_repr_html_is_a_compact_summary(flagship_plan: capmix.Plan) -> None:
    html = flagship_plan._repr_html_()
    assert "<table>" in html and "coreweave" in html and "2025-07" in html
    from capmix._present import usd

    assert usd(flagship_plan.total_cost) in html
    assert len(html) < 10_000
    # The commitments to sign, largest first (the most actionable part of the plan).
    assert "Commitments to sign" in html
    largest = max(flagship_plan.commitments, key=lambda c: c["cost_in_horizon"])
    assert largest["offering"] in html


def test_plot_stacks_cost_by_provider(flagship_plan: capmix.Plan, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    ax = flagship_plan.plot()
    heights: dict[int, float] = {}
    for bar in ax.patches:
        heights[round(bar.get_x() * 1000)] = heights.get(round(bar.get_x() * 1000), 0.0) + bar.get_height()
    assert len(heights) == 6
    for got, want in zip([heights[k] for k in sorted(heights)], flagship_plan.costs["by_period"]):
        assert close(got, want)
    assert {t.get_text() for t in ax.get_legend().get_texts()} == set(flagship_plan.cost_by("provider"))
    ax.figure.savefig(tmp_path / "plan.png")
    assert (tmp_path / "plan.png").stat().st_size > 1000
    flagship_plan.plot(by="purchase")
    again = capmix.Plan.from_json(flagship_plan.to_json()).plot()  # a plan document stacks too
    assert len(again.patches) == len(ax.patches)
    with pytest.raises(capmix.OptionError):
        flagship_plan.plot(by="region")


def test_summary_row(flagship_plan: capmix.Plan) -> None:
    row = flagship_plan.summary()
    assert row["status"] == "optimal" and close(row["total_cost"], flagship_plan.total_cost or 0)
    assert close(sum(v for k, v in row.items() if k.startswith("cost.")), flagship_plan.total_cost or 0)


# ------------------------------------------------------------------------------- explain


def test_explain(flagship: capmix.Scenario, flagship_plan: capmix.Plan) -> None:
    e = capmix.explain(flagship)
    assert e.status == "optimal" and close(e.total_cost, flagship_plan.total_cost or 0)
    assert e.headline and str(e).splitlines() == e.headline
    assert e.solves > 1
    assert {p["family"] for p in e.policies}
    assert e.baselines is not None and e.baselines["providers"]
    html = e._repr_html_()
    assert "<li>" in html and "<table>" in html
    again = pickle.loads(pickle.dumps(e))
    assert again.to_dict() == e.to_dict()
    assert json.loads(e.to_json()) == e.to_dict()


def test_explain_without_baselines(flagship: capmix.Scenario) -> None:
    e = capmix.explain(flagship, policies=False, baselines=False)
    assert e.policies == [] and e.baselines is None and e.solves == 1


def test_parse_values() -> None:
    assert capmix.parse_values("0:1:0.25") == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert capmix.parse_values("0, 0.5") == [0.0, 0.5]
    with pytest.raises(capmix.OptionError):
        capmix.parse_values("a,b")
    assert "policy.outage_coverage" in capmix.PARAM_FORMS

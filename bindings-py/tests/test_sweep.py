"""Sweeps and batches: serial (the core's sweep) and over executors agree."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import FIXTURES, assert_same_rows, close

import capmix

COVERAGE = "0:1:0.1"


ROW_KEYS = ("value", "status", "total_cost", "outage_coverage", "pareto", "cost_by_provider")


@pytest.fixture(scope="module")
def serial(flagship: capmix.Scenario) -> capmix.Sweep:
    return capmix.sweep(flagship, "policy.outage_coverage", COVERAGE, progress=False)


def test_serial_sweep(serial: capmix.Sweep, flagship_plan: capmix.Plan) -> None:
    assert serial.param == "policy.outage_coverage"
    assert serial.values == capmix.parse_values(COVERAGE)
    assert len(serial) == 11
    at_half = serial.rows[5]
    assert at_half["value"] == 0.5 and close(at_half["total_cost"], flagship_plan.total_cost or 0)
    costs = [r["objective"] for r in serial.rows if r["objective"] is not None]
    assert costs == sorted(costs) or all(b >= a - 1e-6 * a for a, b in zip(costs, costs[1:]))
    assert any(r["pareto"] for r in serial.rows)
    assert set(serial.providers) >= set(flagship_plan.cost_by("provider"))


def test_executor_sweep_matches_serial_sweep(flagship: capmix.Scenario, serial: capmix.Sweep) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = capmix.sweep(flagship, "policy.outage_coverage", COVERAGE, executor=pool, progress=False)
    assert_same_rows(threaded.rows, serial.rows, ROW_KEYS)
    assert threaded.providers == serial.providers


def test_process_pool_sweep_and_batch(flagship: capmix.Scenario, serial: capmix.Sweep) -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        swept = capmix.sweep(flagship, "policy.outage_coverage", COVERAGE, executor=pool, progress=False)
        plans = capmix.sweep_many(
            [flagship.with_param("workloads.chat.demand_scale", x) for x in (0.8, 1.0, 1.2)],
            executor=pool,
            progress=False,
        )
    assert_same_rows(swept.rows, serial.rows, ROW_KEYS)
    costs = [p.total_cost for p in plans]
    assert costs[0] is not None and costs[1] is not None and costs[2] is not None
    assert costs[0] < costs[1] < costs[2]
    assert plans[1].cost_by_period() == capmix.plan(flagship, shadow_prices=False).cost_by_period()


def test_repeated_values_and_text_values(flagship: capmix.Scenario) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        swept = capmix.sweep(flagship, "providers.aws.price_scale", [1.0, 0.5, 1.0], executor=pool, progress=False)
    assert swept.values == [1.0, 0.5, 1.0]
    assert swept.rows[0] == swept.rows[2]
    assert (swept.rows[1]["total_cost"] or 0) < (swept.rows[0]["total_cost"] or 0)


def test_bad_values_fail_before_any_solve(flagship: capmix.Scenario) -> None:
    class Refuse(ThreadPoolExecutor):
        def submit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise AssertionError("nothing should be submitted")

    with Refuse() as pool, pytest.raises(capmix.ScenarioError) as e:
        capmix.sweep(flagship, "policy.outage_coverage", [0.5, 1.5], executor=pool, progress=False)
    assert e.value.path == "policy.outage_coverage"
    with pytest.raises(capmix.OptionError):
        capmix.sweep(flagship, "providers.nobody.price_scale", [1.0], progress=False)


def test_infeasible_rows_and_inference() -> None:
    """Caps below 10 units are infeasible (demand 10, g = 1). Serially the core infers the
    tighter caps from the loosest infeasible one; over an executor every value is solved.
    Either way the statuses agree."""
    path = FIXTURES / "08-infeasible.json"
    values = [12, 10, 8, 6]
    serial = capmix.sweep(path, "offerings.od.max_units", values, progress=False)
    assert [r["status"] for r in serial.rows] == ["optimal", "optimal", "infeasible", "infeasible"]
    assert [r["inferred"] for r in serial.rows] == [False, False, False, True]
    with ThreadPoolExecutor(2) as pool:
        spread = capmix.sweep(path, "offerings.od.max_units", values, executor=pool, progress=False)
    assert [r["status"] for r in spread.rows] == [r["status"] for r in serial.rows]
    assert not any(r["inferred"] for r in spread.rows)
    assert [r["pareto"] for r in spread.rows] == [r["pareto"] for r in serial.rows]


def test_sweep_presentation(serial: capmix.Sweep, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    df = serial.to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == 11
    assert {"value", "total_cost", "outage_coverage", "pareto"} <= set(df.columns)
    assert all(f"cost.{p}" in df.columns for p in serial.providers)
    assert serial.to_polars().height == 11
    assert isinstance(serial.to_polars(), pl.DataFrame)
    assert "<table>" in serial._repr_html_()
    pytest.importorskip("matplotlib")
    ax = serial.plot()
    assert ax.get_xlabel().startswith("achieved outage coverage")
    ax.figure.savefig(tmp_path / "pareto.png")
    serial.plot(x="value")
    with pytest.raises(capmix.OptionError):
        serial.plot(x="colour")


def test_sweep_round_trips(serial: capmix.Sweep) -> None:
    again = pickle.loads(pickle.dumps(serial))
    assert again.to_dict() == serial.to_dict()
    assert '"param": "policy.outage_coverage"' in serial.to_json()


def test_sweep_many_serial_keeps_order(flagship: capmix.Scenario, tiny: dict[str, object]) -> None:
    plans = capmix.sweep_many([tiny, flagship, capmix.Scenario.from_file(FIXTURES / "08-infeasible.json")], progress=False)
    assert [p.status for p in plans] == ["optimal", "optimal", "infeasible"]
    assert plans[0].scenario == "tiny" and plans[0].shadow_prices is None
    pd = pytest.importorskip("pandas")
    table = pd.DataFrame([p.summary() for p in plans])
    assert list(table.status) == ["optimal", "optimal", "infeasible"]


def test_progress_bar(flagship: capmix.Scenario, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    capmix.sweep(flagship, "policy.outage_coverage", [0.5, 0.6], progress=True)
    with ThreadPoolExecutor(2) as pool:
        capmix.sweep_many([flagship, flagship], executor=pool, progress=True)
    err = capsys.readouterr().err
    assert "sweep policy.outage_coverage" in err and "2/2" in err and "plans" in err

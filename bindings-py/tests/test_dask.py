"""Scale-out: a real dask.distributed LocalCluster (worker processes, loopback only) runs a
sweep of ~50 solves and a batch; results equal the serial ones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import capmix
from conftest import assert_same_rows

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,  # logging.ERROR
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_dask_sweep_of_fifty_solves(client: Any, flagship: capmix.Scenario) -> None:
    values = capmix.parse_values("0.5:1.5:0.02")
    assert len(values) == 51
    serial = capmix.sweep(flagship, "workloads.chat.demand_scale", values, progress=False)
    with client.get_executor() as executor:
        spread = capmix.sweep(flagship, "workloads.chat.demand_scale", values, executor=executor, progress=True)
    assert_same_rows(spread.rows, serial.rows, ("value", "status", "total_cost", "pareto"))
    # The work really ran on the workers (other processes).
    assert len(client.scheduler_info()["workers"]) == 2


def test_dask_sweep_many(client: Any, flagship: capmix.Scenario) -> None:
    scenarios = [flagship.with_param("providers.aws.price_scale", 0.6 + 0.1 * i) for i in range(8)]
    executor = client.get_executor()
    plans = capmix.sweep_many(scenarios, executor=executor, progress=False)
    assert [p.to_json() for p in plans] == [capmix.plan(s, shadow_prices=False).to_json() for s in scenarios]
    assert all(p.solve_seconds > 0 for p in plans)


def test_dask_errors_come_back_as_capmix_errors(client: Any, tiny: dict[str, object]) -> None:
    bad = dict(tiny)
    bad["offerings"] = [dict(o, provider="nobody") for o in tiny["offerings"]]  # type: ignore[attr-defined]
    with pytest.raises(capmix.ScenarioError) as e:
        capmix.sweep_many([tiny, bad], executor=client.get_executor(), progress=False)
    assert e.value.path == "offerings[0].provider"

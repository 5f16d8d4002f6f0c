"""Threads plan concurrently: the GIL is released while solving, results agree."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from conftest import FIXTURES, close, fixture_files

import capmix


def test_threads_solving_concurrently_agree(flagship: capmix.Scenario, flagship_plan: capmix.Plan) -> None:
    scenarios = [capmix.Scenario.from_file(FIXTURES / f) for f in fixture_files()]
    serial = [capmix.plan(s).to_json() for s in scenarios]
    variants = [flagship.with_param("workloads.chat.demand_scale", 0.5 + 0.05 * i) for i in range(12)]
    serial_variants = [capmix.plan(v).total_cost for v in variants]
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(capmix.plan, s) for s in scenarios * 4]
        flagships = [pool.submit(capmix.plan, flagship) for _ in range(8)]
        variant_futures = [pool.submit(capmix.plan, v) for v in variants]
        explained = pool.submit(capmix.explain, flagship)
        swept = pool.submit(capmix.sweep, flagship, "policy.outage_coverage", [0.5, 0.7], progress=False)
        for i, f in enumerate(futures):
            assert f.result().to_json() == serial[i % len(serial)]
        for f in flagships:
            assert f.result().to_json() == flagship_plan.to_json()
        for f, want in zip(variant_futures, serial_variants):
            assert want is not None and close(f.result().total_cost, want)
        assert close(explained.result().total_cost, flagship_plan.total_cost or 0)
        assert len(swept.result()) == 2


def test_the_gil_is_released_while_solving(flagship: capmix.Scenario) -> None:
    """A pure-Python thread keeps running while another thread solves. If a solve held the
    GIL, the ticker would get about one tick per solve (at the switches between calls);
    released, it ticks every millisecond or so throughout."""
    stop = threading.Event()
    ticks: list[float] = []

    def ticker() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    calls = 10
    t = threading.Thread(target=ticker)
    t.start()
    try:
        time.sleep(0.01)
        start = time.perf_counter()
        for _ in range(calls):
            capmix.explain(flagship, baselines=False)
        end = time.perf_counter()
    finally:
        stop.set()
        t.join()
    during = [x for x in ticks if start <= x <= end]
    assert len(during) > 4 * calls, f"{len(during)} ticks in {end - start:.3f}s over {calls} solves"

"""Monte Carlo over a Dask cluster: 1,000 demand scenarios of the flagship example.

Each draw scales the chat demand and the AWS and Azure prices by random factors; every
scenario is one plan, solved on the cluster's workers, with a progress bar. Then a sweep of
the outage coverage on the same cluster.

Usage (from the repository root, with ``pip install "./bindings-py[dask,progress,pandas]"``):

    python examples/python/sweep_dask.py                       # a local cluster, 2 workers
    python examples/python/sweep_dask.py --workers 8 -n 5000
    python examples/python/sweep_dask.py --scheduler tcp://scheduler:8786

Without Dask, ``--threads`` uses a ``ThreadPoolExecutor`` instead (the core releases the GIL).
"""

from __future__ import annotations

import argparse
import importlib
import random
import statistics
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import capmix

FLAGSHIP = Path(__file__).resolve().parents[1] / "scenarios" / "chatgpt-2025.toml"


def draws(base: capmix.Scenario, n: int, seed: int) -> list[capmix.Scenario]:
    """n what-if variants: demand x U(0.8, 1.3), AWS and Azure prices x U(0.7, 1.1)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        s = base.with_param("workloads.chat.demand_scale", rng.uniform(0.8, 1.3))
        s = s.with_param("providers.aws.price_scale", rng.uniform(0.7, 1.1))
        s = s.with_param("providers.azure.price_scale", rng.uniform(0.7, 1.1))
        out.append(s)
    return out


def run(executor: Executor, n: int, seed: int) -> None:
    base = capmix.Scenario.from_file(FLAGSHIP)
    scenarios = draws(base, n, seed)

    start = time.perf_counter()
    plans = capmix.sweep_many(scenarios, executor=executor)
    elapsed = time.perf_counter() - start
    costs = [p.total_cost for p in plans if p.total_cost is not None]
    print(f"{len(plans)} plans in {elapsed:.1f} s ({len(plans) / elapsed:.0f} plans/s)")
    if costs:
        q = statistics.quantiles(costs, n=20)
        print(f"total cost: median ${statistics.median(costs) / 1e6:.1f}M, 5%-95% ${q[0] / 1e6:.1f}M-${q[-1] / 1e6:.1f}M")

    start = time.perf_counter()
    sweep = capmix.sweep(base, "policy.outage_coverage", "0:1:0.001", executor=executor)
    elapsed = time.perf_counter() - start
    print(f"sweep of {len(sweep)} outage-coverage values in {elapsed:.1f} s")
    solved = [r for r in sweep.rows if r["total_cost"] is not None]
    if solved:
        lo, hi = solved[0], solved[-1]
        print(
            f"outage coverage {lo['value']:g}: ${(lo['total_cost'] or 0) / 1e6:.1f}M; "
            f"{hi['value']:g}: ${(hi['total_cost'] or 0) / 1e6:.1f}M ({len(sweep) - len(solved)} values infeasible)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000, help="number of scenarios (default 1000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2, help="local cluster worker processes")
    ap.add_argument("--scheduler", help="address of an existing Dask scheduler")
    ap.add_argument("--threads", action="store_true", help="use a thread pool instead of Dask")
    args = ap.parse_args()

    if args.threads:
        with ThreadPoolExecutor() as pool:
            run(pool, args.n, args.seed)
        return

    dd: Any = importlib.import_module("dask.distributed")  # optional: pip install "capmix[dask]"
    cluster: Any = None
    if args.scheduler:
        client = dd.Client(args.scheduler)
    else:
        cluster = dd.LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
        client = dd.Client(cluster)
    try:
        print(f"Dask: {len(client.scheduler_info()['workers'])} workers")
        run(client.get_executor(), args.n, args.seed)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()

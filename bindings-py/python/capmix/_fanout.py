"""Sweeps and batches, serial or spread over a ``concurrent.futures.Executor``.

Only fan-out lives here: every plan and every sweep row is computed by the native core.
Work items are plain strings and floats (a scenario travels as its JSON text), and the
worker functions are module-level, so any executor works: ``ThreadPoolExecutor`` (the core
releases the GIL while solving), ``ProcessPoolExecutor``, a Dask ``Client.get_executor()``
or a Ray-backed executor.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, as_completed
from contextlib import contextmanager
from typing import Any, Union

from capmix import _capmix
from capmix._capmix import Plan, Scenario, Sweep

ScenarioLike = Union[Scenario, Mapping[str, Any]]


# ---------------------------------------------------------------------------------------------
# Progress bars (tqdm, optional)
# ---------------------------------------------------------------------------------------------


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _in_kernel() -> bool:
    """Running inside a Jupyter kernel (not merely with ipykernel imported, as a test runner
    that drives notebooks has it): IPython's shell exists and has a kernel."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None) if ipython is not None else None
    shell = get() if callable(get) else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def _tqdm_class() -> Any:
    """tqdm's notebook bar inside Jupyter when ipywidgets is there, its text bar otherwise,
    or None without tqdm."""
    if importlib.util.find_spec("tqdm") is None:
        return None
    if _in_kernel() and importlib.util.find_spec("ipywidgets") is not None:
        return importlib.import_module("tqdm.notebook").tqdm
    return importlib.import_module("tqdm.std").tqdm


@contextmanager
def _progress_bar(progress: bool, total: int, desc: str) -> Iterator[Any]:
    cls = _tqdm_class() if progress else None
    bar = cls(total=total, desc=desc, unit="plan", file=sys.stderr) if cls is not None else _NoBar()
    try:
        yield bar
    finally:
        bar.close()


# ---------------------------------------------------------------------------------------------
# Worker side: module-level functions of plain arguments, importable by any worker
# ---------------------------------------------------------------------------------------------


_PARSED: dict[str, Scenario] = {}


def _scenario_from_json(text: str) -> Scenario:
    """A sweep sends the same scenario with every value: parse it once per worker process."""
    s = _PARSED.get(text)
    if s is None:
        if len(_PARSED) >= 4:
            _PARSED.clear()
        s = _PARSED[text] = Scenario.from_json(text)
    return s


def _solve_row(scenario_json: str, param: str, value: float, options: dict[str, Any]) -> dict[str, Any]:
    """One sweep row, computed by the core (runs on a worker)."""
    row: dict[str, Any] = _capmix._sweep_row(_scenario_from_json(scenario_json), param, value, **options)
    return row


def _solve_plan(scenario_json: str, options: dict[str, Any]) -> Plan:
    """One plan (runs on a worker)."""
    return _capmix.plan(Scenario.from_json(scenario_json), **options)


# ---------------------------------------------------------------------------------------------
# Client side
# ---------------------------------------------------------------------------------------------


def _as_scenario(scenario: ScenarioLike | str | os.PathLike[str]) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, os.PathLike)):
        return Scenario.from_file(scenario)
    return Scenario.from_dict(scenario)


def _options(
    solver: str, integer: bool | None, time_limit: float | None, mip_gap: float | None
) -> dict[str, Any]:
    return {"solver": solver, "integer": integer, "time_limit": time_limit, "mip_gap": mip_gap}


def _gather(
    executor: Executor,
    jobs: Sequence[tuple[Callable[..., Any], tuple[Any, ...]]],
    bar: Any,
) -> list[Any]:
    """Submits every job, waits for all, returns results in job order. The first failure
    cancels what has not started and is raised."""
    futures: dict[Future[Any], int] = {}
    results: list[Any] = [None] * len(jobs)
    try:
        for i, (fn, args) in enumerate(jobs):
            futures[executor.submit(fn, *args)] = i
        for fut in as_completed(futures):
            results[futures[fut]] = fut.result()
            bar.update(1)
    except BaseException:
        for fut in futures:
            fut.cancel()
        raise
    return results


def sweep(
    scenario: ScenarioLike | str | os.PathLike[str],
    param: str,
    values: Iterable[float] | str,
    *,
    executor: Executor | None = None,
    progress: bool = True,
    solver: str = "auto",
    integer: bool | None = None,
    time_limit: float | None = None,
    mip_gap: float | None = None,
) -> Sweep:
    """Plans ``scenario`` once per value of one parameter.

    Without an executor the core's own sweep runs in this process: repeated values are solved
    once and, for pure LPs, values tighter than an infeasible one are reported infeasible
    without solving (``inferred``). With an executor every distinct value is one task: use a
    ``ThreadPoolExecutor`` for the cores of this machine, or a Dask ``Client.get_executor()``
    (or Ray) for a cluster. Every value is applied and validated before anything is solved.

    Args:
        scenario: A ``Scenario``, a dict in the file format, or a scenario file path.
        param: The parameter path, one of ``capmix.PARAM_FORMS``: ``policy.outage_coverage``,
            ``providers.<id>.price_scale``, ``workloads.<id>.demand_scale``, ...
        values: The values: any iterable of numbers, or text such as ``"0,0.25,0.5"`` or
            ``"0:1:0.1"`` (inclusive range).
        executor: Where to solve; None solves serially in this process (the GIL is released).
        progress: Show a tqdm progress bar (when tqdm is installed).
        solver: ``auto``, ``highs`` or ``microlp``.
        integer: Override of ``policy.integer_units``.
        time_limit: Wall-clock seconds per plan.
        mip_gap: Relative MIP gap accepted by HiGHS.

    Returns:
        The sweep: ``rows`` (one per value, in the order given), ``to_pandas()``,
        ``to_polars()`` and ``plot()`` (the Pareto curve of cost against outage coverage).

    Raises:
        OptionError: Unknown parameter, a value it cannot take, or an option out of range.
        ScenarioError: The scenario (or a modified one) breaks a rule.
        SolverError: The solver is missing or failed.
    """
    base = _as_scenario(scenario)
    vals = _capmix.parse_values(values) if isinstance(values, str) else [float(v) for v in values]
    options = _options(solver, integer, time_limit, mip_gap)
    distinct = list(dict.fromkeys(vals))
    if executor is None or not vals:
        with _progress_bar(progress and executor is None, len(distinct), f"sweep {param}") as bar:

            def report(done: int, total: int) -> None:
                bar.update(1)

            return _capmix._sweep(base, param, vals, progress=report, **options)
    for v in distinct:
        _capmix.apply_param(base, param, v)  # fail fast, before any solve
    payload = base.to_json()
    jobs = [(_solve_row, (payload, param, v, options)) for v in distinct]
    with _progress_bar(progress, len(jobs), f"sweep {param}") as bar:
        solved = _gather(executor, jobs, bar)
    by_value = dict(zip(distinct, solved))
    return _capmix._assemble_sweep(param, [by_value[v] for v in vals])


def sweep_many(
    scenarios: Iterable[ScenarioLike],
    *,
    executor: Executor | None = None,
    progress: bool = True,
    solver: str = "auto",
    integer: bool | None = None,
    time_limit: float | None = None,
    mip_gap: float | None = None,
    shadow_prices: bool = False,
) -> list[Plan]:
    """Plans many scenarios: Monte Carlo draws, what-if variants, a portfolio of questions.

    Every scenario is converted (and its shape checked) before anything is solved; each plan
    is one task on the executor. Infeasible scenarios give plans with status
    ``infeasible``, not exceptions. For a table, ``[p.summary() for p in plans]`` goes
    straight into ``pandas.DataFrame``.

    Args:
        scenarios: ``Scenario`` objects or dicts in the file format.
        executor: Where to solve; None plans serially in this process.
        progress: Show a tqdm progress bar (when tqdm is installed).
        solver: ``auto``, ``highs`` or ``microlp``.
        integer: Override of ``policy.integer_units``.
        time_limit: Wall-clock seconds per plan.
        mip_gap: Relative MIP gap accepted by HiGHS.
        shadow_prices: Compute shadow prices (one extra solve per pure LP; off by default
            for batches).

    Returns:
        One plan per scenario, in the order given.

    Raises:
        ScenarioError: A scenario cannot be converted or breaks a rule.
        OptionError: An option is out of range.
        SolverError: The solver is missing or failed.
    """
    items = [_as_scenario(s) for s in scenarios]
    options = _options(solver, integer, time_limit, mip_gap)
    options["shadow_prices"] = shadow_prices
    with _progress_bar(progress, len(items), "plans") as bar:
        if executor is None:
            plans = []
            for s in items:
                plans.append(_capmix.plan(s, **options))
                bar.update(1)
            return plans
        jobs = [(_solve_plan, (s.to_json(), options)) for s in items]
        result: list[Plan] = _gather(executor, jobs, bar)
        return result

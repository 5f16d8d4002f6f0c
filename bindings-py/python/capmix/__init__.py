"""capmix: least-cost multi-cloud AI accelerator capacity plans, for notebooks.

Load a scenario, plan it, look at the plan::

    import capmix

    scenario = capmix.Scenario.from_file("examples/scenarios/chatgpt-2025.toml")
    plan = capmix.plan(scenario)
    plan.total_cost            # USD over the horizon
    plan.to_pandas()           # allocations as a DataFrame
    plan.plot()                # cost by provider per period
    capmix.explain(scenario)   # what each policy adds, single-cloud baselines
    capmix.sweep(scenario, "policy.outage_coverage", "0:0.6:0.1").plot()

Every computation happens in the Rust core (the ``capmix`` crate); this package converts
Python objects to and from it, maps its errors to exceptions, and adds presentation
(DataFrames, charts, HTML) and the fan-out of sweeps over ``concurrent.futures`` executors
(thread pools, process pools, Dask, Ray).

Exceptions: ``CapmixError`` is the base; ``ScenarioError`` (also a ``ValueError``) for
scenarios that cannot be read or break a rule, with ``.path`` and ``.reason``;
``OptionError`` (also a ``ValueError``) for options out of range; ``SolverError`` when the
solver is missing or fails. An infeasible scenario is not an error: it is ``Plan.status``.

``capmix.documents`` has TypedDicts of every document (``documents.Plan`` is what
``Plan.to_dict()`` returns), generated from the Rust types through their JSON Schema.
"""

from capmix._capmix import (
    PARAM_FORMS,
    SCHEMA_VERSION,
    SOLVERS,
    CapmixError,
    Explanation,
    OptionError,
    Plan,
    Scenario,
    ScenarioError,
    SolverError,
    Sweep,
    __version__,
    apply_param,
    diagnose,
    estimate,
    explain,
    parse_values,
    plan,
)
from capmix import documents
from capmix._fanout import sweep, sweep_many

__all__ = [
    "PARAM_FORMS",
    "SCHEMA_VERSION",
    "SOLVERS",
    "CapmixError",
    "Explanation",
    "OptionError",
    "Plan",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "Sweep",
    "__version__",
    "apply_param",
    "diagnose",
    "documents",
    "estimate",
    "explain",
    "parse_values",
    "plan",
    "sweep",
    "sweep_many",
]

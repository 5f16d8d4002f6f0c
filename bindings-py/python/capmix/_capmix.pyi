"""Type stubs of the native module ``capmix._capmix`` (pyo3). Import ``capmix`` instead."""

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, final

from capmix import documents

__all__ = [
    "__version__",
    "SOLVERS",
    "PARAM_FORMS",
    "SCHEMA_VERSION",
    "CapmixError",
    "ScenarioError",
    "OptionError",
    "SolverError",
    "Scenario",
    "Plan",
    "Explanation",
    "Sweep",
    "plan",
    "estimate",
    "explain",
    "diagnose",
    "apply_param",
    "parse_values",
    "_sweep",
    "_sweep_row",
    "_assemble_sweep",
]

__version__: str
SOLVERS: tuple[str, ...]
PARAM_FORMS: str
SCHEMA_VERSION: int

_ScenarioLike = Scenario | Mapping[str, Any]

class CapmixError(Exception):
    """Base class of every capmix error.

    Attributes:
        kind: The core's stable error kind (`parse`, `invalid`, `catalog`, `io`, `limit`,
            `invalid_option`, `solver_unavailable` or `solver`).
        path: The offending field or option (`offerings[3].price_per_hour`), or None.
        reason: What is wrong, without the path.
    """

    kind: str
    path: str | None
    reason: str

class ScenarioError(CapmixError, ValueError):
    """A scenario that cannot be read or breaks a rule of the model contract.

    Raised for unreadable files, malformed TOML/JSON/dicts, invalid scenarios and exceeded size
    limits. `path` names the offending field (`offerings[3].price_per_hour`; empty at the
    document root) and `reason` says what was expected.
    """

class OptionError(CapmixError, ValueError):
    """A planning option or argument is out of range: an unknown solver, a negative time limit,
    an unknown sweep parameter or cost dimension. `path` names the option.
    """

class SolverError(CapmixError):
    """The solver is not in this build (kind `solver_unavailable`), or it failed in a way that is
    not an outcome of the model (kind `solver`). Infeasible scenarios are not errors: see
    `Plan.status`.
    """

@final
class Scenario:
    """A capacity-planning scenario: horizon, load profile, providers, offerings, workloads,
    policy and existing commitments, exactly as the TOML/JSON file format of the model
    contract.

    Make one with `Scenario.from_file`, `Scenario.from_toml`, `Scenario.from_json` or
    `Scenario.from_dict`; read it back with `to_dict`, `to_json` or `to_toml`. A Scenario is
    immutable: `with_param` returns a modified copy. Parsing checks the shape of the document
    (types, unknown keys); `validate()` (and every planning function) checks the rules.

    Raises:
        ScenarioError: from every constructor, with `path` naming the offending field.
    """

    __hash__: ClassVar[None]  # type: ignore[assignment]
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> Scenario:
        """Reads a scenario file.

        `.toml` and `.json` files are parsed as such; other extensions are sniffed from the
        content. Catalogs (`catalogs = [...]`) are loaded relative to the file's directory.

        Args:
            path: The file, as a string or `os.PathLike`.

        Returns:
            The parsed scenario.

        Raises:
            ScenarioError: The file cannot be read (`kind == "io"`) or is malformed.
        """
    @staticmethod
    def from_toml(
        text: str,
        *,
        base_dir: str | os.PathLike[str] | None = None,
        allow_dirs: Sequence[str | os.PathLike[str]] = ...,
    ) -> Scenario:
        """Parses a TOML document.

        Args:
            text: The TOML text of a scenario.
            base_dir: Directory that relative `catalogs` paths start from; includes may
                read only inside it (and the bundled catalogs). Without it a scenario with
                `catalogs` is refused: text has no directory of its own.
            allow_dirs: More directories includes may read from (with `base_dir`).

        Returns:
            The parsed scenario.

        Raises:
            ScenarioError: The text is not TOML or not a scenario; `path` names the field and
                `reason` gives the line and column. Also an include without `base_dir`, or
                one outside the allowed directories (`path` is `catalogs[i].path`).
        """
    @staticmethod
    def from_json(
        text: str,
        *,
        base_dir: str | os.PathLike[str] | None = None,
        allow_dirs: Sequence[str | os.PathLike[str]] = ...,
    ) -> Scenario:
        """Parses a JSON document.

        Args:
            text: The JSON text of a scenario.
            base_dir: Directory that relative `catalogs` paths start from; includes may
                read only inside it (and the bundled catalogs). Without it a scenario with
                `catalogs` is refused: text has no directory of its own.
            allow_dirs: More directories includes may read from (with `base_dir`).

        Returns:
            The parsed scenario.

        Raises:
            ScenarioError: The text is not JSON or not a scenario, or an include is refused
                (as in `from_toml`).
        """
    @staticmethod
    def from_dict(
        data: Mapping[str, Any],
        *,
        base_dir: str | os.PathLike[str] | None = None,
        allow_dirs: Sequence[str | os.PathLike[str]] = ...,
    ) -> Scenario:
        """Builds a scenario from nested dicts and lists with the keys of the file format.

        Any `Mapping` works for tables and any sequence for arrays; numbers may be ints,
        floats or numpy scalars.

        Args:
            data: The scenario, e.g. `{"horizon": {"periods": 6}, "providers": [...], ...}`.
            base_dir: Directory that relative `catalogs` paths start from; includes may
                read only inside it (and the bundled catalogs). Without it a scenario with
                `catalogs` is refused: text has no directory of its own.
            allow_dirs: More directories includes may read from (with `base_dir`).

        Returns:
            The parsed scenario.

        Raises:
            ScenarioError: `data` does not have the shape of a scenario; `path` names the
                field (`offerings[3].price_per_hour`). Also an include refused (as in
                `from_toml`).
        """
    def to_dict(self) -> documents.Scenario:
        """The scenario as nested dicts and lists (the JSON structure of the file format).

        Returns:
            A new dict; changing it does not change the scenario.
        """
    def to_json(self) -> str:
        """The scenario as pretty-printed JSON.

        Returns:
            JSON text that `Scenario.from_json` reads back to an equal scenario.
        """
    def to_toml(self) -> str:
        """The scenario as TOML.

        Returns:
            TOML text that `Scenario.from_toml` reads back to an equal scenario.

        Raises:
            ScenarioError: The scenario cannot be written as TOML.
        """
    @property
    def name(self) -> str:
        """The scenario's title (`name`)."""
    def validate(self) -> None:
        """Checks every rule of the model contract without solving.

        Raises:
            ScenarioError: The first broken rule, with the path of the offending field.
        """
    def with_param(self, param: str, value: float) -> Scenario:
        """A copy with one sweep parameter set (see `capmix.PARAM_FORMS`).

        Args:
            param: A parameter path such as `policy.outage_coverage` or
                `providers.aws.price_scale`.
            value: The value to set (or the scale to apply).

        Returns:
            The modified, validated scenario.

        Raises:
            OptionError: Unknown parameter path or a value it cannot take.
            ScenarioError: The modified scenario breaks a rule.
        """
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @classmethod
    def _unpickle(cls, json: str) -> Scenario: ...

@final
class Plan:
    """A solved (or unsolvable) scenario: status, costs, allocations, commitments to sign, fleet,
    achieved policy figures, shadow prices and the independent verification.

    Infeasible, time-limited and other outcomes are a `status`, not an exception: check
    `status` (or `has_solution`) before reading costs. Lists and dicts returned by the
    properties are fresh Python copies of the plan document (`to_dict()` has them all).
    Presentation helpers: `to_pandas()`, `to_polars()`, `plot()`, and a summary table in
    Jupyter.
    """

    @property
    def status(self) -> str:
        """Outcome: `optimal`, `feasible` (integer plan from rounding, see `gap`), `infeasible`,
        `unbounded`, `time_limit`, `no_solution` or `verification_failed`.
        """
    @property
    def has_solution(self) -> bool:
        """Whether the plan carries allocations and costs."""
    @property
    def total_cost(self) -> float | None:
        """USD spent on capacity over the horizon, or None without a plan."""
    @property
    def objective(self) -> float | None:
        """`total_cost` plus shortfall penalties (USD): what the optimisation minimised."""
    @property
    def lp_bound(self) -> float | None:
        """Best known lower bound on the objective (USD)."""
    @property
    def gap(self) -> float | None:
        """Relative gap of `objective` to `lp_bound` (0 for a proven optimum)."""
    @property
    def scenario(self) -> str:
        """The scenario's name."""
    @property
    def solver(self) -> str:
        """Solver backend used (`microlp` or `highs`)."""
    @property
    def method(self) -> str:
        """How the plan was found (`lp`, `milp`, `branch_and_bound`, `lp_rounding`,
        `routing_search`).
        """
    @property
    def integer_units(self) -> bool:
        """Whether units were whole instances."""
    @property
    def solve_seconds(self) -> float:
        """Wall-clock seconds from validation to verified plan (0 for plans read from JSON)."""
    @property
    def period_labels(self) -> list[str]:
        """Period labels, first to last (`2025-07`, ... or `P1`, ...)."""
    @property
    def periods(self) -> list[documents.PeriodInfo]:
        """The periods: `[{"period": 1, "label": "2025-07", "hours": 744.0}, ...]`."""
    @property
    def costs(self) -> documents.Costs:
        """Cost splits (USD): `by_period`, `by_provider`, `by_accelerator`, `by_purchase`,
        `by_region`, `by_workload`, `by_period_and_provider`, `by_period_and_accelerator`,
        `by_period_and_purchase` (one dict per period), `existing_commitments`,
        `beyond_horizon`, `beyond_horizon_charged`, `shortfall_penalty`.
        """
    @property
    def allocations(self) -> list[documents.Allocation]:
        """Units serving each workload, one dict per period, segment, workload and offering."""
    @property
    def commitments(self) -> list[documents.Commitment]:
        """New commitments to sign: offering, period, units, term, lead, cost."""
    @property
    def fleet(self) -> list[documents.FleetEntry]:
        """Units running or active per period, segment and offering."""
    @property
    def achieved(self) -> documents.Achieved:
        """Achieved figures: provider and spot shares, outage coverage, commitment utilisation,
        shortfall.
        """
    @property
    def uncertainty(self) -> documents.Uncertainty | None:
        """How the shared commitments fare across the demand scenarios (risk measure, expected
        and worst-case cost, each scenario's cost and regret, VSS, EVPI), or None without
        demand scenarios.
        """
    @property
    def shadow_prices(self) -> documents.ShadowPrices | None:
        """Shadow prices of a pure LP (demand, caps, policy rows), or None."""
    @property
    def verification(self) -> documents.Verification | None:
        """The independent re-check of the plan against the scenario, or None without a plan."""
    @property
    def diagnosis(self) -> documents.Diagnosis | None:
        """Why an infeasible scenario has no plan and what would make it feasible, or None."""
    @property
    def relaxation_objective(self) -> float | None:
        """The fractional relaxation's objective (whole-unit plans), USD; `None` for fluid plans."""
    @property
    def whole_units_premium(self) -> float | None:
        """What whole units add over the fractional relaxation, as a fraction of it (`0.12` is
        12%); `None` for fluid plans. Not a gap: the best whole-unit plan pays it too.
        """
    @property
    def optimality(self) -> str | None:
        """How far the plan can be from the best one, in words: "proven optimal", "optimal:
        within 0.095% of the best possible, as asked", "not proven optimal: within 0.28% of
        the best possible"; `None` without a plan. The same words as the CLI and the calculator.
        """
    @property
    def whole_units(self) -> str | None:
        """What whole units add, in words ("whole instances add 12.0% ($1,200) over the
        fractional relaxation ($10,000)"); `None` for fluid plans.
        """
    @property
    def notes(self) -> list[str]:
        """Messages for people (method caveats, why there is no plan)."""
    def cost_by(self, by: str) -> dict[str, float]:
        """Total cost split along one dimension.

        Args:
            by: `provider`, `accelerator`, `purchase`, `region` (keys `provider/region`),
                `workload` (with `idle commitment`) or `period` (keys are period labels).

        Returns:
            USD by key; empty without a plan.

        Raises:
            OptionError: Unknown dimension.
        """
    def cost_by_period(self, by: str = "provider") -> dict[str, list[float]]:
        """Cost of each period split along one dimension (for stacked charts).

        Args:
            by: `provider`, `accelerator` or `purchase`.

        Returns:
            USD per period (in `period_labels` order) by key, 0 in periods without cost; each
            period sums to `cost_by("period")`. Empty without a plan.

        Raises:
            OptionError: Unknown dimension.
        """
    def to_dict(self) -> documents.Plan:
        """The whole plan document as nested dicts and lists.

        Returns:
            The same structure as `capmix plan --format json` (schema version 1).
        """
    def to_json(self) -> str:
        """The plan document as pretty-printed JSON.

        Returns:
            JSON text; `Plan.from_json` reads it back.
        """
    @staticmethod
    def from_json(text: str) -> Plan:
        """Reads a plan document (e.g. the output of `capmix plan --format json`).

        Args:
            text: The JSON text.

        Returns:
            The plan.

        Raises:
            ScenarioError: The text is not a plan document.
        """
    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Plan:
        """Builds a plan from the dict of `Plan.to_dict()`.

        Args:
            data: The plan document as dicts and lists.

        Returns:
            The plan.

        Raises:
            ScenarioError: `data` is not a plan document.
        """
    def to_pandas(self, table: str = "allocations", scenario: _ScenarioLike | None = None) -> Any:
        """Tabulates one part of the plan as a pandas DataFrame (needs `capmix[pandas]`).

        Args:
            table: `allocations` (default), `commitments`, `fleet`, `periods` (with the cost
                of each period by provider), `costs` (long format: dimension, key, usd),
                `utilisation`, `shortfall`, `outage_coverage`, `provider_shares`,
                `spot_shares`, `scenarios` (one row per demand scenario: name, probability,
                total_cost, objective, best_objective, regret, shortfall, verified, what it would
                commit alone, idle_commitment_usd, flexible_usd), `scenario_periods` (one row per
                scenario and period: chips held, committed_chips, `demand.<workload>`: a fan chart)
                or `purchases` (the purchase list of `purchases(scenario)`; needs `scenario`).
                `periods` is indexed by month (a pandas `PeriodIndex`) when the horizon has a
                start month; every other table with a `period` column has the period's
                `label` beside it. Sums of money (`cost`, `usd`, `cost.<provider>`,
                `cost_in_horizon`, `total_cost`, `regret`, ...) are rounded to the cent, so
                that pandas prints them as amounts below $100M (above, pandas itself switches to
                scientific notation: `pd.options.display.float_format = "{:,.2f}".format`); hourly
                rates and every other figure are exact, and
                `to_dict()` has the exact sums.
            scenario: The scenario the plan was made from; only the `purchases` table needs it.

        Returns:
            pandas.DataFrame; an empty table keeps its columns.

        Raises:
            ImportError: pandas is not installed.
            OptionError: unknown table, or `purchases` without `scenario`.
        """
    def purchases(self, scenario: _ScenarioLike) -> list[dict[str, Any]]:
        """The purchase list, what to buy: one line per offering and period with capacity held
        or signed (period, label, offering, provider, region, accelerator, purchase, units
        held, chips, signed_units, cost in USD), ordered by period and then offering. The
        lines' costs sum to the plan's cost by period. `pandas.DataFrame(plan.purchases(s))`
        tabulates it.

        Args:
            scenario: The scenario this plan was made from: prices and segment hours come from
                it, since the plan document carries neither per offering.

        Returns:
            list of dicts, one per line.

        Raises:
            ScenarioError: the scenario is invalid, or lacks an offering or period of the plan
                (the error names the plan field, as `fleet[3].offering`).
        """
    def to_polars(self, table: str = "allocations", scenario: _ScenarioLike | None = None) -> Any:
        """Tabulates one part of the plan as a polars DataFrame (needs `capmix[polars]`).

        Args:
            table: As in `to_pandas` (labels and money rounded to the cent likewise).
            scenario: The scenario the plan was made from; only the `purchases` table needs it.

        Returns:
            polars.DataFrame; an empty table keeps its columns.

        Raises:
            ImportError: polars is not installed.
            OptionError: unknown table, or `purchases` without `scenario`.
        """
    def plot(self, ax: Any = None, *, by: str = "provider") -> Any:
        """Cost by provider per period as stacked bars (needs `capmix[plot]`).

        Args:
            ax: A matplotlib Axes to draw on (default: a new figure).
            by: Stack by `provider` (default), `accelerator` or `purchase`.

        Returns:
            The matplotlib Axes.

        Raises:
            ImportError: matplotlib is not installed.
            ValueError: The plan has no solution.
            OptionError: Unknown `by`.
        """
    def __str__(self) -> str:
        """A few lines for `print(plan)`: status, total cost, how close to the best it is proven to be, what whole units add, and the cost by provider."""
    def summary(self) -> dict[str, Any]:
        """Headline figures as one flat dict (for a row of a batch table).

        Returns:
            `scenario`, `status`, `total_cost`, `objective`, `gap`, `whole_units_premium`,
            `solve_seconds` and
            `cost.<provider>` for every provider with cost.
        """
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @classmethod
    def _unpickle(cls, json: str, solve_seconds: float) -> Plan: ...

@final
class Explanation:
    """What a plan costs and why: the plan's headline, what each active policy adds, what a
    single cloud would cost, shadow prices in words, and for infeasible scenarios the
    diagnosis.

    `str(explanation)` is the headline, one sentence per line; in Jupyter it renders as the
    headline plus tables of policy costs and single-provider baselines.
    """

    @property
    def status(self) -> str:
        """Outcome of planning (see `Plan.status`)."""
    @property
    def total_cost(self) -> float | None:
        """USD spent over the horizon, or None without a plan."""
    @property
    def objective(self) -> float | None:
        """`total_cost` plus shortfall penalties (USD)."""
    @property
    def scenario(self) -> str:
        """The scenario's name."""
    @property
    def periods(self) -> list[str]:
        """Period labels, first to last."""
    @property
    def cost_by_provider(self) -> dict[str, float]:
        """USD by provider id."""
    @property
    def headline(self) -> list[str]:
        """The story in a few sentences, most important first."""
    @property
    def policies(self) -> list[documents.PolicyCost]:
        """What each active policy family adds: one dict per family with `family`, `setting`,
        `extra_cost_usd`, `extra_cost_pct`, `makes_infeasible` and a `sentence`.
        """
    @property
    def baselines(self) -> documents.Baselines | None:
        """Single-provider and no-policy plans (`providers`, `best_single`,
        `multi_provider_savings_usd`, `no_policy`), or None.
        """
    @property
    def shadow(self) -> documents.ShadowWords | None:
        """Shadow prices in words (pure LP plans), or None."""
    @property
    def diagnosis(self) -> documents.Diagnosis | None:
        """Why there is no plan (infeasible scenarios), or None."""
    @property
    def notes(self) -> list[str]:
        """The plan's own notes (method caveats)."""
    @property
    def solves(self) -> int:
        """Plans solved for this explanation, the plan itself included."""
    def to_dict(self) -> documents.Explanation:
        """The explanation as nested dicts and lists.

        Returns:
            The same structure as `capmix explain --format json`.
        """
    def to_json(self) -> str:
        """The explanation as pretty-printed JSON.

        Returns:
            JSON text.
        """
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @classmethod
    def _unpickle(cls, json: str) -> Explanation: ...

@final
class Sweep:
    """One plan per value of one parameter: cost, cost by provider, achieved outage coverage and
    the Pareto front of cost against coverage.

    `rows` is a list of flat-ish dicts (`value`, `status`, `total_cost`, `objective`,
    `cost_by_provider`, `outage_coverage`, `pareto`, `inferred`); `to_pandas()` /
    `to_polars()` flatten `cost_by_provider` into `cost.<provider>` columns, and `plot()` draws
    the Pareto curve.
    """

    @property
    def param(self) -> str:
        """The parameter path, e.g. `policy.outage_coverage`."""
    @property
    def providers(self) -> list[str]:
        """Provider ids that carry cost in some row, sorted."""
    @property
    def values(self) -> list[float]:
        """The parameter values, in the order given."""
    @property
    def rows(self) -> list[documents.SweepRow]:
        """One dict per value, in the order given."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[documents.SweepRow]:
        """Iterates over `rows`."""
    def to_dict(self) -> documents.Sweep:
        """The sweep as nested dicts and lists (`param`, `providers`, `rows`).

        Returns:
            The same structure as `capmix sweep --format json`.
        """
    def to_json(self) -> str:
        """The sweep as pretty-printed JSON.

        Returns:
            JSON text.
        """
    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame, one column per provider cost (needs
        `capmix[pandas]`).

        Returns:
            pandas.DataFrame with `value`, `status`, `total_cost`, `objective`,
            `outage_coverage`, `pareto`, `inferred` and `cost.<provider>` columns.
        """
    def to_polars(self) -> Any:
        """The rows as a polars DataFrame (needs `capmix[polars]`).

        Returns:
            polars.DataFrame with the columns of `to_pandas`.
        """
    def plot(self, ax: Any = None, *, x: str = "outage_coverage") -> Any:
        """Cost against achieved outage coverage, Pareto front highlighted (needs
        `capmix[plot]`).

        Args:
            ax: A matplotlib Axes to draw on (default: a new figure).
            x: `outage_coverage` (default: the Pareto curve) or `value` (cost against the
                swept parameter).

        Returns:
            The matplotlib Axes.

        Raises:
            ImportError: matplotlib is not installed.
        """
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @classmethod
    def _unpickle(cls, json: str) -> Sweep: ...

def plan(
    scenario: _ScenarioLike,
    *,
    solver: str = "auto",
    integer: bool | None = None,
    time_limit: float | None = None,
    mip_gap: float | None = None,
    shadow_prices: bool = True,
) -> Plan:
    """Plans a scenario: validates, formulates, solves and verifies.

    The GIL is released while solving, so a `ThreadPoolExecutor` plans several scenarios on
    several cores.

    Args:
        scenario: A `Scenario` (or a dict in the file format).
        solver: `auto` (HiGHS when the wheel has it, as wheels do by default; else microlp), `highs` or `microlp`.
        integer: Whole instances (True) or continuous units (False); default: the scenario's
            `policy.integer_units`.
        time_limit: Wall-clock seconds; the best plan found is returned with status
            `time_limit` when it runs out.
        mip_gap: Relative MIP gap accepted by HiGHS (default 1e-6).
        shadow_prices: Compute shadow prices of pure LPs (one extra solve).

    Returns:
        The plan. Infeasible scenarios give a plan with status `infeasible` and a `diagnosis`.

    Raises:
        ScenarioError: The scenario breaks a rule of the model contract.
        OptionError: An option is out of range (unknown solver, negative time limit).
        SolverError: The solver is not in this build, or failed.
    """
def estimate(
    model: str,
    *,
    input_tokens: float,
    output_tokens: float,
    accelerator: str | None = None,
    chips: int = 8,
    precision: str = "bf16",
    ttft_ms: float | None = None,
    tpot_ms: float | None = None,
) -> list[dict[str, Any]]:
    """What each accelerator delivers for a model, request shape and latency targets.

    The calibrated roofline of `capmix estimate` (method and calibration in the docs of
    the core's `serving` module): the smallest tensor-parallel degree inside a unit that
    holds the weights and the KV cache, the largest batch that meets the targets, and
    per-chip output tokens/s and requests/s. A target no batch meets gives
    `slo_met = False` with the best the chip can do in `reason`.

    Args:
        model: A model of the bundled registry (`llama-3.1-70b`, `deepseek-v3`, ...).
        input_tokens: Mean prompt tokens per request.
        output_tokens: Mean generated tokens per request.
        accelerator: One accelerator (`H100`, `MI300X`, `TPU-v6e`); None: every one.
        chips: Chips per unit (one rentable instance).
        precision: Weight precision: `bf16`, `fp8`, `fp4`, `int8` or `int4`.
        ttft_ms: Time-to-first-token target, ms.
        tpot_ms: Time-per-output-token target, ms.

    Returns:
        One dict per accelerator: `accelerator`, `chips`, `fits`, `reason`,
        `tensor_parallel`, `replicas_per_unit`, `batch`, `ttft_ms`, `tpot_ms`, `slo_met`,
        `output_tokens_per_second_per_chip`, `requests_per_second_per_chip`, `method`,
        `compute_precision`, `calibration`, `notes`.

    Raises:
        OptionError: An unknown model, accelerator or precision, or a number out of range
            (the message names the field, e.g. `slo.tpot_ms`).
    """
def explain(
    scenario: _ScenarioLike,
    *,
    solver: str = "auto",
    integer: bool | None = None,
    time_limit: float | None = None,
    mip_gap: float | None = None,
    policies: bool = True,
    baselines: bool = True,
) -> Explanation:
    """Plans a scenario and explains the plan: what each active policy adds (one re-plan each),
    single-provider and no-policy baselines (one re-plan per provider, plus one), shadow
    prices in words, and for infeasible scenarios the diagnosis. The GIL is released while
    solving.

    Args:
        scenario: A `Scenario` (or a dict in the file format).
        solver: `auto`, `highs` or `microlp` (every re-plan uses it).
        integer: Override of `policy.integer_units`.
        time_limit: Wall-clock seconds for the whole explanation: the plan and every
            re-plan share it (a re-plan left without time has status `time_limit`).
        mip_gap: Relative MIP gap accepted by HiGHS.
        policies: Price every active policy family.
        baselines: Single-provider and no-policy baselines.

    Returns:
        The explanation.

    Raises:
        ScenarioError: The scenario breaks a rule of the model contract.
        OptionError: An option is out of range.
        SolverError: The solver is not in this build, or failed.
    """
def diagnose(
    scenario: _ScenarioLike,
    *,
    solver: str = "auto",
    integer: bool | None = None,
    time_limit: float | None = None,
) -> documents.Diagnosis:
    """Why a scenario is infeasible and what would make it feasible.

    Args:
        scenario: A `Scenario` (or a dict in the file format).
        solver: `auto`, `highs` or `microlp`.
        integer: Override of `policy.integer_units`.
        time_limit: Wall-clock seconds for the whole diagnosis (all its solves).

    Returns:
        The diagnosis as a dict: `summary` (sentences), `unserved`, `exhausted_caps`,
        `policy_limits`, `excluded_offerings`, `least_budget`, `max_outage_coverage`,
        `feasible_without`.

    Raises:
        ScenarioError: The scenario breaks a rule of the model contract.
        OptionError: An option is out of range.
    """
def apply_param(scenario: _ScenarioLike, param: str, value: float) -> Scenario:
    """A copy of `scenario` with one sweep parameter set, validated.

    Args:
        scenario: A `Scenario` (or a dict in the file format).
        param: One of `capmix.PARAM_FORMS`, e.g. `policy.outage_coverage`,
            `providers.aws.price_scale`, `workloads.chat.demand_scale`.
        value: The value (a scale for `*_scale`, 0 or 1 for switches).

    Returns:
        The modified scenario.

    Raises:
        OptionError: Unknown parameter path or a value it cannot take.
        ScenarioError: The modified scenario breaks a rule.
    """
def parse_values(text: str) -> list[float]:
    """Parses sweep values: a list `0,0.25,0.5` or an inclusive range `start:stop:step`.

    Args:
        text: The values.

    Returns:
        The values as floats.

    Raises:
        OptionError: Not a list or range of finite numbers (or more than 10,000 values).
    """
def _sweep(
    scenario: _ScenarioLike,
    param: str,
    values: Sequence[float],
    *,
    solver: str = "auto",
    integer: bool | None = None,
    time_limit: float | None = None,
    mip_gap: float | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> Sweep:
    """The core's serial sweep (dedupes values and infers infeasible rows of tightening LP
    sweeps); `progress(done, total)` is called after each solve.
    """
def _sweep_row(
    scenario: _ScenarioLike,
    param: str,
    value: float,
    *,
    solver: str = "auto",
    integer: bool | None = None,
    time_limit: float | None = None,
    mip_gap: float | None = None,
) -> dict[str, Any]:
    """One row of a sweep: the core's sweep of `scenario` at the single `value` (for fan-out
    over an executor).
    """
def _assemble_sweep(param: str, rows: Sequence[Mapping[str, Any]]) -> Sweep:
    """A sweep table from rows solved separately (`_sweep_row`), in the order given: marks the
    Pareto front and lists the providers (the core's `Sweep::from_rows`).
    """

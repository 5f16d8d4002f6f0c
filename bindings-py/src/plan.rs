//! `capmix.Plan` and `capmix.plan()`.

use crate::convert::{from_py, plan_options, to_py};
use crate::error::PyCapmixError;
use crate::scenario::scenario_arg;
use capmix::Plan;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};
use std::collections::BTreeMap;

/// A solved (or unsolvable) scenario: status, costs, allocations, commitments to sign, fleet,
/// achieved policy figures, shadow prices and the independent verification.
///
/// Infeasible, time-limited and other outcomes are a `status`, not an exception: check
/// `status` (or `has_solution`) before reading costs. Lists and dicts returned by the
/// properties are fresh Python copies of the plan document (`to_dict()` has them all).
/// Presentation helpers: `to_pandas()`, `to_polars()`, `plot()`, and a summary table in
/// Jupyter.
#[pyclass(module = "capmix", name = "Plan", frozen)]
pub struct PyPlan {
    pub(crate) plan: Plan,
}

/// Calls a presentation helper of the pure-Python part of the package (`capmix._present`).
pub(crate) fn present<'py>(
    obj: &Bound<'py, PyAny>,
    helper: &str,
    args: Vec<Bound<'py, PyAny>>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = obj.py();
    let f = py.import("capmix._present")?.getattr(helper)?;
    let mut all = vec![obj.clone()];
    all.extend(args);
    f.call(PyTuple::new(py, all)?, kwargs)
}

#[pymethods]
impl PyPlan {
    /// Outcome: `optimal`, `feasible` (integer plan from rounding, see `gap`), `infeasible`,
    /// `unbounded`, `time_limit`, `no_solution` or `verification_failed`.
    #[getter]
    fn status(&self) -> &'static str {
        self.plan.status.as_str()
    }

    /// Whether the plan carries allocations and costs.
    #[getter]
    fn has_solution(&self) -> bool {
        self.plan.has_solution()
    }

    /// USD spent on capacity over the horizon, or None without a plan.
    #[getter]
    fn total_cost(&self) -> Option<f64> {
        self.plan.total_cost
    }

    /// `total_cost` plus shortfall penalties (USD): what the optimisation minimised.
    #[getter]
    fn objective(&self) -> Option<f64> {
        self.plan.objective
    }

    /// Best known lower bound on the objective (USD).
    #[getter]
    fn lp_bound(&self) -> Option<f64> {
        self.plan.lp_bound
    }

    /// Relative gap of `objective` to `lp_bound` (0 for a proven optimum).
    #[getter]
    fn gap(&self) -> Option<f64> {
        self.plan.gap
    }

    /// The scenario's name.
    #[getter]
    fn scenario(&self) -> &str {
        &self.plan.scenario
    }

    /// Solver backend used (`microlp` or `highs`).
    #[getter]
    fn solver(&self) -> &str {
        &self.plan.solver
    }

    /// How the plan was found (`lp`, `milp`, `branch_and_bound`, `lp_rounding`,
    /// `routing_search`).
    #[getter]
    fn method(&self) -> &str {
        &self.plan.method
    }

    /// Whether units were whole instances.
    #[getter]
    fn integer_units(&self) -> bool {
        self.plan.integer_units
    }

    /// Wall-clock seconds from validation to verified plan (0 for plans read from JSON).
    #[getter]
    fn solve_seconds(&self) -> f64 {
        self.plan.solve_seconds
    }

    /// Period labels, first to last (`2025-07`, ... or `P1`, ...).
    #[getter]
    fn period_labels(&self) -> Vec<String> {
        self.plan.periods.iter().map(|p| p.label.clone()).collect()
    }

    /// The periods: `[{"period": 1, "label": "2025-07", "hours": 744.0}, ...]`.
    #[getter]
    fn periods<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.periods)
    }

    /// Cost splits (USD): `by_period`, `by_provider`, `by_accelerator`, `by_purchase`,
    /// `by_region`, `by_workload`, `by_period_and_provider`, `by_period_and_accelerator`,
    /// `by_period_and_purchase` (one dict per period), `existing_commitments`,
    /// `beyond_horizon`, `beyond_horizon_charged`, `shortfall_penalty`.
    #[getter]
    fn costs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.costs)
    }

    /// Units serving each workload, one dict per period, segment, workload and offering.
    #[getter]
    fn allocations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.allocations)
    }

    /// New commitments to sign: offering, period, units, term, lead, cost.
    #[getter]
    fn commitments<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.commitments)
    }

    /// Units running or active per period, segment and offering.
    #[getter]
    fn fleet<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.fleet)
    }

    /// Achieved figures: provider and spot shares, outage coverage, commitment utilisation,
    /// shortfall.
    #[getter]
    fn achieved<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.achieved)
    }

    /// How the shared commitments fare across the demand scenarios (risk measure, expected
    /// and worst-case cost, each scenario's cost and regret, VSS, EVPI), or None without
    /// demand scenarios.
    #[getter]
    fn uncertainty<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.uncertainty)
    }

    /// Shadow prices of a pure LP (demand, caps, policy rows), or None.
    #[getter]
    fn shadow_prices<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.shadow_prices)
    }

    /// The independent re-check of the plan against the scenario, or None without a plan.
    #[getter]
    fn verification<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.verification)
    }

    /// Why an infeasible scenario has no plan and what would make it feasible, or None.
    #[getter]
    fn diagnosis<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.diagnosis)
    }

    /// The fractional relaxation's objective (whole-unit plans), USD; `None` for fluid plans.
    #[getter]
    fn relaxation_objective(&self) -> Option<f64> {
        self.plan.relaxation_objective
    }

    /// What whole units add over the fractional relaxation, as a fraction of it (`0.12` is
    /// 12%); `None` for fluid plans. Not a gap: the best whole-unit plan pays it too.
    #[getter]
    fn whole_units_premium(&self) -> Option<f64> {
        self.plan.whole_units_premium
    }

    /// How far the plan can be from the best one, in words: "proven optimal", "optimal:
    /// within 0.095% of the best possible, as asked", "not proven optimal: within 0.28% of
    /// the best possible"; `None` without a plan. The same words as the CLI and the calculator.
    #[getter]
    fn optimality(&self) -> Option<String> {
        self.plan.optimality_words()
    }

    /// What whole units add, in words ("whole instances add 12.0% ($1,200) over the
    /// fractional relaxation ($10,000)"); `None` for fluid plans.
    #[getter]
    fn whole_units(&self) -> Option<String> {
        self.plan.whole_units_words()
    }

    /// Messages for people (method caveats, why there is no plan).
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.plan.notes.clone()
    }

    /// Total cost split along one dimension.
    ///
    /// Args:
    ///     by: `provider`, `accelerator`, `purchase`, `region` (keys `provider/region`),
    ///         `workload` (with `idle commitment`) or `period` (keys are period labels).
    ///
    /// Returns:
    ///     USD by key; empty without a plan.
    ///
    /// Raises:
    ///     OptionError: Unknown dimension.
    fn cost_by(&self, by: &str) -> PyResult<BTreeMap<String, f64>> {
        let c = &self.plan.costs;
        let map = match by {
            "provider" => c.by_provider.clone(),
            "accelerator" => c.by_accelerator.clone(),
            "purchase" => c.by_purchase.clone(),
            "region" => c.by_region.clone(),
            "workload" => c.by_workload.clone(),
            "period" => self.plan.periods.iter().map(|p| p.label.clone()).zip(c.by_period.iter().copied()).collect(),
            other => {
                return Err(PyCapmixError::option(
                    "by",
                    format!("unknown cost dimension `{other}` (expected provider, accelerator, purchase, region, workload or period)"),
                )
                .into())
            }
        };
        Ok(map)
    }

    /// Cost of each period split along one dimension (for stacked charts).
    ///
    /// Args:
    ///     by: `provider`, `accelerator` or `purchase`.
    ///
    /// Returns:
    ///     USD per period (in `period_labels` order) by key, 0 in periods without cost; each
    ///     period sums to `cost_by("period")`. Empty without a plan.
    ///
    /// Raises:
    ///     OptionError: Unknown dimension.
    #[pyo3(signature = (by = "provider"))]
    fn cost_by_period(&self, by: &str) -> PyResult<BTreeMap<String, Vec<f64>>> {
        let c = &self.plan.costs;
        let periods = match by {
            "provider" => &c.by_period_and_provider,
            "accelerator" => &c.by_period_and_accelerator,
            "purchase" => &c.by_period_and_purchase,
            other => {
                return Err(PyCapmixError::option(
                    "by",
                    format!("unknown per-period dimension `{other}` (expected provider, accelerator or purchase)"),
                )
                .into())
            }
        };
        // The core's `costs.by_period_and_<by>` (one map per period) as one series per key.
        let mut series: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for (t, period) in periods.iter().enumerate() {
            for (key, &usd) in period {
                series
                    .entry(key.clone())
                    .or_insert_with(|| vec![0.0; periods.len()])[t] = usd;
            }
        }
        Ok(series)
    }

    /// The whole plan document as nested dicts and lists.
    ///
    /// Returns:
    ///     The same structure as `capmix plan --format json` (schema version 1).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan)
    }

    /// The plan document as pretty-printed JSON.
    ///
    /// Returns:
    ///     JSON text; `Plan.from_json` reads it back.
    fn to_json(&self) -> String {
        self.plan.to_json_string()
    }

    /// Reads a plan document (e.g. the output of `capmix plan --format json`).
    ///
    /// Args:
    ///     text: The JSON text.
    ///
    /// Returns:
    ///     The plan.
    ///
    /// Raises:
    ///     ScenarioError: The text is not a plan document.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<PyPlan> {
        let plan = Plan::from_json_str(text).map_err(PyCapmixError)?;
        Ok(PyPlan { plan })
    }

    /// Builds a plan from the dict of `Plan.to_dict()`.
    ///
    /// Args:
    ///     data: The plan document as dicts and lists.
    ///
    /// Returns:
    ///     The plan.
    ///
    /// Raises:
    ///     ScenarioError: `data` is not a plan document.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<PyPlan> {
        Ok(PyPlan {
            plan: from_py(data)?,
        })
    }

    /// Tabulates one part of the plan as a pandas DataFrame (needs `capmix[pandas]`).
    ///
    /// Args:
    ///     table: `allocations` (default), `commitments`, `fleet`, `periods` (with the cost
    ///         of each period by provider), `costs` (long format: dimension, key, usd),
    ///         `utilisation`, `shortfall`, `outage_coverage`, `provider_shares`,
    ///         `spot_shares`, `scenarios` (one row per demand scenario: name, probability,
    ///         total_cost, objective, best_objective, regret, shortfall, verified, what it would
    ///         commit alone, idle_commitment_usd, flexible_usd), `scenario_periods` (one row per
    ///         scenario and period: chips held, committed_chips, `demand.<workload>`: a fan chart)
    ///         or `purchases` (the purchase list of `purchases(scenario)`; needs `scenario`).
    ///         `periods` is indexed by month (a pandas `PeriodIndex`) when the horizon has a
    ///         start month; every other table with a `period` column has the period's
    ///         `label` beside it. Sums of money (`cost`, `usd`, `cost.<provider>`,
    ///         `cost_in_horizon`, `total_cost`, `regret`, ...) are rounded to the cent, so
    ///         that pandas prints them as amounts below $100M (above, pandas itself switches to
    ///         scientific notation: `pd.options.display.float_format = "{:,.2f}".format`); hourly
    ///         rates and every other figure are exact, and
    ///         `to_dict()` has the exact sums.
    ///     scenario: The scenario the plan was made from; only the `purchases` table needs it.
    ///
    /// Returns:
    ///     pandas.DataFrame; an empty table keeps its columns.
    ///
    /// Raises:
    ///     ImportError: pandas is not installed.
    ///     OptionError: unknown table, or `purchases` without `scenario`.
    #[pyo3(signature = (table = "allocations", scenario = None))]
    fn to_pandas<'py>(
        slf: &Bound<'py, Self>,
        table: &str,
        scenario: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let kwargs = PyDict::new(py);
        kwargs.set_item("scenario", scenario)?;
        present(
            slf.as_any(),
            "plan_to_pandas",
            vec![table.into_pyobject(py)?.into_any()],
            Some(&kwargs),
        )
    }

    /// The purchase list, what to buy: one line per offering and period with capacity held
    /// or signed (period, label, offering, provider, region, accelerator, purchase, units
    /// held, chips, signed_units, cost in USD), ordered by period and then offering. The
    /// lines' costs sum to the plan's cost by period. `pandas.DataFrame(plan.purchases(s))`
    /// tabulates it.
    ///
    /// Args:
    ///     scenario: The scenario this plan was made from: prices and segment hours come from
    ///         it, since the plan document carries neither per offering.
    ///
    /// Returns:
    ///     list of dicts, one per line.
    ///
    /// Raises:
    ///     ScenarioError: the scenario is invalid, or lacks an offering or period of the plan
    ///         (the error names the plan field, as `fleet[3].offering`).
    fn purchases<'py>(
        &self,
        py: Python<'py>,
        scenario: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let s = scenario_arg(scenario)?;
        let model = capmix::validate_scenario(s.get()).map_err(PyCapmixError)?;
        let lines = self.plan.purchases(&model).map_err(PyCapmixError)?;
        to_py(py, &lines)
    }

    /// Tabulates one part of the plan as a polars DataFrame (needs `capmix[polars]`).
    ///
    /// Args:
    ///     table: As in `to_pandas` (labels and money rounded to the cent likewise).
    ///     scenario: The scenario the plan was made from; only the `purchases` table needs it.
    ///
    /// Returns:
    ///     polars.DataFrame; an empty table keeps its columns.
    ///
    /// Raises:
    ///     ImportError: polars is not installed.
    ///     OptionError: unknown table, or `purchases` without `scenario`.
    #[pyo3(signature = (table = "allocations", scenario = None))]
    fn to_polars<'py>(
        slf: &Bound<'py, Self>,
        table: &str,
        scenario: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let kwargs = PyDict::new(py);
        kwargs.set_item("scenario", scenario)?;
        present(
            slf.as_any(),
            "plan_to_polars",
            vec![table.into_pyobject(py)?.into_any()],
            Some(&kwargs),
        )
    }

    /// Cost by provider per period as stacked bars (needs `capmix[plot]`).
    ///
    /// Args:
    ///     ax: A matplotlib Axes to draw on (default: a new figure).
    ///     by: Stack by `provider` (default), `accelerator` or `purchase`.
    ///
    /// Returns:
    ///     The matplotlib Axes.
    ///
    /// Raises:
    ///     ImportError: matplotlib is not installed.
    ///     ValueError: The plan has no solution.
    ///     OptionError: Unknown `by`.
    #[pyo3(signature = (ax = None, *, by = "provider"))]
    fn plot<'py>(
        slf: &Bound<'py, Self>,
        ax: Option<Bound<'py, PyAny>>,
        by: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let ax = ax.unwrap_or_else(|| py.None().into_bound(py));
        let kw = PyDict::new(py);
        kw.set_item("by", by)?;
        present(slf.as_any(), "plan_plot", vec![ax], Some(&kw))
    }

    /// Headline figures as one flat dict (for a row of a batch table).
    ///
    /// Returns:
    ///     `scenario`, `status`, `total_cost`, `objective`, `gap`, `whole_units_premium`,
    ///     `solve_seconds` and
    ///     `cost.<provider>` for every provider with cost.
    fn summary<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        present(slf.as_any(), "plan_summary", vec![], None)
    }

    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        present(slf.as_any(), "plan_repr_html", vec![], None)
    }

    /// A few lines for `print(plan)`: status, total cost, how close to the best it is
    /// proven to be, what whole units add, and the cost by provider.
    fn __str__(&self) -> String {
        let p = &self.plan;
        let mut lines = vec![format!(
            "{}: {}",
            capmix::text::escape(&p.scenario),
            p.status.as_str()
        )];
        if let Some(c) = p.total_cost {
            lines.push(format!("total cost {}", capmix::fmt::usd(c)));
        }
        lines.extend(p.optimality_words());
        lines.extend(p.whole_units_words());
        for (provider, usd) in &p.costs.by_provider {
            lines.push(format!(
                "  {}: {}",
                capmix::text::escape(provider),
                capmix::fmt::usd(*usd)
            ));
        }
        lines.extend(p.notes.iter().map(|n| capmix::text::escape(n).into_owned()));
        lines.join("\n")
    }

    fn __repr__(&self) -> String {
        let p = &self.plan;
        match p.total_cost {
            Some(c) => format!(
                "<Plan {:?}: {}, total_cost={c:.2} USD, {}>",
                p.scenario,
                p.status.as_str(),
                p.optimality_words().unwrap_or_default()
            ),
            None => format!("<Plan {:?}: {}>", p.scenario, p.status.as_str()),
        }
    }

    /// Pickles as the plan document plus the solve time (which the document leaves out), so
    /// plans come back from process pools and Dask workers whole.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let plan = &slf.get().plan;
        let args = (plan.to_json_string(), plan.solve_seconds).into_pyobject(py)?;
        PyTuple::new(py, [slf.get_type().getattr("_unpickle")?, args.into_any()])
    }

    #[classmethod]
    fn _unpickle(_cls: &Bound<'_, PyType>, json: &str, solve_seconds: f64) -> PyResult<PyPlan> {
        let mut plan = Plan::from_json_str(json).map_err(PyCapmixError)?;
        plan.solve_seconds = solve_seconds;
        Ok(PyPlan { plan })
    }
}

/// Plans a scenario: validates, formulates, solves and verifies.
///
/// The GIL is released while solving, so a `ThreadPoolExecutor` plans several scenarios on
/// several cores.
///
/// Args:
///     scenario: A `Scenario` (or a dict in the file format).
///     solver: `auto` (HiGHS when the wheel has it, as wheels do by default; else microlp), `highs` or `microlp`.
///     integer: Whole instances (True) or continuous units (False); default: the scenario's
///         `policy.integer_units`.
///     time_limit: Wall-clock seconds; the best plan found is returned with status
///         `time_limit` when it runs out.
///     mip_gap: Relative MIP gap accepted by HiGHS (default 1e-6).
///     shadow_prices: Compute shadow prices of pure LPs (one extra solve).
///
/// Returns:
///     The plan. Infeasible scenarios give a plan with status `infeasible` and a `diagnosis`.
///
/// Raises:
///     ScenarioError: The scenario breaks a rule of the model contract.
///     OptionError: An option is out of range (unknown solver, negative time limit).
///     SolverError: The solver is not in this build, or failed.
#[pyfunction]
#[pyo3(signature = (scenario, *, solver = "auto", integer = None, time_limit = None, mip_gap = None, shadow_prices = true))]
pub(crate) fn plan(
    py: Python<'_>,
    scenario: &Bound<'_, PyAny>,
    solver: &str,
    integer: Option<bool>,
    time_limit: Option<f64>,
    mip_gap: Option<f64>,
    shadow_prices: bool,
) -> PyResult<PyPlan> {
    let s = scenario_arg(scenario)?;
    let options = plan_options(solver, integer, time_limit, mip_gap, shadow_prices)?;
    let s = s.get();
    let plan = crate::run::interruptible(py, options.time_limit, |d| {
        capmix::plan_within(s, &options, d, &mut |_| {})
    })?
    .map_err(PyCapmixError)?;
    Ok(PyPlan { plan })
}

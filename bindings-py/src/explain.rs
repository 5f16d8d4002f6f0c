//! `capmix.explain()`, `capmix.diagnose()`, sweeps and their result classes.
//!
//! The fan-out of a sweep over a `concurrent.futures.Executor` lives in Python
//! (`capmix._fanout`); it calls the primitives here: `apply_param` to check every value up
//! front, `_sweep_row` for one value on a worker, `_assemble_sweep` for the table.

use crate::convert::{from_py, plan_options, to_py};
use crate::error::PyCapmixError;
use crate::plan::present;
use crate::scenario::{scenario_arg, PyScenario};
use capmix::{ExplainOptions, Explanation, Sweep, SweepRow};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};

/// What a plan costs and why: the plan's headline, what each active policy adds, what a
/// single cloud would cost, shadow prices in words, and for infeasible scenarios the
/// diagnosis.
///
/// `str(explanation)` is the headline, one sentence per line; in Jupyter it renders as the
/// headline plus tables of policy costs and single-provider baselines.
#[pyclass(module = "capmix", name = "Explanation", frozen)]
pub struct PyExplanation {
    inner: Explanation,
}

#[pymethods]
impl PyExplanation {
    /// Outcome of planning (see `Plan.status`).
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.status.as_str()
    }

    /// USD spent over the horizon, or None without a plan.
    #[getter]
    fn total_cost(&self) -> Option<f64> {
        self.inner.total_cost
    }

    /// `total_cost` plus shortfall penalties (USD).
    #[getter]
    fn objective(&self) -> Option<f64> {
        self.inner.objective
    }

    /// The scenario's name.
    #[getter]
    fn scenario(&self) -> &str {
        &self.inner.scenario
    }

    /// Period labels, first to last.
    #[getter]
    fn periods(&self) -> Vec<String> {
        self.inner.periods.clone()
    }

    /// USD by provider id.
    #[getter]
    fn cost_by_provider(&self) -> std::collections::BTreeMap<String, f64> {
        self.inner.cost_by_provider.clone()
    }

    /// The story in a few sentences, most important first.
    #[getter]
    fn headline(&self) -> Vec<String> {
        self.inner.headline.clone()
    }

    /// What each active policy family adds: one dict per family with `family`, `setting`,
    /// `extra_cost_usd`, `extra_cost_pct`, `makes_infeasible` and a `sentence`.
    #[getter]
    fn policies<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.policies)
    }

    /// Single-provider and no-policy plans (`providers`, `best_single`,
    /// `multi_provider_savings_usd`, `no_policy`), or None.
    #[getter]
    fn baselines<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.baselines)
    }

    /// Shadow prices in words (pure LP plans), or None.
    #[getter]
    fn shadow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.shadow)
    }

    /// Why there is no plan (infeasible scenarios), or None.
    #[getter]
    fn diagnosis<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.diagnosis)
    }

    /// The plan's own notes (method caveats).
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.inner.notes.clone()
    }

    /// Plans solved for this explanation, the plan itself included.
    #[getter]
    fn solves(&self) -> usize {
        self.inner.solves
    }

    /// The explanation as nested dicts and lists.
    ///
    /// Returns:
    ///     The same structure as `capmix explain --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The explanation as pretty-printed JSON.
    ///
    /// Returns:
    ///     JSON text.
    fn to_json(&self) -> String {
        self.inner.to_json_string()
    }

    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        present(slf.as_any(), "explanation_repr_html", vec![], None)
    }

    fn __str__(&self) -> String {
        self.inner.headline.join("\n")
    }

    fn __repr__(&self) -> String {
        format!(
            "<Explanation {:?}: {}, {} solves>",
            self.inner.scenario,
            self.inner.status.as_str(),
            self.inner.solves
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let args = PyTuple::new(py, [slf.get().inner.to_json_string()])?;
        PyTuple::new(py, [slf.get_type().getattr("_unpickle")?, args.into_any()])
    }

    #[classmethod]
    fn _unpickle(_cls: &Bound<'_, PyType>, json: &str) -> PyResult<PyExplanation> {
        let inner = serde_json::from_str(json).map_err(|e| {
            PyCapmixError(capmix::Error::Parse {
                path: String::new(),
                message: e.to_string(),
            })
        })?;
        Ok(PyExplanation { inner })
    }
}

/// One plan per value of one parameter: cost, cost by provider, achieved outage coverage and
/// the Pareto front of cost against coverage.
///
/// `rows` is a list of flat-ish dicts (`value`, `status`, `total_cost`, `objective`,
/// `cost_by_provider`, `outage_coverage`, `pareto`, `inferred`); `to_pandas()` /
/// `to_polars()` flatten `cost_by_provider` into `cost.<provider>` columns, and `plot()` draws
/// the Pareto curve.
#[pyclass(module = "capmix", name = "Sweep", frozen)]
pub struct PySweep {
    inner: Sweep,
}

#[pymethods]
impl PySweep {
    /// The parameter path, e.g. `policy.outage_coverage`.
    #[getter]
    fn param(&self) -> &str {
        &self.inner.param
    }

    /// Provider ids that carry cost in some row, sorted.
    #[getter]
    fn providers(&self) -> Vec<String> {
        self.inner.providers.clone()
    }

    /// The parameter values, in the order given.
    #[getter]
    fn values(&self) -> Vec<f64> {
        self.inner.rows.iter().map(|r| r.value).collect()
    }

    /// One dict per value, in the order given.
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.rows)
    }

    fn __len__(&self) -> usize {
        self.inner.rows.len()
    }

    /// Iterates over `rows`.
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.rows)?.try_iter().map(Bound::into_any)
    }

    /// The sweep as nested dicts and lists (`param`, `providers`, `rows`).
    ///
    /// Returns:
    ///     The same structure as `capmix sweep --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The sweep as pretty-printed JSON.
    ///
    /// Returns:
    ///     JSON text.
    fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.inner).unwrap_or_default()
    }

    /// The rows as a pandas DataFrame, one column per provider cost (needs
    /// `capmix[pandas]`).
    ///
    /// Returns:
    ///     pandas.DataFrame with `value`, `status`, `total_cost`, `objective`,
    ///     `outage_coverage`, `pareto`, `inferred` and `cost.<provider>` columns.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        present(slf.as_any(), "sweep_to_pandas", vec![], None)
    }

    /// The rows as a polars DataFrame (needs `capmix[polars]`).
    ///
    /// Returns:
    ///     polars.DataFrame with the columns of `to_pandas`.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        present(slf.as_any(), "sweep_to_polars", vec![], None)
    }

    /// Cost against achieved outage coverage, Pareto front highlighted (needs
    /// `capmix[plot]`).
    ///
    /// Args:
    ///     ax: A matplotlib Axes to draw on (default: a new figure).
    ///     x: `outage_coverage` (default: the Pareto curve) or `value` (cost against the
    ///         swept parameter).
    ///
    /// Returns:
    ///     The matplotlib Axes.
    ///
    /// Raises:
    ///     ImportError: matplotlib is not installed.
    #[pyo3(signature = (ax = None, *, x = "outage_coverage"))]
    fn plot<'py>(
        slf: &Bound<'py, Self>,
        ax: Option<Bound<'py, PyAny>>,
        x: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let ax = ax.unwrap_or_else(|| py.None().into_bound(py));
        let kw = PyDict::new(py);
        kw.set_item("x", x)?;
        present(slf.as_any(), "sweep_plot", vec![ax], Some(&kw))
    }

    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        present(slf.as_any(), "sweep_repr_html", vec![], None)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Sweep {}: {} values>",
            self.inner.param,
            self.inner.rows.len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let json = serde_json::to_string(&slf.get().inner).unwrap_or_default();
        let args = PyTuple::new(py, [json])?;
        PyTuple::new(py, [slf.get_type().getattr("_unpickle")?, args.into_any()])
    }

    #[classmethod]
    fn _unpickle(_cls: &Bound<'_, PyType>, json: &str) -> PyResult<PySweep> {
        let inner = serde_json::from_str(json).map_err(|e| {
            PyCapmixError(capmix::Error::Parse {
                path: String::new(),
                message: e.to_string(),
            })
        })?;
        Ok(PySweep { inner })
    }
}

/// Plans a scenario and explains the plan: what each active policy adds (one re-plan each),
/// single-provider and no-policy baselines (one re-plan per provider, plus one), shadow
/// prices in words, and for infeasible scenarios the diagnosis. The GIL is released while
/// solving.
///
/// Args:
///     scenario: A `Scenario` (or a dict in the file format).
///     solver: `auto`, `highs` or `microlp` (every re-plan uses it).
///     integer: Override of `policy.integer_units`.
///     time_limit: Wall-clock seconds for the whole explanation: the plan and every
///         re-plan share it (a re-plan left without time has status `time_limit`).
///     mip_gap: Relative MIP gap accepted by HiGHS.
///     policies: Price every active policy family.
///     baselines: Single-provider and no-policy baselines.
///
/// Returns:
///     The explanation.
///
/// Raises:
///     ScenarioError: The scenario breaks a rule of the model contract.
///     OptionError: An option is out of range.
///     SolverError: The solver is not in this build, or failed.
#[pyfunction]
#[pyo3(signature = (scenario, *, solver = "auto", integer = None, time_limit = None, mip_gap = None, policies = true, baselines = true))]
#[expect(clippy::too_many_arguments)]
pub(crate) fn explain(
    py: Python<'_>,
    scenario: &Bound<'_, PyAny>,
    solver: &str,
    integer: Option<bool>,
    time_limit: Option<f64>,
    mip_gap: Option<f64>,
    policies: bool,
    baselines: bool,
) -> PyResult<PyExplanation> {
    let s = scenario_arg(scenario)?;
    let options = ExplainOptions {
        plan: plan_options(solver, integer, time_limit, mip_gap, true)?,
        policies,
        baselines,
    };
    let s = s.get();
    let inner = crate::run::interruptible(py, options.plan.time_limit, |d| {
        capmix::explain_within(s, &options, d)
    })?
    .map_err(PyCapmixError)?;
    Ok(PyExplanation { inner })
}

/// Why a scenario is infeasible and what would make it feasible.
///
/// Args:
///     scenario: A `Scenario` (or a dict in the file format).
///     solver: `auto`, `highs` or `microlp`.
///     integer: Override of `policy.integer_units`.
///     time_limit: Wall-clock seconds for the whole diagnosis (all its solves).
///
/// Returns:
///     The diagnosis as a dict: `summary` (sentences), `unserved`, `exhausted_caps`,
///     `policy_limits`, `excluded_offerings`, `least_budget`, `max_outage_coverage`,
///     `feasible_without`.
///
/// Raises:
///     ScenarioError: The scenario breaks a rule of the model contract.
///     OptionError: An option is out of range.
#[pyfunction]
#[pyo3(signature = (scenario, *, solver = "auto", integer = None, time_limit = None))]
pub(crate) fn diagnose<'py>(
    py: Python<'py>,
    scenario: &Bound<'py, PyAny>,
    solver: &str,
    integer: Option<bool>,
    time_limit: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let s = scenario_arg(scenario)?;
    let options = plan_options(solver, integer, time_limit, None, false)?;
    let s = s.get();
    let d = crate::run::interruptible(py, options.time_limit, |d| {
        capmix::diagnose_within(s, &options, d)
    })?
    .map_err(PyCapmixError)?;
    to_py(py, &d)
}

/// A copy of `scenario` with one sweep parameter set, validated.
///
/// Args:
///     scenario: A `Scenario` (or a dict in the file format).
///     param: One of `capmix.PARAM_FORMS`, e.g. `policy.outage_coverage`,
///         `providers.aws.price_scale`, `workloads.chat.demand_scale`.
///     value: The value (a scale for `*_scale`, 0 or 1 for switches).
///
/// Returns:
///     The modified scenario.
///
/// Raises:
///     OptionError: Unknown parameter path or a value it cannot take.
///     ScenarioError: The modified scenario breaks a rule.
#[pyfunction]
pub(crate) fn apply_param(
    scenario: &Bound<'_, PyAny>,
    param: &str,
    value: f64,
) -> PyResult<PyScenario> {
    let s = scenario_arg(scenario)?;
    let applied = capmix::apply_param(s.get(), param, value).map_err(PyCapmixError)?;
    Ok(PyScenario::new(applied))
}

/// Parses sweep values: a list `0,0.25,0.5` or an inclusive range `start:stop:step`.
///
/// Args:
///     text: The values.
///
/// Returns:
///     The values as floats.
///
/// Raises:
///     OptionError: Not a list or range of finite numbers (or more than 10,000 values).
#[pyfunction]
pub(crate) fn parse_values(text: &str) -> PyResult<Vec<f64>> {
    Ok(capmix::parse_values(text).map_err(PyCapmixError)?)
}

/// The core's serial sweep (dedupes values and infers infeasible rows of tightening LP
/// sweeps); `progress(done, total)` is called after each solve.
#[pyfunction]
#[pyo3(signature = (scenario, param, values, *, solver = "auto", integer = None, time_limit = None, mip_gap = None, progress = None))]
#[expect(clippy::too_many_arguments)]
pub(crate) fn _sweep(
    py: Python<'_>,
    scenario: &Bound<'_, PyAny>,
    param: &str,
    values: Vec<f64>,
    solver: &str,
    integer: Option<bool>,
    time_limit: Option<f64>,
    mip_gap: Option<f64>,
    progress: Option<Py<PyAny>>,
) -> PyResult<PySweep> {
    let s = scenario_arg(scenario)?;
    let options = plan_options(solver, integer, time_limit, mip_gap, false)?;
    let s = s.get();
    let mut callback_error: Option<PyErr> = None;
    let swept = crate::run::interruptible(py, options.time_limit, |d| {
        let mut report = |done: usize, total: usize| {
            if let (Some(cb), None) = (&progress, &callback_error) {
                callback_error = Python::attach(|py| cb.call1(py, (done, total)).err());
            }
        };
        capmix::sweep_within(s, param, &values, &options, d, &mut report)
    })?;
    let inner = swept.map_err(PyCapmixError)?;
    if let Some(e) = callback_error {
        return Err(e);
    }
    Ok(PySweep { inner })
}

/// One row of a sweep: the core's sweep of `scenario` at the single `value` (for fan-out
/// over an executor).
#[pyfunction]
#[pyo3(signature = (scenario, param, value, *, solver = "auto", integer = None, time_limit = None, mip_gap = None))]
#[expect(clippy::too_many_arguments)]
pub(crate) fn _sweep_row<'py>(
    py: Python<'py>,
    scenario: &Bound<'py, PyAny>,
    param: &str,
    value: f64,
    solver: &str,
    integer: Option<bool>,
    time_limit: Option<f64>,
    mip_gap: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let s = scenario_arg(scenario)?;
    let options = plan_options(solver, integer, time_limit, mip_gap, false)?;
    let s = s.get();
    // Not `capmix::apply_param` + `capmix::plan` + `SweepRow::from_plan`: `plan` diagnoses an
    // infeasible scenario (several re-plans), which a row drops; the core's sweep skips it.
    let swept = crate::run::interruptible(py, options.time_limit, |d| {
        capmix::sweep_within(s, param, &[value], &options, d, &mut |_, _| {})
    })?
    .map_err(PyCapmixError)?;
    let row = swept
        .rows
        .into_iter()
        .next()
        .ok_or_else(|| PyRuntimeError::new_err("the core's sweep returned no row"))?;
    to_py(py, &row)
}

/// A sweep table from rows solved separately (`_sweep_row`), in the order given: marks the
/// Pareto front and lists the providers (the core's `Sweep::from_rows`).
#[pyfunction]
pub(crate) fn _assemble_sweep(param: &str, rows: &Bound<'_, PyAny>) -> PyResult<PySweep> {
    let rows: Vec<SweepRow> = from_py(rows)?;
    Ok(PySweep {
        inner: Sweep::from_rows(param, rows),
    })
}

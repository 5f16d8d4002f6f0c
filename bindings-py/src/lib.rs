//! Python bindings of capmix: the native module `capmix._capmix`.
//!
//! The binding is thin: it converts Python objects to and from the core's `Scenario`, `Plan`,
//! `Explanation` and `Sweep`, and maps the core's errors to exceptions ([`error`]). Every
//! computation is the core's. The GIL is released while solving, so threads plan in
//! parallel, and Ctrl-C stops a long call ([`run`]). Presentation (DataFrames, charts, HTML) and the fan-out of sweeps over
//! executors live in the pure-Python package around this module (`bindings-py/python`).

mod convert;
mod error;
mod estimate;
mod explain;
mod plan;
mod run;
mod scenario;

use pyo3::prelude::*;

/// The native part of capmix. Import `capmix`, not this module.
#[pymodule]
#[pyo3(name = "_capmix")]
fn capmix_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let solvers: Vec<&str> = [capmix::SolverKind::Microlp, capmix::SolverKind::Highs]
        .into_iter()
        .filter(|s| s.is_available())
        .map(capmix::SolverKind::as_str)
        .collect();
    m.add("SOLVERS", pyo3::types::PyTuple::new(m.py(), solvers)?)?;
    m.add("PARAM_FORMS", capmix::explain::param_forms())?;
    m.add("SCHEMA_VERSION", capmix::SCHEMA_VERSION)?;
    error::register(m)?;
    m.add_class::<scenario::PyScenario>()?;
    m.add_class::<plan::PyPlan>()?;
    m.add_class::<explain::PyExplanation>()?;
    m.add_class::<explain::PySweep>()?;
    m.add_function(wrap_pyfunction!(plan::plan, m)?)?;
    m.add_function(wrap_pyfunction!(explain::explain, m)?)?;
    m.add_function(wrap_pyfunction!(estimate::estimate, m)?)?;
    m.add_function(wrap_pyfunction!(explain::diagnose, m)?)?;
    m.add_function(wrap_pyfunction!(explain::apply_param, m)?)?;
    m.add_function(wrap_pyfunction!(explain::parse_values, m)?)?;
    m.add_function(wrap_pyfunction!(explain::_sweep, m)?)?;
    m.add_function(wrap_pyfunction!(explain::_sweep_row, m)?)?;
    m.add_function(wrap_pyfunction!(explain::_assemble_sweep, m)?)?;
    Ok(())
}

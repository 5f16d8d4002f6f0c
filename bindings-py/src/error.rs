//! Exceptions. Every core [`capmix::Error`] becomes a Python exception through one newtype,
//! [`PyCapmixError`], so the mapping lives in one place:
//!
//! | core error kind                                    | Python exception                    |
//! |----------------------------------------------------|-------------------------------------|
//! | `parse`, `invalid`, `catalog`, `io`, `limit`       | `ScenarioError(CapmixError, ValueError)` |
//! | `invalid_option`                                   | `OptionError(CapmixError, ValueError)`   |
//! | `solver_unavailable`, `solver`                     | `SolverError(CapmixError)`          |
//!
//! Every instance carries `kind` (the core's stable kind), `path` (the offending field or
//! option, or `None`) and `reason` (the message without the path); `str(exc)` is the core's
//! message. Infeasible scenarios are not errors: they are a `Plan.status`.

use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

pyo3::create_exception!(
    capmix,
    CapmixError,
    PyException,
    "Base class of every capmix error.\n\nAttributes:\n    kind: The core's stable error kind (`parse`, `invalid`, `catalog`, `io`, `limit`,\n        `invalid_option`, `solver_unavailable` or `solver`).\n    path: The offending field or option (`offerings[3].price_per_hour`), or None.\n    reason: What is wrong, without the path."
);

pyo3::create_exception!(
    capmix,
    SolverError,
    CapmixError,
    "The solver is not in this build (kind `solver_unavailable`), or it failed in a way that is\nnot an outcome of the model (kind `solver`). Infeasible scenarios are not errors: see\n`Plan.status`."
);

const SCENARIO_DOC: &str = "A scenario that cannot be read or breaks a rule of the model contract.\n\nRaised for unreadable files, malformed TOML/JSON/dicts, invalid scenarios and exceeded size\nlimits. `path` names the offending field (`offerings[3].price_per_hour`; empty at the\ndocument root) and `reason` says what was expected.";

const OPTION_DOC: &str = "A planning option or argument is out of range: an unknown solver, a negative time limit,\nan unknown sweep parameter or cost dimension. `path` names the option.";

static SCENARIO_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static OPTION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A subclass of both `CapmixError` and `ValueError`. `create_exception!` takes one base, so
/// the class is made by calling `type(name, bases, namespace)`, once per interpreter.
fn value_error_class<'py>(
    py: Python<'py>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
    doc: &str,
) -> PyResult<Bound<'py, PyType>> {
    let class = cell.get_or_try_init(py, || -> PyResult<Py<PyType>> {
        let bases = PyTuple::new(
            py,
            [py.get_type::<CapmixError>(), py.get_type::<PyValueError>()],
        )?;
        let namespace = PyDict::new(py);
        namespace.set_item("__module__", "capmix")?;
        namespace.set_item("__qualname__", name)?;
        namespace.set_item("__doc__", doc)?;
        let class = py.get_type::<PyType>().call1((name, bases, namespace))?;
        Ok(class.cast_into::<PyType>()?.unbind())
    })?;
    Ok(class.bind(py).clone())
}

/// `capmix.ScenarioError`.
pub(crate) fn scenario_error(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    value_error_class(py, &SCENARIO_ERROR, "ScenarioError", SCENARIO_DOC)
}

/// `capmix.OptionError`.
pub(crate) fn option_error(py: Python<'_>) -> PyResult<Bound<'_, PyType>> {
    value_error_class(py, &OPTION_ERROR, "OptionError", OPTION_DOC)
}

/// A core error on its way to Python. Functions return `Result<T, PyCapmixError>` (or
/// `PyResult` via `?`), and `From<PyCapmixError> for PyErr` picks the exception class.
#[derive(Debug)]
pub struct PyCapmixError(pub capmix::Error);

impl From<capmix::Error> for PyCapmixError {
    fn from(e: capmix::Error) -> Self {
        PyCapmixError(e)
    }
}

impl PyCapmixError {
    /// An error in a planning option or argument (`OptionError`).
    pub(crate) fn option(name: &str, reason: impl Into<String>) -> Self {
        PyCapmixError(capmix::Error::InvalidOption {
            name: name.into(),
            reason: reason.into(),
        })
    }

    fn class<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyType>> {
        use capmix::Error as E;
        match &self.0 {
            E::Parse { .. }
            | E::Invalid(_)
            | E::Catalog { .. }
            | E::Io { .. }
            | E::Limit { .. } => scenario_error(py),
            E::InvalidOption { .. } => option_error(py),
            E::SolverUnavailable(_) | E::Solver(_) => Ok(py.get_type::<SolverError>()),
            _ => Ok(py.get_type::<CapmixError>()),
        }
    }

    fn to_exception<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let exc = self.class(py)?.call1((self.0.to_string(),))?;
        exc.setattr("kind", self.0.kind())?;
        exc.setattr("path", self.0.path())?;
        exc.setattr("reason", self.0.reason())?;
        Ok(exc)
    }
}

impl From<PyCapmixError> for PyErr {
    fn from(e: PyCapmixError) -> PyErr {
        Python::attach(|py| match e.to_exception(py) {
            Ok(exc) => PyErr::from_value(exc),
            Err(failed) => failed,
        })
    }
}

/// Adds the exception classes to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("CapmixError", py.get_type::<CapmixError>())?;
    m.add("ScenarioError", scenario_error(py)?)?;
    m.add("OptionError", option_error(py)?)?;
    m.add("SolverError", py.get_type::<SolverError>())?;
    Ok(())
}

//! `capmix.Scenario`: a parsed planning question, immutable once made.

use crate::convert::{from_py, to_py};
use crate::error::PyCapmixError;
use capmix::{Loader, Scenario, ScenarioError};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyMapping, PyTuple, PyType};
use std::path::PathBuf;

/// A capacity-planning scenario: horizon, load profile, providers, offerings, workloads,
/// policy and existing commitments, exactly as the TOML/JSON file format of the model
/// contract.
///
/// Make one with `Scenario.from_file`, `Scenario.from_toml`, `Scenario.from_json` or
/// `Scenario.from_dict`; read it back with `to_dict`, `to_json` or `to_toml`. A Scenario is
/// immutable: `with_param` returns a modified copy. Parsing checks the shape of the document
/// (types, unknown keys); `validate()` (and every planning function) checks the rules.
///
/// Raises:
///     ScenarioError: from every constructor, with `path` naming the offending field.
#[pyclass(module = "capmix", name = "Scenario", frozen)]
pub struct PyScenario {
    pub(crate) inner: Scenario,
}

impl PyScenario {
    pub(crate) fn new(inner: Scenario) -> Self {
        PyScenario { inner }
    }
}

/// Loads `catalogs` (CSV price lists) relative to `base_dir`, as `Scenario.from_file` does
/// relative to the file's directory, inside the core's sandbox: `base_dir`'s tree, the bundled
/// catalogs and `allow_dirs`. Text or a dict has no directory of its own, so without
/// `base_dir` an include is refused (contract §1) rather than read from the working directory.
fn resolved(
    mut s: Scenario,
    base_dir: Option<PathBuf>,
    allow_dirs: Vec<PathBuf>,
) -> Result<Scenario, PyCapmixError> {
    if s.catalogs.is_empty() {
        return Ok(s);
    }
    let Some(dir) = base_dir else {
        return Err(PyCapmixError(capmix::Error::Invalid(ScenarioError {
            path: "catalogs[0].path".into(),
            reason: "a scenario read from text or a dict has no directory to resolve catalog \
                     includes from: pass base_dir= (the directory the include paths start \
                     from), or read the file with Scenario.from_file"
                .into(),
        })));
    };
    let mut loader = Loader::new().allow_dir(&dir)?;
    for extra in allow_dirs {
        loader = loader.allow_dir(extra)?;
    }
    loader.resolve(&mut s, &dir)?;
    Ok(s)
}

#[pymethods]
impl PyScenario {
    /// Reads a scenario file.
    ///
    /// `.toml` and `.json` files are parsed as such; other extensions are sniffed from the
    /// content. Catalogs (`catalogs = [...]`) are loaded relative to the file's directory.
    ///
    /// Args:
    ///     path: The file, as a string or `os.PathLike`.
    ///
    /// Returns:
    ///     The parsed scenario.
    ///
    /// Raises:
    ///     ScenarioError: The file cannot be read (`kind == "io"`) or is malformed.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<PyScenario> {
        let s = py
            .detach(|| Scenario::from_path(&path))
            .map_err(PyCapmixError)?;
        Ok(PyScenario::new(s))
    }

    /// Parses a TOML document.
    ///
    /// Args:
    ///     text: The TOML text of a scenario.
    ///     base_dir: Directory that relative `catalogs` paths start from; includes may
    ///         read only inside it (and the bundled catalogs). Without it a scenario with
    ///         `catalogs` is refused: text has no directory of its own.
    ///     allow_dirs: More directories includes may read from (with `base_dir`).
    ///
    /// Returns:
    ///     The parsed scenario.
    ///
    /// Raises:
    ///     ScenarioError: The text is not TOML or not a scenario; `path` names the field and
    ///         `reason` gives the line and column. Also an include without `base_dir`, or
    ///         one outside the allowed directories (`path` is `catalogs[i].path`).
    #[staticmethod]
    #[pyo3(signature = (text, *, base_dir = None, allow_dirs = Vec::new()))]
    fn from_toml(
        text: &str,
        base_dir: Option<PathBuf>,
        allow_dirs: Vec<PathBuf>,
    ) -> PyResult<PyScenario> {
        let s = Scenario::from_toml_str(text).map_err(PyCapmixError)?;
        Ok(PyScenario::new(resolved(s, base_dir, allow_dirs)?))
    }

    /// Parses a JSON document.
    ///
    /// Args:
    ///     text: The JSON text of a scenario.
    ///     base_dir: Directory that relative `catalogs` paths start from; includes may
    ///         read only inside it (and the bundled catalogs). Without it a scenario with
    ///         `catalogs` is refused: text has no directory of its own.
    ///     allow_dirs: More directories includes may read from (with `base_dir`).
    ///
    /// Returns:
    ///     The parsed scenario.
    ///
    /// Raises:
    ///     ScenarioError: The text is not JSON or not a scenario, or an include is refused
    ///         (as in `from_toml`).
    #[staticmethod]
    #[pyo3(signature = (text, *, base_dir = None, allow_dirs = Vec::new()))]
    fn from_json(
        text: &str,
        base_dir: Option<PathBuf>,
        allow_dirs: Vec<PathBuf>,
    ) -> PyResult<PyScenario> {
        let s = Scenario::from_json_str(text).map_err(PyCapmixError)?;
        Ok(PyScenario::new(resolved(s, base_dir, allow_dirs)?))
    }

    /// Builds a scenario from nested dicts and lists with the keys of the file format.
    ///
    /// Any `Mapping` works for tables and any sequence for arrays; numbers may be ints,
    /// floats or numpy scalars.
    ///
    /// Args:
    ///     data: The scenario, e.g. `{"horizon": {"periods": 6}, "providers": [...], ...}`.
    ///     base_dir: Directory that relative `catalogs` paths start from; includes may
    ///         read only inside it (and the bundled catalogs). Without it a scenario with
    ///         `catalogs` is refused: text has no directory of its own.
    ///     allow_dirs: More directories includes may read from (with `base_dir`).
    ///
    /// Returns:
    ///     The parsed scenario.
    ///
    /// Raises:
    ///     ScenarioError: `data` does not have the shape of a scenario; `path` names the
    ///         field (`offerings[3].price_per_hour`). Also an include refused (as in
    ///         `from_toml`).
    #[staticmethod]
    #[pyo3(signature = (data, *, base_dir = None, allow_dirs = Vec::new()))]
    fn from_dict(
        data: &Bound<'_, PyAny>,
        base_dir: Option<PathBuf>,
        allow_dirs: Vec<PathBuf>,
    ) -> PyResult<PyScenario> {
        let s: Scenario = from_py(data)?;
        Ok(PyScenario::new(resolved(s, base_dir, allow_dirs)?))
    }

    /// The scenario as nested dicts and lists (the JSON structure of the file format).
    ///
    /// Returns:
    ///     A new dict; changing it does not change the scenario.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The scenario as pretty-printed JSON.
    ///
    /// Returns:
    ///     JSON text that `Scenario.from_json` reads back to an equal scenario.
    fn to_json(&self) -> String {
        self.inner.to_json_string()
    }

    /// The scenario as TOML.
    ///
    /// Returns:
    ///     TOML text that `Scenario.from_toml` reads back to an equal scenario.
    ///
    /// Raises:
    ///     ScenarioError: The scenario cannot be written as TOML.
    fn to_toml(&self) -> PyResult<String> {
        Ok(self.inner.to_toml_string().map_err(PyCapmixError)?)
    }

    /// The scenario's title (`name`).
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Checks every rule of the model contract without solving.
    ///
    /// Raises:
    ///     ScenarioError: The first broken rule, with the path of the offending field.
    fn validate(&self) -> PyResult<()> {
        capmix::validate_scenario(&self.inner).map_err(PyCapmixError)?;
        Ok(())
    }

    /// A copy with one sweep parameter set (see `capmix.PARAM_FORMS`).
    ///
    /// Args:
    ///     param: A parameter path such as `policy.outage_coverage` or
    ///         `providers.aws.price_scale`.
    ///     value: The value to set (or the scale to apply).
    ///
    /// Returns:
    ///     The modified, validated scenario.
    ///
    /// Raises:
    ///     OptionError: Unknown parameter path or a value it cannot take.
    ///     ScenarioError: The modified scenario breaks a rule.
    fn with_param(&self, param: &str, value: f64) -> PyResult<PyScenario> {
        let s = capmix::apply_param(&self.inner, param, value).map_err(PyCapmixError)?;
        Ok(PyScenario::new(s))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyScenario>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Scenario({:?}, periods={}, providers={}, offerings={}, workloads={})",
            self.inner.name,
            self.inner.horizon.periods,
            self.inner.providers.len(),
            self.inner.offerings.len(),
            self.inner.workloads.len()
        )
    }

    /// Pickles as JSON text, so scenarios travel to process pools and Dask workers.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let unpickle = slf.get_type().getattr("_unpickle")?;
        PyTuple::new(
            py,
            [
                unpickle,
                PyTuple::new(py, [slf.get().inner.to_json_string()])?.into_any(),
            ],
        )
    }

    #[classmethod]
    fn _unpickle(_cls: &Bound<'_, PyType>, json: &str) -> PyResult<PyScenario> {
        Ok(PyScenario::new(
            Scenario::from_json_str(json).map_err(PyCapmixError)?,
        ))
    }
}

/// A scenario argument: a `Scenario`, or a mapping converted on the fly.
pub(crate) enum ScenarioRef<'py> {
    Native(Bound<'py, PyScenario>),
    Owned(Box<Scenario>),
}

impl ScenarioRef<'_> {
    pub(crate) fn get(&self) -> &Scenario {
        match self {
            ScenarioRef::Native(b) => &b.get().inner,
            ScenarioRef::Owned(s) => s,
        }
    }
}

/// Accepts a `Scenario` or a dict-like object (as `Scenario.from_dict`).
pub(crate) fn scenario_arg<'py>(obj: &Bound<'py, PyAny>) -> PyResult<ScenarioRef<'py>> {
    if let Ok(s) = obj.cast::<PyScenario>() {
        return Ok(ScenarioRef::Native(s.clone()));
    }
    if obj.cast::<PyMapping>().is_ok() {
        let s: Scenario = from_py(obj)?;
        return Ok(ScenarioRef::Owned(Box::new(resolved(s, None, Vec::new())?)));
    }
    Err(PyTypeError::new_err(format!(
        "expected a capmix.Scenario or a dict, got {}",
        obj.get_type().name()?
    )))
}

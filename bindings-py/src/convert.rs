//! Conversions between Python objects and the core's serde types, and planning options.
//!
//! Both directions go through the JSON data model, so a dict means exactly what the same
//! JSON file means:
//! - Python → Rust: the object is walked into a `serde_json::Value` (dicts and any `Mapping`
//!   with string keys, lists, tuples and other sequences, numpy arrays and scalars via
//!   `tolist()`, ints, floats, strings, booleans, None), then deserialized through
//!   `serde_path_to_error`, so a wrong value is reported at its field path
//!   (`offerings[3].price_per_hour`) like a bad file.
//! - Rust → Python: the core's JSON text, parsed by Python's `json.loads` (field order as in
//!   the file format; arrays become lists).

use crate::error::PyCapmixError;
use capmix::{Error, PlanOptions, SolverKind};
use pyo3::exceptions::{PyOverflowError, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PySequence, PyString, PyTuple,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Number, Value};

/// Deepest nesting of containers accepted from Python. A scenario is a few levels deep; the
/// limit keeps a pathological object from exhausting the native stack. serde_json's limit
/// for JSON text is the same.
const MAX_DEPTH: usize = 128;

/// One step of the path from the document root to a value.
enum Step {
    Key(String),
    Index(usize),
}

/// `offerings[3].price_per_hour`, as `serde_path_to_error` writes paths.
fn render(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn bad(path: &[Step], message: impl Into<String>) -> PyCapmixError {
    PyCapmixError(Error::Parse {
        path: render(path),
        message: message.into(),
    })
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// The JSON value of a Python object.
fn value(obj: &Bound<'_, PyAny>, path: &mut Vec<Step>) -> Result<Value, PyCapmixError> {
    if path.len() > MAX_DEPTH {
        return Err(bad(
            path,
            format!("nested more than {MAX_DEPTH} levels deep"),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return int(i, path);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return float(f.value(), path);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_str().map_err(|e| bad(path, e.to_string()))?;
        return Ok(Value::String(s.to_string()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return object(d.iter(), path);
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return array(l.iter(), path);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return array(t.iter(), path);
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        let items = m.items().map_err(|e| bad(path, e.to_string()))?;
        let pairs = items
            .iter()
            .map(|kv| kv.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>());
        let pairs: Vec<_> = pairs
            .collect::<Result<_, _>>()
            .map_err(|e| bad(path, e.to_string()))?;
        return object(pairs.into_iter(), path);
    }
    // numpy arrays and scalars, pandas Series: their plain Python equivalent.
    if obj.hasattr("tolist").unwrap_or(false) {
        let plain = obj
            .call_method0("tolist")
            .map_err(|e| bad(path, e.to_string()))?;
        if !plain.is(obj) {
            return value(&plain, path);
        }
    }
    if !obj.is_instance_of::<pyo3::types::PyBytes>() {
        if let Ok(seq) = obj.cast::<PySequence>() {
            let items = seq.try_iter().map_err(|e| bad(path, e.to_string()))?;
            let items: Vec<_> = items
                .collect::<Result<_, _>>()
                .map_err(|e| bad(path, e.to_string()))?;
            return array(items.into_iter(), path);
        }
    }
    // Other numbers (Decimal, Fraction, ...).
    if obj.hasattr("__index__").unwrap_or(false) {
        if let Ok(i) = obj
            .call_method0("__index__")
            .and_then(|i| i.cast_into::<PyInt>().map_err(Into::into))
        {
            return int(&i, path);
        }
    }
    if obj.hasattr("__float__").unwrap_or(false) {
        if let Ok(f) = obj
            .call_method0("__float__")
            .and_then(|f| f.extract::<f64>())
        {
            return float(f, path);
        }
    }
    Err(bad(
        path,
        format!(
            "unsupported type `{}` (expected a dict, list, number, string, bool or None)",
            type_name(obj)
        ),
    ))
}

fn int(i: &Bound<'_, PyInt>, path: &[Step]) -> Result<Value, PyCapmixError> {
    if let Ok(v) = i.extract::<i64>() {
        return Ok(Value::Number(v.into()));
    }
    match i.extract::<u64>() {
        Ok(v) => Ok(Value::Number(v.into())),
        Err(e) if e.is_instance_of::<PyOverflowError>(i.py()) => {
            Err(bad(path, "integer out of range"))
        }
        Err(e) => Err(bad(path, e.to_string())),
    }
}

fn float(f: f64, path: &[Step]) -> Result<Value, PyCapmixError> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| bad(path, format!("{f} is not a finite number")))
}

fn object<'py>(
    items: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    path: &mut Vec<Step>,
) -> Result<Value, PyCapmixError> {
    let mut map = Map::new();
    for (k, v) in items {
        let Ok(key) = k.cast::<PyString>() else {
            return Err(bad(
                path,
                format!("keys must be strings (got `{}`)", type_name(&k)),
            ));
        };
        let key = key
            .to_str()
            .map_err(|e| bad(path, e.to_string()))?
            .to_string();
        path.push(Step::Key(key.clone()));
        let v = value(&v, path)?;
        path.pop();
        map.insert(key, v);
    }
    Ok(Value::Object(map))
}

fn array<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    path: &mut Vec<Step>,
) -> Result<Value, PyCapmixError> {
    let mut out = Vec::new();
    for (i, v) in items.enumerate() {
        path.push(Step::Index(i));
        out.push(value(&v, path)?);
        path.pop();
    }
    Ok(Value::Array(out))
}

/// A Python object (dict, list, number, string, ...) as a core type, with the field path of
/// the first mismatch in the error.
pub(crate) fn from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>) -> Result<T, PyCapmixError> {
    let json = value(obj, &mut Vec::new())?;
    serde_path_to_error::deserialize(json).map_err(|e| {
        let path = e.path().to_string();
        PyCapmixError(Error::Parse {
            // serde_path_to_error writes `.` for the document root.
            path: if path == "." { String::new() } else { path },
            message: e.inner().to_string(),
        })
    })
}

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A core value as Python dicts, lists and scalars: its JSON document, parsed by `json.loads`.
pub(crate) fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    json_to_py(py, &text)
}

/// JSON text as Python objects.
pub(crate) fn json_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let loads = JSON_LOADS.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("json")?.getattr("loads")?.unbind())
    })?;
    loads.bind(py).call1((text,))
}

/// Planning options from keyword arguments. Out-of-range values (a negative time limit, a MIP
/// gap of 2) are rejected by the core when planning starts.
pub(crate) fn plan_options(
    solver: &str,
    integer: Option<bool>,
    time_limit: Option<f64>,
    mip_gap: Option<f64>,
    shadow_prices: bool,
) -> Result<PlanOptions, PyCapmixError> {
    let solver: SolverKind = solver.parse()?;
    Ok(PlanOptions {
        solver,
        integer,
        time_limit,
        mip_gap,
        shadow_prices,
        ..PlanOptions::default()
    })
}

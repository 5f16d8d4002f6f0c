//! JavaScript values to capmix inputs.
//!
//! A scenario object is read exactly as a JSON file: `JSON.stringify`, then the core's JSON
//! reader. That keeps one set of rules (unknown keys rejected, untagged `demand`, windows of
//! length 2) and one set of error paths for the CLI, Python and JavaScript.

use crate::error::to_js_error;
use capmix::{Error, Scenario};
use js_sys::Function;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// A scenario from TOML/JSON text or from a plain object.
pub fn scenario(value: &JsValue) -> Result<Scenario, JsValue> {
    if let Some(text) = value.as_string() {
        return Scenario::from_str_auto(&text).map_err(|e| to_js_error(&e));
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        let e = Error::Parse {
            path: String::new(),
            message: format!(
                "expected a scenario object or TOML/JSON text, got {}",
                type_name(value)
            ),
        };
        return Err(to_js_error(&e));
    }
    let json = stringify(value).map_err(|message| {
        to_js_error(&Error::Parse {
            path: String::new(),
            message,
        })
    })?;
    Scenario::from_json_str(&json).map_err(|e| match e {
        // Line and column of the stringified object mean nothing to the caller.
        Error::Parse { path, message } => to_js_error(&Error::Parse {
            path,
            message: without_position(&message),
        }),
        other => to_js_error(&other),
    })
}

/// Options (`PlanOptions`, `ExplainOptions`): `undefined` or `null` means the defaults.
pub fn options<T: DeserializeOwned + Default>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    object(value, what)
}

/// A plain object read as `T` (no defaults: `undefined` is an error naming `what`).
pub fn object<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(invalid_option(
            what,
            &format!("expected an object, got {}", type_name(value)),
        ));
    }
    let json = stringify(value).map_err(|m| invalid_option(what, &m))?;
    let mut de = serde_json::Deserializer::from_str(&json);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let name = if path == "." || path.is_empty() {
            what.to_string()
        } else {
            path
        };
        invalid_option(&name, &without_position(&e.inner().to_string()))
    })
}

/// Sweep values: an array of finite numbers, one number, or the text form (`0,0.5,1`,
/// `start:stop:step`).
pub fn values(value: &JsValue) -> Result<Vec<f64>, JsValue> {
    if let Some(text) = value.as_string() {
        return capmix::parse_values(&text).map_err(|e| to_js_error(&e));
    }
    if let Some(v) = value.as_f64() {
        return finite(v, "values").map(|v| vec![v]);
    }
    if !js_sys::Array::is_array(value) {
        return Err(invalid_option(
            "values",
            &format!(
                "expected an array of numbers or a text such as `0:1:0.1`, got {}",
                type_name(value)
            ),
        ));
    }
    let array = js_sys::Array::from(value);
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, item) in array.iter().enumerate() {
        match item.as_f64() {
            Some(v) => out.push(finite(v, &format!("values[{i}]"))?),
            None => {
                return Err(invalid_option(
                    &format!("values[{i}]"),
                    &format!("expected a number, got {}", type_name(&item)),
                ))
            }
        }
    }
    Ok(out)
}

/// Parameter-path edits: an array of `[path, value]` pairs (a string, and a finite number
/// or, for `workloads.<id>.model` and `.precision`, a string).
pub fn edits(value: &JsValue) -> Result<Vec<(String, capmix::EditValue)>, JsValue> {
    if !js_sys::Array::is_array(value) {
        return Err(invalid_option(
            "edits",
            &format!(
                "expected an array of [path, value] pairs, got {}",
                type_name(value)
            ),
        ));
    }
    let array = js_sys::Array::from(value);
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, item) in array.iter().enumerate() {
        let at = format!("edits[{i}]");
        if !js_sys::Array::is_array(&item) || js_sys::Array::from(&item).length() != 2 {
            return Err(invalid_option(
                &at,
                &format!("expected a [path, value] pair, got {}", type_name(&item)),
            ));
        }
        let pair = js_sys::Array::from(&item);
        let path = text(&pair.get(0), &format!("{at}[0]"))?;
        let value = pair.get(1);
        let v = match value.as_string() {
            Some(name) => capmix::EditValue::Text(name),
            None => capmix::EditValue::Number(number(&value, &format!("{at}[1]"))?),
        };
        out.push((path, v));
    }
    Ok(out)
}

/// A finite number.
pub fn number(value: &JsValue, what: &str) -> Result<f64, JsValue> {
    match value.as_f64() {
        Some(v) => finite(v, what),
        None => Err(invalid_option(
            what,
            &format!("expected a number, got {}", type_name(value)),
        )),
    }
}

fn finite(v: f64, what: &str) -> Result<f64, JsValue> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(invalid_option(
            what,
            &format!("expected a finite number, got {v}"),
        ))
    }
}

/// A string argument.
pub fn text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        invalid_option(
            what,
            &format!("expected a string, got {}", type_name(value)),
        )
    })
}

/// The value as a function, when it is one.
pub fn callback(value: &JsValue) -> Option<Function> {
    value.dyn_ref::<Function>().cloned()
}

/// Calls a progress callback with a plain object; its exceptions are dropped, so that a
/// faulty callback cannot stop a solve.
pub fn notify<T: Serialize>(f: &Function, event: &T) {
    if let Ok(v) = event.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) {
        let _ = f.call1(&JsValue::NULL, &v);
    }
}

/// Calls a `(done, total)` progress callback; its exceptions are dropped, so that a faulty
/// callback cannot stop a sweep.
pub fn notify2(f: &Function, done: usize, total: usize) {
    let _ = f.call2(
        &JsValue::NULL,
        &JsValue::from(done as f64),
        &JsValue::from(total as f64),
    );
}

fn invalid_option(name: &str, reason: &str) -> JsValue {
    to_js_error(&Error::InvalidOption {
        name: name.to_string(),
        reason: reason.to_string(),
    })
}

/// `JSON.stringify`, with its exceptions (cycles, BigInt) as messages.
fn stringify(value: &JsValue) -> Result<String, String> {
    match js_sys::JSON::stringify(value) {
        Ok(s) => JsValue::from(s)
            .as_string()
            .ok_or_else(|| "the value has no JSON form".to_string()),
        Err(e) => Err(format!("cannot read the value as JSON: {}", message_of(&e))),
    }
}

/// The message of a thrown JavaScript value.
fn message_of(e: &JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(err.message()),
        None => e.as_string().unwrap_or_else(|| "unknown error".to_string()),
    }
}

/// `typeof`, with `null` and arrays told apart, for error messages.
fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(value) {
        "an array".into()
    } else {
        value
            .js_typeof()
            .as_string()
            .unwrap_or_else(|| "an unknown value".into())
    }
}

/// Drops serde_json's ` at line L column C` suffix.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => message[..i].to_string(),
        _ => message.to_string(),
    }
}

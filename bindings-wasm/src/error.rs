//! capmix errors as JavaScript `Error`s.
//!
//! Every failure reaches JavaScript as an `Error` (so `instanceof Error`, a `message` and a
//! stack) whose `name` is `CapmixError`, with three more properties:
//! - `kind`: [`capmix::Error::kind`] (`parse`, `invalid`, `catalog`, `io`, `solver_unavailable`,
//!   `invalid_option`, `limit`, `solver`), or `internal` for a failure of the bindings
//!   themselves;
//! - `path`: the offending field (`offerings[3].price_per_hour`, `options.time_limit`), or
//!   `null`;
//! - `reason`: the message without the path.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// What the exported functions return: a plain object, or a `CapmixError`.
pub type JsResult = Result<JsValue, JsValue>;

/// The JavaScript `Error` of a capmix error.
pub fn to_js_error(e: &capmix::Error) -> JsValue {
    make(&e.to_string(), e.kind(), e.path(), &e.reason())
}

/// An `Error` of kind `internal` (the bindings failed, not the input).
pub fn internal(message: &str) -> JsValue {
    make(message, "internal", None, message)
}

fn make(message: &str, kind: &str, path: Option<&str>, reason: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name("CapmixError");
    let path = path
        .filter(|p| !p.is_empty())
        .map_or(JsValue::NULL, JsValue::from);
    // Setting a property of a fresh ordinary object cannot fail.
    let _ = Reflect::set(&error, &JsValue::from("kind"), &JsValue::from(kind));
    let _ = Reflect::set(&error, &JsValue::from("path"), &path);
    let _ = Reflect::set(&error, &JsValue::from("reason"), &JsValue::from(reason));
    error.into()
}

//! `useHighs(solve)`: links a HiGHS that the page loaded (the npm package `highs`, HiGHS
//! compiled to WebAssembly) as this module's HiGHS ([`capmix::link`]). From then on
//! `solver: "auto"` (the default) and `"highs"` run HiGHS; capmix still formulates, rounds,
//! certifies and verifies. `useHighs(null)` goes back to microlp.
//!
//! `solve` is called synchronously with one program of plain numbers and typed arrays and
//! returns HiGHS's answer (see `HighsProgram` and `HighsAnswer` in `capmix.d.ts`);
//! `www/src/highs-link.js` is the function for the npm package. Only conversion is here.

use capmix::link::{set_highs_link, HighsAnswer, HighsLink, HighsProblem};
use js_sys::{Float64Array, Function, Int32Array, Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

struct JsHighs(Function);

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a property of a fresh ordinary object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from(key), value);
}

fn opt_f64(v: Option<f64>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from)
}

fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

fn i32s(v: &[i32]) -> JsValue {
    Int32Array::from(v).into()
}

fn basis(cols: &[i32], rows: &[i32]) -> JsValue {
    let b = Object::new();
    set(&b, "colStatus", &i32s(cols));
    set(&b, "rowStatus", &i32s(rows));
    b.into()
}

fn program(p: &HighsProblem) -> Object {
    let o = Object::new();
    set(&o, "numCols", &JsValue::from(p.num_cols as f64));
    set(&o, "numRows", &JsValue::from(p.num_rows as f64));
    set(&o, "colCost", &f64s(&p.col_cost));
    set(&o, "colLower", &f64s(&p.col_lower));
    set(&o, "colUpper", &f64s(&p.col_upper));
    set(&o, "rowLower", &f64s(&p.row_lower));
    set(&o, "rowUpper", &f64s(&p.row_upper));
    set(&o, "rowStarts", &i32s(&p.row_starts));
    set(&o, "rowIndices", &i32s(&p.row_indices));
    set(&o, "rowValues", &f64s(&p.row_values));
    let integrality = p.integrality.as_deref().map_or(JsValue::NULL, i32s);
    set(&o, "integrality", &integrality);
    set(&o, "timeLimit", &opt_f64(p.time_limit));
    set(&o, "mipRelGap", &opt_f64(p.mip_rel_gap));
    let start = p.mip_start.as_deref().map_or(JsValue::NULL, f64s);
    set(&o, "mipStart", &start);
    let b = p.basis.as_ref().map_or(JsValue::NULL, |(c, r)| basis(c, r));
    set(&o, "basis", &b);
    set(&o, "wantDuals", &JsValue::from(p.want_duals));
    o
}

fn get(obj: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(obj, &JsValue::from(key))
        .ok()
        .filter(|v| !v.is_null() && !v.is_undefined())
}

/// A numeric array (typed or plain) as a vector; anything else is `None`.
fn numbers(v: Option<JsValue>) -> Option<Vec<f64>> {
    let v = v?;
    if v.is_instance_of::<Float64Array>() || js_sys::Array::is_array(&v) {
        return Some(Float64Array::new(&v).to_vec());
    }
    None
}

fn ints(v: Option<JsValue>) -> Option<Vec<i32>> {
    let v = v?;
    if v.is_instance_of::<Int32Array>() || js_sys::Array::is_array(&v) {
        return Some(Int32Array::new(&v).to_vec());
    }
    None
}

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the HiGHS function threw a non-Error value".into())
}

impl HighsLink for JsHighs {
    fn solve(&self, p: &HighsProblem) -> Result<HighsAnswer, String> {
        let out = self
            .0
            .call1(&JsValue::NULL, &program(p))
            .map_err(|e| message(&e))?;
        let status = get(&out, "modelStatus")
            .and_then(|v| v.as_f64())
            .ok_or("the HiGHS function's answer has no numeric modelStatus")?;
        let basis = get(&out, "basis")
            .and_then(|b| Some((ints(get(&b, "colStatus"))?, ints(get(&b, "rowStatus"))?)));
        Ok(HighsAnswer {
            model_status: status as i32,
            primal_feasible: get(&out, "primalFeasible").is_some_and(|v| v.is_truthy()),
            col_value: numbers(get(&out, "colValue")).unwrap_or_default(),
            row_dual: numbers(get(&out, "rowDual")),
            basis,
            objective: get(&out, "objective").and_then(|v| v.as_f64()),
            mip_dual_bound: get(&out, "mipDualBound").and_then(|v| v.as_f64()),
        })
    }
}

/// Links `solve` as this module's HiGHS, or unlinks it with `null`.
#[wasm_bindgen(js_name = useHighs, skip_typescript)]
pub fn use_highs(solve: JsValue) -> Result<(), JsValue> {
    if solve.is_null() || solve.is_undefined() {
        set_highs_link(None);
        return Ok(());
    }
    let f = solve.dyn_into::<Function>().map_err(|_| {
        crate::error::to_js_error(&capmix::Error::InvalidOption {
            name: "useHighs".into(),
            reason: "expected a function (the HiGHS solve of www/src/highs-link.js) or null".into(),
        })
    })?;
    set_highs_link(Some(Rc::new(JsHighs(f))));
    Ok(())
}

/// The solver `auto` runs now: `"highs"` once linked, else `"microlp"`.
#[wasm_bindgen(js_name = activeSolver, skip_typescript)]
pub fn active_solver() -> String {
    capmix::SolverKind::Auto.resolve().as_str().into()
}

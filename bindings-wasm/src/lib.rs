//! # capmix in WebAssembly
//!
//! The capmix engine for JavaScript: the same scenario documents as the file format (a
//! scenario parsed from TOML or JSON works unchanged), the same plans, with the pure-Rust
//! `microlp` solver. Built with `wasm-bindgen` for the web (`--target web`) and for Node.js.
//!
//! ```js
//! import init, { plan, parseScenario } from "./pkg-web/capmix_wasm.js";
//! await init();
//! const p = plan(parseScenario(tomlText), { integer: true });
//! console.log(p.status, p.total_cost);
//! ```
//!
//! - Inputs are plain objects or TOML/JSON text. Objects are read exactly as a JSON file:
//!   they are serialized with `JSON.stringify` and parsed by the core's JSON reader, so an
//!   error names the same path (`offerings[3].price_per_hour`) as the CLI would.
//! - Outputs are plain objects (`serde-wasm-bindgen`, JSON-compatible: maps are objects,
//!   absent values are `null`), with the field names of the JSON documents.
//! - Failures are JavaScript `Error`s (name `CapmixError`) with `kind`, `path` and `reason`
//!   properties, see [`error`]. Infeasible scenarios are plans with `status: "infeasible"`,
//!   not errors, exactly as in the core.
//! - No function panics on any input; `console_error_panic_hook` is installed anyway, so a
//!   bug would print its message to the console instead of an opaque `unreachable`.
//!
//! - [`session::JsSession`] (`Session` in JavaScript) holds one prepared scenario for an
//!   interactive page: edits by parameter path, one solve of the base plan per change, an
//!   explanation that reuses the plan.
//!
//! The TypeScript declarations of every function and document are in `src/capmix.d.ts`,
//! appended to the generated `.d.ts` by `typescript_custom_section`.

pub mod error;
pub mod highs;
mod input;
pub mod session;

use capmix::{ExplainOptions, PlanOptions};
use error::{to_js_error, JsResult};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const DOCUMENTS: &'static str = include_str!("documents.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT: &'static str = include_str!("capmix.d.ts");

/// Runs when the module is instantiated: installs the panic hook (also exported as
/// `start()`, harmless to call again; left out of the TypeScript declarations).
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The capmix version of this module.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Parses a TOML or JSON scenario (JSON when the text starts with `{`) into a plain object;
/// an object is read as a JSON document and returned normalised.
#[wasm_bindgen(js_name = parseScenario, skip_typescript)]
pub fn parse_scenario(text: JsValue) -> JsResult {
    output(&input::scenario(&text)?)
}

/// What each accelerator delivers for a model, request shape and latency targets: one row
/// per accelerator (the named one, or every one of the registry).
#[wasm_bindgen(skip_typescript)]
pub fn estimate(query: JsValue) -> JsResult {
    let q: capmix::serving::EstimateQuery = input::object(&query, "query")?;
    let rows = capmix::serving::estimate_query(&q).map_err(|e| to_js_error(&e.into()))?;
    output(&rows)
}

/// The planning options of an interactive page: the defaults with a time limit of
/// `capmix::INTERACTIVE_TIME_LIMIT` seconds per call (plan, explanation, whole sweep).
#[wasm_bindgen(js_name = interactiveOptions, skip_typescript)]
pub fn interactive_options() -> JsResult {
    output(&PlanOptions::interactive())
}

/// The bundled serving registry's model names (what `model` and `estimate` accept besides a
/// scenario's own `[[models]]`).
#[wasm_bindgen(skip_typescript)]
pub fn models() -> JsResult {
    output(&capmix::serving::query::model_names())
}

/// Checks a scenario against the model contract; returns a short summary.
#[wasm_bindgen(skip_typescript)]
pub fn validate(scenario: JsValue, options: JsValue) -> JsResult {
    let scenario = input::scenario(&scenario)?;
    let options: PlanOptions = input::options(&options, "options")?;
    let (_, model) = capmix::prepare(&scenario, &options, &capmix::Deadline::none())
        .map_err(|e| to_js_error(&e))?;
    output(&Validation {
        valid: true,
        name: model.name(),
        periods: model.periods(),
        usable_pairs: model.usable_pairs(),
        integer_units: model.integer_units(),
        single_routing: model.has_single_routing(),
    })
}

/// What [`validate`] returns for a valid scenario.
#[derive(Serialize)]
struct Validation<'a> {
    valid: bool,
    name: &'a str,
    periods: usize,
    usable_pairs: usize,
    integer_units: bool,
    single_routing: bool,
}

/// Plans a scenario: validate, formulate, solve, verify. `on_progress`, when a function, is
/// called with `{ phase: "validated", variables }`, `{ phase: "solving" }` and
/// `{ phase: "verifying" }` as each stage starts.
#[wasm_bindgen(skip_typescript)]
pub fn plan(scenario: JsValue, options: JsValue, on_progress: JsValue) -> JsResult {
    let scenario = input::scenario(&scenario)?;
    let options: PlanOptions = input::options(&options, "options")?;
    let callback = input::callback(&on_progress);
    let mut progress = |phase: capmix::Phase| {
        if let Some(f) = &callback {
            let event = match phase {
                capmix::Phase::Validated { variables } => Progress {
                    phase: "validated",
                    variables: Some(variables),
                },
                capmix::Phase::Solving => Progress {
                    phase: "solving",
                    variables: None,
                },
                capmix::Phase::Verifying => Progress {
                    phase: "verifying",
                    variables: None,
                },
                _ => return,
            };
            input::notify(f, &event);
        }
    };
    let plan = capmix::plan_with_progress(&scenario, &options, &mut progress)
        .map_err(|e| to_js_error(&e))?;
    output(&plan)
}

/// How close a plan is to the best one, in the CLI's words (core's `Plan::optimality_words`
/// and `Plan::whole_units_words`), and why there is no plan (`Status::no_plan_reason`):
/// `{ optimality, whole_units, no_plan }`, each a string or null.
#[wasm_bindgen(js_name = planWords, skip_typescript)]
pub fn plan_words(plan: JsValue) -> JsResult {
    let plan: capmix::Plan = input::object(&plan, "plan")?;
    output(&Words {
        optimality: plan.optimality_words(),
        whole_units: plan.whole_units_words(),
        no_plan: plan
            .total_cost
            .is_none()
            .then(|| plan.status.no_plan_reason()),
    })
}

/// What [`plan_words`] returns.
#[derive(Serialize)]
struct Words {
    optimality: Option<String>,
    whole_units: Option<String>,
    no_plan: Option<&'static str>,
}

/// A progress event of [`plan`].
#[derive(Serialize)]
struct Progress {
    phase: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    variables: Option<usize>,
}

/// Plans the scenario and explains the plan: the price of each policy, single-provider and
/// no-policy baselines, binding constraints in words, and a diagnosis when infeasible.
#[wasm_bindgen(skip_typescript)]
pub fn explain(scenario: JsValue, options: JsValue) -> JsResult {
    let scenario = input::scenario(&scenario)?;
    let options: ExplainOptions = input::options(&options, "options")?;
    let explanation = capmix::explain(&scenario, &options).map_err(|e| to_js_error(&e))?;
    output(&explanation)
}

/// Plans the scenario once per value of the parameter at `param` (`policy.outage_coverage`,
/// `workloads.chat.demand_scale`, ...). `values` is an array of numbers or the text form
/// (`0,0.5,1` or `start:stop:step`). `on_progress`, when a function, is called with
/// `(done, total)` after each solve.
#[wasm_bindgen(skip_typescript)]
pub fn sweep(
    scenario: JsValue,
    param: JsValue,
    values: JsValue,
    options: JsValue,
    on_progress: JsValue,
) -> JsResult {
    let scenario = input::scenario(&scenario)?;
    let param = input::text(&param, "param")?;
    let values = input::values(&values)?;
    let options: PlanOptions = input::options(&options, "options")?;
    let callback = input::callback(&on_progress);
    let mut progress = |done: usize, total: usize| {
        if let Some(f) = &callback {
            input::notify2(f, done, total);
        }
    };
    let sweep =
        capmix::explain::sweep_with_progress(&scenario, &param, &values, &options, &mut progress)
            .map_err(|e| to_js_error(&e))?;
    output(&sweep)
}

/// Applies one parameter value (a sweep step) to a copy of the scenario and validates it.
#[wasm_bindgen(js_name = applyParam, skip_typescript)]
pub fn apply_param(scenario: JsValue, param: JsValue, value: JsValue) -> JsResult {
    let scenario = input::scenario(&scenario)?;
    let param = input::text(&param, "param")?;
    let value = input::number(&value, "value")?;
    let applied = capmix::apply_param(&scenario, &param, value).map_err(|e| to_js_error(&e))?;
    output(&applied)
}

/// Parses sweep values: `0,0.25,0.5` or `start:stop:step`.
#[wasm_bindgen(js_name = parseValues, skip_typescript)]
pub fn parse_values(text: JsValue) -> JsResult {
    let text = input::text(&text, "values")?;
    let values = capmix::parse_values(&text).map_err(|e| to_js_error(&e))?;
    output(&values)
}

/// Why a scenario is infeasible, and what would make it feasible.
#[wasm_bindgen(skip_typescript)]
pub fn diagnose(scenario: JsValue, options: JsValue) -> JsResult {
    let scenario = input::scenario(&scenario)?;
    let options: PlanOptions = input::options(&options, "options")?;
    let diagnosis = capmix::diagnose(&scenario, &options).map_err(|e| to_js_error(&e))?;
    output(&diagnosis)
}

/// The accepted sweep parameter paths, in words.
#[wasm_bindgen(js_name = sweepParams, skip_typescript)]
pub fn sweep_params() -> String {
    capmix::explain::param_forms()
}

/// Converts a document to a plain JavaScript object (maps as objects, `None` as `null`).
fn output<T: Serialize + ?Sized>(value: &T) -> JsResult {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| error::internal(&format!("cannot convert the result to JavaScript: {e}")))
}

//! `Session`: a handle on one [`capmix::Session`] for interactive pages.
//!
//! The scenario is parsed, expanded and validated once (the constructor); a page then sends
//! its controls as parameter-path edits (`setEdits`), and `plan`, `explain` and `sweep` work
//! on the edited scenario. The base plan is solved at most once per change of edits or
//! options: `explain` reuses it (only its variants are solved) and `solves()` counts the base
//! plans solved, so a caller can check that.
//!
//! ```js
//! const s = new Session(scenario, { integer: false });
//! s.setEdits([["policy.outage_coverage", 0.7], ["providers.oci.enabled", 0]]);
//! const plan = s.plan();
//! const why = s.explain();          // no second base solve
//! console.log(s.solves());           // 1
//! s.free();
//! ```

use crate::error::{to_js_error, JsResult};
use crate::{input, output};
use capmix::{ExplainOptions, PlanOptions};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// A scenario prepared once, its current edits and its last plan.
#[wasm_bindgen(js_name = Session, skip_typescript)]
pub struct JsSession {
    inner: capmix::Session,
    /// The options `inner` plans with (the core session does not give them back).
    options: PlanOptions,
    /// `inner.solves()` when the core last dropped its plan. The core drops it when
    /// `set_edits` or `set_options` change something and keeps it when they are given what it
    /// already has; so `inner` holds the plan of its current edits and options exactly when it
    /// has solved since then. `plan` says `solving` before a solve and nothing on a reuse.
    dropped_at: usize,
}

/// What `explain` takes: which parts to compute (the session's options say how to plan).
#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ExplainParts {
    policies: bool,
    baselines: bool,
}

impl Default for ExplainParts {
    fn default() -> Self {
        let d = ExplainOptions::default();
        ExplainParts {
            policies: d.policies,
            baselines: d.baselines,
        }
    }
}

/// The progress event of [`JsSession::plan`].
#[derive(Serialize)]
struct Solving {
    phase: &'static str,
}

#[wasm_bindgen(js_class = Session)]
impl JsSession {
    /// Parses, expands and validates `scenario` (an object or TOML/JSON text) under
    /// `options` (`PlanOptions`; `undefined` for the defaults).
    #[wasm_bindgen(constructor, skip_typescript)]
    pub fn new(scenario: JsValue, options: JsValue) -> Result<JsSession, JsValue> {
        let scenario = input::scenario(&scenario)?;
        let options: PlanOptions = input::options(&options, "options")?;
        let inner =
            capmix::Session::new(&scenario, options.clone()).map_err(|e| to_js_error(&e))?;
        Ok(JsSession {
            inner,
            options,
            dropped_at: 0,
        })
    }

    /// Replaces the edits with `edits`, an array of `[path, value]` pairs applied in order to
    /// the scenario as given (`workloads.*.demand_scale`, `providers.oci.enabled`, ...). On an
    /// error the session keeps its previous edits and plan.
    #[wasm_bindgen(js_name = setEdits, skip_typescript)]
    pub fn set_edits(&mut self, edits: JsValue) -> Result<(), JsValue> {
        let edits = input::edits(&edits)?;
        let changed = edits.as_slice() != self.inner.edits();
        self.inner.set_edits(edits).map_err(|e| to_js_error(&e))?;
        if changed {
            self.dropped_at = self.inner.solves();
        }
        Ok(())
    }

    /// Replaces the planning options (`PlanOptions`); the plan is made again when they differ.
    #[wasm_bindgen(js_name = setOptions, skip_typescript)]
    pub fn set_options(&mut self, options: JsValue) -> Result<(), JsValue> {
        let options: PlanOptions = input::options(&options, "options")?;
        if options == self.options {
            return Ok(());
        }
        self.inner
            .set_options(options.clone())
            .map_err(|e| to_js_error(&e))?;
        self.options = options;
        self.dropped_at = self.inner.solves();
        Ok(())
    }

    /// The plan of the edited scenario, solved on the first call after a change and reused
    /// afterwards. `on_progress`, when a function, is called with `{ phase: "solving" }`
    /// before a solve (not when the plan is reused).
    #[wasm_bindgen(skip_typescript)]
    pub fn plan(&mut self, on_progress: JsValue) -> JsResult {
        if self.inner.solves() == self.dropped_at {
            if let Some(f) = input::callback(&on_progress) {
                input::notify(&f, &Solving { phase: "solving" });
            }
        }
        let plan = self.inner.plan().map_err(|e| to_js_error(&e))?;
        output(plan)
    }

    /// The explanation of the plan (`{ policies?, baselines? }`, both `true` by default): the
    /// plan is reused, only the variants (one per policy and baseline) are solved.
    #[wasm_bindgen(skip_typescript)]
    pub fn explain(&mut self, options: JsValue) -> JsResult {
        let parts: ExplainParts = input::options(&options, "options")?;
        let options = ExplainOptions {
            policies: parts.policies,
            baselines: parts.baselines,
            ..ExplainOptions::default()
        };
        let explanation = self.inner.explain(&options).map_err(|e| to_js_error(&e))?;
        output(&explanation)
    }

    /// One plan per value of the parameter at `param` of the edited scenario. `values` is an
    /// array of numbers or the text form (`0,0.5,1`, `start:stop:step`); `on_progress`, when a
    /// function, is called with `(done, total)` after each solve. The session's plan is
    /// neither used nor changed.
    #[wasm_bindgen(skip_typescript)]
    pub fn sweep(&self, param: JsValue, values: JsValue, on_progress: JsValue) -> JsResult {
        let param = input::text(&param, "param")?;
        let values = input::values(&values)?;
        let callback = input::callback(&on_progress);
        let mut progress = |done: usize, total: usize| {
            if let Some(f) = &callback {
                input::notify2(f, done, total);
            }
        };
        let sweep = self
            .inner
            .sweep(&param, &values, &mut progress)
            .map_err(|e| to_js_error(&e))?;
        output(&sweep)
    }

    /// Base plans solved so far: one per change of edits or options that was planned.
    #[wasm_bindgen(skip_typescript)]
    pub fn solves(&self) -> f64 {
        self.inner.solves() as f64
    }

    /// The edited scenario (plain fields: catalogs, aliases and references resolved; the
    /// throughputs estimated for a served `model` left out, so that a session of it, the
    /// page's download reloaded, estimates them again).
    #[wasm_bindgen(skip_typescript)]
    pub fn scenario(&self) -> JsResult {
        output(&self.inner.scenario_to_save())
    }

    /// The current edits, as `[path, value]` pairs.
    #[wasm_bindgen(skip_typescript)]
    pub fn edits(&self) -> JsResult {
        output(self.inner.edits())
    }
}

//! The serving inputs of a workload with a `model`: what its demand rows' throughputs are
//! estimated from (request shape, latency targets, model and precision).
//!
//! They are parameters of the demand family: an edit writes the field and the throughputs
//! are estimated again before the scenario is validated (see [`Param::apply`]), so a sweep of
//! `workloads.chat.tpot_ms` is the cost of each latency target, and the calculator's model
//! picker is two edits. A workload without a `model` has no serving inputs: an edit that
//! names one is refused, and `workloads.*.tpot_ms` sets every served model's target (the
//! path's resolution, `explain::param`). Values are checked by the estimate, whose errors
//! name the field (`workloads[0].slo.tpot_ms`).
//!
//! [`Param::apply`]: crate::explain::param

use super::{ParamSpec, TextParamSpec};
use crate::scenario::{Scenario, Workload};
use crate::serving::{Precision, Request, Slo};

/// The numeric serving inputs.
pub(super) const NUMERIC: [ParamSpec; 4] = [
    ParamSpec {
        form: "workloads.<id>.input_tokens",
        tightening: 0,
        apply: input_tokens,
    },
    ParamSpec {
        form: "workloads.<id>.output_tokens",
        tightening: 0,
        apply: output_tokens,
    },
    ParamSpec {
        form: "workloads.<id>.ttft_ms",
        tightening: 0,
        apply: ttft_ms,
    },
    ParamSpec {
        form: "workloads.<id>.tpot_ms",
        tightening: 0,
        apply: tpot_ms,
    },
];

/// The serving inputs that are names.
pub(super) const TEXT: [TextParamSpec; 2] = [
    TextParamSpec {
        form: "workloads.<id>.model",
        apply: model,
    },
    TextParamSpec {
        form: "workloads.<id>.precision",
        apply: precision,
    },
];

/// Whether an edit of `form` changes what expansion estimated (the throughputs must be
/// estimated again).
pub(crate) fn reestimates(form: &str) -> bool {
    NUMERIC.iter().any(|p| p.form == form) || TEXT.iter().any(|p| p.form == form)
}

/// The workload `id` when it has a model.
fn served<'a>(s: &'a mut Scenario, id: Option<&str>) -> Option<&'a mut Workload> {
    s.workloads
        .iter_mut()
        .find(|w| Some(w.id.as_str()) == id && w.model.is_some())
}

/// The workloads an edit of serving input `field` writes, of `all` that the path names
/// (`*`: every workload): those with a model. A serving input means nothing for a workload
/// whose throughputs are given, so naming one is refused, as is `*` with none served (the
/// edit would change nothing and read as a result).
pub(crate) fn serving_targets(
    s: &Scenario,
    id: &str,
    field: &str,
    mut all: Vec<String>,
) -> Result<Vec<String>, String> {
    let has_model = |w: &str| s.workloads.iter().any(|x| x.id == w && x.model.is_some());
    if id != "*" && !has_model(id) {
        return Err(format!(
            "workload `{id}` has no `model` (its throughputs are given, not estimated), so \
             `{field}` has nothing to change"
        ));
    }
    all.retain(|w| has_model(w));
    if all.is_empty() {
        return Err(format!(
            "no workload has a `model`, so `{field}` has nothing to estimate"
        ));
    }
    Ok(all)
}

/// `request` of a workload with a model (a workload without one fails its estimate, which
/// names the field: the edit cannot make up the other length).
fn request(s: &mut Scenario, id: Option<&str>, set: impl FnOnce(&mut Request)) {
    if let Some(r) = served(s, id).and_then(|w| w.request.as_mut()) {
        set(r);
    }
}

fn input_tokens(s: &mut Scenario, id: Option<&str>, v: f64) -> Result<(), &'static str> {
    request(s, id, |r| r.input_tokens = v);
    Ok(())
}

fn output_tokens(s: &mut Scenario, id: Option<&str>, v: f64) -> Result<(), &'static str> {
    request(s, id, |r| r.output_tokens = v);
    Ok(())
}

fn ttft_ms(s: &mut Scenario, id: Option<&str>, v: f64) -> Result<(), &'static str> {
    slo(s, id, v, |slo, t| slo.ttft_ms = t)
}

fn tpot_ms(s: &mut Scenario, id: Option<&str>, v: f64) -> Result<(), &'static str> {
    slo(s, id, v, |slo, t| slo.tpot_ms = t)
}

/// A latency target of a workload with a model; 0 removes it (no target, as in MLPerf
/// Offline).
fn slo(
    s: &mut Scenario,
    id: Option<&str>,
    v: f64,
    set: impl FnOnce(&mut Slo, Option<f64>),
) -> Result<(), &'static str> {
    if v < 0.0 {
        return Err("a latency target must be >= 0 ms (0 = no target)");
    }
    if let Some(w) = served(s, id) {
        set(
            w.slo.get_or_insert_with(Default::default),
            (v > 0.0).then_some(v),
        );
    }
    Ok(())
}

/// The served model (a name of the registry or of `[[models]]`; the estimate checks it).
fn model(s: &mut Scenario, id: Option<&str>, name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("a model name cannot be empty".into());
    }
    if let Some(w) = served(s, id) {
        w.model = Some(name.to_string());
    }
    Ok(())
}

fn precision(s: &mut Scenario, id: Option<&str>, name: &str) -> Result<(), String> {
    let p = Precision::parse(name).ok_or_else(|| {
        let all: Vec<&str> = Precision::ALL.iter().map(|p| p.as_str()).collect();
        format!("unknown precision `{name}` (one of {})", all.join(", "))
    })?;
    if let Some(w) = served(s, id) {
        w.precision = Some(p);
    }
    Ok(())
}

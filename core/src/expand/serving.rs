//! Workload `model` → plain `throughput` entries and `unfit` offerings, from the serving
//! room's estimate ([`crate::serving`]).
//!
//! Rules (contract §1):
//! - an explicit `throughput` entry for an accelerator always wins (compared by registry
//!   identity: `H100 = 2.0` covers offerings of `H100-SXM`);
//! - every other offering accelerator the serving registry knows is estimated once per unit
//!   size (chips per unit) its offerings have; a unit that cannot hold the model, or misses
//!   the SLO, makes those offerings unusable for the workload (`unfit`, with the reason);
//! - an accelerator's throughput is the smallest per-chip rate over its fitting unit sizes
//!   (the throughput is one number per accelerator; the smallest never overstates a unit);
//! - throughput and demand are in the workload's `unit`: a rate (req/s, req/h, tok/s or
//!   Mtok/h) per chip and per workload, so a `req/s` demand of 40 needs 40 / θ chips.
//!   Tokens are generated (output) tokens.

use super::Error;
use crate::document::ThroughputSource;
use crate::error::ScenarioError;
use crate::scenario::{Scenario, Workload, WorkloadKind};
use crate::serving::profile::{self, ProfileRow};
use crate::serving::{
    self, Estimate, Measurement, Method, ModelArch, Precision, ServingError, Slo, WorkUnit,
};
use std::collections::{BTreeMap, BTreeSet};

fn err(path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::Invalid(ScenarioError::new(path, reason))
}

/// A serving error at `prefix` (`workloads[2].`): its field path gains the prefix.
fn at(prefix: &str, e: ServingError) -> Error {
    match e {
        ServingError::Invalid { field, reason } => err(format!("{prefix}{field}"), reason),
        other => err(prefix.trim_end_matches('.'), other.to_string()),
    }
}

/// Fills `throughput`, `unfit` and `estimated` of every workload with a `model`, replacing
/// what an earlier expansion filled (so expanding again after an edit of the serving inputs
/// re-estimates, and expanding twice is expanding once). Errors name the field
/// (`workloads[1].request`, `models[0].layers`).
pub(crate) fn estimate_throughputs(s: &mut Scenario) -> Result<(), Error> {
    for w in &mut s.workloads {
        forget_estimates(w);
    }
    if s.workloads.iter().all(|w| w.model.is_none()) {
        return Ok(());
    }
    for (i, m) in s.models.iter().enumerate() {
        m.validate().map_err(|e| match e {
            ServingError::Invalid { field, reason } => {
                // The room names a model by its name; the file path is by index.
                let f = field.split_once("].").map_or(field.as_str(), |(_, f)| f);
                err(format!("models[{i}].{f}"), reason)
            }
            other => err(format!("models[{i}]"), other.to_string()),
        })?;
    }
    // (accelerator, chips) pairs of the offerings, each estimated once per workload.
    let mut sizes: BTreeMap<&str, BTreeSet<u32>> = BTreeMap::new();
    for o in &s.offerings {
        if o.chips.fract() == 0.0 && o.chips >= 1.0 && o.chips <= 1024.0 {
            sizes
                .entry(o.accelerator.as_str())
                .or_default()
                .insert(o.chips as u32);
        }
    }
    let sizes: Vec<(String, Vec<u32>)> = sizes
        .into_iter()
        .map(|(a, c)| (a.to_string(), c.into_iter().collect()))
        .collect();
    // Offering ids by accelerator and unit size, so marking a unit size unfit is linear in
    // the offerings it concerns.
    let mut ids: BTreeMap<(String, u64), Vec<String>> = BTreeMap::new();
    for o in &s.offerings {
        ids.entry((o.accelerator.clone(), o.chips.to_bits()))
            .or_default()
            .push(o.id.clone());
    }
    for (i, m) in s.measurements.iter().enumerate() {
        if let Some((field, why)) = m.problem() {
            return Err(err(format!("measurements[{i}].{field}"), why));
        }
    }
    let measured: Vec<ProfileRow> = s
        .measurements
        .iter()
        .enumerate()
        .map(|(i, m)| m.to_row(i))
        .collect();
    let models = &s.models;
    for (i, w) in s.workloads.iter_mut().enumerate() {
        let Some(name) = w.model.clone() else {
            continue;
        };
        let mut sources = Vec::new();
        let prefix = format!("workloads[{i}].");
        // A model neither the registry nor [[models]] knows is served by its measurements
        // alone: units without one are unusable (there is nothing to estimate from).
        let arch = lookup(models, &name);
        let measured_model = {
            let k = serving::registry::key(&name);
            measured
                .iter()
                .any(|r| serving::registry::key(&r.model) == k)
        };
        if arch.is_none() && !measured_model {
            return Err(err(
                format!("{prefix}model"),
                format!(
                    "unknown model `{name}`: declare it in [[models]], measure it \
                     ([[measurements]] or profiles) or use one of {}",
                    serving::query::model_names().join(", ")
                ),
            ));
        }
        let spec = Spec::of(w, &prefix)?;
        let given: BTreeSet<String> = w.throughput.keys().map(|k| identity(k)).collect();
        for (acc, chip_counts) in &sizes {
            if given.contains(&identity(acc)) {
                continue;
            }
            // A measurement serves without a spec; without either, the unit is unusable.
            // Without an architecture there is no estimate, whatever the chip.
            let chip = arch.zip(serving::chip(acc));
            let why_none = if arch.is_none() {
                format!(
                    "no measurement of `{name}` on {acc} meets the targets, and the model is \
                     not in the registry or [[models]] (no estimate): give `throughput.{acc}`"
                )
            } else {
                format!("no serving spec for accelerator `{acc}`: give `throughput.{acc}`")
            };
            let mut best: Option<f64> = None;
            for &chips in chip_counts {
                let key = (acc.clone(), f64::from(chips).to_bits());
                let measured_here =
                    measurement(&measured, &s.measurements, &name, acc, chips, &spec);
                let e = match (measured_here, chip) {
                    (Some(e), _) => e,
                    (None, Some((arch, chip))) => serving::estimate(
                        arch,
                        chip,
                        chips,
                        spec.precision,
                        &spec.request,
                        &spec.slo,
                    ),
                    (None, None) => {
                        for id in ids.get(&key).into_iter().flatten() {
                            w.unfit.insert(id.clone(), why_none.clone());
                        }
                        sources.push(ThroughputSource {
                            workload: w.id.clone(),
                            accelerator: acc.clone(),
                            chips,
                            method: "none".into(),
                            throughput: None,
                            tensor_parallel: 0,
                            batch: 0,
                            ttft_ms: None,
                            tpot_ms: None,
                            slo_met: false,
                            reason: Some(why_none.clone()),
                            note: None,
                        });
                        continue;
                    }
                };
                let rate = spec.unit.rate_per_chip(&e);
                let ok = e.fits && e.slo_met && rate > 0.0 && rate.is_finite();
                if ok {
                    best = Some(best.map_or(rate, |b: f64| b.min(rate)));
                } else {
                    let why = e.reason.clone().unwrap_or_else(|| "cannot serve".into());
                    for id in ids.get(&key).into_iter().flatten() {
                        w.unfit.insert(id.clone(), why.clone());
                    }
                }
                sources.push(source(&w.id, acc, chips, &e, ok.then_some(rate)));
            }
            if let Some(rate) = best {
                w.throughput.insert(acc.clone(), rate);
            }
        }
        w.estimated = sources;
    }
    Ok(())
}

/// Takes out what an expansion filled in `w`: the `throughput` entries of its estimates
/// with a rate and their copies under other spellings of the same chip (the alias
/// convenience writes those; a given entry of that chip would have stopped the estimate, so
/// none is given), every `unfit` entry (only the estimate writes them) and the sources.
pub(crate) fn forget_estimates(w: &mut Workload) {
    let filled: std::collections::HashSet<super::conveniences::Identity> = w
        .estimated
        .drain(..)
        .filter(|src| src.throughput.is_some())
        .map(|src| super::conveniences::identity(&src.accelerator))
        .collect();
    if !filled.is_empty() {
        w.throughput
            .retain(|k, _| !filled.contains(&super::conveniences::identity(k)));
    }
    w.unfit.clear();
}

/// What the measurements of `model` on `acc` units of `chips` chips say for the workload's
/// request shape and SLO (method `profile`, its sources in `notes`), if any meets the SLO.
fn measurement(
    rows: &[ProfileRow],
    given: &[Measurement],
    model: &str,
    acc: &str,
    chips: u32,
    spec: &Spec,
) -> Option<Estimate> {
    if rows.is_empty() {
        return None;
    }
    let m = profile::lookup(
        rows,
        "measurements",
        model,
        acc,
        Some(chips),
        &spec.request,
        &spec.slo,
    )?;
    let mut e = m.to_estimate(spec.precision);
    // Name the rows by their own sources (`file.csv:7`) where they have one.
    let used: Vec<String> = m
        .lines
        .iter()
        .map(|&(line, w)| {
            let at = given
                .get(line - 1)
                .and_then(|g| g.source.clone())
                .unwrap_or_else(|| format!("measurements[{}]", line - 1));
            format!("{at} ({:.0}%)", w * 100.0)
        })
        .collect();
    e.notes = vec![format!(
        "measured: {}{}",
        used.join(", "),
        if m.outside_range {
            "; the request lies outside the measured shapes"
        } else {
            ""
        }
    )];
    Some(e)
}

/// A `[[models]]` entry by name (registry key), else the bundled registry.
fn lookup<'a>(models: &'a [ModelArch], name: &str) -> Option<&'a ModelArch> {
    let k = serving::registry::key(name);
    models
        .iter()
        .find(|m| serving::registry::key(&m.name) == k)
        .or_else(|| serving::model(name))
}

/// The serving registry's canonical name of an accelerator, else the name itself.
fn identity(name: &str) -> String {
    serving::chip(name).map_or_else(|| name.to_string(), |c| c.name.to_string())
}

/// A workload's serving inputs, checked.
struct Spec {
    precision: Precision,
    request: serving::Request,
    slo: Slo,
    unit: WorkUnit,
}

impl Spec {
    fn of(w: &Workload, prefix: &str) -> Result<Spec, Error> {
        let request = w.request.ok_or_else(|| {
            err(
                format!("{prefix}request"),
                "needed with `model`: request = { input_tokens = 1000, output_tokens = 300 }",
            )
        })?;
        request.validate().map_err(|e| at(prefix, e))?;
        let slo = w.slo.unwrap_or_default();
        slo.validate().map_err(|e| at(prefix, e))?;
        // A serving workload's demand is a rate, a batch workload's total an amount.
        let (parse, units): (fn(&str) -> Option<WorkUnit>, _) = match w.kind {
            WorkloadKind::Serving => (WorkUnit::parse, "req/s, req/h, tok/s, Mtok/h"),
            WorkloadKind::Batch => (WorkUnit::parse_total, "req, tok, Mtok (a batch total)"),
        };
        let unit = w.unit.as_deref().and_then(parse).ok_or_else(|| {
            err(
                format!("{prefix}unit"),
                format!(
                    "with `model`, unit must be one of {units} (got {})",
                    w.unit
                        .as_deref()
                        .map_or("none".into(), |u| format!("`{u}`"))
                ),
            )
        })?;
        Ok(Spec {
            precision: w.precision.unwrap_or(Precision::Bf16),
            request,
            slo,
            unit,
        })
    }
}

fn source(
    workload: &str,
    acc: &str,
    chips: u32,
    e: &Estimate,
    rate: Option<f64>,
) -> ThroughputSource {
    ThroughputSource {
        workload: workload.to_string(),
        accelerator: acc.to_string(),
        chips,
        method: e.method.as_str().to_string(),
        throughput: rate,
        tensor_parallel: e.tensor_parallel,
        batch: e.batch,
        ttft_ms: e.ttft_ms,
        tpot_ms: e.tpot_ms,
        slo_met: e.slo_met,
        reason: e.reason.clone(),
        note: (e.method == Method::Profile).then(|| e.notes.join("; ")),
    }
}

//! Every rule of the contract (§1), each error naming the offending path.

mod offerings;
mod uncertainty;
mod workloads;

use crate::error::ScenarioError;
use crate::expand::Expanded;
use crate::model::{Model, Seg};
use crate::options::{Deadline, Limits};
use crate::scenario::Scenario;
use crate::Error;
use std::collections::HashMap;

/// Default hours in a period when neither `hours` nor `hours_per_period` is given.
pub const DEFAULT_HOURS_PER_PERIOD: f64 = 730.0;

/// Checks an expanded scenario against the contract and returns its indexed [`Model`].
pub fn validate(expanded: &Expanded) -> Result<Model, Error> {
    validate_with(expanded, &Limits::default(), &Deadline::none())
}

/// [`validate`] with explicit size limits and the call's deadline.
pub fn validate_with(
    expanded: &Expanded,
    limits: &Limits,
    deadline: &Deadline,
) -> Result<Model, Error> {
    let scenario = expanded.scenario();
    let hours = hours(scenario)?;
    let periods = hours.len();
    let segments = segments(scenario)?;
    let p = &scenario.policy;
    for (path, value) in p.shares() {
        share(path, value)?;
    }
    if let Some(b) = p.budget {
        nonneg("policy.budget", b)?;
    }
    uncertainty::check(scenario, periods)?;
    let providers = offerings::providers(scenario)?;
    let provider_index: HashMap<&str, usize> = providers
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut offerings = offerings::offerings(scenario, &provider_index, periods)?;
    offerings::existing(scenario, &mut offerings, periods)?;
    deadline.check("validating the scenario")?;
    let workloads = workloads::workloads(scenario, &provider_index, &offerings, periods, deadline)?;
    let model = Model {
        name: scenario.name.clone(),
        labels: labels(scenario.horizon.start.as_deref(), periods),
        hours,
        segments,
        providers,
        offerings,
        workloads,
        policy: p.clone(),
    };
    let vars = model.estimate_variables();
    if vars > limits.max_variables {
        return Err(Error::Limit {
            path: "scenario".into(),
            reason: format!(
                "the model would have about {vars} variables, more than the limit of {}",
                limits.max_variables
            ),
        });
    }
    let nonzeros = model.estimate_nonzeros();
    if nonzeros > limits.max_nonzeros {
        return Err(Error::Limit {
            path: "scenario".into(),
            reason: format!(
                "the program would have up to {nonzeros} nonzero coefficients (workloads × usable offerings × periods × segments, times the rows each allocation is in), more than the memory limit of {}; raise Limits::max_nonzeros to build it anyway",
                limits.max_nonzeros
            ),
        });
    }
    Ok(model)
}

pub(super) fn err(path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::Invalid(ScenarioError::new(path, reason))
}

pub(super) fn finite(path: &str, v: f64) -> Result<f64, Error> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(err(path, format!("must be a finite number (got {v})")))
    }
}

/// Largest magnitude of an input number (prices, demand, totals, throughput, chips, caps,
/// hours, penalties, budget, units).
///
/// Numbers beyond it, or nonzero ones below [`MIN_MAGNITUDE`], are rejected: products of
/// prices, hours, units and throughputs would overflow to infinity or lose every significant
/// digit, and the plan would be garbage. Inside the range every product capmix forms stays
/// finite; whether the solver's answer is accurate enough is then checked by the independent
/// verification (status `verification_failed` when it is not). Shares are in [0, 1] anyway.
pub const MAX_MAGNITUDE: f64 = 1e18;

/// Smallest magnitude of a nonzero input number; see [`MAX_MAGNITUDE`].
pub const MIN_MAGNITUDE: f64 = 1e-9;

pub(super) fn in_range(path: &str, v: f64) -> Result<f64, Error> {
    let a = v.abs();
    if a > MAX_MAGNITUDE || (a != 0.0 && a < MIN_MAGNITUDE) {
        return Err(err(
            path,
            format!(
                "must be 0 or between {MIN_MAGNITUDE:e} and {MAX_MAGNITUDE:e} in magnitude (got {v:e}): \
                 outside that range plans cannot be computed reliably; change the unit"
            ),
        ));
    }
    Ok(v)
}

pub(super) fn nonneg(path: &str, v: f64) -> Result<f64, Error> {
    if finite(path, v)? < 0.0 {
        return Err(err(path, format!("must be >= 0 (got {v})")));
    }
    in_range(path, v)
}

pub(super) fn positive(path: &str, v: f64) -> Result<f64, Error> {
    if finite(path, v)? <= 0.0 {
        return Err(err(path, format!("must be > 0 (got {v})")));
    }
    in_range(path, v)
}

pub(super) fn share(path: &str, v: f64) -> Result<f64, Error> {
    if !(0.0..=1.0).contains(&finite(path, v)?) {
        return Err(err(path, format!("must be a share in [0, 1] (got {v})")));
    }
    Ok(v)
}

pub(super) fn id(path: &str, v: &str) -> Result<(), Error> {
    if v.trim().is_empty() {
        return Err(err(path, "must not be empty"));
    }
    Ok(())
}

fn hours(s: &Scenario) -> Result<Vec<f64>, Error> {
    let h = &s.horizon;
    let n = h.periods as usize;
    if n == 0 {
        return Err(err("horizon.periods", "must be at least 1"));
    }
    match (&h.hours, h.hours_per_period) {
        (Some(_), Some(_)) => Err(err(
            "horizon.hours",
            "give either `hours` or `hours_per_period`, not both",
        )),
        (Some(list), None) => {
            if list.len() != n {
                return Err(err(
                    "horizon.hours",
                    format!("must have one value per period ({n}), got {}", list.len()),
                ));
            }
            for (i, &v) in list.iter().enumerate() {
                positive(&format!("horizon.hours[{i}]"), v)?;
            }
            Ok(list.clone())
        }
        (None, hpp) => {
            let v = positive(
                "horizon.hours_per_period",
                hpp.unwrap_or(DEFAULT_HOURS_PER_PERIOD),
            )?;
            Ok(vec![v; n])
        }
    }
}

fn labels(start: Option<&str>, n: usize) -> Vec<String> {
    let month = start.and_then(crate::scenario::month::parse);
    (0..n)
        .map(|t| match month {
            Some(m0) => crate::scenario::month::label(m0 + t as i64),
            None => format!("P{}", t + 1),
        })
        .collect()
}

fn segments(s: &Scenario) -> Result<Vec<Seg>, Error> {
    if s.segments.is_empty() {
        return Ok(vec![Seg {
            share: 1.0,
            level: 1.0,
            name: "all".into(),
        }]);
    }
    let mut out = Vec::with_capacity(s.segments.len());
    for (k, seg) in s.segments.iter().enumerate() {
        share(&format!("segments[{k}].share"), seg.share)?;
        nonneg(&format!("segments[{k}].level"), seg.level)?;
        let name = seg.name.clone().unwrap_or_else(|| format!("S{}", k + 1));
        if out.iter().any(|s: &Seg| s.name == name) {
            return Err(err(
                format!("segments[{k}].name"),
                format!("duplicate segment name `{name}`"),
            ));
        }
        out.push(Seg {
            share: seg.share,
            level: seg.level,
            name,
        });
    }
    let total: f64 = out.iter().map(|s| s.share).sum();
    if (total - 1.0).abs() > 1e-6 {
        return Err(err(
            "segments",
            format!(
                "shares must sum to 1 (they sum to {})",
                crate::fmt::near(total, 1.0)
            ),
        ));
    }
    Ok(out)
}

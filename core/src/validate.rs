//! Every rule of the contract (§1), each error naming the offending path.

use crate::error::ScenarioError;
use crate::model::{glob_match, Model, OfferingM, ProviderM, Seg, Usable, WorkloadM};
use crate::scenario::{Demand, Purchase, Scenario, WorkloadKind};
use crate::Error;
use std::collections::HashMap;

/// Default hours in a period when neither `hours` nor `hours_per_period` is given.
pub const DEFAULT_HOURS_PER_PERIOD: f64 = 730.0;

/// Size limits checked before any large allocation, so that a hostile scenario cannot
/// exhaust a browser tab or a service.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Most planning periods.
    pub max_periods: usize,
    /// Most load-profile segments.
    pub max_segments: usize,
    /// Most offerings.
    pub max_offerings: usize,
    /// Most workloads.
    pub max_workloads: usize,
    /// Most LP variables (counted before the model is built).
    pub max_variables: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_periods: 600,
            max_segments: 48,
            max_offerings: 100_000,
            max_workloads: 10_000,
            max_variables: 20_000_000,
        }
    }
}

/// Checks a scenario against the contract and returns its indexed [`Model`].
pub fn validate(scenario: &Scenario) -> Result<Model, Error> {
    validate_with_limits(scenario, &Limits::default())
}

/// [`validate`] with explicit size limits.
pub fn validate_with_limits(scenario: &Scenario, limits: &Limits) -> Result<Model, Error> {
    check_sizes(scenario, limits)?;
    // Unresolved catalogs are an error; throughput_ref, aliases and geo become plain fields.
    let expanded = crate::catalog::expand(scenario)?;
    let scenario: &Scenario = &expanded;
    let hours = hours(scenario)?;
    let periods = hours.len();
    let segments = segments(scenario)?;
    let p = &scenario.policy;
    share("policy.max_provider_share", p.max_provider_share)?;
    share("policy.outage_coverage", p.outage_coverage)?;
    share("policy.max_spot_share", p.max_spot_share)?;
    if let Some(b) = p.budget {
        nonneg("policy.budget", b)?;
    }
    let providers = providers(scenario)?;
    let provider_index: HashMap<&str, usize> = providers
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut offerings = offerings(scenario, &provider_index, periods)?;
    existing(scenario, &mut offerings, periods)?;
    let workloads = workloads(scenario, &provider_index, &offerings, periods)?;
    let model = Model {
        name: scenario.name.clone(),
        labels: labels(scenario.horizon.start.as_deref(), periods),
        hours,
        segments,
        providers,
        offerings,
        workloads,
        outage_coverage: p.outage_coverage,
        budget: p.budget,
        integer_units: p.integer_units,
        beyond: p.commitments_beyond_horizon,
    };
    let vars = crate::formulate::estimate_variables(&model);
    if vars > limits.max_variables {
        return Err(Error::Limit {
            path: "scenario".into(),
            reason: format!(
                "the model would have about {vars} variables, more than the limit of {}",
                limits.max_variables
            ),
        });
    }
    Ok(model)
}

/// The size limits that can be checked on the raw scenario, before anything (even the
/// expansion of workload conveniences) costs more than the input's own size.
pub(crate) fn check_sizes(s: &Scenario, l: &Limits) -> Result<(), Error> {
    let checks = [
        ("horizon.periods", s.horizon.periods as usize, l.max_periods),
        ("segments", s.segments.len(), l.max_segments),
        ("offerings", s.offerings.len(), l.max_offerings),
        ("workloads", s.workloads.len(), l.max_workloads),
    ];
    for (path, n, max) in checks {
        if n > max {
            return Err(Error::Limit {
                path: path.into(),
                reason: format!("{n} exceeds the limit of {max}"),
            });
        }
    }
    // Validation and the expansion of workload conveniences look at every (workload,
    // offering) pair; each usable pair becomes at least one variable, so more pairs than
    // `max_variables` would be refused later anyway, after seconds of work.
    let pairs = s.workloads.len().saturating_mul(s.offerings.len());
    if pairs > l.max_variables {
        return Err(Error::Limit {
            path: "workloads".into(),
            reason: format!(
                "{} workloads × {} offerings = {pairs} (workload, offering) pairs, more than the variable limit of {}",
                s.workloads.len(),
                s.offerings.len(),
                l.max_variables
            ),
        });
    }
    Ok(())
}

fn err(path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::Invalid(ScenarioError::new(path, reason))
}

fn finite(path: &str, v: f64) -> Result<f64, Error> {
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

fn in_range(path: &str, v: f64) -> Result<f64, Error> {
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

fn nonneg(path: &str, v: f64) -> Result<f64, Error> {
    if finite(path, v)? < 0.0 {
        return Err(err(path, format!("must be >= 0 (got {v})")));
    }
    in_range(path, v)
}

fn positive(path: &str, v: f64) -> Result<f64, Error> {
    if finite(path, v)? <= 0.0 {
        return Err(err(path, format!("must be > 0 (got {v})")));
    }
    in_range(path, v)
}

fn share(path: &str, v: f64) -> Result<f64, Error> {
    if !(0.0..=1.0).contains(&finite(path, v)?) {
        return Err(err(path, format!("must be a share in [0, 1] (got {v})")));
    }
    Ok(v)
}

fn id(path: &str, v: &str) -> Result<(), Error> {
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
    let month = start.and_then(|s| {
        let (y, m) = s.split_once('-')?;
        let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
        // Lazily: a year of many digits must not overflow before it is rejected (found by
        // fuzzing: `start = "3542238459257625586-07"`).
        (y.to_string().len() == 4 && (1..=12).contains(&m)).then(|| y * 12 + m - 1)
    });
    (0..n)
        .map(|t| match month {
            Some(m0) => {
                let m = m0 + t as i64;
                format!("{:04}-{:02}", m / 12, m % 12 + 1)
            }
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
            format!("shares must sum to 1 (they sum to {total})"),
        ));
    }
    Ok(out)
}

fn providers(s: &Scenario) -> Result<Vec<ProviderM>, Error> {
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(s.providers.len());
    for (i, p) in s.providers.iter().enumerate() {
        id(&format!("providers[{i}].id"), &p.id)?;
        if let Some(j) = seen.insert(p.id.as_str(), i) {
            return Err(err(
                format!("providers[{i}].id"),
                format!("duplicate id `{}` (also providers[{j}])", p.id),
            ));
        }
        let max_share = match p.max_share {
            Some(v) => share(&format!("providers[{i}].max_share"), v)?,
            None => s.policy.max_provider_share,
        };
        out.push(ProviderM {
            id: p.id.clone(),
            max_share,
        });
    }
    Ok(out)
}

fn offerings(
    s: &Scenario,
    provider_index: &HashMap<&str, usize>,
    periods: usize,
) -> Result<Vec<OfferingM>, Error> {
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(s.offerings.len());
    for (i, o) in s.offerings.iter().enumerate() {
        let at = |f: &str| format!("offerings[{i}].{f}");
        id(&at("id"), &o.id)?;
        if let Some(j) = seen.insert(o.id.as_str(), i) {
            return Err(err(
                at("id"),
                format!("duplicate id `{}` (also offerings[{j}])", o.id),
            ));
        }
        let provider = *provider_index.get(o.provider.as_str()).ok_or_else(|| {
            err(
                at("provider"),
                format!(
                    "unknown provider `{}`: declare it in [[providers]]",
                    o.provider
                ),
            )
        })?;
        id(&at("accelerator"), &o.accelerator)?;
        positive(&at("chips"), o.chips)?;
        nonneg(&at("price_per_hour"), o.price_per_hour)?;
        if let Some(u) = o.max_units {
            nonneg(&at("max_units"), u)?;
        }
        let availability = o.availability.unwrap_or(1.0);
        if !(finite(&at("availability"), availability)? > 0.0 && availability <= 1.0) {
            return Err(err(
                at("availability"),
                format!("must be in (0, 1] (got {availability})"),
            ));
        }
        in_range(&at("availability"), availability)?;
        let (term, lead) = match o.purchase {
            Purchase::Commit => {
                let term = o.term_periods.ok_or_else(|| {
                    err(
                        at("term_periods"),
                        "a commit offering needs `term_periods` (>= 1)",
                    )
                })?;
                if term == 0 {
                    return Err(err(at("term_periods"), "must be at least 1"));
                }
                (term as usize, o.lead_periods.unwrap_or(0) as usize)
            }
            _ => {
                if o.term_periods.is_some() {
                    return Err(err(at("term_periods"), "only commit offerings have a term"));
                }
                if o.lead_periods.is_some() {
                    return Err(err(
                        at("lead_periods"),
                        "only commit offerings have a lead time",
                    ));
                }
                (0, 0)
            }
        };
        out.push(OfferingM {
            id: o.id.clone(),
            provider,
            region: o.region.clone(),
            accelerator: o.accelerator.clone(),
            chips: o.chips,
            purchase: o.purchase,
            price: o.price_per_hour,
            cap: o.max_units,
            availability,
            term,
            lead,
            existing: vec![0.0; periods],
        });
    }
    Ok(out)
}

fn existing(s: &Scenario, offerings: &mut [OfferingM], periods: usize) -> Result<(), Error> {
    let index: HashMap<&str, usize> = s
        .offerings
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    for (i, e) in s.existing.iter().enumerate() {
        let at = |f: &str| format!("existing[{i}].{f}");
        let &o = index
            .get(e.offering.as_str())
            .ok_or_else(|| err(at("offering"), format!("unknown offering `{}`", e.offering)))?;
        let off = &mut offerings[o];
        if !off.is_commit() {
            return Err(err(
                at("offering"),
                format!(
                    "`{}` is {}, but existing commitments need a commit offering",
                    off.id,
                    off.purchase.as_str()
                ),
            ));
        }
        nonneg(&at("units"), e.units)?;
        for t in 0..(e.remaining_periods as usize).min(periods) {
            off.existing[t] += e.units;
        }
        if let (Some(cap), Some(&first)) = (off.cap, off.existing.first()) {
            if first > cap * (1.0 + 1e-9) {
                return Err(err(
                    at("units"),
                    format!(
                        "{first} units already committed on `{}` exceed its max_units ({cap})",
                        off.id
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn workloads(
    s: &Scenario,
    provider_index: &HashMap<&str, usize>,
    offerings: &[OfferingM],
    periods: usize,
) -> Result<Vec<WorkloadM>, Error> {
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(s.workloads.len());
    for (i, w) in s.workloads.iter().enumerate() {
        let at = |f: &str| format!("workloads[{i}].{f}");
        id(&at("id"), &w.id)?;
        if let Some(j) = seen.insert(w.id.as_str(), i) {
            return Err(err(
                at("id"),
                format!("duplicate id `{}` (also workloads[{j}])", w.id),
            ));
        }
        let (demand, total, window) = match w.kind {
            WorkloadKind::Serving => {
                if w.total.is_some() {
                    return Err(err(
                        at("total"),
                        "only batch workloads have a total; serving workloads give `demand`",
                    ));
                }
                if w.window.is_some() {
                    return Err(err(at("window"), "only batch workloads have a window"));
                }
                let d = demand(&at("demand"), w.demand.as_ref(), periods)?;
                (d, 0.0, (0, periods - 1))
            }
            WorkloadKind::Batch => {
                if w.demand.is_some() {
                    return Err(err(
                        at("demand"),
                        "batch workloads give `total` and `window`, not `demand`",
                    ));
                }
                let total = nonneg(
                    &at("total"),
                    w.total.ok_or_else(|| {
                        err(at("total"), "a batch workload needs `total` (work units)")
                    })?,
                )?;
                let [a, b] = w.window.unwrap_or([1, periods as u32]);
                if a < 1 || b as usize > periods || a > b {
                    return Err(err(
                        at("window"),
                        format!("must be [first, last] with 1 <= first <= last <= {periods} (got [{a}, {b}])"),
                    ));
                }
                (Vec::new(), total, (a as usize - 1, b as usize - 1))
            }
        };
        for (acc, &v) in &w.throughput {
            positive(&format!("workloads[{i}].throughput.{acc}"), v)?;
        }
        if let Some(list) = &w.providers {
            for (j, p) in list.iter().enumerate() {
                if !provider_index.contains_key(p.as_str()) {
                    return Err(err(
                        format!("workloads[{i}].providers[{j}]"),
                        format!("unknown provider `{p}`"),
                    ));
                }
            }
        }
        if let Some(list) = &w.regions {
            for (j, r) in list.iter().enumerate() {
                id(&format!("workloads[{i}].regions[{j}]"), r)?;
            }
        }
        let max_spot_share = match w.max_spot_share {
            Some(v) => share(&at("max_spot_share"), v)?,
            None => s.policy.max_spot_share,
        };
        if let Some(p) = w.shortfall_penalty {
            nonneg(&at("shortfall_penalty"), p)?;
        }
        let usable = usable(w, offerings, &s.providers);
        if usable.is_empty() {
            return Err(err(
                format!("workloads[{i}]"),
                unusable_reason(w, offerings),
            ));
        }
        out.push(WorkloadM {
            id: w.id.clone(),
            kind: w.kind,
            demand,
            total,
            window,
            max_spot_share,
            routing: w.routing,
            penalty: w.shortfall_penalty,
            usable,
        });
    }
    Ok(out)
}

fn demand(path: &str, d: Option<&Demand>, periods: usize) -> Result<Vec<f64>, Error> {
    match d {
        None => Err(err(
            path,
            "a serving workload needs `demand` (a list or {start, growth})",
        )),
        Some(Demand::Series(list)) => {
            if list.len() != periods {
                return Err(err(
                    path,
                    format!(
                        "must have one value per period ({periods}), got {}",
                        list.len()
                    ),
                ));
            }
            for (t, &v) in list.iter().enumerate() {
                nonneg(&format!("{path}[{t}]"), v)?;
            }
            Ok(list.clone())
        }
        Some(Demand::Growth { start, growth }) => {
            nonneg(&format!("{path}.start"), *start)?;
            if finite(&format!("{path}.growth"), *growth)? <= -1.0 {
                return Err(err(
                    format!("{path}.growth"),
                    format!("must be > -1 (got {growth})"),
                ));
            }
            let series: Vec<f64> = (0..periods)
                .map(|t| start * (1.0 + growth).powi(t as i32))
                .collect();
            if series.iter().any(|v| !v.is_finite() || *v > MAX_MAGNITUDE) {
                return Err(err(
                    path,
                    format!("growth makes demand overflow: it exceeds {MAX_MAGNITUDE:e} within the horizon"),
                ));
            }
            Ok(series)
        }
    }
}

fn allowed(
    w: &crate::scenario::Workload,
    o: &OfferingM,
    providers: &[crate::scenario::Provider],
) -> bool {
    let provider_ok = w.providers.as_ref().is_none_or(|list| {
        list.iter()
            .any(|p| providers.get(o.provider).is_some_and(|q| &q.id == p))
    });
    let region_ok = w
        .regions
        .as_ref()
        .is_none_or(|globs| globs.iter().any(|g| glob_match(g, &o.region)));
    provider_ok && region_ok
}

fn usable(
    w: &crate::scenario::Workload,
    offerings: &[OfferingM],
    providers: &[crate::scenario::Provider],
) -> Vec<Usable> {
    offerings
        .iter()
        .enumerate()
        .filter_map(|(o, off)| {
            let theta = *w.throughput.get(&off.accelerator)?;
            allowed(w, off, providers).then_some(Usable {
                offering: o,
                gain: theta * off.chips * off.availability,
            })
        })
        .collect()
}

fn unusable_reason(w: &crate::scenario::Workload, offerings: &[OfferingM]) -> String {
    let wanted: Vec<&str> = w.throughput.keys().map(String::as_str).collect();
    let compatible = offerings
        .iter()
        .filter(|o| w.throughput.contains_key(&o.accelerator))
        .count();
    if wanted.is_empty() {
        format!(
            "workload `{}` has no throughput entries, so no offering can serve it",
            w.id
        )
    } else if compatible == 0 {
        let mut have: Vec<&str> = offerings.iter().map(|o| o.accelerator.as_str()).collect();
        have.sort_unstable();
        have.dedup();
        format!(
            "no offering can serve workload `{}`: it runs on [{}] but the offerings have [{}]",
            w.id,
            wanted.join(", "),
            have.join(", ")
        )
    } else {
        format!(
            "no offering can serve workload `{}`: {compatible} offerings have a compatible accelerator, but none passes its provider/region filters",
            w.id
        )
    }
}

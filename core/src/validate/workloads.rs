//! Workloads: demand, batch totals and windows, throughput, filters and usable offerings
//! (contract §1).

use super::{err, finite, id, nonneg, positive, share, MAX_MAGNITUDE, MIN_MAGNITUDE};
use crate::glob::glob_match;
use crate::model::{OfferingM, Usable, WorkloadM};
use crate::options::Deadline;
use crate::scenario::{Demand, Scenario, WorkloadKind};
use crate::Error;
use std::collections::HashMap;

pub(super) fn workloads(
    s: &Scenario,
    provider_index: &HashMap<&str, usize>,
    offerings: &[OfferingM],
    periods: usize,
    deadline: &Deadline,
) -> Result<Vec<WorkloadM>, Error> {
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(s.workloads.len());
    for (i, w) in s.workloads.iter().enumerate() {
        deadline.check_every(i, "validating workloads")?;
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
            if let Some((t, v)) = series
                .iter()
                .enumerate()
                .find(|(_, v)| **v != 0.0 && v.abs() < MIN_MAGNITUDE)
            {
                return Err(err(
                    format!("{path}.growth"),
                    format!(
                        "growth makes demand fall to {v:e} in period {} (below {MIN_MAGNITUDE:e}): plans cannot be computed reliably; change the unit or the rule",
                        t + 1
                    ),
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
            let fits = !w.unfit.contains_key(&off.id);
            (fits && allowed(w, off, providers)).then_some(Usable {
                offering: o,
                gain: theta * off.chips * off.availability,
            })
        })
        .collect()
}

fn unusable_reason(w: &crate::scenario::Workload, offerings: &[OfferingM]) -> String {
    if let Some((id, why)) = w.unfit.iter().next().filter(|_| w.throughput.is_empty()) {
        return format!(
            "no offering can serve workload `{}` with model `{}`: {} unit(s) cannot (e.g. `{id}`: {why})",
            w.id,
            w.model.as_deref().unwrap_or(""),
            w.unfit.len()
        );
    }
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

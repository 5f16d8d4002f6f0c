//! Cost splits. A commitment's cost goes to the workloads that use it in proportion to use;
//! the unused rest is "idle commitment". On-demand/spot cost goes to workloads in proportion
//! to their units (whole-unit rounding slack included).

use super::build::Values;
use crate::document::{Costs, IDLE_COMMITMENT};
use crate::model::Model;
use crate::scenario::BeyondHorizon;
use crate::solve::dust::EPS;
use std::collections::BTreeMap;

/// Key in `costs.by_workload` for charged commitment periods after the horizon.
pub(crate) const BEYOND_HORIZON: &str = "commitments beyond horizon";
/// Key in `costs.by_workload` for on-demand/spot units that no workload uses.
pub(crate) const IDLE_CAPACITY: &str = "idle capacity";

/// Adds `usd` under `key`. Every nonzero amount is listed, however small: the solution's
/// dust was cleaned before (plan/build.rs), and a plan may cost less than a micro-dollar in
/// total, so no absolute threshold is safe.
fn add(map: &mut BTreeMap<String, f64>, key: &str, usd: f64) {
    if usd != 0.0 {
        *map.entry(key.to_string()).or_insert(0.0) += usd;
    }
}

pub(crate) fn costs(model: &Model, v: &Values) -> Costs {
    let mut c = Costs {
        by_period: vec![0.0; model.periods()],
        by_period_and_provider: vec![BTreeMap::new(); model.periods()],
        by_period_and_accelerator: vec![BTreeMap::new(); model.periods()],
        by_period_and_purchase: vec![BTreeMap::new(); model.periods()],
        ..Costs::default()
    };
    // USD per (o, t, k) by workload, from allocations.
    let mut by_use: BTreeMap<(usize, usize, usize), Vec<(usize, f64)>> = BTreeMap::new();
    for &(w, o, t, k, units) in &v.alloc {
        by_use.entry((o, t, k)).or_default().push((w, units));
    }
    for (o, off) in model.offerings.iter().enumerate() {
        let provider = &model.providers[off.provider].id;
        let region = format!("{provider}/{}", off.region);
        let charge = |c: &mut Costs, usd: f64, t: Option<usize>| {
            if let Some(t) = t {
                c.by_period[t] += usd;
                add(&mut c.by_period_and_provider[t], provider, usd);
                add(&mut c.by_period_and_accelerator[t], &off.accelerator, usd);
                add(&mut c.by_period_and_purchase[t], off.purchase.as_str(), usd);
            }
            add(&mut c.by_provider, provider, usd);
            add(&mut c.by_accelerator, &off.accelerator, usd);
            add(&mut c.by_purchase, off.purchase.as_str(), usd);
            add(&mut c.by_region, &region, usd);
        };
        for t in 0..model.periods() {
            c.existing_commitments += off.price * model.hours[t] * off.existing[t];
            for (k, _) in model.segments.iter().enumerate() {
                let paid = v.paid[o][t][k];
                if paid <= EPS {
                    continue;
                }
                let rate = off.price * model.seg_hours(t, k);
                let usd = rate * paid;
                charge(&mut c, usd, Some(t));
                let users = by_use.get(&(o, t, k)).map(Vec::as_slice).unwrap_or(&[]);
                let used: f64 = users.iter().map(|u| u.1).sum();
                if off.is_commit() {
                    for &(w, units) in users {
                        add(&mut c.by_workload, &model.workloads[w].id, rate * units);
                    }
                    add(
                        &mut c.by_workload,
                        IDLE_COMMITMENT,
                        rate * (paid - used).max(0.0),
                    );
                } else if used > EPS {
                    for &(w, units) in users {
                        add(
                            &mut c.by_workload,
                            &model.workloads[w].id,
                            usd * units / used,
                        );
                    }
                } else {
                    add(&mut c.by_workload, IDLE_CAPACITY, usd);
                }
            }
        }
        for (s, &units) in v.signed[o].iter().enumerate() {
            if units > EPS {
                let usd = units * model.beyond_cost(o, s);
                c.beyond_horizon += usd;
                if model.policy.commitments_beyond_horizon == BeyondHorizon::Charge {
                    charge(&mut c, usd, None);
                    add(&mut c.by_workload, BEYOND_HORIZON, usd);
                }
            }
        }
    }
    c.beyond_horizon_charged = model.policy.commitments_beyond_horizon == BeyondHorizon::Charge;
    for &(w, at, amount) in &v.short {
        let hours = at.map_or(1.0, |(t, k)| model.seg_hours(t, k));
        c.shortfall_penalty += amount * hours * model.workloads[w].penalty.unwrap_or(0.0);
    }
    c
}

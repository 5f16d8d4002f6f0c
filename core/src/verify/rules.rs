//! Demand and policy rows (contract §2): serving demand, batch totals, provider share,
//! outage coverage (N-1), spot share and single routing. Rates are work units per hour,
//! batch work is work units.

use super::tally::Tally;
use super::view::View;
use super::{num, Checker};
use crate::document::Plan;
use crate::scenario::{Routing, Workload};
use std::collections::BTreeMap;

/// Runs every demand and policy check.
pub(super) fn check(view: &View, plan: &Plan, tally: &Tally, c: &mut Checker) {
    for (w, workload) in view.scenario.workloads.iter().enumerate() {
        if View::is_serving(workload) {
            serving_demand(view, tally, w, workload, c);
        } else {
            batch_total(view, tally, w, workload, c);
        }
        routing(tally, w, workload, c);
    }
    provider_share(view, tally, c);
    region_share(view, plan, c);
    outage(view, tally, c);
    spot_share(view, tally, c);
}

/// Check 2: delivered + unmet rate ≥ level × demand in every (t, k) with positive demand.
fn serving_demand(view: &View, tally: &Tally, w: usize, workload: &Workload, c: &mut Checker) {
    for t in 0..view.periods() {
        for k in 0..view.segments.len() {
            let required = view.rate(w, t, k);
            if required <= 0.0 {
                continue;
            }
            let delivered = tally.delivered.get(&(w, t, k)).copied().unwrap_or(0.0);
            let hours = view.seg_hours(t, k);
            let work = tally.short.get(&(w, t, k)).copied().unwrap_or(0.0);
            // Shortfall entries are work units over the segment's hours. A segment without
            // hours cannot report them, and there an unmet rate is free when it is allowed.
            let short = if hours > 0.0 {
                work / hours
            } else if workload.shortfall_penalty.is_some() {
                (required - delivered).max(0.0)
            } else {
                0.0
            };
            c.at_least(delivered + short, required, delivered + short, || {
                format!(
                    "demand of `{}` in period {} segment {}: delivered {} + shortfall {} < required {}",
                    workload.id,
                    t + 1,
                    view.seg_name(k),
                    num(delivered),
                    num(short),
                    num(required)
                )
            });
        }
    }
}

/// Check 3: Σ over the window of segment hours × delivered rate, plus unmet work, ≥ total.
fn batch_total(view: &View, tally: &Tally, w: usize, workload: &Workload, c: &mut Checker) {
    let total = View::total(workload);
    if total <= 0.0 {
        return;
    }
    let (first, last) = view.window(workload);
    let work = batch_work(view, first, last, |t, k| {
        tally.delivered.get(&(w, t, k)).copied().unwrap_or(0.0)
    });
    let short = tally.short_batch.get(&w).copied().unwrap_or(0.0);
    c.at_least(work + short, total, work + short, || {
        format!(
            "batch `{}` in periods {}..={}: delivered {} + shortfall {} < total {}",
            workload.id,
            first + 1,
            last + 1,
            num(work),
            num(short),
            num(total)
        )
    });
}

/// Work units over periods `first..=last`: Σ_t Σ_k h_t φ_k rate(t, k).
fn batch_work(view: &View, first: usize, last: usize, rate: impl Fn(usize, usize) -> f64) -> f64 {
    (first..=last)
        .flat_map(|t| (0..view.segments.len()).map(move |k| (t, k)))
        .map(|(t, k)| view.seg_hours(t, k) * rate(t, k))
        .sum()
}

/// Check 5: no provider delivers more than its share of demand; serving per (t, k), batch
/// over the window against the total.
fn provider_share(view: &View, tally: &Tally, c: &mut Checker) {
    // Batch work (work units) per (workload, provider) inside the window.
    let mut batch: BTreeMap<(usize, &str), f64> = BTreeMap::new();
    for (&(w, p, t, k), &delivered) in &tally.by_provider {
        let Some(workload) = view.scenario.workloads.get(w) else {
            continue;
        };
        let limit = view.provider_limit(p);
        if View::is_serving(workload) {
            let demand = view.rate(w, t, k);
            c.at_most(delivered, limit * demand, delivered.abs().max(demand), || {
                format!(
                    "provider share of `{p}` for `{}` in period {} segment {}: delivers {} > {} × demand {}",
                    workload.id,
                    t + 1,
                    view.seg_name(k),
                    num(delivered),
                    num(limit),
                    num(demand)
                )
            });
        } else {
            let (first, last) = view.window(workload);
            if (first..=last).contains(&t) {
                *batch.entry((w, p)).or_default() += view.seg_hours(t, k) * delivered;
            }
        }
    }
    for ((w, p), work) in batch {
        let Some(workload) = view.scenario.workloads.get(w) else {
            continue;
        };
        let (limit, total) = (view.provider_limit(p), View::total(workload));
        c.at_most(work, limit * total, work.abs().max(total), || {
            format!(
                "provider share of `{p}` for batch `{}`: delivers {} work units > {} × total {}",
                workload.id,
                num(work),
                num(limit),
                num(total)
            )
        });
    }
}

/// Check 5b: with ρ = policy.max_region_share < 1, no provider/region delivers more than ρ
/// of a serving workload's demand in any (t, k). Summed here from the allocations (the
/// region of each is the offering's, never the plan's label).
fn region_share(view: &View, plan: &Plan, c: &mut Checker) {
    let rho = view.scenario.policy.max_region_share;
    if rho >= 1.0 {
        return;
    }
    let mut by: BTreeMap<(usize, &str, &str, usize, usize), f64> = BTreeMap::new();
    for a in &plan.allocations {
        let (Some((w, workload)), Some((_, offering))) =
            (view.workload(&a.workload), view.offering(&a.offering))
        else {
            continue;
        };
        let (Some(t), Some(k)) = (a.period.checked_sub(1), view.segment(&a.segment)) else {
            continue;
        };
        if !View::is_serving(workload) || !a.units.is_finite() {
            continue;
        }
        let key = (
            w,
            offering.provider.as_str(),
            offering.region.as_str(),
            t,
            k,
        );
        *by.entry(key).or_default() += a.units * View::gain(workload, offering);
    }
    for ((w, p, r, t, k), delivered) in by {
        let demand = view.rate(w, t, k);
        let id = view
            .scenario
            .workloads
            .get(w)
            .map_or("?", |x| x.id.as_str());
        c.at_most(delivered, rho * demand, delivered.abs().max(demand), || {
            format!(
                "region share of `{p}/{r}` for `{id}` in period {} segment {}: delivers {} > {} × demand {}",
                t + 1,
                view.seg_name(k),
                num(delivered),
                num(rho),
                num(demand)
            )
        });
    }
}

/// Check 6: with β = policy.outage_coverage > 0, losing any one provider usable by a
/// serving workload still leaves ≥ β × demand delivered in every (t, k) with demand.
fn outage(view: &View, tally: &Tally, c: &mut Checker) {
    let beta = view.scenario.policy.outage_coverage;
    if beta <= 0.0 {
        return;
    }
    for (w, workload) in view
        .scenario
        .workloads
        .iter()
        .enumerate()
        .filter(|(_, wl)| View::is_serving(wl))
    {
        let providers = view.usable_providers(workload);
        for t in 0..view.periods() {
            for k in 0..view.segments.len() {
                let demand = view.rate(w, t, k);
                if demand <= 0.0 {
                    continue;
                }
                let total = tally.delivered.get(&(w, t, k)).copied().unwrap_or(0.0);
                for &p in &providers {
                    let lost = tally.by_provider.get(&(w, p, t, k)).copied().unwrap_or(0.0);
                    let others = total - lost;
                    c.at_least(others, beta * demand, others.abs().max(demand), || {
                        format!(
                            "outage coverage of `{}` without `{p}` in period {} segment {}: others deliver {} < {} × demand {}",
                            workload.id,
                            t + 1,
                            view.seg_name(k),
                            num(others),
                            num(beta),
                            num(demand)
                        )
                    });
                }
            }
        }
    }
}

/// Check 7: spot offerings deliver at most the spot share of a serving workload's demand.
fn spot_share(view: &View, tally: &Tally, c: &mut Checker) {
    for (&(w, t, k), &spot) in &tally.spot {
        let Some(workload) = view.scenario.workloads.get(w) else {
            continue;
        };
        if !View::is_serving(workload) {
            continue;
        }
        let (limit, demand) = (view.spot_limit(workload), view.rate(w, t, k));
        c.at_most(spot, limit * demand, spot.abs().max(demand), || {
            format!(
                "spot share of `{}` in period {} segment {}: spot delivers {} > {} × demand {}",
                workload.id,
                t + 1,
                view.seg_name(k),
                num(spot),
                num(limit),
                num(demand)
            )
        });
    }
}

/// Check 8: a workload with single routing runs on one accelerator name for the horizon.
fn routing(tally: &Tally, w: usize, workload: &Workload, c: &mut Checker) {
    if workload.routing != Routing::Single {
        return;
    }
    let used: Vec<&str> = tally
        .accelerators
        .get(&w)
        .map(|a| a.iter().copied().collect())
        .unwrap_or_default();
    c.holds(used.len() <= 1, || {
        format!(
            "single routing of `{}` is broken: it runs on {}",
            workload.id,
            used.join(", ")
        )
    });
}

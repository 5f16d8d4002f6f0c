//! Reading the elastic program's solution into findings: unserved demand, policy rows that
//! give, caps used up where something is missing, allow-lists that exclude compatible
//! offerings of an unserved workload.

use super::elastic::Elastic;
use crate::document::PolicyFamily;
use crate::document::{Diagnosis, ExhaustedCap, PolicyLimit, Unserved};
use crate::formulate::{Lp, Tag};
use crate::model::Model;
use crate::Scenario;
use std::collections::BTreeMap;

/// Slack below this fraction of the row's scale (its demand rate, batch total or budget) is
/// solver noise.
const REL_TOL: f64 = 1e-7;

/// Which families with an exact follow-up figure gave.
#[derive(Debug, Default)]
pub(crate) struct Gives {
    pub budget: bool,
    pub outage: bool,
}

/// Fills `d.unserved`, `d.policy_limits`, `d.exhausted_caps` and `d.excluded_offerings`
/// from the elastic solution `values`.
pub(crate) fn read_slack(
    scenario: &Scenario,
    model: &Model,
    e: &Elastic,
    values: &[f64],
    d: &mut Diagnosis,
) -> Gives {
    let mut gives = Gives::default();
    // Periods with a relaxed row, to tell the caps that matter from idle ones.
    let mut short = vec![false; model.periods()];
    for s in &e.slacks {
        let v = values[s.var];
        let scale = match s.tag {
            Tag::Demand { w, t, k }
            | Tag::ProviderShare { w, t, k, .. }
            | Tag::Outage { w, t, k, .. }
            | Tag::SpotShare { w, t, k } => model.rate(w, t, k),
            Tag::BatchTotal { w } | Tag::BatchProviderShare { w, .. } => model.workloads[w].total,
            _ => s.rhs.abs(),
        };
        if v <= REL_TOL * scale.max(1.0) {
            continue;
        }
        match s.tag {
            Tag::Demand { t, .. }
            | Tag::ProviderShare { t, .. }
            | Tag::Outage { t, .. }
            | Tag::SpotShare { t, .. } => short[t] = true,
            Tag::BatchTotal { w } | Tag::BatchProviderShare { w, .. } => {
                model.workloads[w].periods().for_each(|t| short[t] = true)
            }
            _ => {}
        }
        // Rows are in rate units (share and coverage rows: share × rate), so v / scale is
        // the change of the share or coverage parameter that makes the row hold.
        let rel = v / scale.max(f64::MIN_POSITIVE);
        let wl = |w: usize| &model.workloads[w];
        match s.tag {
            Tag::Demand { .. } | Tag::BatchTotal { .. } => {
                d.unserved.push(unserved(scenario, model, s.tag, v, scale))
            }
            Tag::ProviderShare { w, p, t, k } => {
                let cap = model.providers[p].max_share;
                let at = Some((t, k));
                d.policy_limits.push(limit(
                    model,
                    PolicyFamily::ProviderShare,
                    w,
                    Some(p),
                    at,
                    cap,
                    cap + rel,
                ));
            }
            Tag::BatchProviderShare { w, p } => {
                let cap = model.providers[p].max_share;
                d.policy_limits.push(limit(
                    model,
                    PolicyFamily::ProviderShare,
                    w,
                    Some(p),
                    None,
                    cap,
                    cap + rel,
                ));
            }
            Tag::Outage { w, p, t, k } => {
                gives.outage = true;
                let beta = model.outage_coverage;
                let at = Some((t, k));
                d.policy_limits.push(limit(
                    model,
                    PolicyFamily::OutageCoverage,
                    w,
                    Some(p),
                    at,
                    beta,
                    beta - rel,
                ));
            }
            Tag::SpotShare { w, t, k } => {
                let cap = wl(w).max_spot_share;
                d.policy_limits.push(limit(
                    model,
                    PolicyFamily::SpotShare,
                    w,
                    None,
                    Some((t, k)),
                    cap,
                    cap + rel,
                ));
            }
            Tag::Budget => {
                gives.budget = true;
                let b = model.budget.unwrap_or(0.0);
                d.policy_limits.push(PolicyLimit {
                    family: PolicyFamily::Budget,
                    workload: None,
                    provider: None,
                    period: None,
                    segment: None,
                    limit: b,
                    relaxed_to: b + v,
                });
            }
            _ => {}
        }
    }
    exhausted(model, &e.lp, values, &short, d);
    excluded(scenario, model, d);
    gives
}

/// Unserved demand of a demand or batch row relaxed by `v` (rate or work units).
fn unserved(scenario: &Scenario, model: &Model, tag: Tag, v: f64, demand: f64) -> Unserved {
    let (w, at) = match tag {
        Tag::Demand { w, t, k } => (w, Some((t, k))),
        Tag::BatchTotal { w } => (w, None),
        _ => (0, None),
    };
    let unit = scenario.workloads.get(w).and_then(|r| r.unit.clone());
    Unserved {
        workload: model.workloads[w].id.clone(),
        period: at.map(|(t, _)| t + 1),
        label: at.map(|(t, _)| model.labels[t].clone()),
        segment: at.and_then(|(_, k)| segment(model, k)),
        unit: unit.unwrap_or_else(|| "work units".into()),
        demand,
        missing: v,
        missing_share: v / demand.max(f64::MIN_POSITIVE),
        // Serving: rate × the segment's hours; batch: already work units.
        missing_work_units: at.map_or(v, |(t, k)| v * model.seg_hours(t, k)),
    }
}

/// The segment's name when the scenario has more than one.
fn segment(model: &Model, k: usize) -> Option<String> {
    (model.segments.len() > 1).then(|| model.segments[k].name.clone())
}

fn limit(
    model: &Model,
    family: PolicyFamily,
    w: usize,
    p: Option<usize>,
    at: Option<(usize, usize)>,
    limit: f64,
    relaxed_to: f64,
) -> PolicyLimit {
    PolicyLimit {
        family,
        workload: Some(model.workloads[w].id.clone()),
        provider: p.map(|p| model.providers[p].id.clone()),
        period: at.map(|(t, _)| t + 1),
        segment: at.and_then(|(_, k)| segment(model, k)),
        limit,
        relaxed_to,
    }
}

fn activity(lp: &Lp, row: usize, values: &[f64]) -> f64 {
    lp.rows[row].coefs.iter().map(|&(j, a)| a * values[j]).sum()
}

/// Caps at their limit in periods where something is relaxed.
fn exhausted(model: &Model, lp: &Lp, values: &[f64], short: &[bool], d: &mut Diagnosis) {
    let mut by_offering: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, row) in lp.rows.iter().enumerate() {
        let (Tag::OfferingCap { o, t, .. } | Tag::CommitCap { o, t }) = row.tag else {
            continue;
        };
        let cap = model.offerings[o].cap.unwrap_or(f64::INFINITY);
        if short[t] && activity(lp, i, values) >= row.rhs - REL_TOL * cap.max(1.0) {
            let periods = by_offering.entry(o).or_default();
            if !periods.contains(&(t + 1)) {
                periods.push(t + 1);
            }
        }
    }
    for (o, periods) in by_offering {
        let off = &model.offerings[o];
        d.exhausted_caps.push(ExhaustedCap {
            offering: off.id.clone(),
            provider: model.providers[off.provider].id.clone(),
            max_units: off.cap.unwrap_or(0.0),
            periods,
        });
    }
}

/// Compatible offerings excluded by the allow-lists of unserved workloads.
fn excluded(scenario: &Scenario, model: &Model, d: &mut Diagnosis) {
    for (wl, raw) in model.workloads.iter().zip(&scenario.workloads) {
        let filtered = raw.providers.is_some() || raw.regions.is_some();
        if !filtered || !d.unserved.iter().any(|u| u.workload == wl.id) {
            continue;
        }
        let ids: Vec<String> = model
            .offerings
            .iter()
            .enumerate()
            .filter(|(o, off)| {
                raw.throughput.contains_key(&off.accelerator)
                    && !wl.usable.iter().any(|u| u.offering == *o)
            })
            .map(|(_, off)| off.id.clone())
            .collect();
        if !ids.is_empty() {
            d.excluded_offerings.insert(wl.id.clone(), ids);
        }
    }
}

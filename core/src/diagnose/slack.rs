//! Reading the elastic program's solution into findings (each relaxed row's family says
//! what it means): unserved demand, policy rows that give, caps used up where something is
//! missing, allow-lists that exclude compatible offerings of an unserved workload.

use super::elastic::Elastic;
use crate::document::{Diagnosis, ExhaustedCap, PolicyFamily, Unserved};
use crate::formulate::families::Finding;
use crate::formulate::Lp;
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
/// from the elastic solution `values`: each relaxed row's family says what it means.
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
        let scale = match s.tag.at.w {
            Some(_) => model.row_demand(s.tag.at.w, s.tag.at.t, s.tag.at.k),
            None => s.rhs.abs(),
        };
        if v <= REL_TOL * scale.max(1.0) {
            continue;
        }
        match (s.tag.at.t, s.tag.at.w) {
            (Some(t), _) => short[t] = true,
            (None, Some(w)) => model.workloads[w].periods().for_each(|t| short[t] = true),
            _ => {}
        }
        let Some(finding) = s
            .tag
            .kind
            .family()
            .and_then(|f| f.finding(model, s.tag, v, scale))
        else {
            continue;
        };
        match finding {
            Finding::Unserved {
                w,
                at,
                missing,
                demand,
            } => d
                .unserved
                .push(unserved(scenario, model, w, at, missing, demand)),
            Finding::Limit(l) => {
                gives.budget |= l.family == PolicyFamily::Budget;
                gives.outage |= l.family == PolicyFamily::OutageCoverage;
                d.policy_limits.push(l);
            }
        }
    }
    exhausted(model, &e.lp, values, &short, d);
    excluded(scenario, model, d);
    gives
}

/// Unserved demand of workload `w` (serving: in (t, k)) short by `v` (rate or work units).
fn unserved(
    scenario: &Scenario,
    model: &Model,
    w: usize,
    at: Option<(usize, usize)>,
    v: f64,
    demand: f64,
) -> Unserved {
    let unit = scenario.workloads.get(w).and_then(|r| r.unit.clone());
    Unserved {
        workload: model.workloads[w].id.clone(),
        period: at.map(|(t, _)| t + 1),
        label: at.map(|(t, _)| model.labels[t].clone()),
        segment: at.and_then(|(_, k)| model.segment_name(k)),
        unit: unit.unwrap_or_else(|| "work units".into()),
        demand,
        missing: v,
        missing_share: v / demand.max(f64::MIN_POSITIVE),
        // Serving: rate × the segment's hours; batch: already work units.
        missing_work_units: at.map_or(v, |(t, k)| v * model.seg_hours(t, k)),
    }
}

fn activity(lp: &Lp, row: usize, values: &[f64]) -> f64 {
    lp.rows[row].coefs.iter().map(|&(j, a)| a * values[j]).sum()
}

/// Caps at their limit in periods where something is relaxed.
fn exhausted(model: &Model, lp: &Lp, values: &[f64], short: &[bool], d: &mut Diagnosis) {
    let mut by_offering: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, row) in lp.rows.iter().enumerate() {
        let Some((o, t)) = row.tag.kind.family().and_then(|f| f.cap_row(row.tag)) else {
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

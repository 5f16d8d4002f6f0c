//! Serving rates and batch totals, with penalised shortfall where the workload allows it.
//!
//! - Serving, every (w, t, k) with demand: Σ_o g x + short ≥ m_k·D_{w,t} (work units per
//!   hour); short costs `shortfall_penalty` × segment hours per unit of rate.
//! - Batch: Σ_{t∈window} Σ_k h_t φ_k Σ_o g x + short ≥ total (work units).
//!
//! The dual of a demand row is USD per unit of rate over the segment (serving) or per work
//! unit (batch); the plan reports both per work unit. In the elastic program demand gives
//! only after every policy ([`DEMAND_WEIGHT`]).

use super::{demand_inputs, Build, Family, Finding, ParamSpec, RowKind, DEMAND_WEIGHT};
use crate::document::{DemandPrice, ShadowPrices};
use crate::formulate::{batch_work, delivered, At, Row, Sense, Tag, VarKind};
use crate::model::Model;
use crate::scenario::{Demand as DemandRule, DemandGrowth, DemandScale, Risk, Scenario};

pub(crate) struct Demand;

impl Family for Demand {
    fn build(&self, b: &mut Build<'_>) {
        let (model, x) = (b.model, b.x);
        for (w, wl) in model.workloads.iter().enumerate() {
            if b.expired() {
                return;
            }
            if wl.is_serving() {
                for t in 0..model.periods() {
                    for k in 0..model.segments.len() {
                        let rate = model.rate(w, t, k);
                        if rate <= 0.0 {
                            continue;
                        }
                        let mut coefs = delivered(model, x, w, t, k, |_| true);
                        if let Some(p) = wl.penalty {
                            // USD per unmet work unit × hours = USD per unit of unmet rate.
                            let cost = p * model.seg_hours(t, k);
                            let short = b.lp.add_var(VarKind::Short { w, t, k }, cost, rate, false);
                            coefs.push((short, 1.0));
                        }
                        let tag = Tag::new(RowKind::Demand, At::wtk(w, t, k));
                        b.lp.add_row(coefs, Sense::Ge, rate, tag);
                    }
                }
            } else if wl.total > 0.0 {
                let mut coefs = batch_work(model, x, w, |_| true);
                if let Some(p) = wl.penalty {
                    let short = b.lp.add_var(VarKind::ShortBatch { w }, p, wl.total, false);
                    coefs.push((short, 1.0));
                }
                let at = At {
                    w: Some(w),
                    ..At::default()
                };
                b.lp.add_row(
                    coefs,
                    Sense::Ge,
                    wl.total,
                    Tag::new(RowKind::BatchTotal, at),
                );
            }
        }
    }

    fn prefix(&self, kind: RowKind) -> &'static str {
        match kind {
            RowKind::BatchTotal => "batch",
            _ => "demand",
        }
    }

    fn slack_weight(&self, _kind: RowKind) -> Option<f64> {
        Some(DEMAND_WEIGHT)
    }

    fn price(&self, model: &Model, row: &Row, y: f64, out: &mut ShadowPrices) {
        let at = row.tag.at;
        let Some(w) = at.w else { return };
        let workload = model.workloads[w].id.clone();
        out.demand.push(match (at.t, at.k) {
            // Rate rows: USD per (work unit/hour) held over the segment's hours.
            (Some(t), Some(k)) => DemandPrice {
                workload,
                period: Some(t + 1),
                segment: Some(model.segments[k].name.clone()),
                usd_per_work_unit: y / model.seg_hours(t, k),
            },
            _ => DemandPrice {
                workload,
                period: None,
                segment: None,
                usd_per_work_unit: y,
            },
        });
    }

    fn finding(&self, _model: &Model, tag: Tag, v: f64, scale: f64) -> Option<Finding> {
        Some(Finding::Unserved {
            w: tag.at.w?,
            at: tag.at.t.zip(tag.at.k),
            missing: v,
            demand: scale,
        })
    }

    fn params(&self) -> &'static [ParamSpec] {
        &PARAMS
    }
}

/// The demand parameters, then the serving inputs of workloads with a model.
static PARAMS: [ParamSpec; 10] = [
    ParamSpec {
        form: "workloads.<id>.demand_scale",
        tightening: 0,
        apply: demand_scale,
    },
    ParamSpec {
        form: "workloads.<id>.growth",
        tightening: 0,
        apply: growth,
    },
    ParamSpec {
        form: "policy.cvar_level",
        tightening: 0,
        apply: cvar_level,
    },
    ParamSpec {
        form: "demand_scenarios.<id>.probability",
        tightening: 0,
        apply: probability,
    },
    ParamSpec {
        form: "demand_scenarios.<id>.scale",
        tightening: 0,
        apply: scenario_scale,
    },
    ParamSpec {
        form: "demand_scenarios.<id>.growth",
        tightening: 0,
        apply: scenario_growth,
    },
    demand_inputs::NUMERIC[0],
    demand_inputs::NUMERIC[1],
    demand_inputs::NUMERIC[2],
    demand_inputs::NUMERIC[3],
];

/// Multiplies a workload's demand (series or growth start) or batch total.
fn demand_scale(s: &mut Scenario, id: Option<&str>, f: f64) -> Result<(), &'static str> {
    if f < 0.0 {
        return Err("a scale must be >= 0");
    }
    let Some(w) = s.workloads.iter_mut().find(|w| Some(w.id.as_str()) == id) else {
        return Ok(());
    };
    match &mut w.demand {
        Some(DemandRule::Series(list)) => list.iter_mut().for_each(|d| *d *= f),
        Some(DemandRule::Growth { start, .. }) => *start *= f,
        None => {}
    }
    if let Some(total) = &mut w.total {
        *total *= f;
    }
    Ok(())
}

/// Sets the growth of a workload whose demand is a growth rule (others are left as they are:
/// `workloads.*.growth` sets every rule).
fn growth(s: &mut Scenario, id: Option<&str>, g: f64) -> Result<(), &'static str> {
    if g <= -1.0 {
        return Err("growth must be > -1");
    }
    if let Some(w) = s.workloads.iter_mut().find(|w| Some(w.id.as_str()) == id) {
        if let Some(DemandRule::Growth { growth, .. }) = &mut w.demand {
            *growth = g;
        }
    }
    Ok(())
}

/// `policy.risk = { cvar = α }` (validation checks 0 ≤ α < 1).
fn cvar_level(s: &mut Scenario, _: Option<&str>, alpha: f64) -> Result<(), &'static str> {
    s.policy.risk = Risk::Cvar(alpha);
    Ok(())
}

/// The probability of demand scenario `id` (explicit, or `low`/`base`/`high` of
/// `demand_growth`); the others are rescaled in proportion so that the sum stays 1 (equally
/// when they were all 0).
fn probability(s: &mut Scenario, id: Option<&str>, p: f64) -> Result<(), &'static str> {
    if !(0.0..=1.0).contains(&p) {
        return Err("a probability must be in [0, 1]");
    }
    let Some(i) = scenario_names(s)
        .iter()
        .position(|n| Some(n.as_str()) == id)
    else {
        return Ok(());
    };
    // The probabilities in place, in the order of `scenario_names`.
    let mut probabilities: Vec<&mut f64> = match &mut s.demand_growth {
        Some(g) => g.probabilities.iter_mut().collect(),
        None => s
            .demand_scenarios
            .iter_mut()
            .map(|d| &mut d.probability)
            .collect(),
    };
    let others: f64 = (0..probabilities.len())
        .filter(|&j| j != i)
        .map(|j| *probabilities[j])
        .sum();
    let n_others = probabilities.len().saturating_sub(1).max(1) as f64;
    for (j, q) in probabilities.iter_mut().enumerate() {
        **q = if j == i {
            p
        } else if others > 0.0 {
            **q * (1.0 - p) / others
        } else {
            (1.0 - p) / n_others
        };
    }
    Ok(())
}

/// The names of the demand scenarios a sweep can address: the explicit ones, or `low`,
/// `base` and `high` of `demand_growth`.
pub(crate) fn scenario_names(s: &Scenario) -> Vec<String> {
    match &s.demand_growth {
        Some(_) => DemandGrowth::NAMES.map(String::from).to_vec(),
        None => s.demand_scenarios.iter().map(|d| d.name.clone()).collect(),
    }
}

/// One factor on every workload's demand in explicit demand scenario `id` (it replaces a
/// per-workload scale table; workloads with explicit demand keep it).
fn scenario_scale(s: &mut Scenario, id: Option<&str>, f: f64) -> Result<(), &'static str> {
    if f < 0.0 {
        return Err("a scale must be >= 0");
    }
    if s.demand_growth.is_some() {
        return Err("the scenarios of demand_growth have growth rates, not scales: sweep demand_scenarios.<id>.growth");
    }
    let workloads: Vec<String> = s.workloads.iter().map(|w| w.id.clone()).collect();
    if let Some(d) = s
        .demand_scenarios
        .iter_mut()
        .find(|d| Some(d.name.as_str()) == id)
    {
        // Explicit demand wins over scale: a scale no workload reads would sweep nothing.
        if workloads.iter().all(|w| d.demand.contains_key(w)) {
            return Err(
                "this scenario's explicit demand covers every workload, so a scale has no effect",
            );
        }
        d.scale = Some(DemandScale::All(f));
    }
    Ok(())
}

/// The growth rate per period of scenario `low`, `base` or `high` of `demand_growth`.
fn scenario_growth(s: &mut Scenario, id: Option<&str>, g: f64) -> Result<(), &'static str> {
    if g <= -1.0 {
        return Err("growth must be > -1");
    }
    let Some(growth) = &mut s.demand_growth else {
        return Err("only the scenarios of demand_growth have growth rates: sweep demand_scenarios.<id>.scale");
    };
    if let Some(rate) = id.and_then(|id| growth.rate_mut(id)) {
        *rate = g;
    }
    Ok(())
}

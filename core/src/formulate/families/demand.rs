//! Serving rates and batch totals, with penalised shortfall where the workload allows it.
//!
//! - Serving, every (w, t, k) with demand: Σ_o g x + short ≥ m_k·D_{w,t} (work units per
//!   hour); short costs `shortfall_penalty` × segment hours per unit of rate.
//! - Batch: Σ_{t∈window} Σ_k h_t φ_k Σ_o g x + short ≥ total (work units).
//!
//! The dual of a demand row is USD per unit of rate over the segment (serving) or per work
//! unit (batch); the plan reports both per work unit. In the elastic program demand gives
//! only after every policy ([`DEMAND_WEIGHT`]).

use super::{Build, Family, Finding, ParamSpec, RowKind, DEMAND_WEIGHT};
use crate::document::{DemandPrice, ShadowPrices};
use crate::formulate::{batch_work, delivered, At, Row, Sense, Tag, VarKind};
use crate::model::Model;
use crate::scenario::{Demand as DemandRule, Scenario};

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
        &[
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
        ]
    }
}

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

//! Row duals → shadow prices in the plan's units.

use crate::document::{CapPrice, DemandPrice, PolicyPrice, ShadowPrices};
use crate::formulate::{Lp, Tag};
use crate::model::Model;
use std::collections::BTreeMap;

/// Duals smaller than this (USD per unit of right-hand side) are not reported.
const TINY: f64 = 1e-9;

pub(crate) fn shadow_prices(
    model: &Model,
    lp: &Lp,
    duals: &[f64],
    dual_objective: f64,
) -> ShadowPrices {
    let mut s = ShadowPrices {
        dual_objective,
        ..ShadowPrices::default()
    };
    let mut caps: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let seg = |k: usize| Some(model.segments[k].name.clone());
    let wid = |w: usize| Some(model.workloads[w].id.clone());
    let pid = |p: usize| Some(model.providers[p].id.clone());
    for (row, &y) in lp.rows.iter().zip(duals) {
        if y.abs() < TINY {
            continue;
        }
        match row.tag {
            // Rate rows: USD per (work unit/hour) held over the segment's hours.
            Tag::Demand { w, t, k } => s.demand.push(DemandPrice {
                workload: model.workloads[w].id.clone(),
                period: Some(t + 1),
                segment: seg(k),
                usd_per_work_unit: y / model.seg_hours(t, k),
            }),
            Tag::BatchTotal { w } => s.demand.push(DemandPrice {
                workload: model.workloads[w].id.clone(),
                period: None,
                segment: None,
                usd_per_work_unit: y,
            }),
            Tag::OfferingCap { o, t, .. } | Tag::CommitCap { o, t } => {
                *caps.entry((o, t)).or_insert(0.0) -= y;
            }
            Tag::ProviderShare { w, p, t, k } => s.policy.push(PolicyPrice {
                family: "provider_share".into(),
                workload: wid(w),
                provider: pid(p),
                period: Some(t + 1),
                segment: seg(k),
                usd_per_unit_of_parameter: y * model.rate(w, t, k),
            }),
            Tag::BatchProviderShare { w, p } => s.policy.push(PolicyPrice {
                family: "provider_share".into(),
                workload: wid(w),
                provider: pid(p),
                period: None,
                segment: None,
                usd_per_unit_of_parameter: y * model.workloads[w].total,
            }),
            Tag::Outage { w, p, t, k } => s.policy.push(PolicyPrice {
                family: "outage_coverage".into(),
                workload: wid(w),
                provider: pid(p),
                period: Some(t + 1),
                segment: seg(k),
                usd_per_unit_of_parameter: y * model.rate(w, t, k),
            }),
            Tag::SpotShare { w, t, k } => s.policy.push(PolicyPrice {
                family: "spot_share".into(),
                workload: wid(w),
                provider: None,
                period: Some(t + 1),
                segment: seg(k),
                usd_per_unit_of_parameter: y * model.rate(w, t, k),
            }),
            Tag::Budget => s.policy.push(PolicyPrice {
                family: "budget".into(),
                workload: None,
                provider: None,
                period: None,
                segment: None,
                usd_per_unit_of_parameter: y,
            }),
            _ => {}
        }
    }
    s.caps = caps
        .into_iter()
        .filter(|(_, usd)| usd.abs() >= TINY)
        .map(|((o, t), usd)| CapPrice {
            offering: model.offerings[o].id.clone(),
            period: t + 1,
            usd_per_unit: usd,
        })
        .collect();
    s
}

//! Achieved figures: provider and spot shares, N-1 coverage, commitment utilisation.

use super::build::Values;
use crate::document::{Achieved, CoverageFigure, ShareFigure, Utilisation};
use crate::model::Model;
use crate::scenario::Purchase;
use crate::solve::dust::EPS;

/// Delivered rate per (w, t, k) in total, per provider, and from spot.
struct Delivered {
    total: Vec<Vec<Vec<f64>>>,
    by_provider: Vec<Vec<Vec<Vec<f64>>>>,
    spot: Vec<Vec<Vec<f64>>>,
}

fn delivered(model: &Model, v: &Values) -> Delivered {
    let (nw, np, nt, nk) = (
        model.workloads.len(),
        model.providers.len(),
        model.periods(),
        model.segments.len(),
    );
    let mut d = Delivered {
        total: vec![vec![vec![0.0; nk]; nt]; nw],
        by_provider: vec![vec![vec![vec![0.0; nk]; nt]; np]; nw],
        spot: vec![vec![vec![0.0; nk]; nt]; nw],
    };
    for &(w, o, t, k, units) in &v.alloc {
        let gain = model.workloads[w].gain(o);
        let rate = units * gain;
        let off = &model.offerings[o];
        d.total[w][t][k] += rate;
        d.by_provider[w][off.provider][t][k] += rate;
        if off.purchase == Purchase::Spot {
            d.spot[w][t][k] += rate;
        }
    }
    d
}

pub(crate) fn achieved(model: &Model, v: &Values) -> Achieved {
    let d = delivered(model, v);
    let mut a = Achieved::default();
    for (w, wl) in model.workloads.iter().enumerate() {
        let providers = wl.providers(model);
        for &p in &providers {
            let share = if wl.is_serving() {
                max_ratio(model, w, |t, k| d.by_provider[w][p][t][k])
            } else {
                let work: f64 = wl
                    .periods()
                    .flat_map(|t| (0..model.segments.len()).map(move |k| (t, k)))
                    .map(|(t, k)| d.by_provider[w][p][t][k] * model.seg_hours(t, k))
                    .sum();
                if wl.total > 0.0 {
                    work / wl.total
                } else {
                    0.0
                }
            };
            a.provider_shares.push(ShareFigure {
                workload: wl.id.clone(),
                provider: Some(model.providers[p].id.clone()),
                region: None,
                share,
                limit: model.providers[p].max_share,
            });
        }
        if !wl.is_serving() {
            continue;
        }
        if wl
            .usable
            .iter()
            .any(|u| model.offerings[u.offering].purchase == Purchase::Spot)
        {
            a.spot_shares.push(ShareFigure {
                workload: wl.id.clone(),
                provider: None,
                region: None,
                share: max_ratio(model, w, |t, k| d.spot[w][t][k]),
                limit: wl.max_spot_share,
            });
        }
        region_shares(model, w, v, &mut a);
        let mut worst: Option<(f64, Option<usize>, usize)> = None;
        for t in 0..model.periods() {
            for k in 0..model.segments.len() {
                let rate = model.rate(w, t, k);
                if rate <= 0.0 {
                    continue;
                }
                for &p in &providers {
                    let cov = (d.total[w][t][k] - d.by_provider[w][p][t][k]) / rate;
                    if worst.is_none_or(|(c, _, _)| cov < c) {
                        worst = Some((cov, Some(p), t));
                    }
                }
            }
        }
        if let Some((coverage, p, t)) = worst {
            a.outage_coverage.push(CoverageFigure {
                workload: wl.id.clone(),
                coverage: coverage.max(0.0),
                worst_provider: p.map(|p| model.providers[p].id.clone()),
                period: t + 1,
                target: model.policy.outage_coverage,
            });
        }
    }
    for (o, off) in model
        .offerings
        .iter()
        .enumerate()
        .filter(|(_, o)| o.is_commit())
    {
        for t in 0..model.periods() {
            let active = v.paid[o][t].first().copied().unwrap_or(0.0);
            if active <= EPS {
                continue;
            }
            let used: f64 = (0..model.segments.len())
                .map(|k| v.used[o][t][k] * model.segments[k].share)
                .sum();
            a.commitment_utilisation.push(Utilisation {
                offering: off.id.clone(),
                period: t + 1,
                active_units: active,
                used_units: used,
                utilisation: used / active,
            });
        }
    }
    a
}

/// With `policy.max_region_share` < 1: the largest share of serving workload `w`'s demand
/// each provider/region it uses delivers.
fn region_shares(model: &Model, w: usize, v: &Values, a: &mut Achieved) {
    let limit = model.policy.max_region_share;
    if limit >= 1.0 {
        return;
    }
    let wl = &model.workloads[w];
    // Delivered rate per (provider, region) and (t, k).
    let mut by: std::collections::BTreeMap<(usize, &str), Vec<Vec<f64>>> = Default::default();
    for u in &wl.usable {
        let off = &model.offerings[u.offering];
        by.entry((off.provider, off.region.as_str()))
            .or_insert_with(|| vec![vec![0.0; model.segments.len()]; model.periods()]);
    }
    for &(aw, o, t, k, units) in &v.alloc {
        let off = &model.offerings[o];
        let gain = wl.gain(o);
        if let (true, Some(d)) = (aw == w, by.get_mut(&(off.provider, off.region.as_str()))) {
            d[t][k] += units * gain;
        }
    }
    for ((p, region), d) in by {
        let provider = &model.providers[p].id;
        a.region_shares.push(ShareFigure {
            workload: wl.id.clone(),
            provider: Some(provider.clone()),
            region: Some(format!("{provider}/{region}")),
            share: max_ratio(model, w, |t, k| d[t][k]),
            limit,
        });
    }
}

/// Largest value/demand over the (t, k) with positive demand.
fn max_ratio(model: &Model, w: usize, value: impl Fn(usize, usize) -> f64) -> f64 {
    let mut best: f64 = 0.0;
    for t in 0..model.periods() {
        for k in 0..model.segments.len() {
            let rate = model.rate(w, t, k);
            if rate > 0.0 {
                best = best.max(value(t, k) / rate);
            }
        }
    }
    best
}

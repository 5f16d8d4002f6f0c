//! Serving rates and batch totals, with penalised shortfall where the workload allows it.

use super::{Lp, Sense, Tag, VarKind, XIndex};
use crate::model::Model;

/// Delivered-rate terms Σ_j g_j x_{w,j,t,k} of workload `w` in (t, k), optionally limited to
/// the usable offerings for which `keep(offering)` holds.
pub(crate) fn delivered(
    model: &Model,
    x: &XIndex,
    w: usize,
    t: usize,
    k: usize,
    keep: impl Fn(usize) -> bool,
) -> Vec<(usize, f64)> {
    let wl = &model.workloads[w];
    wl.usable
        .iter()
        .enumerate()
        .filter(|(_, u)| keep(u.offering))
        .filter_map(|(j, u)| x.get(model, w, j, t, k).map(|v| (v, u.gain)))
        .collect()
}

/// Work (work units) delivered over a batch workload's window: Σ_t Σ_k h_t φ_k Σ_j g_j x.
pub(crate) fn batch_work(
    model: &Model,
    x: &XIndex,
    w: usize,
    keep: impl Fn(usize) -> bool,
) -> Vec<(usize, f64)> {
    let mut coefs = Vec::new();
    for t in model.workloads[w].periods() {
        for k in 0..model.segments.len() {
            let h = model.seg_hours(t, k);
            coefs.extend(
                delivered(model, x, w, t, k, &keep)
                    .into_iter()
                    .map(|(v, g)| (v, g * h)),
            );
        }
    }
    coefs
}

pub(super) fn demand(model: &Model, x: &XIndex, lp: &mut Lp) {
    for (w, wl) in model.workloads.iter().enumerate() {
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
                        coefs.push((
                            lp.add_var(VarKind::Short { w, t, k }, cost, rate, false),
                            1.0,
                        ));
                    }
                    lp.add_row(coefs, Sense::Ge, rate, Tag::Demand { w, t, k });
                }
            }
        } else if wl.total > 0.0 {
            let mut coefs = batch_work(model, x, w, |_| true);
            if let Some(p) = wl.penalty {
                coefs.push((
                    lp.add_var(VarKind::ShortBatch { w }, p, wl.total, false),
                    1.0,
                ));
            }
            lp.add_row(coefs, Sense::Ge, wl.total, Tag::BatchTotal { w });
        }
    }
}

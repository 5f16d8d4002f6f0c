//! Portfolio rules: provider share, outage coverage (N-1), spot share, single routing, budget.

use super::demand::{batch_work, delivered};
use super::{Lp, RoutingMode, Sense, Spec, Tag, VarKind, XIndex};
use crate::model::Model;
use crate::scenario::{Purchase, Routing};

/// Serving: Σ_{o∈p} g x ≤ s_p·m_k·D_{w,t} for every usable provider; batch: over the window,
/// against the total.
pub(super) fn provider_share(model: &Model, x: &XIndex, lp: &mut Lp) {
    for (w, wl) in model.workloads.iter().enumerate() {
        for p in wl.providers(model) {
            let share = model.providers[p].max_share;
            let in_p = |o: usize| model.offerings[o].provider == p;
            if wl.is_serving() {
                for t in 0..model.periods() {
                    for k in 0..model.segments.len() {
                        let rate = model.rate(w, t, k);
                        let coefs = delivered(model, x, w, t, k, in_p);
                        if rate > 0.0 && !coefs.is_empty() {
                            lp.add_row(
                                coefs,
                                Sense::Le,
                                share * rate,
                                Tag::ProviderShare { w, p, t, k },
                            );
                        }
                    }
                }
            } else if wl.total > 0.0 {
                let coefs = batch_work(model, x, w, in_p);
                if !coefs.is_empty() {
                    lp.add_row(
                        coefs,
                        Sense::Le,
                        share * wl.total,
                        Tag::BatchProviderShare { w, p },
                    );
                }
            }
        }
    }
}

/// Serving: for every provider p usable by w, Σ_{o∉p} g x ≥ β·m_k·D_{w,t}.
pub(super) fn outage(model: &Model, x: &XIndex, lp: &mut Lp) {
    let beta = model.outage_coverage;
    if beta <= 0.0 {
        return;
    }
    for (w, wl) in model
        .workloads
        .iter()
        .enumerate()
        .filter(|(_, wl)| wl.is_serving())
    {
        for p in wl.providers(model) {
            for t in 0..model.periods() {
                for k in 0..model.segments.len() {
                    let rate = model.rate(w, t, k);
                    if rate <= 0.0 {
                        continue;
                    }
                    let coefs = delivered(model, x, w, t, k, |o| model.offerings[o].provider != p);
                    lp.add_row(coefs, Sense::Ge, beta * rate, Tag::Outage { w, p, t, k });
                }
            }
        }
    }
}

/// Serving: Σ_{o spot} g x ≤ σ_w·m_k·D_{w,t}.
pub(super) fn spot_share(model: &Model, x: &XIndex, lp: &mut Lp) {
    let is_spot = |o: usize| model.offerings[o].purchase == Purchase::Spot;
    for (w, wl) in model
        .workloads
        .iter()
        .enumerate()
        .filter(|(_, wl)| wl.is_serving())
    {
        for t in 0..model.periods() {
            for k in 0..model.segments.len() {
                let rate = model.rate(w, t, k);
                let coefs = delivered(model, x, w, t, k, is_spot);
                if rate > 0.0 && !coefs.is_empty() {
                    lp.add_row(
                        coefs,
                        Sense::Le,
                        wl.max_spot_share * rate,
                        Tag::SpotShare { w, t, k },
                    );
                }
            }
        }
    }
}

/// Single routing with binaries: Σ_a z_{w,a} = 1 and x_{w,o,t,k} ≤ M·z_{w,a(o)}, where M is
/// the units of o that would carry w's demand in (t, k) alone (tightened by the cap).
pub(super) fn routing(model: &Model, spec: &Spec, x: &XIndex, lp: &mut Lp) {
    if spec.routing != RoutingMode::Binary {
        return;
    }
    for (w, wl) in model.workloads.iter().enumerate() {
        if wl.routing != Routing::Single {
            continue;
        }
        let accs = wl.accelerators(model);
        let z: Vec<usize> = (0..accs.len())
            .map(|acc| lp.add_var(VarKind::Route { w, acc }, 0.0, 1.0, true))
            .collect();
        lp.add_row(
            z.iter().map(|&v| (v, 1.0)).collect(),
            Sense::Eq,
            1.0,
            Tag::RouteChoice { w },
        );
        for (j, u) in wl.usable.iter().enumerate() {
            let off = &model.offerings[u.offering];
            let Some(a) = accs.iter().position(|&a| a == off.accelerator) else {
                continue;
            };
            for t in wl.periods() {
                for k in 0..model.segments.len() {
                    let Some(v) = x.get(model, w, j, t, k) else {
                        continue;
                    };
                    let alone = if wl.is_serving() {
                        model.rate(w, t, k) / u.gain
                    } else {
                        wl.total / (u.gain * model.seg_hours(t, k))
                    };
                    let big_m = off.cap.map_or(alone, |c| c.min(alone));
                    let o = u.offering;
                    lp.add_row(
                        vec![(v, 1.0), (z[a], -big_m)],
                        Sense::Le,
                        0.0,
                        Tag::RouteLink { w, o, t, k },
                    );
                }
            }
        }
    }
}

/// Spend (objective without shortfall penalties) ≤ budget.
pub(super) fn budget(model: &Model, lp: &mut Lp) {
    let Some(budget) = model.budget else { return };
    let coefs: Vec<(usize, f64)> = lp
        .vars
        .iter()
        .enumerate()
        .filter(|(_, v)| {
            v.cost != 0.0 && !matches!(v.kind, VarKind::Short { .. } | VarKind::ShortBatch { .. })
        })
        .map(|(i, v)| (i, v.cost))
        .collect();
    let rhs = budget - lp.constant;
    lp.add_row(coefs, Sense::Le, rhs, Tag::Budget);
}

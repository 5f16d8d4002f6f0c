//! Allocation variables, the running fleet of on-demand/spot offerings and their caps.

use super::{Lp, RoutingMode, Sense, Spec, Tag, VarKind, XIndex, NONE};
use crate::model::Model;
use crate::scenario::Routing;

/// For each offering, the (workload, usable index) pairs that may run on it.
pub(crate) fn users(model: &Model) -> Vec<Vec<(usize, usize)>> {
    let mut users = vec![Vec::new(); model.offerings.len()];
    for (w, wl) in model.workloads.iter().enumerate() {
        for (j, u) in wl.usable.iter().enumerate() {
            users[u.offering].push((w, j));
        }
    }
    users
}

/// Allocation variables of offering `o` in segment `k` of period `t`, over all workloads.
pub(crate) fn on_offering(
    model: &Model,
    x: &XIndex,
    users: &[(usize, usize)],
    t: usize,
    k: usize,
) -> Vec<(usize, f64)> {
    users
        .iter()
        .filter_map(|&(w, j)| x.get(model, w, j, t, k).map(|v| (v, 1.0)))
        .collect()
}

/// Cap in units; whole units when units are integer.
pub(crate) fn cap(model: &Model, o: usize, integer: bool) -> Option<f64> {
    let c = model.offerings[o].cap?;
    Some(if integer { (c + 1e-9).floor() } else { c })
}

/// Creates x_{w,o,t,k} for usable pairs; none outside a batch window, where a serving
/// segment has no demand, a batch segment has no hours, single routing fixed another
/// accelerator, or the offering is `dropped` by an exact reduction.
pub(super) fn allocation_vars(model: &Model, spec: &Spec, dropped: &[bool], lp: &mut Lp) -> XIndex {
    let kk = model.segments.len();
    let mut per_workload = Vec::with_capacity(model.workloads.len());
    for (w, wl) in model.workloads.iter().enumerate() {
        let accs = wl.accelerators(model);
        let fixed = match (&spec.routing, wl.routing) {
            (RoutingMode::Fixed(choice), Routing::Single) => choice
                .get(w)
                .copied()
                .flatten()
                .and_then(|a| accs.get(a).copied()),
            _ => None,
        };
        let tw = wl.window.1 - wl.window.0 + 1;
        let mut idx = vec![NONE; wl.usable.len() * tw * kk];
        for (j, u) in wl.usable.iter().enumerate() {
            let off = &model.offerings[u.offering];
            if fixed.is_some_and(|a| a != off.accelerator) || dropped[u.offering] {
                continue;
            }
            for t in wl.periods() {
                for k in 0..kk {
                    let needed = if wl.is_serving() {
                        model.rate(w, t, k) > 0.0
                    } else {
                        model.seg_hours(t, k) > 0.0
                    };
                    if !needed {
                        continue;
                    }
                    // On-demand/spot pay per running unit-hour; with integer units the cost
                    // sits on the fleet variable instead.
                    let cost = if off.is_commit() || spec.integer {
                        0.0
                    } else {
                        off.price * model.seg_hours(t, k)
                    };
                    let kind = VarKind::Alloc {
                        w,
                        o: u.offering,
                        t,
                        k,
                    };
                    idx[(j * tw + (t - wl.window.0)) * kk + k] =
                        lp.add_var(kind, cost, f64::INFINITY, false);
                }
            }
        }
        per_workload.push(idx);
    }
    XIndex { per_workload }
}

/// On-demand/spot: with integer units, whole running units u ≥ Σ_w x (cost on u, u ≤ cap);
/// otherwise Σ_w x ≤ cap directly.
pub(super) fn fleet(model: &Model, spec: &Spec, x: &XIndex, lp: &mut Lp) {
    let users = users(model);
    let kk = model.segments.len();
    for (o, off) in model.offerings.iter().enumerate() {
        if off.is_commit() || users[o].is_empty() {
            continue;
        }
        let cap = cap(model, o, spec.integer);
        for t in 0..model.periods() {
            for k in 0..kk {
                let mut coefs = on_offering(model, x, &users[o], t, k);
                if coefs.is_empty() {
                    continue;
                }
                if spec.integer {
                    let cost = off.price * model.seg_hours(t, k);
                    let u = lp.add_var(
                        VarKind::Fleet { o, t, k },
                        cost,
                        cap.unwrap_or(f64::INFINITY),
                        true,
                    );
                    coefs.push((u, -1.0));
                    lp.add_row(coefs, Sense::Le, 0.0, Tag::FleetLink { o, t, k });
                } else if let Some(cap) = cap {
                    lp.add_row(coefs, Sense::Le, cap, Tag::OfferingCap { o, t, k });
                }
            }
        }
    }
}

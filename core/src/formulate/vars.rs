//! Allocation variables x_{w,o,t,k} and the sums every family builds its rows from:
//! delivered rates, batch work, units on an offering.

use super::{Lp, RoutingMode, Spec, VarKind, XIndex, NONE};
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

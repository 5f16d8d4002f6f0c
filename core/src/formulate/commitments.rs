//! Commit offerings: units signed per period, active units A_{o,t} = E_{o,t} + Σ y over the
//! term window after the lead time, their cost and caps.

use super::capacity::{cap, on_offering, users};
use super::{Lp, Sense, Spec, Tag, VarKind, XIndex};
use crate::model::Model;

pub(super) fn commitments(model: &Model, spec: &Spec, dropped: &[bool], x: &XIndex, lp: &mut Lp) {
    let users = users(model);
    let kk = model.segments.len();
    for (o, off) in model.offerings.iter().enumerate() {
        if !off.is_commit() {
            continue;
        }
        lp.constant += (0..model.periods())
            .map(|t| off.price * model.hours[t] * off.existing[t])
            .sum::<f64>();
        if users[o].is_empty() || dropped[o] {
            continue;
        }
        let cap = cap(model, o, spec.integer);
        let y: Vec<usize> = model
            .signing_periods(o)
            .map(|s| {
                let ub = cap.unwrap_or(f64::INFINITY);
                lp.add_var(
                    VarKind::Sign { o, s },
                    model.sign_cost(o, s),
                    ub,
                    spec.integer,
                )
            })
            .collect();
        for t in 0..model.periods() {
            let active: Vec<(usize, f64)> =
                model.active_signings(o, t).map(|s| (y[s], -1.0)).collect();
            for k in 0..kk {
                let mut coefs = on_offering(model, x, &users[o], t, k);
                if coefs.is_empty() {
                    continue;
                }
                coefs.extend_from_slice(&active);
                lp.add_row(
                    coefs,
                    Sense::Le,
                    off.existing[t],
                    Tag::CommitCapacity { o, t, k },
                );
            }
            if let Some(cap) = cap {
                if !active.is_empty() {
                    let coefs = active.iter().map(|&(v, _)| (v, 1.0)).collect();
                    // Existing units may exceed a cap floored to whole units; then no
                    // new units fit, but the existing ones stay.
                    let room = (cap - off.existing[t]).max(0.0);
                    lp.add_row(coefs, Sense::Le, room, Tag::CommitCap { o, t });
                }
            }
        }
    }
}

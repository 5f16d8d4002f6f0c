//! Commit offerings: units signed per period, active units A_{o,t} = E_{o,t} + Σ y over the
//! term window after the lead time, their cost and caps.

use super::capacity::{cap, on_offering, users};
use super::{Lp, Sense, Spec, Tag, VarKind, XIndex};
use crate::model::Model;
use crate::scenario::BeyondHorizon;

/// Periods after the horizon in which a commitment signed in `s` is still active.
pub(crate) fn periods_beyond(model: &Model, o: usize, s: usize) -> usize {
    model.commit_end(o, s).saturating_sub(model.periods())
}

/// USD per unit signed in `s`: the commit price over its active hours inside the horizon,
/// plus (with `charge`) its periods after the horizon at the last period's hours.
pub(crate) fn sign_cost(model: &Model, o: usize, s: usize) -> f64 {
    let off = &model.offerings[o];
    let start = s + off.lead;
    let end = model.commit_end(o, s).min(model.periods());
    let inside: f64 = model.hours[start.min(end)..end].iter().sum();
    let beyond = match model.beyond {
        BeyondHorizon::Charge => beyond_cost(model, o, s),
        BeyondHorizon::Amortize => 0.0,
    };
    off.price * inside + beyond
}

/// USD per unit signed in `s` for its active periods after the horizon.
pub(crate) fn beyond_cost(model: &Model, o: usize, s: usize) -> f64 {
    let last = model.hours.last().copied().unwrap_or(0.0);
    model.offerings[o].price * last * periods_beyond(model, o, s) as f64
}

/// Signing periods whose commitments are active in period `t`.
pub(crate) fn active_signings(model: &Model, o: usize, t: usize) -> std::ops::Range<usize> {
    let off = &model.offerings[o];
    let first = (t + 1).saturating_sub(off.lead + off.term);
    let last = (t + 1)
        .saturating_sub(off.lead)
        .min(model.signing_periods(o).end);
    first..last.max(first)
}

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
                    sign_cost(model, o, s),
                    ub,
                    spec.integer,
                )
            })
            .collect();
        for t in 0..model.periods() {
            let active: Vec<(usize, f64)> =
                active_signings(model, o, t).map(|s| (y[s], -1.0)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Offering, Scenario, Workload};

    fn model(lead: u32, term: u32, periods: u32) -> Model {
        let s = Scenario::builder("t")
            .periods(periods)
            .hours_per_period(100.0)
            .provider("p")
            .offering(Offering::commit("c", "p", "r", "H100", 1.0, 2.0, term).lead_periods(lead))
            .workload(Workload::serving("w", vec![1.0; periods as usize]).throughput("H100", 1.0))
            .build_unchecked();
        crate::validate::model_of(&s)
    }

    #[test]
    fn active_window_respects_lead_and_term() {
        let m = model(1, 2, 5);
        // Signed in s, active in s+1 and s+2; signing possible in periods 0..4.
        assert_eq!(active_signings(&m, 0, 0), 0..0);
        assert_eq!(active_signings(&m, 0, 1), 0..1);
        assert_eq!(active_signings(&m, 0, 2), 0..2);
        assert_eq!(active_signings(&m, 0, 4), 2..4);
    }

    #[test]
    fn cost_inside_horizon_and_beyond() {
        let m = model(0, 3, 4);
        // Signed in period 3 (0-based), active 3,4,5: one period inside, two beyond.
        assert_eq!(sign_cost(&m, 0, 3), 2.0 * 100.0);
        assert_eq!(beyond_cost(&m, 0, 3), 2.0 * 100.0 * 2.0);
        assert_eq!(sign_cost(&m, 0, 0), 2.0 * 300.0);
    }
}

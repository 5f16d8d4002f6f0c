//! Numerical dust: what a solver leaves below what a plan can mean. Cleaned once, in the
//! solve stage, before whole-unit points are checked and before the plan is built.

use crate::formulate::{Lp, Var, VarKind};
use crate::model::Model;

/// Values below this magnitude (units, rates) are zero.
pub(crate) const EPS: f64 = 1e-9;

/// Every value of `x` (a point of `lp`, the program of `model`) without its dust.
pub(crate) fn clean(model: &Model, lp: &Lp, x: &mut [f64]) {
    for (var, v) in lp.vars.iter().zip(x.iter_mut()) {
        *v = value(model, var, *v);
    }
}

/// A solver's value without its numerical dust: integer variables within 1e-6 of a whole
/// number become it; an allocation that delivers less than a billionth of its demand, and
/// any other value below [`EPS`] in magnitude, becomes 0 (the verifier checks the rest).
fn value(model: &Model, var: &Var, value: f64) -> f64 {
    if !value.is_finite() {
        return value;
    }
    if var.integer {
        let r = value.round();
        if (value - r).abs() <= 1e-6 {
            return r.max(0.0);
        }
    }
    if let VarKind::Alloc { w, o, t, k } = var.kind {
        let wl = &model.workloads[w];
        let gain = wl.gain(o);
        let demand = if wl.is_serving() {
            model.rate(w, t, k)
        } else {
            wl.total / model.seg_hours(t, k).max(f64::MIN_POSITIVE)
        };
        if value * gain <= 1e-9 * demand {
            return 0.0;
        }
    }
    if value.abs() < EPS {
        0.0
    } else {
        value
    }
}

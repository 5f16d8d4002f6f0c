//! Whole instances (`policy.integer_units`, or the `integer` plan option): units are integer
//! variables (the capacity and commitment families make them so). As a policy, its price is
//! what whole units add over the fluid relaxation.
//!
//! Cover cuts tighten the relaxation of whole-unit programs without changing their whole-unit
//! plans. A serving workload w without a shortfall penalty needs, in each (t, k),
//! Σ_o g_o x_o ≥ D with x_o ≤ U_o, the whole units of offering o there (its fleet variable,
//! or its active signings plus existing units). So Σ_o g_o U_o ≥ D, and for any λ > 0,
//! since every U_o is a whole number (Chvátal–Gomory rounding):
//!
//!   Σ_o ⌈g_o / λ⌉ U_o ≥ ⌈D / λ⌉.
//!
//! One cut per distinct gain λ among w's offerings there (with λ the largest gain: whole
//! units at least D over the best gain, rounded up). The relaxation then pays for whole
//! units where one offering carries a segment, which is where fractional plans mislead
//! most. The cuts are rows of the program capmix solves (and exports); the fluid program
//! and the diagnosis's elastic program, where demand may go unmet, have none.

use super::{Build, Family, ParamSpec, RowKind};
use crate::document::PolicyFamily;
use crate::formulate::{At, Sense, Tag, VarKind};
use crate::model::Model;
use crate::options::PlanOptions;
use crate::scenario::Scenario;

pub(crate) struct IntegerUnits;

/// Relative slack in the rounding: ⌈a − 1e-9·a⌉, so that a ratio that is whole up to
/// floating-point error is not rounded to the next number.
const ROUNDING: f64 = 1e-9;

fn ceil(a: f64) -> f64 {
    (a - ROUNDING * a.abs().max(1.0)).ceil()
}

/// Where the whole units of each offering are: fleet variables by (o, t, k), signings by
/// (o, s).
struct Units {
    fleet: std::collections::HashMap<(usize, usize, usize), usize>,
    sign: std::collections::HashMap<(usize, usize), usize>,
}

impl Units {
    fn of(b: &Build<'_>) -> Units {
        let mut u = Units {
            fleet: Default::default(),
            sign: Default::default(),
        };
        for (i, v) in b.lp.vars.iter().enumerate() {
            match v.kind {
                VarKind::Fleet { o, t, k } if v.integer => {
                    u.fleet.insert((o, t, k), i);
                }
                VarKind::Sign { o, s } if v.integer => {
                    u.sign.insert((o, s), i);
                }
                _ => {}
            }
        }
        u
    }

    /// U_o in (t, k) as integer terms and a constant (existing units), or `None` when it
    /// is not a whole number of units.
    fn at(&self, m: &Model, o: usize, t: usize, k: usize) -> Option<(Vec<usize>, f64)> {
        let off = &m.offerings[o];
        if !off.is_commit() {
            return Some((vec![*self.fleet.get(&(o, t, k))?], 0.0));
        }
        let existing = off.existing[t];
        if existing != existing.round() {
            return None;
        }
        let vars = m
            .active_signings(o, t)
            .filter_map(|s| self.sign.get(&(o, s)).copied())
            .collect();
        Some((vars, existing))
    }
}

/// The cover cuts of `b`'s whole-unit program (see the module documentation).
fn cover_cuts(b: &mut Build<'_>) {
    let model = b.model;
    let units = Units::of(b);
    for (w, wl) in model.workloads.iter().enumerate() {
        if !wl.is_serving() || wl.penalty.is_some() {
            continue;
        }
        for t in 0..model.periods() {
            for k in 0..model.segments.len() {
                let rate = model.rate(w, t, k);
                if rate <= 0.0 || b.expired() {
                    continue;
                }
                // (gain, integer terms, existing units) per offering with an allocation;
                // no cut where some offering's units are not whole.
                let terms: Option<Vec<_>> = wl
                    .usable
                    .iter()
                    .enumerate()
                    .filter(|&(j, u)| b.x.get(model, w, j, t, k).is_some() && u.gain > 0.0)
                    .map(|(_, u)| {
                        let (vars, existing) = units.at(model, u.offering, t, k)?;
                        Some((u.gain, vars, existing))
                    })
                    .collect();
                let Some(terms) = terms else { continue };
                let mut gains: Vec<f64> = terms.iter().map(|t| t.0).collect();
                gains.sort_by(|a, b| b.total_cmp(a));
                gains.dedup();
                for &lambda in &gains {
                    let mut coefs = Vec::new();
                    let mut rhs = ceil(rate / lambda);
                    for (g, vars, existing) in &terms {
                        let c = ceil(g / lambda);
                        rhs -= c * existing;
                        coefs.extend(vars.iter().map(|&v| (v, c)));
                    }
                    if rhs <= 0.0 || coefs.is_empty() {
                        continue;
                    }
                    let tag = Tag::new(RowKind::CoverCut, At::wtk(w, t, k));
                    b.lp.add_row(coefs, Sense::Ge, rhs, tag);
                }
            }
        }
    }
}

impl Family for IntegerUnits {
    fn build(&self, b: &mut Build<'_>) {
        if b.spec.integer {
            cover_cuts(b);
        }
    }

    fn prefix(&self, _kind: RowKind) -> &'static str {
        "cover"
    }

    fn policy(&self) -> Option<PolicyFamily> {
        Some(PolicyFamily::IntegerUnits)
    }

    fn is_active(&self, s: &Scenario, o: &PlanOptions) -> bool {
        o.integer.unwrap_or(s.policy.integer_units)
    }

    fn relax(&self, s: &mut Scenario, o: &mut PlanOptions) {
        s.policy.integer_units = false;
        o.integer = Some(false);
    }

    fn label(&self, _s: &Scenario) -> String {
        "whole units".into()
    }

    fn setting(&self, _s: &Scenario) -> String {
        "whole units".into()
    }

    fn params(&self) -> &'static [ParamSpec] {
        &[ParamSpec {
            form: "policy.integer_units",
            tightening: 0,
            apply: |s, _, v| {
                s.policy.integer_units = match v {
                    0.0 => false,
                    1.0 => true,
                    _ => return Err("must be 0 or 1"),
                };
                Ok(())
            },
        }]
    }
}

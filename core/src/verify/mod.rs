//! Independent check of a plan against its scenario: the second opinion.
//!
//! This module never looks at the formulation or at the validated [`crate::Model`]. It
//! re-derives what it needs (hours, segments, demand series, usability, limits, active
//! commitments) from the expanded scenario ([`Expanded`]) and re-checks every constraint of the contract (§2)
//! against the plan document's allocations, fleet, commitments and shortfalls. It also
//! recomputes the total cost from the fleet and commitments and compares every reported
//! cost figure to it.
//!
//! Every check compares a left side with a right side. Its relative violation is the amount
//! by which it is broken divided by the check's scale, `max(|rhs|, Σ|terms|, floor)`, where
//! the floor is the quantity's natural scale: one unit for units, one chip for chips, the
//! workload's demand for share and coverage rows, a billionth of the plan's cost for money.
//! A check fails when that exceeds [`TOLERANCE`]: a residue of 4e-9 units where the fleet
//! holds none is 4e-9 of a unit, not a violation of 100%. Checks that are not numeric (an unknown id, a filter that does not
//! pass) count as a relative violation of 1.
//!
//! Layout: [`view`] re-reads the scenario, [`tally`] checks and sums allocations and
//! shortfalls, [`rules`] checks demand and policy rows, [`capacity`] the fleet, commitments
//! and caps, [`cost`] the money.

mod capacity;
mod cost;
mod rules;
mod tally;
mod uncertainty;
mod view;

pub(crate) use uncertainty::verify_scenarios;

#[cfg(test)]
mod tests;

use crate::document::{Plan, Verification};
use crate::expand::Expanded;
use crate::options::{Deadline, Limits};
use view::View;

/// Largest relative violation a check may have and still pass.
pub const TOLERANCE: f64 = 1e-6;

/// Most violation messages kept in [`Verification::violations`].
const MAX_MESSAGES: usize = 20;

/// Smallest scale of a relative violation, so that rows with a zero right side still
/// measure something.
const MIN_SCALE: f64 = 1e-9;

/// Re-checks `plan` against `scenario` without using the formulation.
///
/// `scenario` is the expanded scenario the plan was made for; an invalid scenario fails
/// verification. A plan without a solution (`total_cost` absent) has nothing to check and
/// passes with zero checks. Otherwise `passed` is true when every check holds within its
/// tolerance; `violations` lists the first failures in words, and `recomputed_total_cost` is
/// the total cost (USD) recomputed from the plan's fleet and commitments.
pub fn verify(scenario: &Expanded, plan: &Plan) -> Verification {
    let limits = Limits::unlimited();
    if let Err(e) = crate::validate::validate_with(scenario, &limits, &Deadline::none()) {
        if plan.has_solution() {
            let mut c = Checker::default();
            c.holds(false, || format!("the scenario is invalid: {e}"));
            return c.finish(0.0);
        }
    }
    verify_valid(scenario, plan)
}

/// [`verify`] of a scenario known to be valid (the pipeline has just validated it).
pub(crate) fn verify_valid(scenario: &Expanded, plan: &Plan) -> Verification {
    if !plan.has_solution() {
        return Verification {
            passed: true,
            checks: 0,
            ..Default::default()
        };
    }
    if scenario.has_demand_scenarios() {
        return uncertainty::verify_document(scenario, plan);
    }
    let mut c = Checker {
        money_floor: 1e-9 * plan.objective.unwrap_or(0.0).abs(),
        ..Checker::default()
    };
    let view = View::new(scenario.scenario());
    let tally = tally::tally(&view, plan, &mut c);
    rules::check(&view, plan, &tally, &mut c);
    let paid = capacity::check(&view, plan, &tally, &mut c);
    let total = cost::check(&view, plan, &tally, &paid, &mut c);
    c.finish(total)
}

/// Counts checks, keeps the largest relative violation and the first messages.
#[derive(Debug, Default)]
pub(super) struct Checker {
    /// USD below which a money difference is a residue (a billionth of the plan's cost).
    money_floor: f64,
    checks: usize,
    failures: usize,
    max_violation: f64,
    messages: Vec<String>,
}

impl Checker {
    /// `lhs ≤ rhs`, where `terms` is Σ|terms| of the left side.
    pub fn at_most(&mut self, lhs: f64, rhs: f64, terms: f64, what: impl FnOnce() -> String) {
        self.measure(lhs - rhs, rhs.abs().max(terms), what);
    }

    /// `lhs ≥ rhs`, where `terms` is Σ|terms| of the left side.
    pub fn at_least(&mut self, lhs: f64, rhs: f64, terms: f64, what: impl FnOnce() -> String) {
        self.measure(rhs - lhs, rhs.abs().max(terms), what);
    }

    /// `value == expected` (a reported figure against its recomputation).
    pub fn equal(&mut self, value: f64, expected: f64, what: impl FnOnce() -> String) {
        self.equal_at(value, expected, 0.0, what);
    }

    /// [`Checker::equal`] on a quantity whose natural scale is at least `floor` (1 unit,
    /// 1 chip, a billionth of the plan's cost): residues far below it are not violations.
    pub fn equal_at(
        &mut self,
        value: f64,
        expected: f64,
        floor: f64,
        what: impl FnOnce() -> String,
    ) {
        self.measure(
            (value - expected).abs(),
            expected.abs().max(value.abs()).max(floor),
            what,
        );
    }

    /// The smallest USD amount that counts, for money checks: a billionth of the plan.
    pub fn money_floor(&self) -> f64 {
        self.money_floor
    }

    /// A condition that is not numeric; failing counts as a relative violation of 1.
    pub fn holds(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.record(if ok { 0.0 } else { 1.0 }, what);
    }

    /// `excess` is how far the check is broken (≤ 0 when it holds), in the units of `scale`.
    fn measure(&mut self, excess: f64, scale: f64, what: impl FnOnce() -> String) {
        self.record(excess / scale.max(MIN_SCALE), what);
    }

    /// Records one check with relative violation `relative` (NaN or infinite: broken).
    pub fn record(&mut self, relative: f64, what: impl FnOnce() -> String) {
        self.checks += 1;
        let relative = if relative.is_finite() {
            relative.max(0.0)
        } else {
            1.0
        };
        self.max_violation = self.max_violation.max(relative);
        if relative > TOLERANCE {
            self.failures += 1;
            if self.messages.len() < MAX_MESSAGES {
                self.messages.push(what());
            }
        }
    }

    /// Takes in every check of `v`, a verification of demand scenario `name`'s plan.
    pub fn absorb(&mut self, name: &str, v: &Verification) {
        self.checks += v.checks;
        self.max_violation = self.max_violation.max(v.max_violation);
        if !v.passed {
            self.failures += v.violations.len().max(1);
        }
        for m in &v.violations {
            if self.messages.len() < MAX_MESSAGES {
                self.messages.push(format!("scenario `{name}`: {m}"));
            }
        }
    }

    fn finish(self, recomputed_total_cost: f64) -> Verification {
        Verification {
            passed: self.failures == 0,
            checks: self.checks,
            max_violation: self.max_violation,
            recomputed_total_cost,
            violations: self.messages,
        }
    }
}

/// A number for messages: plain decimals with up to 6 places, scientific when tiny or huge.
pub(super) fn num(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 || (1e-3..1e15).contains(&a) {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{x:.6e}")
    }
}

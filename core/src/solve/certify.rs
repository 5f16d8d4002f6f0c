//! Pure LPs with a certificate: a plan is `optimal` only when the duals prove a lower bound
//! (weak duality, checked by [`dual::bound_of`]: signs and reduced costs) equal to the
//! primal objective within [`CERTIFICATE_TOLERANCE`]. The duals come from HiGHS itself, or
//! for microlp from a solve of the explicit dual program ([`super::dual`]), which therefore
//! always runs (shadow prices are reported only when asked for).
//!
//! When the certificate fails, the program is solved again: with every row and column
//! scaled (powers of two, exact), then with HiGHS when this build has it. If no attempt is
//! certified, the best plan found is returned with status `feasible` and a note: it is a
//! feasible point (the verifier checks it), not a proven optimum.

use super::backend::{self, run_with_duals, Outcome, RunOptions, SolverKind};
use super::{dual, from_outcome, objective, PlanOptions, Solution};
use crate::document::Status;
use crate::formulate::{formulate, Formulation, RoutingMode, Spec};
use crate::model::Model;
use crate::options::Deadline;
use crate::Error;

/// Largest relative difference of primal and dual objectives of a certified LP optimum.
pub(crate) const CERTIFICATE_TOLERANCE: f64 = 1e-7;

/// Whether `primal` and `dual` (USD, without the program's constant) certify each other.
pub(crate) fn certified(primal: f64, dual: f64) -> bool {
    let scale = primal.abs().max(dual.abs());
    (primal - dual).abs() <= CERTIFICATE_TOLERANCE * scale + 1e-300
}

/// The attempts, in order: as asked, scaled, and with HiGHS when it is built.
fn attempts(solver: SolverKind) -> Vec<(SolverKind, bool)> {
    let solver = solver.resolve();
    let mut out = vec![(solver, false), (solver, true)];
    if cfg!(feature = "highs") && solver != SolverKind::Highs {
        out.push((SolverKind::Highs, false));
    }
    if cfg!(feature = "microlp") && solver != SolverKind::Microlp {
        out.push((SolverKind::Microlp, true));
    }
    out
}

pub(super) fn solve_lp(
    model: &Model,
    opts: &PlanOptions,
    deadline: &Deadline,
) -> Result<Solution, Error> {
    let f = formulate(
        model,
        &Spec {
            integer: false,
            routing: RoutingMode::Fixed(Vec::new()),
            reduce: opts.reductions,
            deadline: deadline.clone(),
        },
    );
    let mut uncertified: Option<(Vec<f64>, f64, Option<f64>)> = None;
    let mut dual_seconds = 0.0;
    for (solver, force_scale) in attempts(opts.solver) {
        if deadline.expired() {
            break;
        }
        let run = RunOptions {
            time_limit: deadline.remaining(),
            force_scale,
            ..RunOptions::default()
        };
        let (outcome, native) = run_with_duals(&f.lp, solver, run)?;
        let values = match outcome {
            Outcome::Optimal(values) => values,
            // Infeasible, unbounded, or stopped by the time limit: an outcome, not a claim of
            // optimality (a time-limited point comes back with status `time_limit`).
            other if uncertified.is_none() => return Ok(from_outcome(other, f, "lp")),
            _ => continue,
        };
        let primal = objective(&f, &values) - f.lp.constant;
        let rows = match native {
            Some(native) => Some(native.rows),
            None => {
                let before = backend::clock();
                let d = dual::row_duals_with(&f.lp, solver, deadline.remaining(), force_scale)?;
                dual_seconds += backend::clock().since(&before).solver;
                d.map(|(rows, _)| rows)
            }
        };
        // The bound the duals prove (None: they prove nothing).
        let duals = rows.and_then(|rows| dual::bound_of(&f.lp, &rows).map(|b| (b, rows)));
        match duals {
            Some((d, rows)) if certified(primal, d) => {
                let mut s = from_outcome(Outcome::Optimal(values), f, "lp");
                s.dual_objective = Some(d + s.formulation.lp.constant);
                s.duals = opts.shadow_prices.then_some(rows);
                s.dual_seconds = dual_seconds;
                if force_scale || solver != opts.solver.resolve() {
                    s.notes.push(format!(
                        "the first solve was not certified optimal; certified after {}",
                        if solver != opts.solver.resolve() {
                            format!("a second solve with {}", solver.as_str())
                        } else {
                            "scaling every row and column".into()
                        }
                    ));
                }
                return Ok(s);
            }
            d => {
                let keep = uncertified.as_ref().is_none_or(|(_, p, _)| primal < *p);
                if keep {
                    uncertified = Some((values, primal, d.map(|(d, _)| d)));
                }
            }
        }
    }
    Ok(not_certified(f, uncertified, deadline, dual_seconds))
}

/// No attempt was certified: the best point found, as `feasible` (or `time_limit` when the
/// deadline cut the attempts short).
fn not_certified(
    f: Formulation,
    best: Option<(Vec<f64>, f64, Option<f64>)>,
    deadline: &Deadline,
    dual_seconds: f64,
) -> Solution {
    let Some((values, primal, dual)) = best else {
        return from_outcome(Outcome::NoSolution, f, "lp");
    };
    let status = if deadline.expired() {
        Status::TimeLimit
    } else {
        Status::Feasible
    };
    let mut s = from_outcome(Outcome::Feasible(values), f, "lp");
    s.status = status;
    s.bound = None;
    s.dual_seconds = dual_seconds;
    s.notes.push(match dual {
        Some(d) => format!(
            "not proven optimal: the solver's duals give {d:e} against the plan's {primal:e} (numerical trouble); build with HiGHS (--features highs) for a certified plan"
        ),
        None => "not proven optimal: the dual program was not solved (numerical trouble or time limit)".into(),
    });
    s
}

#[cfg(test)]
mod tests {
    use super::certified;

    #[test]
    fn certificates_are_relative() {
        assert!(certified(1.5e-8, 1.5e-8 * (1.0 + 1e-9)));
        assert!(!certified(1.5e-8, 0.0));
        assert!(certified(0.0, 0.0));
        assert!(certified(1e12, 1e12 + 1e4));
        assert!(!certified(1e12, 1e12 + 1e6));
    }
}

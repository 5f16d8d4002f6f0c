//! LPs with a certificate: a point is optimal only when the duals prove a lower bound (weak
//! duality, checked by [`dual::bound_of`]: signs and reduced costs) equal to its objective
//! within [`CERTIFICATE_TOLERANCE`]. The duals come from HiGHS itself, or for microlp from a
//! solve of the explicit dual program ([`super::dual`]), which therefore always runs.
//!
//! When the certificate fails, or an engine says "infeasible" or "unbounded", the program is
//! solved again: with every row and column scaled (powers of two, exact), then with the other
//! engine when this build has it. If no
//! attempt is certified, the best point found comes back uncertified: a pure LP plan then
//! has status `feasible` with a note (the verifier checks it), and a relaxation proves no
//! bound for whole units.
//!
//! The same routine solves the LP relaxation of whole-unit programs (`relax`): its
//! certified bound is what a whole-unit plan's gap is measured against.

use super::backend::{self, run_with_duals, Outcome, RunOptions, SolverKind};
use super::{dual, from_outcome, objective, PlanOptions, Solution};
use crate::document::Status;
use crate::formulate::{formulate, Formulation, Lp, RoutingMode, Spec};
use crate::model::Model;
use crate::options::Deadline;
use crate::Error;
use capmix_highs_basis::Statuses;

/// Largest relative difference of primal and dual objectives of a certified LP optimum.
pub(crate) const CERTIFICATE_TOLERANCE: f64 = 1e-7;

/// Whether `primal` and `dual` (USD, without the program's constant) certify each other.
pub(crate) fn certified(primal: f64, dual: f64) -> bool {
    let scale = primal.abs().max(dual.abs());
    (primal - dual).abs() <= CERTIFICATE_TOLERANCE * scale + 1e-300
}

/// The attempts, in order: as asked, scaled, and with the other engine when it is built.
fn attempts(solver: SolverKind) -> Vec<(SolverKind, bool)> {
    let solver = solver.resolve();
    let mut out = vec![(solver, false), (solver, true)];
    if crate::link::highs_available() && solver != SolverKind::Highs {
        out.push((SolverKind::Highs, false));
    }
    if cfg!(feature = "microlp") && solver != SolverKind::Microlp {
        out.push((SolverKind::Microlp, true));
    }
    out
}

/// An LP solved with its certificate.
pub(super) struct Certified {
    /// The solver's verdict; `Optimal` values even when uncertified (see `bound`).
    pub outcome: Outcome,
    /// The lower bound the duals prove (USD, without the constant) when it certifies the
    /// point; `None` when no attempt was certified.
    pub bound: Option<f64>,
    /// Row duals of the certified point.
    pub duals: Option<Vec<f64>>,
    /// What it took, for people (empty on the first attempt).
    pub note: Option<String>,
    /// No engine found a point, yet the dual program proves that the program (for `relax`:
    /// its relaxation) is feasible: the outcome is then `NoSolution` (status
    /// `no_solution`), never `Infeasible`.
    pub plan_exists: bool,
    /// Seconds inside the solver for dual programs.
    pub dual_seconds: f64,
    /// HiGHS's basis of the certified point, when it was HiGHS's first attempt.
    pub basis: Option<Statuses>,
}

impl Certified {
    /// The status when no point was found: the verdict, `no_solution` when the dual program
    /// proved feasibility, `time_limit` when the attempts were cut short.
    pub(super) fn status_without_point(&self) -> Status {
        match self.outcome {
            _ if self.plan_exists => Status::NoSolution,
            Outcome::Infeasible => Status::Infeasible,
            Outcome::Unbounded => Status::Unbounded,
            _ => Status::TimeLimit,
        }
    }
}

/// Solves `lp` (its integer variables relaxed when `relax`) and certifies the point.
pub(super) fn certified_lp(
    lp: &Lp,
    relax: bool,
    solver: SolverKind,
    deadline: &Deadline,
) -> Result<Certified, Error> {
    certified_lp_from(lp, relax, solver, deadline, None)
}

/// [`certified_lp`], HiGHS's first attempt starting from the basis `start`.
pub(super) fn certified_lp_from(
    lp: &Lp,
    relax: bool,
    solver: SolverKind,
    deadline: &Deadline,
    start: Option<&Statuses>,
) -> Result<Certified, Error> {
    let mut best: Option<(Vec<f64>, f64)> = None;
    let mut dual_seconds = 0.0;
    let mut failures: Vec<String> = Vec::new();
    // The first attempt that found no point: (verdict, engine, scaled).
    let mut first_verdict: Option<(Outcome, SolverKind, bool)> = None;
    for (engine, force_scale) in attempts(solver) {
        if deadline.expired() {
            break;
        }
        // HiGHS's "infeasible" is not re-tried by microlp, whose simplex is the less robust
        // of the two and can take minutes on a program HiGHS settles in a second.
        if matches!(first_verdict, Some((_, SolverKind::Highs, _)))
            && best.is_none()
            && engine == SolverKind::Microlp
        {
            continue;
        }
        let run = RunOptions {
            time_limit: deadline.remaining(),
            force_scale,
            relax,
            ..RunOptions::default()
        };
        // A solver failure (a singular basis, a HiGHS error) is one failed attempt, not the
        // end: the next attempt scales the program or uses the other engine.
        let first_highs = engine == SolverKind::Highs && !force_scale;
        let from = start.filter(|_| first_highs);
        let (outcome, native) = match run_with_duals(lp, engine, run, from) {
            Ok(r) => r,
            Err(Error::Solver(e)) => {
                failures.push(format!("{}: {e}", engine.as_str()));
                continue;
            }
            Err(e) => return Err(e),
        };
        let values = match outcome {
            Outcome::Optimal(values) => values,
            // "Infeasible" and "unbounded" are claims as strong as "optimal" and get the same
            // second opinions: on a badly scaled program microlp can call a feasible one
            // infeasible (differential case 114, core/tests/numerics.rs).
            verdict @ (Outcome::Infeasible | Outcome::Unbounded) => {
                if first_verdict.is_none() {
                    first_verdict = Some((verdict, engine, force_scale));
                }
                continue;
            }
            // Stopped by the time limit after a verdict: the verdict stands (below).
            Outcome::NoSolution if best.is_none() && first_verdict.is_some() => break,
            // Stopped by the time limit: an outcome, not a claim of optimality (a
            // time-limited point comes back with status `time_limit`).
            other if best.is_none() => {
                return Ok(Certified {
                    outcome: other,
                    bound: None,
                    duals: None,
                    note: None,
                    plan_exists: false,
                    dual_seconds,
                    basis: None,
                })
            }
            _ => continue,
        };
        let primal: f64 = lp.vars.iter().zip(&values).map(|(v, x)| v.cost * x).sum();
        let mut basis = None;
        let rows = match native {
            Some(native) => {
                basis = native.basis.filter(|_| first_highs);
                Some(native.rows)
            }
            None => {
                let before = backend::clock();
                let d = dual::row_duals_with(lp, engine, deadline.remaining(), force_scale);
                dual_seconds += backend::clock().since(&before).solver;
                match d {
                    Ok(d) => d.map(|(rows, _)| rows),
                    Err(Error::Solver(e)) => {
                        failures.push(format!("{} (dual program): {e}", engine.as_str()));
                        None
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        let proved = rows.and_then(|rows| dual::bound_of(lp, &rows, &values).map(|b| (b, rows)));
        if let Some((bound, rows)) = proved.filter(|(b, _)| certified(primal, *b)) {
            let note = (force_scale || engine != solver.resolve()).then(|| {
                let how = if engine != solver.resolve() {
                    format!("a second solve with {}", engine.as_str())
                } else {
                    "scaling every row and column".into()
                };
                match &first_verdict {
                    Some((verdict, first, scaled)) => format!(
                        "{}{} said {}; this plan was found and certified after {how}",
                        first.as_str(),
                        if *scaled { " (scaled)" } else { "" },
                        verdict_word(verdict)
                    ),
                    None => {
                        format!("the first solve was not certified optimal; certified after {how}")
                    }
                }
            });
            return Ok(Certified {
                outcome: Outcome::Optimal(values),
                bound: Some(bound),
                duals: Some(rows),
                note: note.or_else(|| {
                    (!failures.is_empty())
                        .then(|| format!("solver failures on the way: {}", failures.join("; ")))
                }),
                plan_exists: false,
                dual_seconds,
                basis,
            });
        }
        if best.as_ref().is_none_or(|(_, p)| primal < *p) {
            best = Some((values, primal));
        }
    }
    if best.is_none() {
        if let Some((verdict, engine, _)) = first_verdict {
            // Every attempt that ended agreed that there is no point (none found one). When
            // only microlp spoke, its "infeasible" meets one more opinion: the dual program.
            // A finite dual optimum means a plan exists (strong duality), so the honest
            // verdict is "no plan found", not "none exists".
            let word = verdict_word(&verdict);
            let mut c = Certified {
                outcome: verdict,
                bound: None,
                duals: None,
                note: deadline.expired().then(|| {
                    format!(
                        "{} said {}; the time limit cut its second opinion short",
                        engine.as_str(),
                        word
                    )
                }),
                plan_exists: false,
                dual_seconds,
                basis: None,
            };
            let only_microlp = engine == SolverKind::Microlp && !crate::link::highs_available();
            if only_microlp && matches!(c.outcome, Outcome::Infeasible) && !deadline.expired() {
                let before = backend::clock();
                let d = dual::row_duals_with(lp, engine, deadline.remaining(), true);
                c.dual_seconds += backend::clock().since(&before).solver;
                // The dual program's answer is checked like any certificate before it
                // overrules the verdict: its duals must be dual feasible (signs, reduced
                // costs) and prove the bound microlp claims. Its boundedness (that the dual
                // optimum is finite, hence the program feasible) is microlp's word.
                let checked = match d {
                    Ok(Some((rows, bound))) if bound.is_finite() => {
                        let at_zero = vec![0.0; lp.vars.len()];
                        dual::bound_of(lp, &rows, &at_zero)
                            .filter(|b| b.is_finite() && certified(bound, *b))
                    }
                    _ => None,
                };
                if let Some(bound) = checked {
                    {
                        let usd = bound + lp.constant;
                        c.outcome = Outcome::NoSolution;
                        c.plan_exists = true;
                        c.note = Some(if relax {
                            format!(
                                "microlp said the relaxation is infeasible, but its dual program has \
                                 a finite optimum ({usd:e} USD), so the relaxation is feasible \
                                 (strong duality); whether a whole-unit plan exists is not proven; \
                                 build with HiGHS (--features highs) to plan it"
                            )
                        } else {
                            format!(
                                "microlp said infeasible, but the dual program has a finite \
                                 optimum ({usd:e} USD), so a plan exists (strong duality) that \
                                 microlp could not find on this badly scaled program; build with \
                                 HiGHS (--features highs) to plan it"
                            )
                        });
                    }
                }
            }
            return Ok(c);
        }
    }
    if best.is_none() && !failures.is_empty() && !deadline.expired() {
        // Every engine failed outright: a failure of the solvers, not of the scenario.
        return Err(Error::Solver(failures.join("; ")));
    }
    Ok(Certified {
        outcome: best.map_or(Outcome::NoSolution, |(v, _)| Outcome::Optimal(v)),
        bound: None,
        duals: None,
        note: (!failures.is_empty())
            .then(|| format!("solver failures on the way: {}", failures.join("; "))),
        plan_exists: false,
        dual_seconds,
        basis: None,
    })
}

fn verdict_word(o: &Outcome) -> &'static str {
    match o {
        Outcome::Unbounded => "unbounded",
        _ => "infeasible",
    }
}

/// A pure LP plan: `optimal` with its certificate, else `feasible` (or `time_limit`).
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
    let start = super::basis::start_for(model, &f.lp);
    // A separable program part by part (an exact reduction, like the others off with
    // `reductions: false`); anything but a certified optimum of every part solves it whole.
    let by_parts = if opts.reductions {
        super::split::certified_by_parts(&f.lp, opts.solver, deadline, start.as_ref())?
    } else {
        None
    };
    let c = match by_parts {
        Some(c) => c,
        None => certified_lp_from(&f.lp, false, opts.solver, deadline, start.as_ref())?,
    };
    if let Some(b) = &c.basis {
        super::basis::offer(model, &f.lp, b);
    }
    let Some(bound) = c.bound else {
        let status = c.status_without_point();
        let mut s = uncertified(f, c.outcome, deadline, c.dual_seconds);
        if s.values.is_none() {
            s.status = status;
        }
        s.notes.extend(c.note);
        return Ok(s);
    };
    let mut s = from_outcome(c.outcome, f, "lp");
    s.dual_objective = Some(bound + s.formulation.lp.constant);
    s.duals = c.duals.filter(|_| opts.shadow_prices);
    s.dual_seconds = c.dual_seconds;
    s.notes.extend(c.note);
    Ok(s)
}

/// No attempt was certified: the best point found as `feasible` (or `time_limit` when the
/// deadline cut the attempts short), or the solver's verdict when it found none.
fn uncertified(
    f: Formulation,
    outcome: Outcome,
    deadline: &Deadline,
    dual_seconds: f64,
) -> Solution {
    let Outcome::Optimal(values) = outcome else {
        let mut s = from_outcome(outcome, f, "lp");
        // The dual programs of a verdict's second opinions took solver time too.
        s.dual_seconds = dual_seconds;
        return s;
    };
    let primal = objective(&f, &values);
    let mut s = from_outcome(Outcome::Feasible(values), f, "lp");
    s.status = if deadline.expired() {
        Status::TimeLimit
    } else {
        Status::Feasible
    };
    s.bound = None;
    s.dual_seconds = dual_seconds;
    s.notes.push(format!(
        "not proven optimal: no solver's duals certify this plan of {primal:e} USD (numerical trouble); {}",
        if crate::link::highs_available() {
            "the verifier checked that it is feasible"
        } else {
            "build with HiGHS (--features highs) for a certified plan"
        }
    ));
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

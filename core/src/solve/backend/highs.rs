//! The HiGHS driver shared by the compiled-in HiGHS (`direct_highs`) and a linked one
//! (`linked_highs`, [`crate::link`]): one run is theirs, the checks around it are here.

use super::{Duals, MipInfo, Outcome, RunOptions};
use crate::formulate::Lp;
use crate::Error;
use capmix_highs_basis::Statuses;
use web_time::Instant;

/// Solves `lp`; with `duals`, an optimal LP also returns HiGHS's row duals. A program with
/// integer variables (not relaxed) starts from `start` when given, and returns what HiGHS
/// proved (gap and bound).
///
/// HiGHS 1.16 with a MIP start can return the start as its point while its objective and
/// bound belong to another program (seen on the catalog example: objective 2.7% below the
/// point's own cost, and "optimal" although a plan 1.8% cheaper exists). A MIP answer is
/// therefore kept only when HiGHS's objective is the cost of the point it returns; when it
/// is not, the search runs again without the start, and if that is inconsistent too, its
/// point comes back without a bound.
///
/// A pure LP starts from `basis` when given (see [`crate::solve::basis`]); if HiGHS fails
/// from it (an error, not a verdict), the program is solved again from scratch.
pub(super) fn solve(
    lp: &Lp,
    opts: RunOptions,
    duals: bool,
    start: Option<&[f64]>,
    basis: Option<&Statuses>,
    solve_once: impl Fn(&Lp, RunOptions, bool, Option<&[f64]>, Option<&Statuses>) -> Result<Once, Error>,
) -> Result<(Outcome, Option<MipInfo>, Option<Duals>), Error> {
    let begun = Instant::now();
    let first = match solve_once(lp, opts, duals, start, basis) {
        Err(_) if basis.is_some() => solve_once(lp, opts, duals, start, None)?,
        other => other?,
    };
    let Some(false) = first.consistent else {
        return Ok(first.answer);
    };
    if start.is_none() {
        return Ok(inconsistent(first.answer));
    }
    let remaining = opts
        .time_limit
        .map(|t| (t - begun.elapsed().as_secs_f64()).max(0.0));
    if remaining.is_some_and(|t| t <= 0.0) {
        return Ok(inconsistent(first.answer));
    }
    let opts = RunOptions {
        time_limit: remaining,
        ..opts
    };
    let again = solve_once(lp, opts, duals, None, None)?;
    Ok(match again.consistent {
        Some(false) => inconsistent(again.answer),
        _ => again.answer,
    })
}

/// A MIP answer whose objective is not its point's cost: the point (feasibility is checked
/// by the caller) without HiGHS's claims of optimality or of a bound.
fn inconsistent(
    answer: (Outcome, Option<MipInfo>, Option<Duals>),
) -> (Outcome, Option<MipInfo>, Option<Duals>) {
    let outcome = match answer.0 {
        Outcome::Optimal(v) | Outcome::Feasible(v) => Outcome::Feasible(v),
        other => other,
    };
    (outcome, None, None)
}

/// One HiGHS run and, for a MIP with a point, whether its objective is its point's cost.
pub(super) struct Once {
    pub answer: (Outcome, Option<MipInfo>, Option<Duals>),
    pub consistent: Option<bool>,
}

/// How a HiGHS run ended, as both backends read its model status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ended {
    Infeasible,
    Unbounded,
    /// A limit (time, solutions, iterations, memory) or an interrupt.
    Stopped,
    /// Optimal, or an objective bound or target reached.
    Optimal,
}

/// What one run left: the point when HiGHS holds a feasible one, its objective and (MIP)
/// dual bound, and the duals of an optimal LP when asked.
pub(super) struct Run {
    pub ended: Ended,
    pub values: Option<Vec<f64>>,
    pub objective: Option<f64>,
    pub dual_bound: Option<f64>,
    pub duals: Option<Duals>,
}

/// `run` as the driver's [`Once`]: the outcome, what a MIP proved, and whether its
/// objective is its point's cost.
pub(super) fn read(lp: &Lp, is_mip: bool, run: Run) -> Once {
    let verdict = |outcome| Once {
        answer: (outcome, None, None),
        consistent: None,
    };
    let values = match run.ended {
        Ended::Infeasible => return verdict(Outcome::Infeasible),
        Ended::Unbounded => return verdict(Outcome::Unbounded),
        Ended::Stopped | Ended::Optimal => match run.values {
            Some(v) => v,
            None => return verdict(Outcome::NoSolution),
        },
    };
    let consistent = is_mip.then(|| run.objective.is_some_and(|p| agrees(lp, &values, p)));
    let info = is_mip.then(|| MipInfo {
        abs_gap: match (run.objective, run.dual_bound) {
            (Some(p), Some(d)) if p.is_finite() && d.is_finite() => (p - d).max(0.0),
            _ => f64::INFINITY,
        },
    });
    if run.ended == Ended::Stopped {
        return Once {
            answer: (Outcome::Feasible(values), info, None),
            consistent,
        };
    }
    Once {
        answer: (Outcome::Optimal(values), info, run.duals),
        consistent,
    }
}

/// Whether HiGHS's `objective` is the cost of `values` (USD, no constant is passed to HiGHS),
/// to a relative 1e-7: its own tolerances are far tighter than the disagreements seen.
fn agrees(lp: &Lp, values: &[f64], objective: f64) -> bool {
    let cost: f64 = lp.vars.iter().zip(values).map(|(v, x)| v.cost * x).sum();
    let scale: f64 = lp
        .vars
        .iter()
        .zip(values)
        .map(|(v, x)| (v.cost * x).abs())
        .sum();
    (cost - objective).abs() <= 1e-7 * scale.max(cost.abs()) + 1e-9
}

#[cfg(test)]
mod tests {
    use super::agrees;
    use crate::formulate::{Lp, VarKind};

    #[test]
    fn an_objective_agrees_only_with_its_points_cost() {
        let mut lp = Lp::default();
        lp.add_var(VarKind::Param, 3.0, 10.0, true);
        lp.add_var(VarKind::Param, 0.5, f64::INFINITY, false);
        // cost = 3·4 + 0.5·2 = 13
        assert!(agrees(&lp, &[4.0, 2.0], 13.0));
        assert!(agrees(&lp, &[4.0, 2.0], 13.0 * (1.0 + 1e-9)));
        assert!(!agrees(&lp, &[4.0, 2.0], 13.0 * (1.0 - 0.027)));
    }
}

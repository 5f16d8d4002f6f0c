//! Integer units without a MILP solver: LP relaxation, rounding, repair and a local
//! improvement pass. The result is a feasible integer plan whose gap to the LP bound is
//! reported; it is not proven optimal.

use super::backend::{run, Outcome, RunOptions, SolverKind};
use crate::formulate::{Lp, Sense};
use crate::options::Deadline;
use crate::Error;

const INT_TOL: f64 = 1e-6;

/// Search effort of the repair and improvement passes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Effort<'a> {
    pub deadline: &'a Deadline,
    /// Most LP re-solves in the improvement pass.
    pub max_tries: usize,
}

fn objective(lp: &Lp, values: &[f64]) -> f64 {
    lp.vars.iter().zip(values).map(|(v, x)| v.cost * x).sum()
}

/// Solves `lp` with the variables in `fixed` pinned and every other variable continuous
/// (unfixed integer variables stay relaxed).
fn with_fixed(
    lp: &Lp,
    fixed: &[Option<f64>],
    solver: SolverKind,
    deadline: &Deadline,
) -> Result<Option<Vec<f64>>, Error> {
    let mut trial = lp.clone();
    for (v, f) in trial.vars.iter_mut().zip(fixed) {
        v.integer = false;
        if let Some(value) = f {
            v.lb = *value;
            v.ub = *value;
        }
    }
    let opts = RunOptions {
        time_limit: deadline.remaining(),
        ..RunOptions::default()
    };
    // A solver failure on a trial (a singular basis) is a failed trial, not the end.
    Ok(match run(&trial, solver, opts) {
        Ok(Outcome::Optimal(values)) => Some(values),
        Ok(_) | Err(Error::Solver(_)) => None,
        Err(e) => return Err(e),
    })
}

/// For each variable, the least value its single-integer capacity rows ask of it at point
/// `x`: a row `Σ_{j≠i} a_j x_j + a_i u ≤ b` with a_i < 0 (or the `≥` mirror) needs
/// u ≥ (Σ_{j≠i} a_j x_j − b) / |a_i|. Other variables get 0.
fn needs(lp: &Lp, x: &[f64]) -> Vec<f64> {
    let mut need = vec![0.0f64; lp.vars.len()];
    for row in &lp.rows {
        let mut ints = row.coefs.iter().filter(|&&(j, _)| lp.vars[j].integer);
        let (Some(&(i, a)), None) = (ints.next(), ints.next()) else {
            continue;
        };
        let rest: f64 = row
            .coefs
            .iter()
            .filter(|&&(j, _)| j != i)
            .map(|&(j, c)| c * x[j])
            .sum();
        let lower = match row.sense {
            Sense::Le if a < 0.0 => (rest - row.rhs) / -a,
            Sense::Ge if a > 0.0 => (row.rhs - rest) / a,
            _ => continue,
        };
        if lower.is_finite() {
            need[i] = need[i].max(lower);
        }
    }
    need
}

/// Whether `x` is a whole-unit point of `lp`: within bounds, integer variables within 1e-9
/// of whole numbers, and every row held within 1e-7 of its own scale (its right-hand side
/// and the magnitudes of its terms at `x`: tighter than the verifier's 1e-6, looser than
/// what a solver's scaled tolerances guarantee).
pub(crate) fn feasible(lp: &Lp, x: &[f64]) -> bool {
    if x.len() != lp.vars.len() || x.iter().any(|v| !v.is_finite()) {
        return false;
    }
    for (v, &xi) in lp.vars.iter().zip(x) {
        let slack = 1e-7 * xi.abs().max(1.0);
        if xi < v.lb - slack || xi > v.ub + slack {
            return false;
        }
        if v.integer && (xi - xi.round()).abs() > 1e-9 * xi.abs().max(1.0) {
            return false;
        }
    }
    lp.rows.iter().all(|row| {
        let terms = row.coefs.iter().map(|&(j, a)| a * x[j]);
        let (activity, size) = terms.fold((0.0, 0.0), |(s, m), t: f64| (s + t, m + t.abs()));
        let tol = 1e-7 * size.max(row.rhs.abs());
        match row.sense {
            Sense::Le => activity <= row.rhs + tol,
            Sense::Ge => activity >= row.rhs - tol,
            Sense::Eq => (activity - row.rhs).abs() <= tol,
        }
    })
}

/// Whole units covering `v`: the next whole number, except that a value within 1e-6 of one
/// below it is that one (2.0000001 → 2), and any positive value needs at least one unit
/// (6.9e-7 → 1: a millionth of a big instance can carry a small demand).
fn round_up(v: f64) -> f64 {
    if v <= 1e-12 {
        return 0.0;
    }
    (v - INT_TOL * v.max(1.0)).ceil().max(1.0)
}

/// An integer-feasible point near the relaxation `relaxed`, or `None` when rounding and
/// diving found none.
pub(crate) fn round_and_repair(
    lp: &Lp,
    relaxed: &[f64],
    solver: SolverKind,
    effort: Effort<'_>,
) -> Result<Option<Vec<f64>>, Error> {
    let ints: Vec<usize> = (0..lp.vars.len()).filter(|&i| lp.vars[i].integer).collect();
    // Rounding up keeps every capacity row satisfied; only caps and the budget can break.
    // Each integer variable covers at least what its capacity rows ask of it at the
    // relaxation's point (the relaxation itself may hold them only within a tolerance).
    let need = needs(lp, relaxed);
    let mut fixed: Vec<Option<f64>> = vec![None; lp.vars.len()];
    for &i in &ints {
        fixed[i] = Some(round_up(relaxed[i].max(need[i])).min(lp.vars[i].ub));
    }
    let mut best = match with_fixed(lp, &fixed, solver, effort.deadline)? {
        Some(values) => values,
        None => match dive(lp, relaxed, &ints, solver, effort.deadline)? {
            Some(values) => values,
            None => return Ok(None),
        },
    };
    improve(lp, &ints, &mut best, solver, effort)?;
    Ok(Some(best))
}

/// Fixes integer variables one at a time (most fractional first), re-solving in between.
fn dive(
    lp: &Lp,
    relaxed: &[f64],
    ints: &[usize],
    solver: SolverKind,
    deadline: &Deadline,
) -> Result<Option<Vec<f64>>, Error> {
    let mut fixed: Vec<Option<f64>> = vec![None; lp.vars.len()];
    let mut current = relaxed.to_vec();
    loop {
        if deadline.expired() {
            return Ok(None);
        }
        let mut next = None;
        let mut worst = 0.0;
        for &i in ints {
            if fixed[i].is_some() {
                continue;
            }
            let frac = current[i] - current[i].floor();
            if !(INT_TOL..=1.0 - INT_TOL).contains(&frac) {
                fixed[i] = Some(current[i].round());
            } else if (frac - 0.5).abs() <= 0.5 - worst {
                worst = 0.5 - (frac - 0.5).abs();
                next = Some(i);
            }
        }
        let Some(i) = next else {
            return with_fixed(lp, &fixed, solver, deadline);
        };
        let up = current[i].ceil().min(lp.vars[i].ub);
        let down = current[i].floor();
        let mut advanced = false;
        for value in [up, down] {
            fixed[i] = Some(value);
            if let Some(values) = with_fixed(lp, &fixed, solver, deadline)? {
                current = values;
                advanced = true;
                break;
            }
        }
        if !advanced {
            return Ok(None);
        }
    }
}

/// Greedy descent: lower the costliest integer variables by one unit while the rest of the
/// plan can absorb it at a lower total cost.
fn improve(
    lp: &Lp,
    ints: &[usize],
    best: &mut Vec<f64>,
    solver: SolverKind,
    effort: Effort<'_>,
) -> Result<(), Error> {
    let mut best_cost = objective(lp, best);
    let mut tries = 0;
    let mut improved = true;
    while improved {
        improved = false;
        let mut order: Vec<usize> = ints
            .iter()
            .copied()
            .filter(|&i| best[i] >= 1.0 - INT_TOL)
            .collect();
        order.sort_by(|&a, &b| (lp.vars[b].cost).total_cmp(&lp.vars[a].cost));
        for i in order {
            if tries >= effort.max_tries || effort.deadline.expired() {
                return Ok(());
            }
            tries += 1;
            let mut fixed: Vec<Option<f64>> =
                ints.iter().fold(vec![None; lp.vars.len()], |mut f, &j| {
                    f[j] = Some(best[j].round());
                    f
                });
            fixed[i] = Some((best[i].round() - 1.0).max(0.0));
            if let Some(values) = with_fixed(lp, &fixed, solver, effort.deadline)? {
                let cost = objective(lp, &values);
                if cost < best_cost - 1e-9 * best_cost.abs().max(1.0) {
                    *best = values;
                    best_cost = cost;
                    improved = true;
                }
            }
        }
    }
    Ok(())
}

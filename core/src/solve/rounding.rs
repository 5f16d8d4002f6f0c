//! Integer units without a MILP solver: LP relaxation, rounding, repair and a local
//! improvement pass. The result is a feasible integer plan whose gap to the LP bound is
//! reported; it is not proven optimal.

use super::backend::{SolverKind, Warm};
use super::dust;
use crate::formulate::{Lp, Sense};
use crate::model::Model;
use crate::options::Deadline;
use crate::Error;

const INT_TOL: f64 = 1e-6;

/// Most coefficient reads of [`trim`]'s one-at-a-time pass (variables × nonzeros).
const TRIM_WORK: usize = 100_000_000;

/// Most improvement tries when each is a solve from scratch.
const COLD_TRIES: usize = 20;

/// Search effort of the repair and improvement passes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Effort<'a> {
    /// The program's model: points are cleaned of numerical dust ([`super::dust`]) before
    /// they are checked.
    pub model: &'a Model,
    pub deadline: &'a Deadline,
    /// Most LP re-solves in the improvement pass (a budget of work, not of time, so the
    /// same input gives the same plan).
    pub max_tries: usize,
    /// Objective (USD, without the constant) at or below which the improvement pass stops:
    /// the point is then as good as the caller asked.
    pub good_enough: f64,
}

fn objective(lp: &Lp, values: &[f64]) -> f64 {
    lp.vars.iter().zip(values).map(|(v, x)| v.cost * x).sum()
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
    // Rounding up keeps every capacity row satisfied; only caps, shares and the budget can
    // break. Each integer variable covers at least what its capacity rows ask of it at the
    // relaxation's point (the relaxation itself may hold them only within a tolerance).
    let need = needs(lp, relaxed);
    let mut fixed: Vec<Option<f64>> = vec![None; lp.vars.len()];
    for &i in &ints {
        fixed[i] = Some(round_up(relaxed[i].max(need[i])).min(lp.vars[i].ub));
    }
    // Two starts, each improved, the cheaper kept: every integer rounded up (when the
    // rest of the plan can take it), and a dive that fixes them one at a time.
    let mut best: Option<Vec<f64>> = None;
    let starts = [
        Warm::new(lp, fixed, solver, effort.deadline)?,
        dive(lp, &ints, solver, effort.deadline)?,
    ];
    for state in starts.into_iter().flatten() {
        let mut point = improve(lp, &ints, state, effort)?;
        dust::clean(effort.model, lp, &mut point);
        trim(lp, &ints, &mut point);
        if best
            .as_ref()
            .is_none_or(|b| objective(lp, &point) < objective(lp, b))
        {
            best = Some(point);
        }
    }
    Ok(best)
}

/// Lowers each integer variable that costs something to the whole units its own rows need
/// at `x` (every other value kept), when the point stays feasible: units that the plan
/// holds but does not use. All at once when that is feasible, else one at a time where a
/// check per variable is affordable.
fn trim(lp: &Lp, ints: &[usize], x: &mut [f64]) {
    let need = needs(lp, x);
    let lower: Vec<(usize, f64)> = ints
        .iter()
        .filter(|&&i| lp.vars[i].cost > 0.0)
        .map(|&i| (i, round_up(need[i]).max(lp.vars[i].lb)))
        .filter(|&(i, n)| n < x[i])
        .collect();
    if lower.is_empty() {
        return;
    }
    let mut trial = x.to_vec();
    for &(i, n) in &lower {
        trial[i] = n;
    }
    if feasible(lp, &trial) {
        x.copy_from_slice(&trial);
        return;
    }
    let nonzeros: usize = lp.rows.iter().map(|r| r.coefs.len()).sum();
    if lower.len().saturating_mul(nonzeros) > TRIM_WORK {
        return;
    }
    for (i, n) in lower {
        let old = x[i];
        x[i] = n;
        if !feasible(lp, x) {
            x[i] = old;
        }
    }
}

/// Fixes integer variables one at a time (most fractional first), re-solving in between.
fn dive<'a>(
    lp: &'a Lp,
    ints: &[usize],
    solver: SolverKind,
    deadline: &Deadline,
) -> Result<Option<Warm<'a>>, Error> {
    let Some(mut state) = Warm::new(lp, vec![None; lp.vars.len()], solver, deadline)? else {
        return Ok(None);
    };
    loop {
        if deadline.expired() {
            return Ok(None);
        }
        let current = state.values();
        let mut next = None;
        let mut worst = 0.0;
        let mut integral = Vec::new();
        for &i in ints {
            if state.fixed(i).is_some() {
                continue;
            }
            let frac = current[i] - current[i].floor();
            if !(INT_TOL..=1.0 - INT_TOL).contains(&frac) {
                integral.push((i, current[i].round()));
            } else if (frac - 0.5).abs() <= 0.5 - worst {
                worst = 0.5 - (frac - 0.5).abs();
                next = Some(i);
            }
        }
        let Some(i) = next else {
            // Every integer is whole: pin them, so the point is one whole-unit plan.
            for (j, v) in integral {
                match state.fix(j, v, deadline)? {
                    Some(s) => state = s,
                    None => return Ok(None),
                }
            }
            return Ok(Some(state));
        };
        let up = current[i].ceil().min(lp.vars[i].ub);
        let down = current[i].floor();
        let mut advanced = false;
        for value in [up, down] {
            if let Some(s) = state.fix(i, value, deadline)? {
                state = s;
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
/// plan can absorb it at a lower total cost, until the point is good enough or the budget
/// of re-solves is spent.
fn improve(
    lp: &Lp,
    ints: &[usize],
    mut best: Warm<'_>,
    effort: Effort<'_>,
) -> Result<Vec<f64>, Error> {
    let mut best_cost = objective(lp, best.values());
    let mut tries = 0;
    // Solves from scratch: a few tries only (the exact search that follows does better).
    let max_tries = if best.is_cold() {
        effort.max_tries.min(COLD_TRIES)
    } else {
        effort.max_tries
    };
    let mut improved = true;
    while improved && best_cost > effort.good_enough {
        improved = false;
        let mut order: Vec<usize> = ints
            .iter()
            .copied()
            .filter(|&i| best.values()[i] >= 1.0 - INT_TOL)
            .collect();
        order.sort_by(|&a, &b| (lp.vars[b].cost).total_cmp(&lp.vars[a].cost));
        for i in order {
            if tries >= max_tries || effort.deadline.expired() {
                return Ok(best.values().to_vec());
            }
            tries += 1;
            let down = (best.values()[i].round() - 1.0).max(0.0);
            let Some(trial) = best.fix(i, down, effort.deadline)? else {
                continue;
            };
            let mut point = trial.values().to_vec();
            dust::clean(effort.model, lp, &mut point);
            let cost = objective(lp, &point);
            if cost < best_cost - 1e-9 * best_cost.abs().max(1.0) && feasible(lp, &point) {
                best = trial;
                best_cost = cost;
                improved = true;
                if best_cost <= effort.good_enough {
                    break;
                }
            }
        }
    }
    Ok(best.values().to_vec())
}

//! Shadow prices of a pure LP by solving its dual program.
//!
//! good_lp's microlp backend reports no duals, so capmix writes the dual of the [`Lp`]
//! explicitly and solves it with the same backend. Strong duality then doubles as an
//! optimality certificate: the dual objective must equal the primal one.
//!
//! Primal: min c·x s.t. a_i·x (≤,≥,=) b_i, 0 ≤ x ≤ u. Dual: max Σ b_i y_i − Σ u_j r_j
//! s.t. Σ_i a_ij y_i − r_j ≤ c_j, with y_i ≥ 0 on ≥ rows, y_i ≤ 0 on ≤ rows, free on =
//! rows, r ≥ 0. Each y_i is ∂cost/∂b_i: USD per unit of the row's right-hand side.

use super::backend::{run, Outcome, RunOptions, SolverKind};
use crate::formulate::{Lp, Sense, Tag, VarKind};
use crate::Error;

/// Row duals of `primal` (one per row, in row order) and the dual objective (without the
/// primal's constant), or `None` when the dual could not be solved to optimality.
pub(crate) fn row_duals(
    primal: &Lp,
    solver: SolverKind,
    time_limit: Option<f64>,
) -> Result<Option<(Vec<f64>, f64)>, Error> {
    if primal.vars.iter().any(|v| v.lb != 0.0) {
        return Ok(None);
    }
    let mut dual = Lp::default();
    // For each primal row: the dual variables and the sign that maps them back to y_i.
    let mut parts: Vec<Vec<(usize, f64)>> = Vec::with_capacity(primal.rows.len());
    for (i, row) in primal.rows.iter().enumerate() {
        // Maximise b·y == minimise −b·y.
        let var = |sign: f64, dual: &mut Lp| {
            (
                dual.add_var(VarKind::Dual { i }, -sign * row.rhs, f64::INFINITY, false),
                sign,
            )
        };
        parts.push(match row.sense {
            Sense::Ge => vec![var(1.0, &mut dual)],
            Sense::Le => vec![var(-1.0, &mut dual)],
            Sense::Eq => vec![var(1.0, &mut dual), var(-1.0, &mut dual)],
        });
    }
    let mut columns: Vec<Vec<(usize, f64)>> = vec![Vec::new(); primal.vars.len()];
    for (i, row) in primal.rows.iter().enumerate() {
        for &(j, a) in &row.coefs {
            for &(d, sign) in &parts[i] {
                columns[j].push((d, sign * a));
            }
        }
    }
    for (j, (var, mut coefs)) in primal.vars.iter().zip(columns).enumerate() {
        if var.ub.is_finite() {
            let r = dual.add_var(
                VarKind::Dual {
                    i: primal.rows.len() + j,
                },
                var.ub,
                f64::INFINITY,
                false,
            );
            coefs.push((r, -1.0));
        }
        if coefs.is_empty() {
            continue;
        }
        dual.add_row(coefs, Sense::Le, var.cost, Tag::DualColumn { j });
    }
    let outcome = run(
        &dual,
        solver,
        RunOptions {
            time_limit,
            ..RunOptions::default()
        },
    )?;
    let Outcome::Optimal(values) = outcome else {
        return Ok(None);
    };
    let duals: Vec<f64> = parts
        .iter()
        .map(|p| p.iter().map(|&(d, sign)| sign * values[d]).sum())
        .collect();
    let objective = -dual
        .vars
        .iter()
        .zip(&values)
        .map(|(v, x)| v.cost * x)
        .sum::<f64>();
    Ok(Some((duals, objective)))
}

#[cfg(all(test, feature = "microlp"))]
mod tests {
    use super::*;
    use crate::formulate::{Tag, VarKind};

    #[test]
    fn duals_of_a_small_lp() {
        // min 2a + 3b s.t. a + b ≥ 10 (y1), a ≤ 4 (y2). Optimum a=4, b=6, cost 26.
        // Raising the demand costs 3 (b's price); raising a's cap saves 1 (3 − 2).
        let mut lp = Lp::default();
        let a = lp.add_var(VarKind::ShortBatch { w: 0 }, 2.0, f64::INFINITY, false);
        let b = lp.add_var(VarKind::ShortBatch { w: 1 }, 3.0, f64::INFINITY, false);
        lp.add_row(vec![(a, 1.0), (b, 1.0)], Sense::Ge, 10.0, Tag::Budget);
        lp.add_row(vec![(a, 1.0)], Sense::Le, 4.0, Tag::Budget);
        let (y, obj) = row_duals(&lp, SolverKind::Microlp, None).unwrap().unwrap();
        assert!((obj - 26.0).abs() < 1e-9);
        assert!((y[0] - 3.0).abs() < 1e-9, "{y:?}");
        assert!((y[1] + 1.0).abs() < 1e-9, "{y:?}");
    }

    #[test]
    fn upper_bounds_count_in_the_dual_objective() {
        // min x s.t. x ≥ 2 with x ≤ 5: dual objective 2.
        let mut lp = Lp::default();
        let x = lp.add_var(VarKind::ShortBatch { w: 0 }, 1.0, 5.0, false);
        lp.add_row(vec![(x, 1.0)], Sense::Ge, 2.0, Tag::Budget);
        let (y, obj) = row_duals(&lp, SolverKind::Microlp, None).unwrap().unwrap();
        assert!((obj - 2.0).abs() < 1e-9 && (y[0] - 1.0).abs() < 1e-9);
    }
}

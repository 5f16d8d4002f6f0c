//! Shadow prices of a pure LP by solving its dual program.
//!
//! microlp reports no duals, so capmix writes the dual of the [`Lp`] explicitly and solves
//! it with the same backend. HiGHS reports its own duals (no second solve). Either way the
//! bound they prove ([`bound_of`]) doubles as an optimality certificate: it must equal the
//! primal objective.
//!
//! Primal: min c·x s.t. a_i·x (≤,≥,=) b_i, 0 ≤ x ≤ u. Dual: max Σ b_i y_i − Σ u_j r_j
//! s.t. Σ_i a_ij y_i − r_j ≤ c_j, with y_i ≥ 0 on ≥ rows, y_i ≤ 0 on ≤ rows, free on =
//! rows, r ≥ 0. Each y_i is ∂cost/∂b_i: USD per unit of the row's right-hand side.

use super::backend::{run, Outcome, RunOptions, SolverKind};
use crate::formulate::{At, Lp, RowKind, Sense, Tag, VarKind};
use crate::Error;

/// A lower bound on the objective of `primal` (without its constant) from row duals `y`,
/// by weak duality, or `None` when `y` does not give one. A dual value of the wrong sign is
/// taken as 0 (which keeps the bound valid); then every column's reduced cost
/// d_j = c_j − Σ_i a_ij y_i must not be negative where the column has no upper bound, and
/// the bound is Σ_i b_i y_i + Σ_j (u_j·min(d_j, 0) + l_j·max(d_j, 0)).
///
/// Roundoff: a reduced cost below zero by at most 1e-9 of |c_j| + Σ_i |a_ij y_i| plus 1e-12
/// of the largest cost, on a column without upper bound, is charged at the point `x` being
/// certified (d_j·x_j) instead of refusing the bound.
///
/// This is the LP certificate: a primal point whose objective equals such a bound is
/// optimal. Checking the reduced costs matters: a solver stopped at a vertex within its
/// absolute tolerances has equal primal and dual objectives, yet duals that bound nothing
/// (found by the differential test on a program whose objective is about 4e-9 USD).
pub(crate) fn bound_of(primal: &Lp, y: &[f64], x: &[f64]) -> Option<f64> {
    if y.len() != primal.rows.len() || primal.vars.iter().any(|v| v.lb < 0.0) {
        return None;
    }
    let y: Vec<f64> = primal
        .rows
        .iter()
        .zip(y)
        .map(|(r, &v)| match r.sense {
            Sense::Ge => v.max(0.0),
            Sense::Le => v.min(0.0),
            Sense::Eq => v,
        })
        .collect();
    let n = primal.vars.len();
    let mut reduced: Vec<f64> = primal.vars.iter().map(|v| v.cost).collect();
    let mut magnitude: Vec<f64> = primal.vars.iter().map(|v| v.cost.abs()).collect();
    for (row, &yi) in primal.rows.iter().zip(&y) {
        if yi == 0.0 {
            continue;
        }
        for &(j, a) in &row.coefs {
            if j < n {
                reduced[j] -= a * yi;
                magnitude[j] += (a * yi).abs();
            }
        }
    }
    let largest = primal.vars.iter().map(|v| v.cost.abs()).fold(0.0, f64::max);
    let mut bound: f64 = primal.rows.iter().zip(&y).map(|(r, yi)| r.rhs * yi).sum();
    for (j, ((v, &d), &m)) in primal.vars.iter().zip(&reduced).zip(&magnitude).enumerate() {
        if d < 0.0 {
            if v.ub.is_finite() {
                bound += v.ub * d;
            } else if d >= -(1e-9 * m + 1e-12 * largest) {
                bound += d * x.get(j).copied().unwrap_or(0.0).max(0.0);
            } else {
                return None;
            }
        } else {
            bound += v.lb * d;
        }
    }
    bound.is_finite().then_some(bound)
}

/// A dual program and, per primal row, its dual variables with their signs.
pub(crate) type DualProgram = (Lp, Vec<Vec<(usize, f64)>>);

/// The dual program of `primal`, with, for each primal row, its dual variables and the
/// signs that map them back to y_i; `None` when a column has a nonzero lower bound.
pub(crate) fn dual_program(primal: &Lp) -> Option<DualProgram> {
    if primal.vars.iter().any(|v| v.lb != 0.0) {
        return None;
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
        let at = At {
            o: Some(j),
            ..At::default()
        };
        dual.add_row(
            coefs,
            Sense::Le,
            var.cost,
            Tag::new(RowKind::DualColumn, at),
        );
    }
    Some((dual, parts))
}

/// Row duals of `primal` (one per row, in row order) and the dual objective (without the
/// primal's constant), or `None` when the dual could not be solved to optimality.
#[cfg(test)]
pub(crate) fn row_duals(
    primal: &Lp,
    solver: SolverKind,
    time_limit: Option<f64>,
) -> Result<Option<(Vec<f64>, f64)>, Error> {
    row_duals_with(primal, solver, time_limit, false)
}

/// [`row_duals`], optionally with the dual program scaled even when it looks well scaled.
pub(crate) fn row_duals_with(
    primal: &Lp,
    solver: SolverKind,
    time_limit: Option<f64>,
    force_scale: bool,
) -> Result<Option<(Vec<f64>, f64)>, Error> {
    let Some((dual, parts)) = dual_program(primal) else {
        return Ok(None);
    };
    let outcome = run(
        &dual,
        solver,
        RunOptions {
            time_limit,
            force_scale,
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
    use crate::formulate::{At, RowKind, Tag, VarKind};
    const BUDGET: Tag = Tag {
        kind: RowKind::Budget,
        at: At {
            w: None,
            o: None,
            g: None,
            t: None,
            k: None,
        },
    };

    #[test]
    fn duals_of_a_small_lp() {
        // min 2a + 3b s.t. a + b ≥ 10 (y1), a ≤ 4 (y2). Optimum a=4, b=6, cost 26.
        // Raising the demand costs 3 (b's price); raising a's cap saves 1 (3 − 2).
        let mut lp = Lp::default();
        let a = lp.add_var(VarKind::ShortBatch { w: 0 }, 2.0, f64::INFINITY, false);
        let b = lp.add_var(VarKind::ShortBatch { w: 1 }, 3.0, f64::INFINITY, false);
        lp.add_row(vec![(a, 1.0), (b, 1.0)], Sense::Ge, 10.0, BUDGET);
        lp.add_row(vec![(a, 1.0)], Sense::Le, 4.0, BUDGET);
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
        lp.add_row(vec![(x, 1.0)], Sense::Ge, 2.0, BUDGET);
        let (y, obj) = row_duals(&lp, SolverKind::Microlp, None).unwrap().unwrap();
        assert!((obj - 2.0).abs() < 1e-9 && (y[0] - 1.0).abs() < 1e-9);
    }
}

#[cfg(all(test, feature = "highs"))]
mod highs_tests {
    use super::*;
    use crate::formulate::{formulate, RoutingMode, Spec};
    use crate::solve::backend::run_with_duals;

    /// HiGHS's own duals: the same dual objective as the explicit dual program (strong
    /// duality) on the examples and fixtures, and the same shadow prices on the fixtures
    /// (the examples are degenerate: several dual solutions are optimal, and the two
    /// methods may pick different ones).
    #[test]
    fn native_duals_match_the_explicit_dual_program() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut checked = 0;
        for dir in ["examples/scenarios", "tests/fixtures"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    let n = p.file_name().unwrap().to_string_lossy();
                    (n.ends_with(".toml") || n.ends_with(".json")) && n != "expected.json"
                })
                .collect();
            files.sort();
            for file in files {
                let scenario = crate::Scenario::from_path(&file).unwrap();
                let Ok(model) = crate::validate_scenario(&scenario) else {
                    continue;
                };
                let spec = Spec {
                    integer: false,
                    routing: RoutingMode::Fixed(Vec::new()),
                    reduce: true,
                    deadline: crate::options::Deadline::none(),
                };
                let lp = formulate(&model, &spec).lp;
                if lp.trivially_infeasible.is_some() || lp.rows.is_empty() {
                    continue;
                }
                let (outcome, native) =
                    run_with_duals(&lp, SolverKind::Highs, RunOptions::default(), None).unwrap();
                let Outcome::Optimal(x) = outcome else {
                    continue;
                };
                let native = native.unwrap();
                let primal: f64 = lp.vars.iter().zip(&x).map(|(v, x)| v.cost * x).sum();
                let obj = bound_of(&lp, &native.rows, &x).unwrap();
                let scale = primal.abs().max(1.0);
                assert!(
                    (obj - primal).abs() <= 1e-7 * scale,
                    "{}: dual objective {obj} vs primal {primal}",
                    file.display()
                );
                let (explicit, eobj) = row_duals(&lp, SolverKind::Highs, None).unwrap().unwrap();
                assert!((eobj - primal).abs() <= 1e-7 * scale);
                if dir != "tests/fixtures" {
                    checked += 1;
                    continue;
                }
                for (i, (a, b)) in native.rows.iter().zip(&explicit).enumerate() {
                    assert!(
                        (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0),
                        "{}: row {i} ({:?}): native {a} vs explicit {b}",
                        file.display(),
                        lp.rows[i].tag
                    );
                }
                checked += 1;
            }
        }
        assert!(checked >= 10, "{checked}");
    }
}

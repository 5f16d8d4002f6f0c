//! Scaling of badly scaled programs before they reach the solver (issue 8, numerical
//! robustness).
//!
//! Prices from 1e-4 to 1e6 USD/h, demand up to 1e12 work units per hour and throughput ratios
//! of 1e6 give rows and objectives whose coefficients span twelve orders of magnitude or
//! more. microlp's absolute tolerances then return points that break caps by percents (the
//! independent verification catches them: status `verification_failed`). Geometric scaling
//! equilibrates them:
//!
//! - rows are multiplied by `r_i` and continuous columns substituted `x_j = s_j · x'_j`,
//!   alternately, each factor the inverse geometric mean of the largest and smallest
//!   magnitude in its row or column, for a few passes;
//! - the objective is multiplied by one factor that brings the optimum near 1 when a
//!   relaxation has told its size, else the middle of the costs' range, and costs count
//!   among the magnitudes a column is equilibrated over;
//! - every factor is a power of two, so scaling and unscaling are exact in floating point;
//! - integer columns keep `s_j = 1`, so integrality is unchanged.
//!
//! Values come back as `x_j = s_j · x'_j`. Nothing else is read from the solver: objectives,
//! duals (from the explicit dual program, itself scaled when it needs it) and costs are
//! recomputed by the caller from the original program.
//!
//! Programs whose coefficients span at most [`TRIGGER`] are solved unchanged, so typical
//! scenarios give exactly the results they gave before scaling existed.

use super::backend::Outcome;
use crate::formulate::{Lp, Row, Sense, Var};

/// Largest ratio of nonzero coefficient magnitudes (in the matrix, or in the objective)
/// solved without scaling.
const TRIGGER: f64 = 1e6;

/// Largest magnitudes outside these bands also trigger scaling: a program whose every
/// number is about 1e-8 spans nothing, yet the solvers' absolute tolerances see only zeros
/// (found by the differential test: a plan of $1.5e-8 whose dual objective came out 0).
const COST_BAND: (f64, f64) = (1e-4, 1e10);
const RHS_BAND: (f64, f64) = (1e-4, 1e12);

/// Alternating row and column passes.
const PASSES: usize = 8;

/// A scaled copy of a program and the column factors to read its values back.
pub(crate) struct Scaled {
    pub lp: Lp,
    cols: Vec<f64>,
    /// The objective's factor: the scaled program's objective is the original's times it.
    objective: f64,
}

/// Smallest and largest nonzero magnitude (`(inf, 0)` when there is none).
fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .map(f64::abs)
        .filter(|v| *v > 0.0 && v.is_finite())
        .fold((f64::INFINITY, 0.0), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

fn wide((lo, hi): (f64, f64)) -> bool {
    hi > 0.0 && hi > TRIGGER * lo
}

fn off_band((_, hi): (f64, f64), (low, high): (f64, f64)) -> bool {
    hi > 0.0 && !(low..=high).contains(&hi)
}

/// The power of two nearest to `x` (> 0), within 2^±200.
fn pow2(x: f64) -> f64 {
    2f64.powi(x.log2().round().clamp(-200.0, 200.0) as i32)
}

/// The power of two nearest to `1 / sqrt(lo · hi)`; 1 when there is nothing to scale.
fn equilibrate((lo, hi): (f64, f64)) -> f64 {
    if hi > 0.0 {
        pow2(1.0 / (lo.sqrt() * hi.sqrt()))
    } else {
        1.0
    }
}

/// `lp` with its rows of one coefficient (`a·x_j ≤ b`, a cap) turned into bounds of `x_j`
/// where the bounds stay consistent. A solver keeps a variable at its bound exactly, while
/// a row is only met within its tolerance, which in a badly scaled program can be percents
/// of a small cap (seen: a cap of 5 units run at 5.25 next to a row of 1e15 work units).
fn bounds_from_singletons(lp: &Lp) -> Lp {
    let mut vars = lp.vars.clone();
    let mut rows = Vec::with_capacity(lp.rows.len());
    for row in &lp.rows {
        if let [(j, a)] = row.coefs[..] {
            if a != 0.0 && a.is_finite() && !vars[j].integer {
                let b = row.rhs / a;
                let (le, ge) = match (row.sense, a > 0.0) {
                    (Sense::Eq, _) => (true, true),
                    (Sense::Le, true) | (Sense::Ge, false) => (true, false),
                    (Sense::Ge, true) | (Sense::Le, false) => (false, true),
                };
                let (lb, ub) = (
                    if ge { vars[j].lb.max(b) } else { vars[j].lb },
                    if le { vars[j].ub.min(b) } else { vars[j].ub },
                );
                if b.is_finite() && lb <= ub {
                    vars[j].lb = lb;
                    vars[j].ub = ub;
                    continue;
                }
            }
        }
        rows.push(row.clone());
    }
    Lp {
        vars,
        rows,
        constant: lp.constant,
        trivially_infeasible: lp.trivially_infeasible,
        unsatisfiable: Vec::new(),
        stopped: lp.stopped,
    }
}

impl Scaled {
    /// The scaled program, or `None` when `lp` is well scaled (solve it as it is) and
    /// `force` is false.
    pub fn new(lp: &Lp, force: bool, objective_hint: Option<f64>) -> Option<Scaled> {
        let matrix = range(lp.rows.iter().flat_map(|r| r.coefs.iter().map(|c| c.1)));
        let costs = range(lp.vars.iter().map(|v| v.cost));
        let rhs = range(lp.rows.iter().map(|r| r.rhs));
        let bad =
            wide(matrix) || wide(costs) || off_band(costs, COST_BAND) || off_band(rhs, RHS_BAND);
        if !bad && !force {
            return None;
        }
        let lp = &bounds_from_singletons(lp);
        let n = lp.vars.len();
        // With integer columns (which keep their scale) a row's right-hand side is left out
        // of its range: it would pull the row away from those columns' coefficients.
        let with_rhs = !lp.vars.iter().any(|v| v.integer);
        let mut rows = vec![1.0; lp.rows.len()];
        let mut cols = vec![1.0; n];
        // The objective factor: the optimum near 1 when a relaxation told its size (branch
        // and bound and HiGHS prune and stop on absolute tolerances too), else the middle
        // of the costs' range. Costs then count among each column's magnitudes, so that
        // both cheap and dear columns keep reduced costs the solver can tell from zero.
        let objective = match objective_hint
            .map(f64::abs)
            .filter(|h| *h > 0.0 && h.is_finite())
        {
            Some(h) => pow2(1.0 / h),
            None => equilibrate(costs),
        };
        for _ in 0..PASSES {
            // The right-hand side counts among a row's magnitudes, so that rows of tiny or
            // huge demand come out near 1 too.
            for (r, row) in rows.iter_mut().zip(&lp.rows) {
                let terms = row.coefs.iter().map(|&(j, a)| a * cols[j]);
                let rhs = with_rhs.then_some(row.rhs);
                *r = equilibrate(range(terms.chain(rhs)));
            }
            let mut lo = vec![f64::INFINITY; n];
            let mut hi = vec![0.0f64; n];
            for (r, row) in rows.iter().zip(&lp.rows) {
                for &(j, a) in &row.coefs {
                    let v = (a * r).abs();
                    if v > 0.0 && v.is_finite() {
                        lo[j] = lo[j].min(v);
                        hi[j] = hi[j].max(v);
                    }
                }
            }
            for (j, v) in lp.vars.iter().enumerate() {
                let c = (v.cost * objective).abs();
                if c > 0.0 && c.is_finite() {
                    lo[j] = lo[j].min(c);
                    hi[j] = hi[j].max(c);
                }
            }
            for (j, s) in cols.iter_mut().enumerate() {
                if !lp.vars[j].integer {
                    *s = equilibrate((lo[j], hi[j]));
                }
            }
        }
        let vars = lp
            .vars
            .iter()
            .zip(&cols)
            .map(|(v, &s)| Var {
                lb: v.lb / s,
                ub: v.ub / s,
                cost: v.cost * s * objective,
                ..v.clone()
            })
            .collect();
        let scaled_rows = lp
            .rows
            .iter()
            .zip(&rows)
            .map(|(row, &r)| Row {
                coefs: row
                    .coefs
                    .iter()
                    .map(|&(j, a)| (j, a * r * cols[j]))
                    .collect(),
                rhs: row.rhs * r,
                ..row.clone()
            })
            .collect();
        Some(Scaled {
            objective,
            lp: Lp {
                vars,
                rows: scaled_rows,
                constant: lp.constant,
                trivially_infeasible: lp.trivially_infeasible,
                unsatisfiable: Vec::new(),
                stopped: lp.stopped,
            },
            cols,
        })
    }

    /// A point of the original program in the scaled program's variables.
    pub fn scale_point(&self, x: &[f64]) -> Vec<f64> {
        x.iter().zip(&self.cols).map(|(x, s)| x / s).collect()
    }

    /// Value `v` of column `j` in the scaled program's variable.
    #[cfg(feature = "microlp")]
    pub fn scale_value(&self, j: usize, v: f64) -> f64 {
        v / self.cols[j]
    }

    /// An objective value of the scaled program in the original's USD.
    pub fn unscale_objective(&self, v: f64) -> f64 {
        v / self.objective
    }

    /// The outcome in the original program's variables.
    pub fn unscale(&self, outcome: Outcome) -> Outcome {
        let back =
            |v: Vec<f64>| -> Vec<f64> { v.iter().zip(&self.cols).map(|(x, s)| x * s).collect() };
        match outcome {
            Outcome::Optimal(v) => Outcome::Optimal(back(v)),
            Outcome::Feasible(v) => Outcome::Feasible(back(v)),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formulate::{At, RowKind, Tag, VarKind};

    fn var(cost: f64, integer: bool) -> Var {
        Var {
            kind: VarKind::Param,
            lb: 0.0,
            ub: f64::INFINITY,
            cost,
            integer,
        }
    }

    fn row(coefs: Vec<(usize, f64)>, rhs: f64) -> Row {
        Row {
            coefs,
            sense: Sense::Ge,
            rhs,
            tag: Tag::new(RowKind::Budget, At::default()),
        }
    }

    #[test]
    fn well_scaled_programs_are_left_alone() {
        let lp = Lp {
            vars: vec![var(1.0, false), var(50.0, false)],
            rows: vec![row(vec![(0, 1.0), (1, 8.0)], 10.0)],
            ..Lp::default()
        };
        assert!(Scaled::new(&lp, false, None).is_none());
    }

    #[test]
    fn factors_are_powers_of_two_and_integers_stay_unscaled() {
        let lp = Lp {
            vars: vec![var(1e-4, false), var(1e6, false), var(3.0, true)],
            rows: vec![
                row(vec![(0, 5.84), (1, 5.84e6), (2, 1.0)], 8.76e15),
                row(vec![(0, 1.0)], 5.0),
            ],
            ..Lp::default()
        };
        let s = Scaled::new(&lp, false, None).unwrap();
        for c in &s.cols {
            assert_eq!(c.log2().fract(), 0.0, "{c}");
        }
        assert_eq!(s.cols[2], 1.0);
        // The big row's coefficients now span far less than the original 1e6 (costs count
        // among the columns' magnitudes too, so not as little as the matrix alone would).
        let (lo, hi) = range(s.lp.rows[0].coefs.iter().map(|c| c.1));
        assert!(hi / lo < 1e4, "{lo} {hi}");
        // Values map back exactly.
        let back = s.unscale(Outcome::Optimal(vec![1.0, 2.0, 3.0]));
        let Outcome::Optimal(v) = back else {
            panic!("{back:?}")
        };
        assert_eq!(v, vec![s.cols[0], 2.0 * s.cols[1], 3.0]);
    }
}

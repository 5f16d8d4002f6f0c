//! Exact decomposition of a separable LP: when no row links two groups of columns, the
//! program is block diagonal and each block is solved alone, the blocks on all cores.
//!
//! Without rows that couple periods (commitments, a budget, batch windows) capmix's program
//! falls apart by period and segment: a serving fleet of on-demand and spot capacity is one
//! block per (period, segment). The blocks are found from the rows themselves (connected
//! components of columns linked by a row), not from the scenario, so any family that links
//! columns, present or future, keeps them together.
//!
//! Invariants:
//! - The optimum of a block-diagonal program is the sum of its blocks' optima; each block's
//!   point and row duals are those of the whole at its columns and rows, so the merged
//!   duals certify the merged point (the bounds add up) exactly as a monolithic solve's do.
//! - Any block that is not certified optimal (infeasible, stopped, uncertified) makes the
//!   caller solve the whole program as before: verdicts and time limits are never read
//!   from a piece.
//! - Small components are bundled into parts of at least [`PART_COLUMNS`] columns (a
//!   bundle of blocks is still block diagonal): fewer solver calls, the same optimum.

use super::backend::{Outcome, SolverKind};
use super::certify::{certified, certified_lp_from, Certified};
use super::dual;
use crate::formulate::{Lp, Row};
use crate::options::Deadline;
use crate::Error;
use capmix_highs_basis::Statuses;

/// Programs with fewer columns are solved whole: splitting them saves nothing measurable.
const MIN_COLUMNS: usize = 4_000;

/// Columns a part holds at least (except the last), bundling components.
const PART_COLUMNS: usize = 2_000;

/// One part: which columns and rows of the whole it holds, and the part as a program.
struct Part {
    cols: Vec<usize>,
    rows: Vec<usize>,
    lp: Lp,
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The parts of `lp`, or nothing when it does not separate (or is too small to bother).
fn parts(lp: &Lp) -> Vec<Part> {
    let n = lp.vars.len();
    if n < MIN_COLUMNS || lp.stopped || lp.trivially_infeasible.is_some() {
        return Vec::new();
    }
    let mut parent: Vec<usize> = (0..n).collect();
    for row in &lp.rows {
        let mut it = row.coefs.iter().map(|&(j, _)| j).filter(|&j| j < n);
        let Some(first) = it.next() else { continue };
        let a = find(&mut parent, first);
        for j in it {
            let b = find(&mut parent, j);
            if a != b {
                parent[b] = a;
            }
        }
    }
    // Components in order of their smallest column; bundled in that order.
    let mut component_of_root = vec![usize::MAX; n];
    let mut components: Vec<Vec<usize>> = Vec::new();
    for j in 0..n {
        let r = find(&mut parent, j);
        if component_of_root[r] == usize::MAX {
            component_of_root[r] = components.len();
            components.push(Vec::new());
        }
        components[component_of_root[r]].push(j);
    }
    if components.len() < 2 {
        return Vec::new();
    }
    let mut part_of_col = vec![0usize; n];
    let mut cols: Vec<Vec<usize>> = vec![Vec::new()];
    for c in components {
        if cols.last().is_some_and(|p| p.len() >= PART_COLUMNS) {
            cols.push(Vec::new());
        }
        let k = cols.len() - 1;
        for &j in &c {
            part_of_col[j] = k;
        }
        cols[k].extend(c);
    }
    if cols.len() < 2 {
        return Vec::new();
    }
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); cols.len()];
    for (i, row) in lp.rows.iter().enumerate() {
        if let Some(&(j, _)) = row.coefs.iter().find(|&&(j, _)| j < n) {
            rows[part_of_col[j]].push(i);
        }
    }
    let mut local = vec![usize::MAX; n];
    cols.into_iter()
        .zip(rows)
        .map(|(cols, rows)| {
            for (l, &j) in cols.iter().enumerate() {
                local[j] = l;
            }
            let part = Lp {
                vars: cols.iter().map(|&j| lp.vars[j].clone()).collect(),
                rows: rows
                    .iter()
                    .map(|&i| {
                        let r = &lp.rows[i];
                        Row {
                            coefs: r.coefs.iter().map(|&(j, a)| (local[j], a)).collect(),
                            sense: r.sense,
                            rhs: r.rhs,
                            tag: r.tag,
                        }
                    })
                    .collect(),
                ..Lp::default()
            };
            Part {
                cols,
                rows,
                lp: part,
            }
        })
        .collect()
}

/// Solves a separable `lp` part by part (see the module documentation): the certified
/// optimum of the whole, merged, or `None` when `lp` does not separate or a part was not
/// certified optimal (the caller then solves `lp` whole).
pub(super) fn certified_by_parts(
    lp: &Lp,
    solver: SolverKind,
    deadline: &Deadline,
    start: Option<&Statuses>,
) -> Result<Option<Certified>, Error> {
    let parts = parts(lp);
    if parts.is_empty() {
        return Ok(None);
    }
    let solved = crate::parallel::map(&parts, |p| {
        let start = start.map(|s| Statuses {
            cols: p.cols.iter().map(|&j| s.cols[j]).collect(),
            rows: p.rows.iter().map(|&i| s.rows[i]).collect(),
        });
        certified_lp_from(&p.lp, false, solver, deadline, start.as_ref())
    });
    let mut values = vec![0.0; lp.vars.len()];
    let mut duals = vec![0.0; lp.rows.len()];
    let mut basis = Some(Statuses {
        cols: vec![0; lp.vars.len()],
        rows: vec![0; lp.rows.len()],
    });
    let mut dual_seconds = 0.0;
    for (p, c) in parts.iter().zip(solved) {
        let c = c?;
        // A part's own certificate is `c.bound`; the whole is certified once, below.
        let (Outcome::Optimal(v), Some(_), Some(y)) = (c.outcome, c.bound, c.duals) else {
            return Ok(None);
        };
        for (&j, x) in p.cols.iter().zip(v) {
            values[j] = x;
        }
        for (&i, d) in p.rows.iter().zip(y) {
            duals[i] = d;
        }
        basis = match (basis, c.basis) {
            (Some(mut whole), Some(part)) => {
                for (&j, s) in p.cols.iter().zip(part.cols) {
                    whole.cols[j] = s;
                }
                for (&i, s) in p.rows.iter().zip(part.rows) {
                    whole.rows[i] = s;
                }
                Some(whole)
            }
            _ => None,
        };
        dual_seconds += c.dual_seconds;
    }
    // The merged duals certify the merged point on the whole program, checked as any
    // certificate is (signs, reduced costs, the bound against the cost).
    let primal: f64 = lp.vars.iter().zip(&values).map(|(v, x)| v.cost * x).sum();
    let Some(bound) = dual::bound_of(lp, &duals, &values).filter(|&b| certified(primal, b)) else {
        return Ok(None);
    };
    Ok(Some(Certified {
        outcome: Outcome::Optimal(values),
        bound: Some(bound),
        duals: Some(duals),
        note: None,
        plan_exists: false,
        dual_seconds,
        basis,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formulate::{At, RowKind, Sense, Tag, VarKind};

    /// Two independent blocks of 2,500 columns, each: Σ x ≥ 1 with costs 1, 2, 3, ...:
    /// each block's optimum takes its cheapest column, so the whole costs 1 + 1 = 2.
    fn two_blocks() -> Lp {
        let mut lp = Lp::default();
        for _ in 0..2 {
            let first = lp.vars.len();
            for c in 0..2_500 {
                lp.add_var(VarKind::Param, 1.0 + c as f64, f64::INFINITY, false);
            }
            let coefs = (first..lp.vars.len()).map(|j| (j, 1.0)).collect();
            lp.add_row(
                coefs,
                Sense::Ge,
                1.0,
                Tag::new(RowKind::Demand, At::default()),
            );
        }
        lp
    }

    #[test]
    fn a_block_diagonal_program_is_solved_by_parts() {
        let lp = two_blocks();
        let p = parts(&lp);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].cols.len(), p[0].rows.as_slice()),
            (2_500, [0].as_slice())
        );
        assert_eq!(p[1].cols[0], 2_500);
        let c = certified_by_parts(&lp, SolverKind::Auto, &Deadline::none(), None)
            .unwrap()
            .unwrap();
        let Outcome::Optimal(x) = c.outcome else {
            panic!("not optimal")
        };
        assert!((c.bound.unwrap() - 2.0).abs() < 1e-9);
        assert!((x[0] - 1.0).abs() < 1e-9 && (x[2_500] - 1.0).abs() < 1e-9);
        // Each block's row prices its cheapest column: 1 USD per unit of demand.
        assert_eq!(c.duals.unwrap().len(), 2);
    }

    #[test]
    fn a_linked_or_small_program_is_not_split() {
        let mut lp = two_blocks();
        lp.add_row(
            vec![(0, 1.0), (2_500, 1.0)],
            Sense::Le,
            5.0,
            Tag::new(RowKind::Demand, At::default()),
        );
        assert!(parts(&lp).is_empty());
        let mut small = Lp::default();
        small.add_var(VarKind::Param, 1.0, 1.0, false);
        small.add_var(VarKind::Param, 1.0, 1.0, false);
        assert!(parts(&small).is_empty());
    }
}

//! Sweep rows from plans, and the Pareto front of cost against outage coverage.

use super::{Sweep, SweepRow};
use crate::document::Status;
use std::collections::BTreeMap;

impl SweepRow {
    /// The row for `plan`, planned at parameter `value` (`pareto` and `inferred` false).
    pub fn from_plan(value: f64, plan: &crate::Plan) -> SweepRow {
        let coverage = plan
            .achieved
            .outage_coverage
            .iter()
            .map(|c| c.coverage)
            .reduce(f64::min);
        SweepRow {
            value,
            status: plan.status,
            total_cost: plan.total_cost,
            objective: plan.objective,
            cost_by_provider: plan.costs.by_provider.clone(),
            outage_coverage: coverage,
            pareto: false,
            inferred: false,
            worst_case_cost: plan.uncertainty.as_ref().map(|u| u.worst_case_cost),
            commitment_units: plan
                .has_solution()
                .then(|| crate::document::committed(&plan.commitments).0),
        }
    }
}

impl Sweep {
    /// A sweep from rows solved separately (e.g. one [`apply_param`] + plan per value on
    /// other machines), in the order given: marks the Pareto front and lists the providers.
    pub fn from_rows(param: impl Into<String>, mut rows: Vec<SweepRow>) -> Sweep {
        mark_pareto(&mut rows);
        let mut providers: Vec<String> = rows
            .iter()
            .flat_map(|r| r.cost_by_provider.keys().cloned())
            .collect();
        providers.sort();
        providers.dedup();
        Sweep {
            param: param.into(),
            providers,
            rows,
        }
    }
}

/// A row with no plan (status `no_solution` until the caller says otherwise).
pub(super) fn empty_row(value: f64) -> SweepRow {
    SweepRow {
        value,
        status: Status::NoSolution,
        total_cost: None,
        objective: None,
        cost_by_provider: BTreeMap::new(),
        outage_coverage: None,
        pareto: false,
        inferred: false,
        worst_case_cost: None,
        commitment_units: None,
    }
}

/// Marks rows no other row dominates in (objective ↓, coverage ↑), within 1e-9 relative.
fn mark_pareto(rows: &mut [SweepRow]) {
    let points: Vec<Option<(f64, f64)>> = rows
        .iter()
        .map(|r| {
            r.objective
                .zip(r.outage_coverage.or(r.objective.map(|_| 0.0)))
        })
        .collect();
    let le = |a: f64, b: f64| a <= b + 1e-9 * a.abs().max(b.abs()).max(1.0);
    let same = |(ca, va): (f64, f64), (cb, vb): (f64, f64)| {
        le(ca, cb) && le(cb, ca) && le(va, vb) && le(vb, va)
    };
    let mut coverages = points.iter().flatten().map(|&(_, v)| v);
    let first = coverages.next();
    let trades = first.is_some_and(|f| coverages.any(|v| !(le(v, f) && le(f, v))));
    for (i, row) in rows.iter_mut().enumerate() {
        let Some((ci, vi)) = points[i] else { continue };
        let dominated = points.iter().enumerate().any(|(j, p)| {
            let Some((cj, vj)) = *p else { return false };
            j != i && le(cj, ci) && le(vi, vj) && !same((ci, vi), (cj, vj))
        });
        let repeated = points[..i].iter().flatten().any(|&p| same(p, (ci, vi)));
        row.pareto = trades && !dominated && !repeated;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cost: f64, cov: f64) -> SweepRow {
        SweepRow {
            objective: Some(cost),
            outage_coverage: Some(cov),
            ..empty_row(0.0)
        }
    }

    #[test]
    fn pareto_front() {
        let mut rows = vec![
            row(10.0, 0.0),
            row(12.0, 0.5),
            row(12.0, 0.4),
            row(15.0, 0.5),
            row(20.0, 1.0),
        ];
        mark_pareto(&mut rows);
        let marks: Vec<bool> = rows.iter().map(|r| r.pareto).collect();
        assert_eq!(marks, vec![true, true, false, false, true]);
    }

    #[test]
    fn identical_rows_are_marked_once_and_constant_coverage_not_at_all() {
        let mut rows = vec![
            row(10.0, 0.4),
            row(10.0, 0.4),
            row(12.0, 0.6),
            row(12.0, 0.6),
        ];
        mark_pareto(&mut rows);
        let marks: Vec<bool> = rows.iter().map(|r| r.pareto).collect();
        assert_eq!(marks, vec![true, false, true, false]);
        // A price sweep: coverage never moves, so there is no trade-off to mark.
        let mut rows = vec![row(10.0, 0.4), row(12.0, 0.4), row(9.0, 0.4)];
        mark_pareto(&mut rows);
        assert!(rows.iter().all(|r| !r.pareto));
    }
}

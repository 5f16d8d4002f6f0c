//! Variants of the program for infeasibility diagnosis.
//!
//! All of them start from the pure LP of contract §2 (whole units and single routing are
//! ignored: they are diagnosed by re-planning without them).
//!
//! - [`elastic`]: a non-negative slack variable on every row of the families a planner can
//!   give on (each family says so: serving demand and batch totals, provider share, outage
//!   coverage, spot share and the budget), penalised in the objective. Capacity caps (`max_units`) and the
//!   commitment link rows stay hard: a quota is a fact, and no capacity at all satisfies
//!   them (validation keeps existing commitments within their caps), so the elastic program
//!   is always feasible.
//! - [`coverage_program`]: the outage coverage β as a variable in [0, 1], maximised, every
//!   other row hard.
//! - [`spend_program`]: no budget row and no shortfall penalties: its optimum is the least
//!   spend, i.e. the least budget with which the scenario would be feasible.
//!
//! ## Penalties of the elastic program
//! USD per unit of slack = weight × unit value of the row. The unit value is what one unit
//! of the row's right-hand side costs at the dearest offering the workload may use: for rate
//! rows (serving demand, shares, coverage; work units per hour) price × segment hours / rate
//! delivered per unit, for batch rows (work units) price / rate delivered per unit, for the
//! budget (USD) 1; floored at [`MIN_UNIT_VALUE`] so that free offerings still make slack
//! expensive. Policy rows and the budget weigh `POLICY_WEIGHT` = 1000, demand rows
//! `DEMAND_WEIGHT` = 2000 (the families' constants). Hence:
//! - slack costs about a thousand times more than buying the capacity it replaces (when
//!   capacity can be bought), so the program first minimises the relaxation and only then
//!   the cost;
//! - one unit of rate left unserved (2000 × the dearest price) costs more than allowing one
//!   more unit of rate through a share cap or the budget (at most 1000 × the dearest price
//!   plus the purchase), so a too-strict policy shows up as that policy's relaxation rather
//!   than as unserved demand; demand is reported unserved when no policy slack can help,
//!   which is the case for exhausted caps and missing offerings.
//!
//! Caveat: a commitment bought to cover a single short segment pays its whole term, which
//! can exceed the thousandfold margin for very long terms and very short segments; the
//! slack is then reported although capacity could in principle be committed.

use crate::formulate::{formulate, Lp, RoutingMode, RowKind, Sense, Spec, Tag, VarKind};
use crate::model::Model;

/// Smallest unit value (USD per unit of slack before weighting).
pub(crate) const MIN_UNIT_VALUE: f64 = 1.0;

/// A slack variable of the elastic program and the row it relaxes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slack {
    /// Index of the slack variable.
    pub var: usize,
    /// The relaxed row's family and indices.
    pub tag: Tag,
    /// The relaxed row's right-hand side (row units).
    pub rhs: f64,
}

/// The elastic program and its slack variables.
#[derive(Debug, Clone)]
pub(crate) struct Elastic {
    pub lp: Lp,
    pub slacks: Vec<Slack>,
}

/// The pure LP of `model` (continuous units, split routing).
fn continuous(model: &Model) -> Lp {
    formulate(
        model,
        &Spec {
            integer: false,
            routing: RoutingMode::Fixed(Vec::new()),
            reduce: true,
            deadline: crate::options::Deadline::none(),
        },
    )
    .lp
}

/// Sign of the slack in a relaxable row (+1 for `≥`, −1 for `≤`) and its weight, from the
/// row's family; `None` keeps the row hard.
fn relaxable(tag: Tag, sense: Sense) -> Option<(f64, f64)> {
    let sign = match sense {
        Sense::Ge => 1.0,
        Sense::Le => -1.0,
        Sense::Eq => return None,
    };
    let weight = tag.kind.family()?.slack_weight(tag.kind)?;
    Some((sign, weight))
}

/// USD per unit of the row's right-hand side at the dearest offering the workload may use:
/// rows of (w, t, k) are rates held over the segment, rows of a workload alone are work
/// units, rows of no workload (the budget) are USD.
fn unit_value(model: &Model, tag: Tag) -> f64 {
    let dearest = |w: usize, hours: f64| {
        model.workloads[w]
            .usable
            .iter()
            .map(|u| model.offerings[u.offering].price * hours / u.gain)
            .fold(0.0, f64::max)
    };
    let value = match (tag.at.w, tag.at.t, tag.at.k) {
        (Some(w), Some(t), Some(k)) => dearest(w, model.seg_hours(t, k)),
        (Some(w), _, _) => dearest(w, 1.0),
        _ => 1.0,
    };
    value.max(MIN_UNIT_VALUE)
}

/// The elastic program of `model` (see the module documentation).
pub(crate) fn elastic(model: &Model) -> Elastic {
    let base = continuous(model);
    let mut lp = Lp {
        vars: base.vars,
        constant: base.constant,
        ..Lp::default()
    };
    let mut slacks = Vec::new();
    for row in base.rows.into_iter().chain(base.unsatisfiable) {
        let Some((sign, weight)) = relaxable(row.tag, row.sense) else {
            lp.add_row(row.coefs, row.sense, row.rhs, row.tag);
            continue;
        };
        let cost = weight * unit_value(model, row.tag);
        let var = lp.add_var(
            VarKind::Slack { row: lp.rows.len() },
            cost,
            f64::INFINITY,
            false,
        );
        let mut coefs = row.coefs;
        coefs.push((var, sign));
        slacks.push(Slack {
            var,
            tag: row.tag,
            rhs: row.rhs,
        });
        lp.add_row(coefs, row.sense, row.rhs, row.tag);
    }
    Elastic { lp, slacks }
}

/// Maximises a uniform outage coverage β ∈ [0, 1] with every other row hard; returns the
/// program and the index of β. Only meaningful when the model has outage rows (β > 0).
pub(crate) fn coverage_program(model: &Model) -> (Lp, usize) {
    let base = continuous(model);
    let mut lp = Lp {
        vars: base.vars,
        ..Lp::default()
    };
    for v in &mut lp.vars {
        v.cost = 0.0;
    }
    let beta = lp.add_var(VarKind::Param, -1.0, 1.0, false);
    for row in base.rows.into_iter().chain(base.unsatisfiable) {
        if row.tag.kind == RowKind::Outage {
            // Σ_{o∉p} g x ≥ β·rate  ⇔  Σ_{o∉p} g x − rate·β ≥ 0.
            let mut coefs = row.coefs;
            coefs.push((
                beta,
                -model.row_demand(row.tag.at.w, row.tag.at.t, row.tag.at.k),
            ));
            lp.add_row(coefs, Sense::Ge, 0.0, row.tag);
        } else {
            lp.add_row(row.coefs, row.sense, row.rhs, row.tag);
        }
    }
    (lp, beta)
}

/// The program without the budget and without shortfall penalties: its optimum (plus its
/// constant) is the least spend (USD) that meets every other rule.
pub(crate) fn spend_program(model: &Model) -> Lp {
    let mut unbudgeted = model.clone();
    unbudgeted.policy.budget = None;
    let mut lp = continuous(&unbudgeted);
    for v in &mut lp.vars {
        if matches!(v.kind, VarKind::Short { .. } | VarKind::ShortBatch { .. }) {
            v.cost = 0.0;
        }
    }
    lp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Offering, Scenario, Workload};

    #[test]
    fn every_relaxable_row_gets_one_slack() {
        // Demand 8 on one offering capped at 5: a demand row and a provider share row (cap
        // 1.0) get slack; the cap row stays hard.
        let s = Scenario::builder("t")
            .hours_per_period(100.0)
            .provider("p")
            .offering(Offering::on_demand("o", "p", "r", "H100", 1.0, 10.0).max_units(5.0))
            .workload(Workload::serving("w", [8.0]).throughput("H100", 1.0))
            .build_unchecked();
        let model = crate::testing::model(&s);
        let e = elastic(&model);
        assert_eq!(e.slacks.len(), 2);
        let demand = e
            .slacks
            .iter()
            .find(|s| s.tag.kind == RowKind::Demand)
            .unwrap();
        let share = e
            .slacks
            .iter()
            .find(|s| s.tag.kind == RowKind::ProviderShare)
            .unwrap();
        // Dearest offering: $10 × 100 h per unit of rate, times the family's weight.
        assert_eq!(e.lp.vars[demand.var].cost, 2e3 * 1000.0);
        assert_eq!(e.lp.vars[share.var].cost, 1e3 * 1000.0);
        assert!(e
            .lp
            .rows
            .iter()
            .any(|r| r.tag.kind == RowKind::OfferingCap && r.coefs.len() == 1));
        assert!(e.lp.trivially_infeasible.is_none());
    }

    #[test]
    fn outage_rows_of_a_single_provider_get_slack() {
        // One provider and β = 0.5: without provider p nothing is left (d − Σ_{o∈p} g x is
        // 0), so the outage row cannot hold; in the elastic program its slack makes it hold.
        let s = Scenario::builder("t")
            .provider("p")
            .offering(Offering::on_demand("o", "p", "r", "H100", 1.0, 10.0))
            .workload(Workload::serving("w", [8.0]).throughput("H100", 1.0))
            .outage_coverage(0.5)
            .build_unchecked();
        let model = crate::testing::model(&s);
        let e = elastic(&model);
        assert!(e.lp.trivially_infeasible.is_none());
        assert!(e.slacks.iter().any(|s| s.tag.kind == RowKind::Outage));
    }
}

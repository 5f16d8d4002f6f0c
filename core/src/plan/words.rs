//! The plan's quality in words, the same on every door (CLI, Python, the calculator):
//! how far the plan can be from the best one, and, separately, what whole units add.
//!
//! The two numbers answer different questions and are never merged: `gap` bounds the
//! distance to the best *whole-unit* plan (0 for a proven optimum); `whole_units_premium`
//! is what the same plan costs over the fractional relaxation, which the best whole-unit
//! plan has too.

use crate::document::{Plan, Status};
use crate::fmt::usd;

/// A relative gap as a percentage for reading: `0.095%`, `0.3%`, `4.2%`.
fn gap_pct(g: f64) -> String {
    let p = 100.0 * g;
    if p < 0.1 {
        format!("{p:.3}%")
    } else if p < 1.0 {
        format!("{p:.2}%")
    } else {
        format!("{p:.1}%")
    }
}

impl Plan {
    /// How far the plan can be from the best one, in words: "proven optimal", "optimal:
    /// within 0.095% of the best possible, as asked", "not proven optimal: within 0.28% of
    /// the best possible"; `None` without a plan.
    pub fn optimality_words(&self) -> Option<String> {
        optimality(self)
    }

    /// What whole units add, in words: "whole instances add 41.9% ($58,786) over the
    /// fractional relaxation ($140,313)"; `None` for fluid plans.
    pub fn whole_units_words(&self) -> Option<String> {
        whole_units(self)
    }
}

fn optimality(plan: &Plan) -> Option<String> {
    plan.total_cost?;
    let gap = plan.gap;
    Some(match (plan.status, gap) {
        (Status::Optimal, Some(g)) if g <= 1e-9 => "proven optimal".into(),
        (Status::Optimal, Some(g)) => format!(
            "optimal: within {} of the best possible, as asked",
            gap_pct(g)
        ),
        (Status::Optimal, None) => "proven optimal".into(),
        (_, Some(g)) if g.is_finite() => format!(
            "not proven optimal: within {} of the best possible",
            gap_pct(g)
        ),
        _ => "not proven optimal: no bound on how far from the best".into(),
    })
}

fn whole_units(plan: &Plan) -> Option<String> {
    let premium = plan.whole_units_premium?;
    let relaxed = plan.relaxation_objective?;
    let objective = plan.objective?;
    Some(format!(
        "whole instances add {:.1}% ({}) over the fractional relaxation ({})",
        100.0 * premium,
        usd(objective - relaxed),
        usd(relaxed)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(status: Status, gap: Option<f64>) -> Plan {
        let mut p = Plan::without_solution("t", status, "microlp", String::new());
        p.total_cost = Some(100.0);
        p.objective = Some(100.0);
        p.gap = gap;
        p
    }

    #[test]
    fn words() {
        let w = |s, g| optimality(&plan(s, g)).unwrap_or_default();
        assert_eq!(w(Status::Optimal, Some(0.0)), "proven optimal");
        assert_eq!(
            w(Status::Optimal, Some(0.00095)),
            "optimal: within 0.095% of the best possible, as asked"
        );
        assert_eq!(
            w(Status::Feasible, Some(0.0282)),
            "not proven optimal: within 2.8% of the best possible"
        );
        assert_eq!(
            w(Status::TimeLimit, None),
            "not proven optimal: no bound on how far from the best"
        );
        let none = Plan::without_solution("t", Status::Infeasible, "microlp", String::new());
        assert_eq!(optimality(&none), None);
        let mut p = plan(Status::Optimal, Some(0.0));
        p.objective = Some(199_099.0);
        p.relaxation_objective = Some(140_313.0);
        p.whole_units_premium = Some((199_099.0 - 140_313.0) / 140_313.0);
        assert_eq!(
            whole_units(&p).unwrap_or_default(),
            "whole instances add 41.9% ($58,786) over the fractional relaxation ($140,313)"
        );
    }
}

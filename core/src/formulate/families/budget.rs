//! Budget: spend (the objective without shortfall penalties) ≤ `policy.budget` (USD).
//!
//! Built last: its row sums the cost of every variable the other families created. Its dual
//! is the USD change of the objective per USD of budget.

use super::{limit, policy_price, Build, Family, Finding, ParamSpec, RowKind, POLICY_WEIGHT};
use crate::document::{Diagnosis, PolicyFamily, PolicyLimit, ShadowPrices};
use crate::fmt::usd;
use crate::formulate::{At, Row, Sense, Tag, VarKind};
use crate::model::Model;
use crate::options::PlanOptions;
use crate::scenario::Scenario;

pub(crate) struct Budget;

impl Family for Budget {
    fn policy(&self) -> Option<PolicyFamily> {
        Some(PolicyFamily::Budget)
    }

    fn build(&self, b: &mut Build<'_>) {
        let Some(budget) = b.model.policy.budget else {
            return;
        };
        let coefs: Vec<(usize, f64)> =
            b.lp.vars
                .iter()
                .enumerate()
                .filter(|(_, v)| {
                    v.cost != 0.0
                        && !matches!(v.kind, VarKind::Short { .. } | VarKind::ShortBatch { .. })
                })
                .map(|(i, v)| (i, v.cost))
                .collect();
        let rhs = budget - b.lp.constant;
        b.lp.add_row(
            coefs,
            Sense::Le,
            rhs,
            Tag::new(RowKind::Budget, At::default()),
        );
    }

    fn prefix(&self, _kind: RowKind) -> &'static str {
        "budget"
    }

    fn slack_weight(&self, _kind: RowKind) -> Option<f64> {
        Some(POLICY_WEIGHT)
    }

    fn price(&self, model: &Model, row: &Row, y: f64, out: &mut ShadowPrices) {
        out.policy
            .push(policy_price(model, PolicyFamily::Budget, row.tag.at, y));
    }

    fn finding(&self, model: &Model, tag: Tag, v: f64, _scale: f64) -> Option<Finding> {
        let b = model.policy.budget.unwrap_or(0.0);
        Some(Finding::Limit(limit(
            model,
            PolicyFamily::Budget,
            tag.at,
            b,
            b + v,
        )))
    }

    fn is_active(&self, s: &Scenario, _o: &PlanOptions) -> bool {
        s.policy.budget.is_some()
    }

    fn relax(&self, s: &mut Scenario, _o: &mut PlanOptions) {
        s.policy.budget = None;
    }

    fn label(&self, s: &Scenario) -> String {
        format!("budget {}", usd(s.policy.budget.unwrap_or(0.0)))
    }

    fn setting(&self, s: &Scenario) -> String {
        format!("the budget of {}", usd(s.policy.budget.unwrap_or(0.0)))
    }

    fn marginal_sentence(
        &self,
        _rows: usize,
        v: f64,
        _w: Option<&str>,
        _g: Option<&str>,
    ) -> String {
        format!(
            "the budget binds: each extra $1,000 saves {}",
            usd(-v * 1000.0)
        )
    }

    fn limit_sentence(&self, l: &PolicyLimit, _at: &str, d: &Diagnosis) -> Option<String> {
        Some(match d.least_budget {
            Some(least) => format!(
                "budget would need at least {} (it is {})",
                usd(least),
                usd(l.limit)
            ),
            None => format!(
                "budget would need about {} alongside the other relaxations (it is {})",
                usd(l.relaxed_to),
                usd(l.limit)
            ),
        })
    }

    fn params(&self) -> &'static [ParamSpec] {
        &[ParamSpec {
            form: "policy.budget",
            tightening: -1,
            apply: |s, _, v| {
                s.policy.budget = Some(v);
                Ok(())
            },
        }]
    }
}

//! The purchase list of a plan: what to buy, one line per offering and period.
//!
//! Derived from the plan document's `fleet` and `commitments` plus the prices and segment
//! hours of the scenario's [`Model`] (the document carries neither per offering). Invariant:
//! the lines' `cost` sums to `costs.by_period` summed over periods (the plan's total cost
//! without charged beyond-horizon commitment cost), because both charge every fleet entry its
//! units × price × segment hours.

use crate::document::Plan;
use crate::error::ScenarioError;
use crate::model::Model;
use crate::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One offering in one period: what is held, what is signed, what it costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PurchaseLine {
    /// 1-based period.
    pub period: usize,
    /// Period label (`2025-07` or `P1`).
    pub label: String,
    /// Offering id.
    pub offering: String,
    /// Provider id.
    pub provider: String,
    /// Region.
    pub region: String,
    /// Accelerator name.
    pub accelerator: String,
    /// Purchase option (`on_demand`, `spot`, `commit`).
    pub purchase: String,
    /// Units held: the most running (on-demand/spot) or active (commit, existing included)
    /// in any segment of the period; the fleet units when there is one segment.
    pub units: f64,
    /// Accelerators of those units: units × chips per unit.
    pub chips: f64,
    /// Units of new commitments signed in this period (commit offerings; 0 otherwise). They
    /// become active after the offering's lead, so a line may sign units it does not hold yet.
    pub signed_units: f64,
    /// USD spent in this period: every segment's units × price × the segment's hours.
    pub cost: f64,
}

impl Plan {
    /// The purchase list: one line per offering and period with capacity held or signed,
    /// ordered by period and then by the scenario's offering order. `model` is the validated
    /// scenario this plan was made from ([`crate::validate_scenario`]); an offering, period
    /// or segment of the plan that it lacks is an error naming the plan field.
    pub fn purchases(&self, model: &Model) -> Result<Vec<PurchaseLine>, Error> {
        let offering = |id: &str, field: String| {
            model
                .offerings
                .iter()
                .position(|o| o.id == id)
                .ok_or_else(|| {
                    Error::from(ScenarioError::new(
                        field,
                        format!("offering `{id}` is not in the scenario"),
                    ))
                })
        };
        let period = |p: usize, field: String| {
            (1..=model.periods())
                .contains(&p)
                .then(|| p - 1)
                .ok_or_else(|| {
                    Error::from(ScenarioError::new(
                        field,
                        format!("period {p} is outside the scenario's horizon"),
                    ))
                })
        };
        // (period index, offering index) -> (peak units, cost, signed units).
        let mut lines: BTreeMap<(usize, usize), (f64, f64, f64)> = BTreeMap::new();
        for (i, f) in self.fleet.iter().enumerate() {
            let o = offering(&f.offering, format!("fleet[{i}].offering"))?;
            let t = period(f.period, format!("fleet[{i}].period"))?;
            let k = model
                .segments
                .iter()
                .position(|s| s.name == f.segment)
                .ok_or_else(|| {
                    ScenarioError::new(
                        format!("fleet[{i}].segment"),
                        format!("segment `{}` is not in the scenario", f.segment),
                    )
                })?;
            let line = lines.entry((t, o)).or_default();
            line.0 = line.0.max(f.units);
            line.1 += f.units * model.offerings[o].price * model.seg_hours(t, k);
        }
        for (i, c) in self.commitments.iter().enumerate() {
            let o = offering(&c.offering, format!("commitments[{i}].offering"))?;
            let t = period(c.period, format!("commitments[{i}].period"))?;
            lines.entry((t, o)).or_default().2 += c.units;
        }
        Ok(lines
            .into_iter()
            .map(|((t, o), (units, cost, signed_units))| {
                let off = &model.offerings[o];
                PurchaseLine {
                    period: t + 1,
                    label: model.labels[t].clone(),
                    offering: off.id.clone(),
                    provider: model.providers[off.provider].id.clone(),
                    region: off.region.clone(),
                    accelerator: off.accelerator.clone(),
                    purchase: off.purchase.as_str().to_string(),
                    units,
                    chips: units * off.chips,
                    signed_units,
                    cost,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::{plan, validate_scenario, PlanOptions, Scenario};

    /// The hand-derived plan of examples/scenarios/commit-vs-ondemand.toml: sign 50 commit
    /// units in period 1 (active all year), 50 on-demand units in the peak segment only.
    #[test]
    fn purchases_of_the_commit_example_match_the_hand_derivation() {
        let text = include_str!("../../../examples/scenarios/commit-vs-ondemand.toml");
        let scenario = Scenario::from_toml_str(text).unwrap();
        let plan = plan(&scenario, &PlanOptions::default()).unwrap();
        let model = validate_scenario(&scenario).unwrap();
        let lines = plan.purchases(&model).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
        let first: Vec<_> = lines.iter().filter(|l| l.period == 1).collect();
        assert_eq!(first.len(), 2, "{first:?}");
        let commit = first.iter().find(|l| l.purchase == "commit").unwrap();
        assert!(close(commit.units, 50.0) && close(commit.signed_units, 50.0));
        assert!(close(commit.chips, 400.0));
        assert!(close(commit.cost, 50.0 * 32.006 * 730.0), "{commit:?}");
        let od = first.iter().find(|l| l.purchase == "on_demand").unwrap();
        assert!(close(od.units, 50.0) && od.signed_units == 0.0);
        assert!(close(od.cost, 50.0 * 49.24 * 730.0 * 0.6), "{od:?}");
        assert_eq!(lines.iter().filter(|l| l.signed_units > 0.0).count(), 1);
        // The lines' cost is the plan's spend by period.
        let sum: f64 = lines.iter().map(|l| l.cost).sum();
        assert!(close(sum, plan.costs.by_period.iter().sum()), "{sum}");
    }

    #[test]
    fn an_offering_the_model_lacks_is_an_error_naming_the_field() {
        let text = include_str!("../../../examples/scenarios/commit-vs-ondemand.toml");
        let scenario = Scenario::from_toml_str(text).unwrap();
        let mut plan = plan(&scenario, &PlanOptions::default()).unwrap();
        plan.fleet[0].offering = "gone".into();
        let model = validate_scenario(&scenario).unwrap();
        let err = plan.purchases(&model).unwrap_err().to_string();
        assert!(
            err.starts_with("fleet[0].offering: offering `gone`"),
            "{err}"
        );
    }
}

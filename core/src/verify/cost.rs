//! Money (checks 10 and 11), in USD. The total is recomputed from the fleet: every entry
//! pays units × price per unit-hour × period hours × segment share. Commit fleet entries
//! repeat the active units in every segment, so a commitment pays for all of a period's
//! hours, existing commitments included. With `commitments_beyond_horizon = "charge"`,
//! each new commitment's active periods after the horizon are added at the last period's
//! hours.

use super::capacity::{beyond_cost, Paid};
use super::tally::Tally;
use super::view::View;
use super::{num, Checker};
use crate::document::Plan;
use crate::scenario::{BeyondHorizon, Offering};
use std::collections::BTreeMap;

/// Spend recomputed from the fleet and commitments.
#[derive(Default)]
struct Spend {
    /// USD per period (without charged beyond-horizon cost).
    by_period: Vec<f64>,
    by_provider: BTreeMap<String, f64>,
    by_accelerator: BTreeMap<String, f64>,
    by_purchase: BTreeMap<String, f64>,
    /// Keyed `provider/region`.
    by_region: BTreeMap<String, f64>,
    /// USD of new commitments' periods after the horizon, charged or not.
    beyond: f64,
    /// Whether `beyond` is part of the total.
    charged: bool,
    /// USD: Σ by_period plus charged beyond-horizon cost.
    total: f64,
}

impl Spend {
    fn add(&mut self, off: &Offering, usd: f64) {
        *self.by_provider.entry(off.provider.clone()).or_default() += usd;
        *self
            .by_accelerator
            .entry(off.accelerator.clone())
            .or_default() += usd;
        *self
            .by_purchase
            .entry(off.purchase.as_str().to_string())
            .or_default() += usd;
        *self
            .by_region
            .entry(format!("{}/{}", off.provider, off.region))
            .or_default() += usd;
    }
}

/// Checks every cost figure and the budget; returns the recomputed total cost (USD).
pub(super) fn check(view: &View, plan: &Plan, tally: &Tally, paid: &Paid, c: &mut Checker) -> f64 {
    periods(view, plan, c);
    let spend = spend(view, paid);
    totals(view, plan, &spend, c);
    splits(plan, &spend, c);
    existing(view, plan, c);
    penalties(plan, tally, spend.total, c);
    if let Some(budget) = view.scenario.policy.budget {
        c.at_most(
            spend.total,
            budget,
            spend.total.abs().max(c.money_floor()),
            || {
                format!(
                    "budget: the plan spends {} USD > budget {}",
                    num(spend.total),
                    num(budget)
                )
            },
        );
    }
    spend.total
}

/// `total_cost`, `by_period` and the beyond-horizon figures against the recomputation, and
/// `by_period` (+ charged beyond-horizon cost) summing to `total_cost`.
fn totals(view: &View, plan: &Plan, spend: &Spend, c: &mut Checker) {
    let costs = &plan.costs;
    let reported = plan.total_cost.unwrap_or(0.0);
    c.equal_at(reported, spend.total, c.money_floor(), || {
        format!(
            "total_cost {} USD, recomputed from the fleet and commitments {}",
            num(reported),
            num(spend.total)
        )
    });
    c.holds(costs.by_period.len() == view.periods(), || {
        format!(
            "costs.by_period has {} entries for {} periods",
            costs.by_period.len(),
            view.periods()
        )
    });
    for (t, (&usd, &expected)) in costs.by_period.iter().zip(&spend.by_period).enumerate() {
        c.equal_at(usd, expected, c.money_floor(), || {
            format!(
                "costs.by_period[{t}] (period {}) is {} USD, recomputed {}",
                t + 1,
                num(usd),
                num(expected)
            )
        });
    }
    let per_period = [
        ("provider", &costs.by_period_and_provider),
        ("accelerator", &costs.by_period_and_accelerator),
        ("purchase", &costs.by_period_and_purchase),
    ];
    for (dim, splits) in per_period {
        c.holds(splits.len() == costs.by_period.len(), || {
            format!(
                "costs.by_period_and_{dim} has {} entries for {} periods",
                splits.len(),
                costs.by_period.len()
            )
        });
        for (t, (split, &usd)) in splits.iter().zip(&costs.by_period).enumerate() {
            let sum: f64 = split.values().sum();
            c.equal_at(sum, usd, c.money_floor(), || {
                format!(
                    "costs.by_period_and_{dim}[{t}] sums to {} USD, costs.by_period[{t}] is {}",
                    num(sum),
                    num(usd)
                )
            });
        }
    }
    c.equal_at(costs.beyond_horizon, spend.beyond, c.money_floor(), || {
        format!(
            "costs.beyond_horizon is {} USD, recomputed {}",
            num(costs.beyond_horizon),
            num(spend.beyond)
        )
    });
    c.holds(costs.beyond_horizon_charged == spend.charged, || {
        format!(
            "costs.beyond_horizon_charged is {}, the policy says {}",
            costs.beyond_horizon_charged, spend.charged
        )
    });
    let charged = if costs.beyond_horizon_charged {
        costs.beyond_horizon
    } else {
        0.0
    };
    let period_sum = costs.by_period.iter().sum::<f64>() + charged;
    c.equal_at(period_sum, reported, c.money_floor(), || {
        format!(
            "costs.by_period (+ charged beyond horizon) sum to {} USD, total_cost is {}",
            num(period_sum),
            num(reported)
        )
    });
}

/// The plan's periods carry the scenario's hours.
fn periods(view: &View, plan: &Plan, c: &mut Checker) {
    c.holds(plan.periods.len() == view.periods(), || {
        format!(
            "the plan lists {} periods, the scenario has {}",
            plan.periods.len(),
            view.periods()
        )
    });
    for (t, (p, &hours)) in plan.periods.iter().zip(&view.hours).enumerate() {
        c.holds(p.period == t + 1, || {
            format!("periods[{t}] is numbered {}, expected {}", p.period, t + 1)
        });
        c.equal_at(p.hours, hours, 0.0, || {
            format!(
                "period {} has {} hours in the plan, {} in the scenario",
                t + 1,
                num(p.hours),
                num(hours)
            )
        });
    }
}

fn spend(view: &View, paid: &Paid) -> Spend {
    let mut spend = Spend {
        by_period: vec![0.0; view.periods()],
        ..Spend::default()
    };
    for (&(o, t, k), &units) in &paid.fleet {
        let Some(off) = view.scenario.offerings.get(o) else {
            continue;
        };
        // USD = units × USD per unit-hour × hours of the segment.
        let usd = units * off.price_per_hour * view.seg_hours(t, k);
        if let Some(p) = spend.by_period.get_mut(t) {
            *p += usd;
        }
        spend.add(off, usd);
    }
    spend.charged = view.scenario.policy.commitments_beyond_horizon == BeyondHorizon::Charge;
    for &(o, s, units) in &paid.signed {
        let Some(off) = view.scenario.offerings.get(o) else {
            continue;
        };
        let usd = units * beyond_cost(view, off, s);
        spend.beyond += usd;
        if spend.charged {
            spend.add(off, usd);
        }
    }
    spend.total =
        spend.by_period.iter().sum::<f64>() + if spend.charged { spend.beyond } else { 0.0 };
    spend
}

/// Each split matches the recomputation key by key (where recomputable) and sums to the
/// total.
fn splits(plan: &Plan, spend: &Spend, c: &mut Checker) {
    let costs = &plan.costs;
    let maps = [
        ("by_provider", &costs.by_provider, Some(&spend.by_provider)),
        (
            "by_accelerator",
            &costs.by_accelerator,
            Some(&spend.by_accelerator),
        ),
        ("by_purchase", &costs.by_purchase, Some(&spend.by_purchase)),
        ("by_region", &costs.by_region, Some(&spend.by_region)),
        // Attribution to workloads is the plan's choice; only its sum is checked.
        ("by_workload", &costs.by_workload, None),
    ];
    for (name, reported, expected) in maps {
        if let Some(expected) = expected {
            for key in reported
                .keys()
                .chain(expected.keys().filter(|k| !reported.contains_key(*k)))
            {
                let (r, e) = (
                    reported.get(key).copied().unwrap_or(0.0),
                    expected.get(key).copied().unwrap_or(0.0),
                );
                c.equal_at(r, e, c.money_floor(), || {
                    format!(
                        "costs.{name}[`{key}`] is {} USD, recomputed {}",
                        num(r),
                        num(e)
                    )
                });
            }
        }
        let sum: f64 = reported.values().sum();
        c.equal_at(sum, spend.total, c.money_floor(), || {
            format!(
                "costs.{name} sums to {} USD, the recomputed total is {}",
                num(sum),
                num(spend.total)
            )
        });
    }
}

/// Existing commitments cost their price for every active hour inside the horizon.
fn existing(view: &View, plan: &Plan, c: &mut Checker) {
    let mut usd = 0.0;
    for e in &view.scenario.existing {
        let Some((_, off)) = view.offering(&e.offering) else {
            continue;
        };
        let hours: f64 = view.hours.iter().take(e.remaining_periods as usize).sum();
        usd += e.units * off.price_per_hour * hours;
    }
    let reported = plan.costs.existing_commitments;
    c.equal_at(reported, usd, c.money_floor(), || {
        format!(
            "costs.existing_commitments is {} USD, recomputed {}",
            num(reported),
            num(usd)
        )
    });
}

/// Shortfall penalties and the objective = total cost + penalties.
fn penalties(plan: &Plan, tally: &Tally, total: f64, c: &mut Checker) {
    let reported = plan.costs.shortfall_penalty;
    c.equal_at(reported, tally.penalty, c.money_floor(), || {
        format!(
            "costs.shortfall_penalty is {} USD, recomputed {}",
            num(reported),
            num(tally.penalty)
        )
    });
    let objective = plan.objective.unwrap_or(f64::NAN);
    let expected = total + tally.penalty;
    c.equal_at(objective, expected, c.money_floor(), || {
        format!(
            "objective {} USD, but total cost + shortfall penalties = {}",
            num(objective),
            num(expected)
        )
    });
}

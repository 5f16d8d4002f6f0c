//! Uncertain demand: every scenario's plan is checked like a deterministic plan against the
//! scenario in which that demand comes true ([`Expanded::demand_variant`]), and the
//! commitments must be the same in all of them (signed once, before demand is known), as
//! must the accelerator of each single-routing workload. The
//! document's own figures (expected and worst-case cost, regrets) are recomputed from the
//! scenarios' figures.

use super::{num, verify_valid, Checker};
use crate::document::{Commitment, Plan, Verification};
use crate::expand::Expanded;
use crate::scenario::Routing;
use std::collections::BTreeSet;

/// Checks each scenario's plan (`plans[s]` for demand scenario s) and that they share their
/// commitments: the pipeline's check before the document is assembled.
pub(crate) fn verify_scenarios(scenario: &Expanded, plans: &[Plan]) -> Vec<Verification> {
    let names = scenario.demand_scenario_names();
    let Some(first) = plans.first() else {
        return Vec::new();
    };
    plans
        .iter()
        .enumerate()
        .map(|(s, plan)| {
            let mut c = Checker::default();
            let name = names.get(s).map_or("?", |(n, _)| n.as_str());
            match scenario.demand_variant(s) {
                Some(variant) => {
                    let v = verify_valid(&variant, plan);
                    c.absorb(name, &v);
                }
                None => c.holds(false, || format!("no demand scenario {s} for this plan")),
            }
            same_commitments(&mut c, name, &first.commitments, &plan.commitments);
            same_routing(&mut c, name, scenario, plans, plan);
            c.finish(plan.costs.by_period.iter().sum::<f64>())
        })
        .collect()
}

/// The verification of a plan document with `uncertainty` (from [`super::verify_valid`]):
/// the shown scenario's allocations against its demand, and the document's figures.
pub(super) fn verify_document(scenario: &Expanded, plan: &Plan) -> Verification {
    let mut c = Checker::default();
    let names = scenario.demand_scenario_names();
    let Some(u) = &plan.uncertainty else {
        c.holds(false, || {
            "the scenario has demand scenarios but the plan has no `uncertainty`".into()
        });
        return c.finish(0.0);
    };
    c.holds(names.len() == u.scenarios.len(), || {
        format!(
            "{} demand scenarios, {} in the plan",
            names.len(),
            u.scenarios.len()
        )
    });
    let mut expected = 0.0;
    let mut spend = 0.0;
    let mut worst = f64::NEG_INFINITY;
    for ((name, p), o) in names.iter().zip(&u.scenarios) {
        c.holds(*name == o.name && *p == o.probability, || {
            format!(
                "scenario `{}` ({}) is not `{name}` ({p})",
                o.name,
                num(o.probability)
            )
        });
        expected += p * o.objective;
        spend += p * o.total_cost;
        worst = worst.max(o.objective);
        c.equal_at(
            o.regret,
            o.objective - o.best_objective,
            1e-9 * o.objective.abs(),
            || {
                format!(
                    "scenario `{}`: regret {} is not objective − best",
                    o.name,
                    num(o.regret)
                )
            },
        );
    }
    c.equal(u.expected_cost, expected, || {
        format!(
            "expected cost {} is not Σ π·objective = {}",
            num(u.expected_cost),
            num(expected)
        )
    });
    c.equal(u.worst_case_cost, worst, || {
        format!(
            "worst-case cost {} is not the largest objective {}",
            num(u.worst_case_cost),
            num(worst)
        )
    });
    if let Some(total) = plan.total_cost {
        c.equal(total, spend, || {
            format!(
                "total cost {} is not the expected spend {}",
                num(total),
                num(spend)
            )
        });
    }
    let shown = names.iter().position(|(n, _)| *n == u.shown_scenario);
    let variant = shown.and_then(|s| scenario.demand_variant(s).map(|v| (s, v)));
    let Some((s, variant)) = variant else {
        c.holds(false, || {
            format!("unknown shown scenario `{}`", u.shown_scenario)
        });
        return c.finish(spend);
    };
    // The allocations are the shown scenario's: checked with its own totals.
    let mut body = plan.clone();
    body.uncertainty = None;
    body.total_cost = Some(u.scenarios[s].total_cost);
    body.objective = Some(u.scenarios[s].objective);
    c.absorb(&u.shown_scenario, &verify_valid(&variant, &body));
    c.finish(spend)
}

/// A single-routing workload runs on one accelerator in every scenario: the choice is made
/// once, like the commitments. The reference is the first scenario that allocates the
/// workload at all (a scenario without allocations for it agrees with any).
fn same_routing(c: &mut Checker, name: &str, scenario: &Expanded, plans: &[Plan], this: &Plan) {
    let single = scenario
        .scenario()
        .workloads
        .iter()
        .filter(|w| w.routing == Routing::Single);
    for w in single {
        let used = |p: &Plan| -> BTreeSet<String> {
            p.allocations
                .iter()
                .filter(|a| a.workload == w.id && a.units > 1e-9)
                .map(|a| a.accelerator.clone())
                .collect()
        };
        let a = plans
            .iter()
            .map(used)
            .find(|u| !u.is_empty())
            .unwrap_or_default();
        let b = used(this);
        c.holds(a.is_empty() || b.is_empty() || a == b, || {
            let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
            format!(
                "scenario `{name}` runs single-routing {} on {}, an earlier scenario on {}",
                w.id,
                list(&b),
                list(&a)
            )
        });
    }
}

/// Commitments of scenario `name` must be the first scenario's: same offerings, periods and
/// units (within the verifier's tolerance, relative to one unit).
fn same_commitments(c: &mut Checker, name: &str, first: &[Commitment], these: &[Commitment]) {
    let key = |x: &Commitment| (x.offering.clone(), x.period);
    let mut a: Vec<(String, usize, f64)> = first
        .iter()
        .map(|x| (key(x).0, x.period, x.units))
        .collect();
    let mut b: Vec<(String, usize, f64)> = these
        .iter()
        .map(|x| (key(x).0, x.period, x.units))
        .collect();
    a.sort_by(|x, y| (&x.0, x.1).cmp(&(&y.0, y.1)));
    b.sort_by(|x, y| (&x.0, x.1).cmp(&(&y.0, y.1)));
    c.holds(a.len() == b.len(), || {
        format!(
            "scenario `{name}` signs {} commitments, the first scenario {}",
            b.len(),
            a.len()
        )
    });
    for (x, y) in a.iter().zip(&b) {
        c.holds(x.0 == y.0 && x.1 == y.1, || {
            format!(
                "scenario `{name}` signs {} in period {}, the first scenario {} in {}",
                y.0, y.1, x.0, x.1
            )
        });
        c.equal_at(y.2, x.2, 1.0, || {
            format!(
                "scenario `{name}` signs {} units of {}, the first scenario {}",
                num(y.2),
                y.0,
                num(x.2)
            )
        });
    }
}

//! Real plans verify; tampered plans (or plans checked against a stricter scenario) fail
//! with a message that names the broken thing.

use super::view::glob;
use super::{verify, MAX_MESSAGES};
use crate::document::{Allocation, Commitment, Plan, Shortfall, Status};
use crate::{BeyondHorizon, Offering, PlanOptions, Scenario, Workload};

/// Two providers, two segments (peak 25 % of the hours at full demand, the rest at half),
/// on-demand, commit (with an existing commitment) and spot, a serving and a batch workload.
fn two_clouds() -> Scenario {
    let mut s = Scenario::builder("two clouds")
        .periods(3)
        .hours_per_period(100.0)
        .segment(0.25, 1.0)
        .segment(0.75, 0.5)
        .provider("a")
        .provider("b")
        .offering(Offering::on_demand(
            "a-h100", "a", "us-east", "H100", 8.0, 80.0,
        ))
        .offering(Offering::on_demand(
            "b-h100", "b", "us-west", "H100", 8.0, 90.0,
        ))
        .offering(Offering::commit("a-h100-c", "a", "us-east", "H100", 8.0, 50.0, 2).max_units(3.0))
        .offering(
            Offering::spot("b-a100-spot", "b", "us-west", "A100", 8.0, 20.0).availability(0.8),
        )
        .workload(
            Workload::serving("chat", [80.0, 100.0, 120.0])
                .throughput("H100", 1.0)
                .throughput("A100", 0.5),
        )
        .workload(Workload::batch("job", 5_000.0, 2, 3).throughput("H100", 1.0))
        .existing("a-h100-c", 1.0, 2)
        .build_unchecked();
    s.segments[0].name = Some("peak".into());
    s
}

fn planned(s: &Scenario) -> Plan {
    crate::testing::plan(s)
}

fn assert_passes(s: &Scenario) -> Plan {
    let plan = planned(s);
    let v = verify(&crate::expand(s).unwrap(), &plan);
    assert!(v.passed, "{}: {:?}", s.name, v.violations);
    assert!(v.checks > 0);
    assert!(v.max_violation <= super::TOLERANCE);
    assert!(
        (v.recomputed_total_cost - plan.total_cost.unwrap()).abs()
            <= 1e-6 * v.recomputed_total_cost.max(1.0)
    );
    assert!(
        plan.status == Status::Optimal || plan.status == Status::Feasible,
        "{:?}",
        plan.status
    );
    plan
}

/// Asserts that `plan` fails against `s` with a message containing every one of `needles`.
fn assert_caught(s: &Scenario, plan: &Plan, needles: &[&str]) {
    let v = verify(&crate::expand(s).unwrap(), plan);
    assert!(!v.passed, "expected a violation with {needles:?}");
    assert!(v.max_violation > super::TOLERANCE);
    assert!(
        v.violations
            .iter()
            .any(|m| needles.iter().all(|n| m.contains(n))),
        "no message with {needles:?} in {:#?}",
        v.violations
    );
}

fn first_allocation<'p>(plan: &'p mut Plan, workload: &str) -> &'p mut Allocation {
    plan.allocations
        .iter_mut()
        .find(|a| a.workload == workload)
        .unwrap()
}

/// Scales an allocation consistently, so that only the constraint rows can complain.
fn scale(a: &mut Allocation, f: f64) {
    a.units *= f;
    a.chips *= f;
    a.delivered_rate *= f;
    a.cost_per_hour *= f;
}

#[test]
fn real_plans_verify() {
    let base = two_clouds();
    let plan = assert_passes(&base);
    assert!(!plan.allocations.is_empty());
    assert!(plan.fleet.iter().any(|f| f.purchase == "commit"));

    let mut integer = two_clouds();
    integer.name = "integer".into();
    integer.policy.integer_units = true;
    assert_passes(&integer);

    let mut policy = two_clouds();
    policy.name = "policy".into();
    policy.policy.max_provider_share = 0.7;
    policy.policy.outage_coverage = 0.3;
    policy.policy.max_spot_share = 0.2;
    assert_passes(&policy);

    let mut charge = two_clouds();
    charge.name = "charge".into();
    charge.policy.commitments_beyond_horizon = BeyondHorizon::Charge;
    charge.offerings[2].lead_periods = Some(1);
    charge.offerings[2].term_periods = Some(3);
    assert_passes(&charge);
}

#[test]
fn commitments_with_lead_and_beyond_horizon_verify() {
    for rule in [BeyondHorizon::Amortize, BeyondHorizon::Charge] {
        let s = Scenario::builder("commit")
            .periods(4)
            .hours([100.0, 90.0, 100.0, 110.0])
            .provider("p")
            .offering(Offering::on_demand("od", "p", "r", "H100", 1.0, 10.0))
            .offering(Offering::commit("c", "p", "r", "H100", 1.0, 3.0, 2).lead_periods(1))
            .workload(Workload::serving_growth("w", 5.0, 0.1).throughput("H100", 1.0))
            .commitments_beyond_horizon(rule)
            .build()
            .unwrap();
        let plan = assert_passes(&s);
        assert!(
            !plan.commitments.is_empty(),
            "{rule:?}: the commitment is cheaper"
        );
    }
}

#[test]
fn shortfall_and_single_routing_verify() {
    let s = Scenario::builder("short")
        .periods(2)
        .hours_per_period(10.0)
        .provider("p")
        .offering(Offering::on_demand("h", "p", "r", "H100", 1.0, 10.0).max_units(3.0))
        .offering(Offering::on_demand("a", "p", "r", "A100", 1.0, 5.0))
        .workload(
            Workload::serving("w", [5.0, 5.0])
                .throughput("H100", 1.0)
                .shortfall_penalty(1.0),
        )
        .workload(
            Workload::serving("x", [2.0, 2.0])
                .throughput("H100", 1.0)
                .throughput("A100", 0.5)
                .single_routing(),
        )
        .workload(
            Workload::batch("b", 100.0, 1, 2)
                .throughput("H100", 1.0)
                .shortfall_penalty(0.5),
        )
        .build()
        .unwrap();
    let plan = assert_passes(&s);
    assert!(
        !plan.achieved.shortfall.is_empty(),
        "unmet work is cheaper than capacity"
    );
}

#[test]
fn plan_without_solution_passes_with_no_checks() {
    let s = two_clouds();
    let mut plan = planned(&s);
    plan.total_cost = None;
    let v = verify(&crate::expand(&s).unwrap(), &plan);
    assert!(v.passed);
    assert_eq!(v.checks, 0);
}

#[test]
fn invalid_scenario_fails() {
    let s = two_clouds();
    let plan = planned(&s);
    let mut bad = s.clone();
    bad.offerings[0].price_per_hour = -1.0;
    assert_caught(
        &bad,
        &plan,
        &["scenario is invalid", "offerings[0].price_per_hour"],
    );
}

#[test]
fn lowered_allocation_breaks_demand() {
    let s = two_clouds();
    let mut plan = planned(&s);
    let a = first_allocation(&mut plan, "chat");
    let (period, segment) = (a.period, a.segment.clone());
    scale(a, 0.5);
    assert_caught(
        &s,
        &plan,
        &[
            "demand of `chat`",
            &format!("period {period} segment {segment}"),
        ],
    );
}

#[test]
fn lowered_batch_allocations_break_the_total() {
    let s = two_clouds();
    let mut plan = planned(&s);
    plan.allocations
        .iter_mut()
        .filter(|a| a.workload == "job")
        .for_each(|a| scale(a, 0.9));
    assert_caught(&s, &plan, &["batch `job`", "< total 5000"]);
}

#[test]
fn misreported_delivered_rate_is_caught() {
    let s = two_clouds();
    let mut plan = planned(&s);
    first_allocation(&mut plan, "chat").delivered_rate *= 2.0;
    assert_caught(&s, &plan, &["delivered rate"]);
}

#[test]
fn raised_total_cost_is_caught() {
    let s = two_clouds();
    let mut plan = planned(&s);
    *plan.total_cost.as_mut().unwrap() *= 1.01;
    assert_caught(&s, &plan, &["total_cost"]);
    let mut plan = planned(&s);
    *plan.objective.as_mut().unwrap() += 1.0;
    assert_caught(&s, &plan, &["objective"]);
    let mut plan = planned(&s);
    *plan.costs.by_provider.get_mut("a").unwrap() += 5.0;
    assert_caught(&s, &plan, &["costs.by_provider[`a`]"]);
    let mut plan = planned(&s);
    plan.costs.by_workload.insert("chat".into(), 1.0);
    assert_caught(&s, &plan, &["costs.by_workload sums"]);
}

#[test]
fn allocation_on_unusable_offering_is_caught() {
    let mut s = two_clouds();
    s.workloads[1].throughput.remove("A100");
    let mut plan = planned(&s);
    let mut a = plan
        .allocations
        .iter()
        .find(|a| a.workload == "job")
        .unwrap()
        .clone();
    a.offering = "b-a100-spot".into();
    a.provider = "b".into();
    a.region = "us-west".into();
    a.accelerator = "A100".into();
    a.purchase = "spot".into();
    plan.allocations.push(a);
    assert_caught(
        &s,
        &plan,
        &[
            "`job` on `b-a100-spot`",
            "no throughput on accelerator `A100`",
        ],
    );
}

#[test]
fn region_and_provider_filters_are_enforced() {
    let s = two_clouds();
    let plan = planned(&s);
    let used_west = plan
        .allocations
        .iter()
        .any(|a| a.workload == "chat" && a.region == "us-west");
    assert!(used_west, "the plan should use us-west for chat");
    let mut east = s.clone();
    east.workloads[0].regions = Some(vec!["us-e*".into()]);
    assert_caught(
        &east,
        &plan,
        &["region `us-west` matches no region glob of workload `chat`"],
    );
    let mut only_a = s.clone();
    only_a.workloads[0].providers = Some(vec!["a".into()]);
    assert_caught(
        &only_a,
        &plan,
        &["provider `b` is not in the allow-list of workload `chat`"],
    );
}

#[test]
fn allocation_outside_batch_window_is_caught() {
    let s = two_clouds();
    let mut plan = planned(&s);
    first_allocation(&mut plan, "job").period = 1;
    assert_caught(
        &s,
        &plan,
        &["outside the window [2, 3] of batch workload `job`"],
    );
}

#[test]
fn provider_share_is_enforced() {
    let s = Scenario::builder("share")
        .periods(2)
        .provider("cheap")
        .provider("dear")
        .offering(Offering::on_demand("c", "cheap", "r", "H100", 1.0, 1.0))
        .offering(Offering::on_demand("d", "dear", "r", "H100", 1.0, 2.0))
        .workload(Workload::serving("w", [10.0, 10.0]).throughput("H100", 1.0))
        .build()
        .unwrap();
    let plan = assert_passes(&s);
    let mut strict = s.clone();
    strict.providers[0].max_share = Some(0.6);
    assert_caught(
        &strict,
        &plan,
        &[
            "provider share of `cheap` for `w`",
            "delivers 10 > 0.6 × demand 10",
        ],
    );
    let mut batch = Scenario::builder("batch share")
        .provider("cheap")
        .provider("dear")
        .offering(Offering::on_demand("c", "cheap", "r", "H100", 1.0, 1.0))
        .offering(Offering::on_demand("d", "dear", "r", "H100", 1.0, 2.0))
        .workload(Workload::batch("b", 100.0, 1, 1).throughput("H100", 1.0))
        .build()
        .unwrap();
    let plan = assert_passes(&batch);
    batch.policy.max_provider_share = 0.5;
    assert_caught(&batch, &plan, &["provider share of `cheap` for batch `b`"]);
}

#[test]
fn outage_coverage_and_spot_share_are_enforced() {
    let s = two_clouds();
    let plan = planned(&s);
    let mut n1 = s.clone();
    n1.policy.outage_coverage = 0.9;
    assert_caught(&n1, &plan, &["outage coverage of `chat` without `"]);
    assert!(
        plan.allocations.iter().any(|a| a.purchase == "spot"),
        "spot is the cheapest rate"
    );
    let mut spot = s.clone();
    spot.workloads[0].max_spot_share = Some(0.05);
    assert_caught(&spot, &plan, &["spot share of `chat`", "0.05 × demand"]);
}

#[test]
fn single_routing_is_enforced() {
    let s = two_clouds();
    let plan = planned(&s);
    let mut single = s.clone();
    single.workloads[0].routing = crate::Routing::Single;
    assert_caught(
        &single,
        &plan,
        &["single routing of `chat` is broken: it runs on A100, H100"],
    );
}

#[test]
fn capacity_and_caps_are_enforced() {
    let s = two_clouds();
    let mut plan = planned(&s);
    let f = plan
        .fleet
        .iter_mut()
        .find(|f| f.purchase == "on_demand" && f.used_units > 0.0)
        .unwrap();
    f.units *= 0.5;
    f.chips *= 0.5;
    let offering = f.offering.clone();
    assert_caught(
        &s,
        &plan,
        &[&format!("capacity of `{offering}`"), "allocations use"],
    );

    let plan = planned(&s);
    let (o, peak) = plan
        .fleet
        .iter()
        .filter(|f| f.purchase == "on_demand")
        .map(|f| (f.offering.clone(), f.units))
        .fold(
            (String::new(), 0.0),
            |best, x| if x.1 > best.1 { x } else { best },
        );
    let mut capped = s.clone();
    let i = capped.offerings.iter().position(|x| x.id == o).unwrap();
    capped.offerings[i].max_units = Some(peak * 0.5);
    assert_caught(&capped, &plan, &[&format!("fleet of `{o}`"), "> max_units"]);
}

#[test]
fn commit_fleet_must_match_commitments() {
    let s = two_clouds();
    let mut plan = planned(&s);
    assert!(!plan.commitments.is_empty(), "commit is the cheapest H100");
    plan.commitments.clear();
    assert_caught(
        &s,
        &plan,
        &[
            "fleet of commit `a-h100-c`",
            "existing and new commitments make",
        ],
    );

    let mut plan = planned(&s);
    plan.commitments[0].term_periods += 1;
    assert_caught(
        &s,
        &plan,
        &["commitment 0", "differ from the offering's term 2"],
    );

    let mut plan = planned(&s);
    let mut extra: Commitment = plan.commitments[0].clone();
    extra.offering = "a-h100".into();
    plan.commitments.push(extra);
    assert_caught(
        &s,
        &plan,
        &["`a-h100` is on_demand; only commit offerings take commitments"],
    );

    let plan = planned(&s);
    let mut capped = s.clone();
    capped.offerings[2].max_units = Some(1.0);
    assert_caught(
        &capped,
        &plan,
        &["commitments on `a-h100-c`", "> max_units 1"],
    );
}

#[test]
fn fractional_units_in_integer_plan_are_caught() {
    let mut s = two_clouds();
    s.policy.integer_units = true;
    let plan = assert_passes(&s);
    let mut tampered = plan.clone();
    let f = tampered
        .fleet
        .iter_mut()
        .find(|f| f.purchase == "on_demand")
        .unwrap();
    f.units += 0.5;
    let offering = f.offering.clone();
    assert_caught(
        &s,
        &tampered,
        &[&format!("fleet of `{offering}`"), "are not whole"],
    );
    let mut tampered = plan.clone();
    tampered.commitments[0].units += 0.25;
    assert_caught(&s, &tampered, &["commitment 0", "are not whole"]);
}

#[test]
fn budget_is_enforced() {
    let s = two_clouds();
    let plan = planned(&s);
    let mut tight = s.clone();
    tight.policy.budget = Some(plan.total_cost.unwrap() * 0.9);
    assert_caught(&tight, &plan, &["budget: the plan spends"]);
}

#[test]
fn shortfall_on_hard_demand_is_caught() {
    let s = two_clouds();
    let mut plan = planned(&s);
    plan.achieved.shortfall.push(Shortfall {
        workload: "chat".into(),
        period: 1,
        segment: Some("peak".into()),
        work_units: 10.0,
        penalty: 0.0,
    });
    assert_caught(&s, &plan, &["`chat` has no shortfall_penalty"]);
}

#[test]
fn broken_numbers_are_caught_without_panicking() {
    let s = two_clouds();
    let mut plan = planned(&s);
    first_allocation(&mut plan, "chat").units = f64::NAN;
    assert_caught(&s, &plan, &["are not a finite number"]);
    let mut plan = planned(&s);
    first_allocation(&mut plan, "chat").period = 99;
    assert_caught(&s, &plan, &["period outside the horizon 1..=3"]);
    let mut plan = planned(&s);
    first_allocation(&mut plan, "chat").segment = "night".into();
    assert_caught(&s, &plan, &["unknown segment `night`"]);
    let mut plan = planned(&s);
    plan.fleet.push(plan.fleet[0].clone());
    assert_caught(&s, &plan, &["listed twice"]);
}

#[test]
fn messages_are_capped() {
    let s = two_clouds();
    let mut plan = planned(&s);
    plan.allocations
        .iter_mut()
        .for_each(|a| a.workload = "ghost".into());
    let v = verify(&crate::expand(&s).unwrap(), &plan);
    assert!(!v.passed);
    assert_eq!(v.violations.len(), MAX_MESSAGES);
    assert!(v.violations[0].contains("unknown workload `ghost`"));
}

#[test]
fn verification_is_deterministic() {
    let s = two_clouds();
    let plan = planned(&s);
    assert_eq!(
        verify(&crate::expand(&s).unwrap(), &plan),
        verify(&crate::expand(&s).unwrap(), &plan)
    );
}

#[test]
fn globs() {
    assert!(glob("us-*", "us-east-1"));
    assert!(glob("eastus", "eastus"));
    assert!(!glob("eastus", "eastus2"));
    assert!(glob("*", ""));
    assert!(glob("*-1", "us-east-1"));
    assert!(glob("us-*-1", "us-east-1"));
    assert!(!glob("us-*-1", "us-east-2"));
    assert!(!glob("a*a", "a"));
    assert!(glob("a*a", "aa"));
    assert!(glob("*east*", "us-east-1"));
    assert!(glob("a**b", "ab"));
    assert!(glob("*ab", "aab"));
    assert!(!glob("", "x"));
}

#[test]
fn existing_units_above_the_whole_unit_cap_verify() {
    // max_units 2.5 is 2 whole units, but 2.5 units were committed before the horizon: the
    // plan cannot undo them. New commitments may not add to them, and once they end in
    // period 2 the whole-unit cap of 2 binds.
    let s = Scenario::builder("fractional existing")
        .periods(2)
        .hours_per_period(10.0)
        .provider("p")
        .offering(
            Offering::commit("c", "p", "r", "H100", 1.0, 1.0, 1)
                .max_units(2.5)
                .lead_periods(1),
        )
        .offering(Offering::on_demand("od", "p", "r", "H100", 1.0, 5.0))
        .workload(Workload::serving("w", [3.0, 3.0]).throughput("H100", 1.0))
        .existing("c", 2.5, 1)
        .integer_units(true)
        .build()
        .unwrap();
    let plan = assert_passes(&s);
    let mut tampered = plan.clone();
    let extra = Commitment {
        offering: "c".into(),
        provider: "p".into(),
        accelerator: "H100".into(),
        period: 1,
        units: 1.0,
        term_periods: 1,
        lead_periods: 1,
        first_active_period: 2,
        last_active_period: 2,
        cost_in_horizon: 10.0,
        cost_beyond_horizon: 0.0,
    };
    tampered.commitments.push(extra);
    assert_caught(
        &s,
        &tampered,
        &["commitments on `c` in period 2", "> max_units 2"],
    );
}

/// Xorshift generator for reproducible random scenarios.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// A small scenario mixing every feature: hours lists, segments (one with level 0),
/// provider caps, on-demand/spot/commit with caps, lead and term, existing commitments,
/// growth and zero demand, batch windows, filters, spot limits, single routing, penalties,
/// outage coverage, integer units, charged commitments and budgets.
fn random_scenario(r: &mut Rng, seed: u64) -> Scenario {
    let periods = 1 + r.below(4) as u32;
    let mut b = Scenario::builder(format!("random {seed}")).periods(periods);
    b = if r.chance(0.5) {
        b.hours(
            (0..periods)
                .map(|_| 50.0 + r.below(100) as f64)
                .collect::<Vec<_>>(),
        )
    } else {
        b.hours_per_period(100.0)
    };
    b = match r.below(4) {
        0 => b,
        1 => b.segment(0.3, 1.0).segment(0.7, 0.5),
        2 => b.segment(0.0, 1.0).segment(1.0, 0.5),
        _ => b.segment(0.2, 1.0).segment(0.5, 0.7).segment(0.3, 0.0),
    };
    let providers = 1 + r.below(3);
    for p in 0..providers {
        b = if r.chance(0.3) {
            b.provider_with_max_share(format!("p{p}"), 0.5 + 0.5 * r.unit())
        } else {
            b.provider(format!("p{p}"))
        };
    }
    let accelerators = ["H100", "A100", "TPU"];
    for o in 0..2 + r.below(5) {
        let (id, p) = (format!("o{o}"), format!("p{}", r.below(providers)));
        let (acc, region) = (
            accelerators[r.below(3)],
            ["us-east", "us-west", "eu-west"][r.below(3)],
        );
        let (chips, price) = ([1.0, 4.0, 8.0][r.below(3)], 1.0 + 10.0 * r.unit());
        let mut off = match r.below(3) {
            0 => Offering::on_demand(&id, p, region, acc, chips, price),
            1 => Offering::spot(&id, p, region, acc, chips, price * 0.4)
                .availability(0.6 + 0.4 * r.unit()),
            _ => {
                let term = 1 + r.below(4) as u32;
                let off = Offering::commit(&id, p, region, acc, chips, price * 0.6, term);
                if r.chance(0.4) {
                    let units = (1 + r.below(3)) as f64 + if r.chance(0.3) { 0.5 } else { 0.0 };
                    b = b.existing(&id, units, 1 + r.below(6) as u32);
                }
                off.lead_periods(r.below(2) as u32)
            }
        };
        if r.chance(0.4) {
            off = off.max_units((1 + r.below(20)) as f64 + if r.chance(0.3) { 0.5 } else { 0.0 });
        }
        b = b.offering(off);
    }
    for w in 0..1 + r.below(3) {
        let id = format!("w{w}");
        let mut wl = if r.chance(0.3) {
            let first = 1 + r.below(periods as usize) as u32;
            let last = first + r.below((periods - first + 1) as usize) as u32;
            Workload::batch(id, 1000.0 + 20000.0 * r.unit(), first, last)
        } else if r.chance(0.3) {
            Workload::serving_growth(id, 10.0 + 50.0 * r.unit(), 0.2 * r.unit() - 0.05)
        } else {
            let demand: Vec<f64> = (0..periods)
                .map(|_| {
                    if r.chance(0.15) {
                        0.0
                    } else {
                        5.0 + 60.0 * r.unit()
                    }
                })
                .collect();
            Workload::serving(id, demand)
        };
        for acc in accelerators {
            if r.chance(0.7) {
                wl = wl.throughput(acc, 0.5 + r.unit());
            }
        }
        if r.chance(0.2) {
            wl = wl.regions(["us-*"]);
        }
        if r.chance(0.2) {
            wl = wl.providers(["p0"]);
        }
        if r.chance(0.2) {
            wl = wl.max_spot_share(0.3);
        }
        if r.chance(0.2) {
            wl = wl.single_routing();
        }
        if r.chance(0.3) {
            wl = wl.shortfall_penalty(5.0 * r.unit());
        }
        b = b.workload(wl);
    }
    if r.chance(0.3) {
        b = b.max_provider_share(0.6 + 0.4 * r.unit());
    }
    if r.chance(0.3) {
        b = b.outage_coverage(0.5 * r.unit());
    }
    if r.chance(0.3) {
        b = b.max_spot_share(0.5);
    }
    if r.chance(0.3) {
        b = b.integer_units(true);
    }
    if r.chance(0.3) {
        b = b.commitments_beyond_horizon(BeyondHorizon::Charge);
    }
    if r.chance(0.15) {
        b = b.budget(1e5 * r.unit());
    }
    b.build_unchecked()
}

/// Every plan the pipeline returns for a random valid scenario passes verification (6000
/// seeds were run while writing the verifier; 400 stay as a regression test).
#[test]
fn random_plans_verify() {
    const SEEDS: u64 = 400;
    let mut solved = 0;
    for seed in 1..=SEEDS {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let s = random_scenario(&mut r, seed);
        if crate::validate_scenario(&s).is_err() {
            continue;
        }
        let plan = crate::plan(&s, &PlanOptions::default()).unwrap();
        if let Some(v) = &plan.verification {
            assert!(
                v.passed,
                "seed {seed} ({:?}, {}): {:?}",
                plan.status, plan.method, v.violations
            );
            solved += 1;
        }
    }
    assert!(solved > 100, "only {solved} random scenarios had a plan");
}

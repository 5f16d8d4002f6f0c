//! Tampered shares, coverage, routing, caps, commitments, whole units and budgets are caught.

use super::*;

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

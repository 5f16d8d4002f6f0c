//! Real plans verify; tampered demand, rates, costs, offerings, filters and windows are caught.

use super::*;

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

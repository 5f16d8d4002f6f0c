//! Bad sweep values, diagnoses of infeasible scenarios, shadow prices in words, serialization.

use super::*;

#[test]
fn bad_values_are_the_modified_scenarios_errors() {
    let s = with_spot().build().unwrap();
    let e = apply_param(&s, "policy.outage_coverage", 1.5).unwrap_err();
    assert_eq!(
        (e.kind(), e.path()),
        ("invalid", Some("policy.outage_coverage"))
    );
    let e = apply_param(&s, "offerings.a-od.max_units", -1.0).unwrap_err();
    assert_eq!(e.path(), Some("offerings[0].max_units"));
    let e = apply_param(&s, "providers.b.max_share", 2.0).unwrap_err();
    assert_eq!(e.path(), Some("providers[1].max_share"));
    for (path, v) in [
        ("providers.a.price_scale", -1.0),
        ("policy.integer_units", 0.5),
        ("workloads.w.demand_scale", f64::NAN),
    ] {
        let e = apply_param(&s, path, v).unwrap_err();
        assert_eq!((e.kind(), e.path()), ("invalid_option", Some(path)), "{e}");
    }
    // A bad value anywhere in the list fails the sweep before anything is solved.
    let e = sweep(
        &s,
        "policy.max_spot_share",
        &[0.5, 1.5],
        &PlanOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.path(), Some("policy.max_spot_share"));
    assert!(parse_values("0:1:-1").is_err() && parse_values("x").is_err());
}

#[test]
fn diagnosis_reports_the_missing_amount() {
    // One offering capped at 5 units of 1 wu/h; demand 8 wu/h: 3 wu/h (37.5%) cannot be
    // served, 300 wu over the 100 h; the cap is exhausted.
    let s = Scenario::builder("short")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(Offering::on_demand("od", "p", "r1", "H100", 1.0, 10.0).max_units(5.0))
        .workload(
            Workload::serving("chat", [8.0])
                .throughput("H100", 1.0)
                .unit("Mtok/h"),
        )
        .build()
        .unwrap();
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Infeasible);
    let d = p.diagnosis.as_ref().expect("plan() attaches a diagnosis");
    assert_eq!(d.unserved.len(), 1);
    let u = &d.unserved[0];
    assert_close(u.missing, 3.0, "missing wu/h");
    assert_close(u.missing_share, 0.375, "missing share");
    assert_close(u.missing_work_units, 300.0, "missing work");
    assert_eq!(d.exhausted_caps.len(), 1);
    assert_eq!(
        (
            d.exhausted_caps[0].offering.as_str(),
            d.exhausted_caps[0].periods.clone()
        ),
        ("od", vec![1])
    );
    assert_eq!(d.summary[0], "chat, P1: 3 Mtok/h (37.5%) cannot be served");
    assert_eq!(d.summary[1], "cap of od (5 units) exhausted in P1");
    let json = p.to_json_string();
    assert!(
        json.contains("\"diagnosis\"") && json.contains("\"missing_work_units\""),
        "{json}"
    );
    // A feasible plan carries none, and its JSON has no such key.
    let ok = plan(&with_spot().build().unwrap(), &PlanOptions::default()).unwrap();
    assert!(ok.diagnosis.is_none() && !ok.to_json_string().contains("diagnosis"));
}

#[test]
fn diagnosis_of_a_batch_workload() {
    // 1,000 wu within period 1 (100 h) on at most 5 units of 1 wu/h: 500 wu can be done,
    // 500 wu (50%) cannot. The diagnosis survives a JSON round trip of the plan.
    let s = Scenario::builder("batch")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(Offering::on_demand("od", "p", "r1", "H100", 1.0, 10.0).max_units(5.0))
        .workload(
            Workload::batch("train", 1_000.0, 1, 1)
                .throughput("H100", 1.0)
                .unit("wu"),
        )
        .build()
        .unwrap();
    let p = plan(&s, &PlanOptions::default()).unwrap();
    let d = p.diagnosis.as_ref().expect("a diagnosis");
    assert_close(d.unserved[0].missing, 500.0, "missing work");
    assert_close(d.unserved[0].missing_share, 0.5, "missing share");
    assert_eq!(
        d.summary[0],
        "train: 500 of 1,000 wu (50%) cannot be completed in its window"
    );
    let back = capmix::Plan::from_json_str(&p.to_json_string()).unwrap();
    assert_eq!(back.diagnosis, p.diagnosis);
}

#[test]
fn diagnosis_finds_the_reachable_coverage() {
    // b capped at 4 units; β = 0.6 needs 6 wu/h on b when a is lost. Largest reachable β:
    // d_b ≥ 10β with d_b ≤ 4 → 0.4.
    let mut s = two_providers().outage_coverage(0.6).build().unwrap();
    s.offerings[1].max_units = Some(4.0);
    let d = diagnose(&s, &PlanOptions::default()).unwrap();
    assert_close(d.max_outage_coverage.unwrap(), 0.4, "reachable coverage");
    assert!(d.unserved.is_empty(), "{:?}", d.unserved);
    let l = d
        .policy_limits
        .iter()
        .find(|l| l.family == PolicyFamily::OutageCoverage)
        .unwrap();
    assert_eq!(l.provider.as_deref(), Some("a"));
    assert_close(l.relaxed_to, 0.4, "row relaxed to");
    assert!(
        d.summary
            .iter()
            .any(|x| x == "outage coverage reachable: at most 0.4 (asked 0.6)"),
        "{:?}",
        d.summary
    );
    assert!(
        d.summary
            .iter()
            .any(|x| x == "cap of b-od (4 units) exhausted in P1"),
        "{:?}",
        d.summary
    );
}

#[test]
fn diagnosis_of_a_provider_share_cap() {
    // Both providers capped at 40%: 8 of 10 wu/h at most. The caps give (2000 × price for
    // unserved demand is dearer than 1000 × price plus the purchase), so the diagnosis says
    // a provider would need to carry 60% (from 40%) rather than that demand is missing.
    let s = two_providers().max_provider_share(0.4).build().unwrap();
    let d = diagnose(&s, &PlanOptions::default()).unwrap();
    assert!(d.unserved.is_empty(), "{:?}", d.unserved);
    let extra: f64 = d.policy_limits.iter().map(|l| l.relaxed_to - l.limit).sum();
    assert_close(extra, 0.2, "share to add over both providers");
    assert!(
        d.summary[0].contains("would need to carry") && d.summary[0].contains("(cap 40%)"),
        "{:?}",
        d.summary
    );
}

#[test]
fn diagnosis_of_single_routing() {
    // Two accelerators capped at 5 units each, demand 8: split routing serves it (5 + 3),
    // one accelerator alone cannot. The continuous program needs no slack.
    let s = Scenario::builder("routing")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(Offering::on_demand("h", "p", "r1", "H100", 1.0, 10.0).max_units(5.0))
        .offering(Offering::on_demand("g", "p", "r1", "A100", 1.0, 8.0).max_units(5.0))
        .workload(
            Workload::serving("w", [8.0])
                .throughput("H100", 1.0)
                .throughput("A100", 1.0)
                .single_routing(),
        )
        .build()
        .unwrap();
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Infeasible);
    let d = p.diagnosis.unwrap();
    assert_eq!(d.feasible_without, vec![PolicyFamily::SingleRouting]);
    assert_eq!(diagnose(&s, &PlanOptions::default()).unwrap(), d);
    assert!(
        d.summary[0].starts_with("with split routing the scenario is feasible"),
        "{:?}",
        d.summary
    );
    // A feasible scenario needs nothing relaxed, whole units or not.
    let ok = with_spot()
        .max_spot_share(0.25)
        .integer_units(true)
        .build()
        .unwrap();
    let d = diagnose(&ok, &PlanOptions::default()).unwrap();
    assert_eq!(
        d.summary,
        vec!["the scenario is feasible: nothing needs relaxing".to_string()]
    );
    assert!(d.feasible_without.is_empty() && d.unserved.is_empty());
}

#[test]
fn shadow_prices_in_words() {
    // Spot capped at 10 units (5 wu/h), rest on a-od. One more wu/h of demand is bought on
    // a-od: $10 × 100 h = $1,000 per wu/h, $10 per wu. One more spot unit (0.5 wu/h) replaces
    // 0.5 wu/h of a-od: saves 0.5 × ($10 − $8) × 100 h = $100 per period.
    let mut s = with_spot().build().unwrap();
    s.offerings[2].max_units = Some(10.0);
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    let w = e.shadow.as_ref().expect("pure LP: shadow prices");
    assert_close(
        w.demand[0].usd_per_unit_rate.unwrap(),
        1_000.0,
        "demand per wu/h",
    );
    assert_close(w.demand[0].usd_per_work_unit, 10.0, "demand per wu");
    assert_eq!(
        w.demand[0].sentence,
        "one more wu/h of w in P1 costs $1,000 (about $10 per wu)"
    );
    assert_close(w.caps[0].usd_per_unit_per_period, 100.0, "cap");
    assert_eq!(
        w.caps[0].sentence,
        "one more unit of quota on a-spot saves $100 per period (P1)"
    );
    // Coverage 0.6 on two_providers: cost 30,000β around β = 0.6 (see the sweep test), so
    // each point of coverage costs $300; both outage rows bind.
    let s = two_providers().outage_coverage(0.6).build().unwrap();
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    let p = &e.shadow.as_ref().unwrap().policies[0];
    assert_eq!((p.family, p.rows), (PolicyFamily::OutageCoverage, 2));
    assert_close(p.usd_per_unit_of_parameter, 30_000.0, "d cost / d β");
    assert_eq!(
        p.sentence,
        "outage coverage binds (2 rows): each extra point (0.01) costs $300"
    );
}

#[test]
fn explanation_serializes_in_snake_case_and_round_trips() {
    let s = with_spot().max_provider_share(0.6).build().unwrap();
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    let json = e.to_json_string();
    for key in [
        "\"headline\"",
        "\"extra_cost_usd\"",
        "\"family\": \"provider_share\"",
        "\"best_single\"",
        "\"no_policy\"",
    ] {
        assert!(json.contains(key), "{key} missing in {json}");
    }
    let back: Explanation = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
}

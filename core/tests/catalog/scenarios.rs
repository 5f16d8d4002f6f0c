//! Workloads on catalog offerings: accelerator aliases, throughput estimates, geography.

use super::includes::include_scenario;
use super::{close, scratch};
use capmix::{plan, validate_scenario, Offering, PlanOptions, ScaleBy, Scenario, Status, Workload};

// ---- accelerator aliases ----

fn alias_scenario() -> Scenario {
    Scenario::builder("aliases")
        .integer_units(false)
        .periods(2)
        .hours_per_period(100.0)
        .provider("aws")
        .provider("gcp")
        .offering(Offering::on_demand(
            "a",
            "aws",
            "us-east-1",
            "H100-SXM",
            8.0,
            80.0,
        ))
        .offering(Offering::on_demand(
            "b",
            "gcp",
            "us-central1",
            "H100-MEGA",
            8.0,
            90.0,
        ))
        .offering(Offering::on_demand(
            "c",
            "gcp",
            "us-east4",
            "H100-80GB",
            8.0,
            85.0,
        ))
        .offering(Offering::on_demand(
            "d", "gcp", "us-east4", "A100", 8.0, 1.0,
        ))
        .workload(Workload::serving("chat", [10.0, 20.0]).throughput("H100", 1.0))
        .build_unchecked()
}

#[test]
fn workload_h100_runs_on_every_h100_variant() {
    let s = alias_scenario();
    let model = validate_scenario(&s).unwrap();
    assert_eq!(model.usable_pairs(), 3);
    // The plan is verified against the same expanded scenario: the cheapest variant wins.
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Optimal, "{:?}", p.notes);
    assert!(p.allocations.iter().all(|a| a.offering == "a"));
    assert!(close(
        p.total_cost.unwrap(),
        80.0 / 8.0 * (10.0 + 20.0) * 100.0
    ));
    // Direct callers of `verify` check against the expanded scenario, as `plan` does.
    assert!(capmix::verify(&capmix::expand(&s).unwrap(), &p).passed);
    // An explicit entry for a variant wins over the alias.
    let mut s2 = s.clone();
    s2.workloads[0].throughput.insert("H100-SXM".into(), 0.5);
    let p = plan(&s2, &PlanOptions::default()).unwrap();
    assert!(
        p.allocations.iter().all(|a| a.offering == "c"),
        "{:?}",
        p.allocations
    );
}

// ---- throughput estimates ----

#[test]
fn throughput_ref_scales_by_bandwidth_and_explicit_entries_win() {
    let mut s = alias_scenario();
    s.offerings.push(Offering::on_demand(
        "h200",
        "aws",
        "us-east-1",
        "H200",
        8.0,
        100.0,
    ));
    s.workloads[0] = Workload::serving("chat", [10.0, 20.0]).throughput_ref(
        "H100",
        1.0,
        ScaleBy::MemoryBandwidth,
    );
    let p = plan(&s, &PlanOptions::default()).unwrap();
    // H200 per unit: 8 × 4800/3350 work units/h for $100 beats H100-SXM's 8 for $80.
    assert!(
        p.allocations.iter().all(|a| a.offering == "h200"),
        "{:?}",
        p.allocations
    );
    assert!(close(
        p.total_cost.unwrap(),
        100.0 / (8.0 * 4800.0 / 3350.0) * 30.0 * 100.0
    ));
    // A measured H200 figure replaces the estimate.
    s.workloads[0].throughput.insert("H200-141GB".into(), 0.5);
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert!(p.allocations.iter().all(|a| a.offering == "a"));
}

#[test]
fn throughput_ref_ratios_and_errors() {
    let text = r#"
        [horizon]
        periods = 1
        [[providers]]
        id = "aws"
        [[offerings]]
        id = "t"
        provider = "aws"
        region = "us-east-1"
        accelerator = "Trainium2"
        chips = 16
        purchase = "on_demand"
        price_per_hour = 10.0
        [[workloads]]
        id = "train"
        demand = [32]
        throughput_ref = { accelerator = "H100", value = 1.0, scale_by = "ratios", ratios = { trn2 = 0.5 } }
    "#;
    let s = Scenario::from_toml_str(text).unwrap();
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert!(close(p.allocations[0].units, 4.0), "{:?}", p.allocations);
    let bad = text.replace(
        "\"H100\", value = 1.0, scale_by = \"ratios\"",
        "\"H100\", value = 1.0, scale_by = \"bf16_tflops\"",
    );
    let e = validate_scenario(&Scenario::from_toml_str(&bad).unwrap()).unwrap_err();
    assert_eq!(e.path(), Some("workloads[0].throughput_ref.ratios"));
    let bad = text.replace(
        "\"H100\", value = 1.0, scale_by = \"ratios\", ratios = { trn2 = 0.5 }",
        "\"A100\", value = 1.0, scale_by = \"memory_bandwidth\"",
    );
    let e = validate_scenario(&Scenario::from_toml_str(&bad).unwrap()).unwrap_err();
    assert_eq!(e.path(), Some("workloads[0].throughput_ref.accelerator"));
    assert!(
        e.to_string()
            .contains("no memory_bandwidth figure for `A100`"),
        "{e}"
    );
}

// ---- geography ----

#[test]
fn geo_eu_keeps_only_eu_regions() {
    let dir = scratch("geo");
    let s = include_scenario(&dir, "catalogs = [\"prices.csv\"]", "geo = [\"EU\"]");
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Optimal);
    // eu-west-1 (AWS, Ireland) and europe-west4 (GCP, Netherlands) qualify; TPU is cheaper.
    assert!(
        p.allocations.iter().all(|a| a.region == "europe-west4"),
        "{:?}",
        p.allocations
    );
    let model = validate_scenario(&s).unwrap();
    assert_eq!(model.usable_pairs(), 2);
    let us = include_scenario(
        &dir,
        "catalogs = [\"prices.csv\"]",
        "geo = [\"United States\"]\nproviders = [\"aws\"]",
    );
    assert_eq!(
        validate_scenario(&us).unwrap().usable_pairs(),
        2,
        "aws us-east-1 on-demand and spot"
    );
}

#[test]
fn geo_errors_unknown_regions_and_values() {
    let base = Scenario::builder("geo")
        .integer_units(false)
        .provider("neo")
        .offering(Offering::on_demand(
            "x",
            "neo",
            "moon-base-1",
            "H100",
            8.0,
            10.0,
        ))
        .workload(
            Workload::serving("chat", [1.0])
                .throughput("H100", 1.0)
                .geo(["EU"]),
        )
        .build_unchecked();
    let e = validate_scenario(&base).unwrap_err();
    assert_eq!(e.path(), Some("workloads[0].geo"));
    assert!(
        e.to_string().contains("neo/moon-base-1") && e.to_string().contains("region_geo"),
        "{e}"
    );
    let mut declared = base.clone();
    declared
        .region_geo
        .insert("moon-base-1".into(), "DE".into());
    assert_eq!(validate_scenario(&declared).unwrap().usable_pairs(), 1);
    declared
        .region_geo
        .insert("moon-base-1".into(), "US".into());
    assert_eq!(
        validate_scenario(&declared).unwrap_err().path(),
        Some("workloads[0].geo")
    );
    let mut bad = declared.clone();
    bad.workloads[0].geo = Some(vec!["Atlantis".into()]);
    assert_eq!(
        validate_scenario(&bad).unwrap_err().path(),
        Some("workloads[0].geo[0]")
    );
    // A declared geography must be a country code, even when no workload uses geo.
    let mut code = declared.clone();
    code.workloads[0].geo = None;
    code.region_geo.insert("moon-base-1".into(), "Moon".into());
    let e = validate_scenario(&code).unwrap_err();
    assert_eq!(e.path(), Some("region_geo.moon-base-1"), "{e}");
}

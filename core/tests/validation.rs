//! One test per validation rule (core/src/validate.rs) and per parse error: the error kind, the
//! exact path of the offending field, and a message that says what was expected.
// Test helpers outside #[test] functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use capmix::{
    plan, validate_scenario, Deadline, Demand, Limits, PlanOptions, Purchase, Scenario, SolverKind,
    WorkloadKind,
};
use common::*;

/// A valid scenario touching every section of the format.
const BASE: &str = r#"
name = "validation base"

[horizon]
periods = 2
hours_per_period = 100
start = "2025-07"

[[segments]]
share = 0.5
level = 1.0
name = "peak"

[[segments]]
share = 0.5
level = 0.5
name = "base"

[[providers]]
id = "a"

[[providers]]
id = "b"
max_share = 0.8

[[offerings]]
id = "a-od"
provider = "a"
region = "us-east-1"
accelerator = "H100"
chips = 8
purchase = "on_demand"
price_per_hour = 80.0

[[offerings]]
id = "b-spot"
provider = "b"
region = "eu-west-1"
accelerator = "H100"
chips = 8
purchase = "spot"
price_per_hour = 40.0
availability = 0.7

[[offerings]]
id = "a-commit"
provider = "a"
region = "us-east-1"
accelerator = "H100"
chips = 8
purchase = "commit"
price_per_hour = 50.0
max_units = 10
term_periods = 3
lead_periods = 1

[[workloads]]
id = "chat"
unit = "Mtok/h"
demand = [10, 12]
throughput = { H100 = 1.0 }
max_spot_share = 0.3

[[workloads]]
id = "train"
kind = "batch"
total = 1000
window = [1, 2]
throughput = { H100 = 0.5 }
shortfall_penalty = 100

[policy]
max_provider_share = 0.9
outage_coverage = 0.0
max_spot_share = 0.5
budget = 1.0e7
commitments_beyond_horizon = "amortize"

[[existing]]
offering = "a-commit"
units = 2
remaining_periods = 2
"#;

fn base() -> Scenario {
    Scenario::from_toml_str(BASE).unwrap()
}

/// `BASE` with the first occurrence of `from` replaced by `to` (which must exist).
fn base_toml_with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "`{from}` is not in BASE");
    BASE.replacen(from, to, 1)
}

/// Asserts that `s` is rejected as invalid at `path`, with a reason containing each of `words`;
/// `plan` reports the same error.
#[track_caller]
fn expect_invalid(s: &Scenario, path: &str, words: &[&str]) {
    let err = validate_scenario(s).map(|_| ()).unwrap_err();
    assert_eq!(err.kind(), "invalid", "{err}");
    assert_eq!(err.path(), Some(path), "{err}");
    let reason = err.reason();
    for w in words {
        assert!(reason.contains(w), "reason `{reason}` should mention `{w}`");
    }
    assert!(err.to_string().starts_with(path), "{err}");
    assert!(err.is_input_error());
    let via_plan = plan(s, &PlanOptions::default()).unwrap_err();
    assert_eq!(via_plan, err);
}

/// Asserts that `text` fails to parse at `path`, with a message containing each of `words`.
#[track_caller]
fn expect_parse(text: &str, path: &str, words: &[&str]) {
    let err = Scenario::from_str_auto(text).map(|_| ()).unwrap_err();
    assert_eq!(err.kind(), "parse", "{err}");
    assert_eq!(err.path(), Some(path), "{err}");
    let reason = err.reason();
    for w in words {
        assert!(reason.contains(w), "reason `{reason}` should mention `{w}`");
    }
}

#[test]
fn base_is_valid_and_plans() {
    let s = base();
    validate_scenario(&s).unwrap();
    let p = solve(&s);
    assert_optimal(&p);
    assert!(p.total_cost.unwrap() > 0.0);
    // JSON and TOML round trips give the same scenario.
    assert_eq!(Scenario::from_json_str(&s.to_json_string()).unwrap(), s);
    assert_eq!(
        Scenario::from_toml_str(&s.to_toml_string().unwrap()).unwrap(),
        s
    );
}

// ---------------------------------------------------------------- horizon

#[test]
fn horizon_periods_zero() {
    let mut s = base();
    s.horizon.periods = 0;
    expect_invalid(&s, "horizon.periods", &["at least 1"]);
}

#[test]
fn horizon_hours_and_hours_per_period_together() {
    let mut s = base();
    s.horizon.hours = Some(vec![100.0, 100.0]);
    expect_invalid(&s, "horizon.hours", &["hours_per_period", "not both"]);
}

#[test]
fn horizon_hours_wrong_length() {
    let mut s = base();
    s.horizon.hours_per_period = None;
    s.horizon.hours = Some(vec![100.0, 100.0, 100.0]);
    expect_invalid(&s, "horizon.hours", &["one value per period (2)", "got 3"]);
}

#[test]
fn horizon_hours_entry_not_positive() {
    let mut s = base();
    s.horizon.hours_per_period = None;
    s.horizon.hours = Some(vec![100.0, 0.0]);
    expect_invalid(&s, "horizon.hours[1]", &["> 0"]);
    s.horizon.hours = Some(vec![-5.0, 100.0]);
    expect_invalid(&s, "horizon.hours[0]", &["> 0"]);
}

#[test]
fn horizon_hours_per_period_not_positive_or_not_finite() {
    let mut s = base();
    s.horizon.hours_per_period = Some(-730.0);
    expect_invalid(&s, "horizon.hours_per_period", &["> 0", "-730"]);
    s.horizon.hours_per_period = Some(f64::INFINITY);
    expect_invalid(&s, "horizon.hours_per_period", &["finite"]);
    let text = base_toml_with("hours_per_period = 100", "hours_per_period = inf");
    let s = Scenario::from_toml_str(&text).unwrap();
    expect_invalid(&s, "horizon.hours_per_period", &["finite"]);
}

#[test]
fn horizon_default_hours_is_730() {
    let mut s = base();
    s.horizon.hours_per_period = None;
    let p = solve(&s);
    assert!(p.periods.iter().all(|p| p.hours == 730.0));
    assert_eq!(p.periods[0].label, "2025-07");
}

// ---------------------------------------------------------------- segments

#[test]
fn segment_share_outside_unit_interval() {
    let mut s = base();
    s.segments[0].share = 1.5;
    expect_invalid(&s, "segments[0].share", &["[0, 1]", "1.5"]);
    s.segments[0].share = -0.5;
    expect_invalid(&s, "segments[0].share", &["[0, 1]"]);
}

#[test]
fn segment_share_nan_via_toml() {
    let text = base_toml_with("share = 0.5\nlevel = 1.0", "share = nan\nlevel = 1.0");
    let s = Scenario::from_toml_str(&text).unwrap();
    expect_invalid(&s, "segments[0].share", &["finite"]);
}

#[test]
fn segment_level_negative() {
    let mut s = base();
    s.segments[1].level = -0.1;
    expect_invalid(&s, "segments[1].level", &[">= 0"]);
}

#[test]
fn segment_duplicate_name() {
    let mut s = base();
    s.segments[1].name = Some("peak".into());
    expect_invalid(&s, "segments[1].name", &["duplicate", "peak"]);
}

#[test]
fn segment_shares_must_sum_to_one() {
    let mut s = base();
    s.segments[1].share = 0.4;
    expect_invalid(&s, "segments", &["sum to 1"]);
}

#[test]
fn a_wrong_sum_is_printed_without_float_noise() {
    let mut s = base();
    // 0.7 + 0.2 is 0.8999999999999999 in binary floating point.
    s.segments[0].share = 0.7;
    s.segments[1].share = 0.2;
    expect_invalid(&s, "segments", &["(they sum to 0.9)"]);
}

// ---------------------------------------------------------------- policy

#[test]
fn policy_shares_outside_unit_interval() {
    let mut s = base();
    s.policy.max_provider_share = 1.2;
    expect_invalid(&s, "policy.max_provider_share", &["[0, 1]"]);
    let mut s = base();
    s.policy.outage_coverage = -0.1;
    expect_invalid(&s, "policy.outage_coverage", &["[0, 1]"]);
    let mut s = base();
    s.policy.max_spot_share = 2.0;
    expect_invalid(&s, "policy.max_spot_share", &["[0, 1]"]);
    let mut s = base();
    s.policy.max_spot_share = f64::NAN;
    expect_invalid(&s, "policy.max_spot_share", &["finite"]);
}

#[test]
fn policy_budget_negative_or_not_finite() {
    let mut s = base();
    s.policy.budget = Some(-1.0);
    expect_invalid(&s, "policy.budget", &[">= 0"]);
    let text = base_toml_with("budget = 1.0e7", "budget = -inf");
    let s = Scenario::from_toml_str(&text).unwrap();
    expect_invalid(&s, "policy.budget", &["finite"]);
}

// ---------------------------------------------------------------- providers

#[test]
fn provider_empty_id() {
    let mut s = base();
    s.providers[0].id = "  ".into();
    expect_invalid(&s, "providers[0].id", &["empty"]);
}

#[test]
fn provider_duplicate_id() {
    let mut s = base();
    s.providers[1].id = "a".into();
    expect_invalid(&s, "providers[1].id", &["duplicate", "`a`", "providers[0]"]);
}

#[test]
fn provider_max_share_outside_unit_interval() {
    let mut s = base();
    s.providers[1].max_share = Some(1.01);
    expect_invalid(&s, "providers[1].max_share", &["[0, 1]"]);
}

// ---------------------------------------------------------------- offerings

#[test]
fn offering_empty_id() {
    let mut s = base();
    s.offerings[2].id = String::new();
    expect_invalid(&s, "offerings[2].id", &["empty"]);
}

#[test]
fn offering_duplicate_id() {
    let mut s = base();
    s.offerings[1].id = "a-od".into();
    expect_invalid(
        &s,
        "offerings[1].id",
        &["duplicate", "a-od", "offerings[0]"],
    );
}

#[test]
fn offering_unknown_provider() {
    let mut s = base();
    s.offerings[1].provider = "gcp".into();
    expect_invalid(
        &s,
        "offerings[1].provider",
        &["unknown provider", "gcp", "[[providers]]"],
    );
}

#[test]
fn offering_empty_accelerator() {
    let mut s = base();
    s.offerings[0].accelerator = String::new();
    expect_invalid(&s, "offerings[0].accelerator", &["empty"]);
}

#[test]
fn offering_chips_not_positive() {
    let mut s = base();
    s.offerings[0].chips = 0.0;
    expect_invalid(&s, "offerings[0].chips", &["> 0"]);
}

#[test]
fn offering_price_negative() {
    let mut s = base();
    s.offerings[1].price_per_hour = -1.0;
    expect_invalid(&s, "offerings[1].price_per_hour", &[">= 0", "-1"]);
}

#[test]
fn offering_price_nan_via_toml() {
    let text = base_toml_with("price_per_hour = 40.0", "price_per_hour = nan");
    let s = Scenario::from_toml_str(&text).unwrap();
    expect_invalid(&s, "offerings[1].price_per_hour", &["finite", "NaN"]);
}

#[test]
fn offering_price_inf_via_toml() {
    let text = base_toml_with("price_per_hour = 50.0", "price_per_hour = +inf");
    let s = Scenario::from_toml_str(&text).unwrap();
    expect_invalid(&s, "offerings[2].price_per_hour", &["finite", "inf"]);
}

#[test]
fn offering_max_units_negative() {
    let mut s = base();
    s.offerings[0].max_units = Some(-3.0);
    expect_invalid(&s, "offerings[0].max_units", &[">= 0"]);
}

#[test]
fn offering_availability_outside_half_open_interval() {
    for bad in [0.0, -0.2, 1.5] {
        let mut s = base();
        s.offerings[1].availability = Some(bad);
        expect_invalid(&s, "offerings[1].availability", &["(0, 1]"]);
    }
    let mut s = base();
    s.offerings[1].availability = Some(f64::NAN);
    expect_invalid(&s, "offerings[1].availability", &["finite"]);
}

#[test]
fn commit_without_term_periods() {
    let mut s = base();
    s.offerings[2].term_periods = None;
    expect_invalid(&s, "offerings[2].term_periods", &["commit", "term_periods"]);
}

#[test]
fn commit_with_zero_term() {
    let mut s = base();
    s.offerings[2].term_periods = Some(0);
    expect_invalid(&s, "offerings[2].term_periods", &["at least 1"]);
}

#[test]
fn term_on_non_commit_offering() {
    let mut s = base();
    s.offerings[0].term_periods = Some(12);
    expect_invalid(&s, "offerings[0].term_periods", &["only commit"]);
}

#[test]
fn lead_on_non_commit_offering() {
    let mut s = base();
    s.offerings[1].lead_periods = Some(1);
    expect_invalid(&s, "offerings[1].lead_periods", &["only commit"]);
}

// ---------------------------------------------------------------- existing

#[test]
fn existing_unknown_offering() {
    let mut s = base();
    s.existing[0].offering = "nope".into();
    expect_invalid(&s, "existing[0].offering", &["unknown offering", "nope"]);
}

#[test]
fn existing_on_non_commit_offering() {
    let mut s = base();
    s.existing[0].offering = "b-spot".into();
    expect_invalid(
        &s,
        "existing[0].offering",
        &["b-spot", "spot", "commit offering"],
    );
}

#[test]
fn existing_negative_units() {
    let mut s = base();
    s.existing[0].units = -2.0;
    expect_invalid(&s, "existing[0].units", &[">= 0"]);
}

#[test]
fn existing_above_max_units() {
    let mut s = base();
    s.existing[0].units = 11.0;
    expect_invalid(&s, "existing[0].units", &["exceed", "max_units"]);
}

// ---------------------------------------------------------------- workloads

#[test]
fn workload_empty_id() {
    let mut s = base();
    s.workloads[1].id = String::new();
    expect_invalid(&s, "workloads[1].id", &["empty"]);
}

#[test]
fn workload_duplicate_id() {
    let mut s = base();
    s.workloads[1].id = "chat".into();
    expect_invalid(
        &s,
        "workloads[1].id",
        &["duplicate", "chat", "workloads[0]"],
    );
}

#[test]
fn serving_workload_with_total_or_window() {
    let mut s = base();
    s.workloads[0].total = Some(5.0);
    expect_invalid(&s, "workloads[0].total", &["only batch", "demand"]);
    let mut s = base();
    s.workloads[0].window = Some([1, 2]);
    expect_invalid(&s, "workloads[0].window", &["only batch"]);
}

#[test]
fn serving_workload_without_demand() {
    let mut s = base();
    s.workloads[0].demand = None;
    expect_invalid(&s, "workloads[0].demand", &["needs `demand`"]);
}

#[test]
fn demand_list_of_wrong_length() {
    let mut s = base();
    s.workloads[0].demand = Some(Demand::Series(vec![10.0]));
    expect_invalid(
        &s,
        "workloads[0].demand",
        &["one value per period (2)", "got 1"],
    );
}

#[test]
fn demand_entry_negative_or_nan() {
    let mut s = base();
    s.workloads[0].demand = Some(Demand::Series(vec![10.0, -1.0]));
    expect_invalid(&s, "workloads[0].demand[1]", &[">= 0"]);
    let text = base_toml_with("demand = [10, 12]", "demand = [nan, 12]");
    let s = Scenario::from_toml_str(&text).unwrap();
    expect_invalid(&s, "workloads[0].demand[0]", &["finite"]);
}

#[test]
fn demand_growth_rules() {
    let mut s = base();
    s.workloads[0].demand = Some(Demand::Growth {
        start: -1.0,
        growth: 0.1,
    });
    expect_invalid(&s, "workloads[0].demand.start", &[">= 0"]);
    s.workloads[0].demand = Some(Demand::Growth {
        start: 10.0,
        growth: -1.0,
    });
    expect_invalid(&s, "workloads[0].demand.growth", &["> -1"]);
    s.workloads[0].demand = Some(Demand::Growth {
        start: 10.0,
        growth: f64::NAN,
    });
    expect_invalid(&s, "workloads[0].demand.growth", &["finite"]);
    s.workloads[0].demand = Some(Demand::Growth {
        start: 1e10,
        growth: 1e10,
    });
    expect_invalid(&s, "workloads[0].demand", &["overflow"]);
    // The valid form parses from TOML and expands to a series.
    let text = base_toml_with("demand = [10, 12]", "demand = { start = 10, growth = 0.2 }");
    let s = Scenario::from_toml_str(&text).unwrap();
    validate_scenario(&s).unwrap();
}

#[test]
fn batch_workload_with_demand() {
    let mut s = base();
    s.workloads[1].demand = Some(Demand::Series(vec![1.0, 1.0]));
    expect_invalid(&s, "workloads[1].demand", &["total", "window"]);
}

#[test]
fn batch_workload_without_or_with_negative_total() {
    let mut s = base();
    s.workloads[1].total = None;
    expect_invalid(&s, "workloads[1].total", &["needs `total`"]);
    s.workloads[1].total = Some(-10.0);
    expect_invalid(&s, "workloads[1].total", &[">= 0"]);
}

#[test]
fn batch_window_outside_the_horizon() {
    for bad in [[0, 1], [1, 3], [2, 1], [3, 3]] {
        let mut s = base();
        s.workloads[1].window = Some(bad);
        expect_invalid(&s, "workloads[1].window", &["1 <= first <= last <= 2"]);
    }
    // Absent window means the whole horizon.
    let mut s = base();
    s.workloads[1].window = None;
    validate_scenario(&s).unwrap();
}

#[test]
fn throughput_not_positive() {
    let mut s = base();
    s.workloads[0].throughput.insert("H100".into(), 0.0);
    expect_invalid(&s, "workloads[0].throughput.H100", &["> 0"]);
    s.workloads[0].throughput.insert("H100".into(), -1.0);
    expect_invalid(&s, "workloads[0].throughput.H100", &["> 0"]);
}

#[test]
fn workload_unknown_provider_in_allow_list() {
    let mut s = base();
    s.workloads[0].providers = Some(vec!["a".into(), "azure".into()]);
    expect_invalid(
        &s,
        "workloads[0].providers[1]",
        &["unknown provider", "azure"],
    );
}

#[test]
fn workload_empty_region_glob() {
    let mut s = base();
    s.workloads[0].regions = Some(vec!["us-*".into(), String::new()]);
    expect_invalid(&s, "workloads[0].regions[1]", &["empty"]);
}

#[test]
fn workload_max_spot_share_outside_unit_interval() {
    let mut s = base();
    s.workloads[0].max_spot_share = Some(-0.5);
    expect_invalid(&s, "workloads[0].max_spot_share", &["[0, 1]"]);
}

#[test]
fn workload_negative_shortfall_penalty() {
    let mut s = base();
    s.workloads[1].shortfall_penalty = Some(-100.0);
    expect_invalid(&s, "workloads[1].shortfall_penalty", &[">= 0"]);
}

#[test]
fn workload_without_throughput_entries() {
    let mut s = base();
    s.workloads[0].throughput.clear();
    expect_invalid(&s, "workloads[0]", &["no throughput entries"]);
}

#[test]
fn workload_without_compatible_accelerator() {
    let mut s = base();
    s.workloads[0].throughput.clear();
    s.workloads[0].throughput.insert("TPU-v6e".into(), 0.7);
    expect_invalid(
        &s,
        "workloads[0]",
        &["no offering can serve", "TPU-v6e", "H100"],
    );
}

#[test]
fn workload_compatible_but_filtered_out_by_regions() {
    let mut s = base();
    s.workloads[0].regions = Some(vec!["ap-*".into()]);
    expect_invalid(
        &s,
        "workloads[0]",
        &[
            "no offering can serve",
            "3 offerings",
            "provider/region filters",
        ],
    );
}

#[test]
fn workload_compatible_but_filtered_out_by_providers_and_regions() {
    // Provider a only has us-east-1; b has eu-west-1; allowing a in eu-* leaves nothing.
    let mut s = base();
    s.workloads[1].providers = Some(vec!["a".into()]);
    s.workloads[1].regions = Some(vec!["eu-*".into()]);
    expect_invalid(&s, "workloads[1]", &["provider/region filters"]);
    // Each filter alone leaves something.
    s.workloads[1].regions = None;
    validate_scenario(&s).unwrap();
}

// ---------------------------------------------------------------- limits and options

#[test]
fn limits_reject_large_inputs() {
    let s = base();
    let cases: [(Limits, &str); 5] = [
        (
            Limits {
                max_offerings: 1,
                ..Default::default()
            },
            "offerings",
        ),
        (
            Limits {
                max_periods: 1,
                ..Default::default()
            },
            "horizon.periods",
        ),
        (
            Limits {
                max_segments: 1,
                ..Default::default()
            },
            "segments",
        ),
        (
            Limits {
                max_workloads: 1,
                ..Default::default()
            },
            "workloads",
        ),
        (
            Limits {
                max_variables: 10,
                ..Default::default()
            },
            "scenario",
        ),
    ];
    for (limits, path) in cases {
        let err = capmix::expand_with(&s, &limits, &Deadline::none())
            .and_then(|e| capmix::validate_with(&e, &limits, &Deadline::none()))
            .map(|_| ())
            .unwrap_err();
        assert_eq!(err.kind(), "limit", "{err}");
        assert_eq!(err.path(), Some(path), "{err}");
        assert!(err.reason().contains("limit"), "{err}");
        let via_plan = plan(
            &s,
            &PlanOptions {
                limits,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(via_plan.kind(), "limit");
        assert_eq!(via_plan.path(), Some(path));
    }
    // The defaults accept the base scenario.
    validate_scenario(&s).unwrap();
}

#[test]
fn invalid_options() {
    let s = base();
    let err = plan(
        &s,
        &PlanOptions {
            time_limit: Some(-1.0),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.kind(), err.path()),
        ("invalid_option", Some("time_limit"))
    );
    assert!(err.reason().contains(">= 0"), "{err}");
    let err = plan(
        &s,
        &PlanOptions {
            time_limit: Some(f64::NAN),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.kind(), err.path()),
        ("invalid_option", Some("time_limit"))
    );
    let err = plan(
        &s,
        &PlanOptions {
            mip_gap: Some(1.0),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.kind(), err.path()),
        ("invalid_option", Some("mip_gap"))
    );
    assert!(err.reason().contains("[0, 1)"), "{err}");
    let err = "cplex".parse::<SolverKind>().unwrap_err();
    assert_eq!((err.kind(), err.path()), ("invalid_option", Some("solver")));
}

#[cfg(not(feature = "highs"))]
#[test]
fn unavailable_solver() {
    let err = plan(
        &base(),
        &PlanOptions {
            solver: SolverKind::Highs,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.kind(), "solver_unavailable");
    assert_eq!(err.path(), None);
    assert!(err.to_string().contains("--features highs"), "{err}");
}

// ---------------------------------------------------------------- parse errors

#[test]
fn parse_unknown_field() {
    let text = base_toml_with("budget = 1.0e7", "budget = 1.0e7\nmax_shares = 0.5");
    expect_parse(
        &text,
        "policy.max_shares",
        &["unknown field `max_shares`", "max_provider_share"],
    );
    let text = base_toml_with(
        "max_spot_share = 0.3",
        "max_spot_share = 0.3\nthroughput_typo = 1",
    );
    expect_parse(&text, "workloads[0].throughput_typo", &["unknown field"]);
    expect_parse(
        r#"{"horizon":{"periods":1},"bogus":1}"#,
        "bogus",
        &["unknown field `bogus`"],
    );
}

#[test]
fn parse_wrong_type() {
    let text = base_toml_with("periods = 2", "periods = \"two\"");
    expect_parse(&text, "horizon.periods", &["invalid type", "expected u32"]);
    let text = base_toml_with("price_per_hour = 80.0", "price_per_hour = \"80\"");
    expect_parse(&text, "offerings[0].price_per_hour", &["invalid type"]);
    let text = base_toml_with("periods = 2", "periods = -2");
    expect_parse(&text, "horizon.periods", &["u32"]);
    let text = base_toml_with("window = [1, 2]", "window = [1]");
    expect_parse(
        &text,
        "workloads[1].window",
        &["invalid length 1", "length 2"],
    );
    let text = base_toml_with("demand = [10, 12]", "demand = \"lots\"");
    expect_parse(&text, "workloads[0].demand", &["Demand"]);
    expect_parse(
        r#"{"horizon":{"periods":true}}"#,
        "horizon.periods",
        &["invalid type"],
    );
}

#[test]
fn parse_unknown_purchase_option() {
    let text = base_toml_with("purchase = \"spot\"", "purchase = \"lease\"");
    expect_parse(
        &text,
        "offerings[1].purchase",
        &["unknown variant `lease`", "on_demand", "spot", "commit"],
    );
}

#[test]
fn parse_unknown_enum_values() {
    let text = base_toml_with("kind = \"batch\"", "kind = \"stream\"");
    expect_parse(&text, "workloads[1].kind", &["serving", "batch"]);
    let text = base_toml_with(
        "commitments_beyond_horizon = \"amortize\"",
        "commitments_beyond_horizon = \"ignore\"",
    );
    expect_parse(
        &text,
        "policy.commitments_beyond_horizon",
        &["amortize", "charge"],
    );
    let text = base_toml_with(
        "max_spot_share = 0.3",
        "max_spot_share = 0.3\nrouting = \"any\"",
    );
    expect_parse(&text, "workloads[0].routing", &["split", "single"]);
}

#[test]
fn parse_missing_required_field() {
    let text = base_toml_with(
        "chips = 8\npurchase = \"on_demand\"",
        "purchase = \"on_demand\"",
    );
    expect_parse(&text, "offerings[0]", &["missing field `chips`"]);
    expect_parse("name = \"x\"", "", &["missing field `horizon`"]);
}

#[test]
fn parse_syntax_errors_and_trailing_json() {
    let err = Scenario::from_toml_str("[horizon\nperiods = 1").unwrap_err();
    assert_eq!(err.kind(), "parse");
    let err = Scenario::from_json_str(r#"{"horizon":{"periods":1}} trailing"#).unwrap_err();
    assert_eq!((err.kind(), err.path()), ("parse", Some("")));
    assert!(err.reason().contains("trailing"), "{err}");
    let err = Scenario::from_path("/nonexistent/capmix/scenario.toml").unwrap_err();
    assert_eq!(err.kind(), "io");
}

// Regression: the TOML reader once accepted a window with three entries and silently dropped
// the third, while the JSON reader rejected it.
#[test]
fn parse_window_with_extra_entries_is_rejected() {
    let text = base_toml_with("window = [1, 2]", "window = [1, 2, 3]");
    expect_parse(
        &text,
        "workloads[1].window",
        &["invalid length 3", "length 2"],
    );
    let mut json: serde_json::Value = serde_json::from_str(&base().to_json_string()).unwrap();
    json["workloads"][1]["window"] = serde_json::json!([1, 2, 3]);
    expect_parse(
        &json.to_string(),
        "workloads[1].window",
        &["invalid length 3", "length 2"],
    );
}

// Regression: some TOML syntax errors once came back with an empty message (only the
// location), e.g. a key without a value.
#[test]
fn parse_syntax_error_has_a_message() {
    let err = Scenario::from_toml_str("name = ").unwrap_err();
    assert_eq!((err.kind(), err.path()), ("parse", Some("")));
    assert!(
        !err.reason().trim_start().starts_with('('),
        "empty message: {err:?}"
    );
    assert!(err.reason().contains("line 1"), "{err:?}");
    let err = Scenario::from_toml_str("[horizon").unwrap_err();
    assert!(err.reason().contains("table header"), "{err:?}");
}

#[test]
fn parsed_enum_values() {
    let s = base();
    assert_eq!(s.offerings[1].purchase, Purchase::Spot);
    assert_eq!(s.workloads[1].kind, WorkloadKind::Batch);
}

// ---------------------------------------------------------------- robustness

/// Plans a parsed prefix with a short time limit; errors are fine, panics are not.
fn parse_and_plan(text: &str) {
    if let Ok(s) = Scenario::from_str_auto(text) {
        let options = PlanOptions {
            time_limit: Some(5.0),
            ..Default::default()
        };
        let _ = plan(&s, &options);
        let _ = plan(
            &s,
            &PlanOptions {
                integer: Some(true),
                ..options
            },
        );
    }
}

#[test]
fn no_prefix_of_a_valid_file_panics() {
    let json = base().to_json_string();
    for text in [BASE, json.as_str()] {
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let prefix = &text[..end];
            let outcome = std::panic::catch_unwind(|| parse_and_plan(prefix));
            assert!(
                outcome.is_ok(),
                "panicked on the prefix of {end} bytes:\n{prefix}"
            );
        }
    }
}

#[test]
fn degenerate_but_valid_inputs_plan_without_panic() {
    // Zero demand, zero prices, zero caps, a zero-share segment, no workloads at all.
    let mut s = base();
    s.workloads[0].demand = Some(Demand::Series(vec![0.0, 0.0]));
    s.workloads[1].total = Some(0.0);
    s.existing.clear();
    let p = solve(&s);
    assert_optimal(&p);
    assert_cost(&p, 0.0);

    let mut s = base();
    for o in &mut s.offerings {
        o.price_per_hour = 0.0;
    }
    let p = solve(&s);
    assert_optimal(&p);
    assert_cost(&p, 0.0);

    let mut s = base();
    s.segments[0].share = 0.0;
    s.segments[1].share = 1.0;
    let p = solve(&s);
    assert_optimal(&p);

    let mut s = base();
    s.offerings[2].max_units = Some(2.0);
    s.offerings[0].max_units = Some(0.0);
    let p = solve(&s);
    assert!(
        p.status == capmix::Status::Optimal || p.status == capmix::Status::Infeasible,
        "{:?}",
        p.status
    );

    let mut s = base();
    s.workloads.clear();
    let p = solve(&s);
    assert_optimal(&p);
    // Only the existing commitment is paid: 2 units × $50 × 100 h × 2 periods.
    assert_cost(&p, 20_000.0);
}

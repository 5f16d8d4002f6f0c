//! The scenario, horizon, segments, policy, providers, and offering ids and chips.

use super::*;

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

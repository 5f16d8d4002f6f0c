//! Offering prices, caps and terms; existing commitments; workload demand and batch windows.

use super::*;

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

//! Parsing: unknown fields, wrong types, syntax errors, truncated files, degenerate inputs.

use super::*;

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

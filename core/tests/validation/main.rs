//! One test per validation rule (core/src/validate.rs) and per parse error: the error kind, the
//! exact path of the offending field, and a message that says what was expected.
// Test helpers outside #[test] functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::panic)]

mod horizon;
mod offerings;
mod parsing;
mod workloads;

#[path = "../common/mod.rs"]
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

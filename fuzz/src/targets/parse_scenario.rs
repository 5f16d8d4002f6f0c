//! Bytes → scenario (TOML, JSON and the auto-detecting reader) → validation.
//!
//! Checks: no panic; every error renders with a documented kind; a scenario that validates
//! survives a JSON round trip (same document, still valid) and, when it can be written as
//! TOML, a TOML round trip.

use crate::check_error;
use capmix::{Limits, PlanOptions, Scenario};

/// One fuzz input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = [
        Scenario::from_toml_str(text),
        Scenario::from_json_str(text),
        Scenario::from_str_auto(text),
    ];
    for result in &parsed {
        match result {
            Err(e) => {
                assert_eq!(e.kind(), "parse", "{e:?}");
                check_error(e);
            }
            Ok(s) => check(s),
        }
    }
}

fn check(s: &Scenario) {
    let limits = Limits::default();
    match valid(s, &limits) {
        Err(e) => {
            assert!(["invalid", "limit", "catalog"].contains(&e.kind()), "{e:?}");
            check_error(&e);
        }
        Ok(_) => {
            let json = s.to_json_string();
            let back = Scenario::from_json_str(&json)
                .unwrap_or_else(|e| panic!("a valid scenario's JSON does not parse: {e}\n{json}"));
            assert_eq!(
                back.to_json_string(),
                json,
                "JSON round trip changed the scenario"
            );
            if let Err(e) = valid(&back, &limits) {
                panic!("valid before a JSON round trip, invalid after: {e}\n{json}");
            }
            if let Ok(toml) = s.to_toml_string() {
                let back = Scenario::from_toml_str(&toml).unwrap_or_else(|e| {
                    panic!("a valid scenario's TOML does not parse: {e}\n{toml}")
                });
                assert_eq!(
                    back.to_json_string(),
                    json,
                    "TOML round trip changed the scenario"
                );
            }
        }
    }
}

/// Expanded and validated under `limits`.
fn valid(s: &Scenario, limits: &Limits) -> Result<capmix::Model, capmix::Error> {
    let options = PlanOptions {
        limits: *limits,
        ..PlanOptions::default()
    };
    capmix::prepare(s, &options, &capmix::Deadline::none()).map(|(_, m)| m)
}

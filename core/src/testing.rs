//! Helpers for the crate's own unit tests.

use crate::document::Plan;
use crate::model::Model;
use crate::options::PlanOptions;
use crate::scenario::Scenario;

/// The model of a scenario that must be valid.
pub(crate) fn model(s: &Scenario) -> Model {
    match crate::validate_scenario(s) {
        Ok(m) => m,
        Err(e) => panic!("invalid test scenario: {e}"),
    }
}

/// The plan of a scenario that must be valid, with default options.
pub(crate) fn plan(s: &Scenario) -> Plan {
    match crate::plan(s, &PlanOptions::default()) {
        Ok(p) => p,
        Err(e) => panic!("cannot plan test scenario: {e}"),
    }
}

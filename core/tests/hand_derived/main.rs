//! Small scenarios whose optimal cost is derived by hand (the arithmetic is in the comment
//! above each test). Together they cover every constraint family of the model contract.
//!
//! These derive the fluid LP itself (`integer_units = false`: fractions of instances), where
//! every family's arithmetic shows plainly; whole units, the default, are derived in
//! `whole_units.rs`.
//!
//! Conventions used in the derivations: g = throughput × chips × availability (work units per
//! hour per unit); "$x/wu" is an offering's price per delivered work unit, price / g.

mod horizon;
mod more;
mod prices;
mod purchase;
mod rules;

#[path = "../common/mod.rs"]
mod common;

use capmix::document::IDLE_COMMITMENT;
use capmix::{BeyondHorizon, Offering, PlanOptions, Scenario, Status, Workload};
use common::*;

/// H100, 8 chips, 1 wu per chip-hour: g = 8, $80/h → $10/wu.
fn od_h100(id: &str, provider: &str, price: f64) -> Offering {
    Offering::on_demand(id, provider, "us-east-1", "H100", 8.0, price)
}

//! The bodies of the fuzz targets, a module each, so that libFuzzer (`fuzz_targets/`, through
//! cargo-fuzz) and the corpus replay (`tests/replay.rs`, through `cargo test`) run the same
//! checks on the same bytes.

pub mod catalog_csv;
pub mod parse_scenario;
pub mod plan;
pub mod plan_structured;
pub mod skypilot_import;

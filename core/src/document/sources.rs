//! Where a plan's throughput figures came from (contract §3, `throughput_sources`).

use serde::{Deserialize, Serialize};

/// One estimated throughput: a workload with a `model` on one accelerator and unit size.
/// Figures given in `throughput` are not listed (they are the scenario's own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ThroughputSource {
    /// Workload id.
    pub workload: String,
    /// Offering accelerator name.
    pub accelerator: String,
    /// Chips per unit estimated.
    pub chips: u32,
    /// `roofline` (the calibrated estimate), `profile` (measured rows), or `none` (the
    /// serving registry has no spec for the accelerator: give its `throughput`).
    pub method: String,
    /// Work units per chip-hour used (in the workload's unit, as a rate per chip); `None`
    /// when the unit cannot serve (see `reason`): its offerings are unusable.
    pub throughput: Option<f64>,
    /// Chips per model replica (0 when the model does not fit).
    pub tensor_parallel: u32,
    /// Concurrent requests per replica.
    pub batch: u32,
    /// Expected mean time to first token, ms.
    pub ttft_ms: Option<f64>,
    /// Expected mean time per output token, ms.
    pub tpot_ms: Option<f64>,
    /// Both latency targets met.
    pub slo_met: bool,
    /// Why the unit cannot serve, or the best it can do when it misses a target.
    pub reason: Option<String>,
    /// Where a measured figure comes from (`method = "profile"`): the measurements used and
    /// their weights, as `measured: profiles/h100.csv:7 (100%)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

//! # Serving: LLM capacity from model, chip, request shape and SLO
//!
//! "Serve Llama-3.1-70B at 40 req/s with 2 s TTFT and 100 ms TPOT": this room turns those
//! words into work units per chip-hour for every accelerator, so capmix can plan where and
//! on what. Sources, in order of precedence ([`units::capacity`]): a throughput the user
//! gives, a measured profile ([`profile`]), the calibrated roofline estimate ([`estimate`]).
//!
//! Units: tokens; ms for latencies; GB = 10⁹ bytes; GB/s; dense TFLOPS (10¹² FLOP/s).
//!
//! ## Method
//!
//! A *unit* is one rentable instance of `chips_per_unit` chips; a *replica* is one copy of
//! the weights on `tp` of them (tensor parallelism, `tp` ∈ {1, 2, 4, 8}, ≤ chips per unit),
//! and a unit runs `⌊chips/tp⌋` replicas (idle chips still count in per-chip figures).
//!
//! 1. **Memory fit.** A replica has `tp × memory × (1 − 10%)` for weights and KV cache (10%
//!    runtime reserve: activations, workspaces, fragmentation). Weights take all parameters
//!    × bytes of the precision (MoE: all experts). KV cache per token: GQA
//!    `2 · layers · kv_heads · head_dim` elements, MLA `layers · (kv_lora_rank + rope dim)`,
//!    sliding-window layers hold at most the window (simplification: a windowed layer's
//!    cache is `min(context, window)` tokens, its attention reads as much; no other effect);
//!    2 bytes per element at BF16, 1 (FP8 KV) otherwise. KV heads split across `tp` (whole
//!    heads duplicated when `tp > kv_heads`); the MLA latent is replicated on every chip.
//!    A degree fits when one request at its full context (input + output) fits; the batch is
//!    bounded by the KV cache at mean occupancy `input + output/2` (paged KV, requests at
//!    uniformly spread decode progress), and by 4 096.
//! 2. **Decode step** of batch `B`: `max(bytes / (bandwidth·η_b), FLOPs / (peak·η_c))`, plus a
//!    ring all-reduce of `B × hidden` BF16 activations twice per layer over the unit's link
//!    (with 10 µs latency each; PCIe or host links beyond the fast-link group), plus a fixed
//!    overhead. Bytes: the weights read (dense: all; MoE: shared weights and the experts the
//!    batch touches, `E·(1 − (1 − k/E)^B)` of them) and every sequence's KV cache. FLOPs:
//!    `2 × active parameters` per token plus attention over the context.
//! 3. **Prefill** of `n` prompt tokens costs `FLOPs / (peak·η_c)` of replica time (batched
//!    prefills share weight reads); alone, its latency is the roofline of those FLOPs against
//!    one read of the weights.
//! 4. **Steady state.** Per second, `n` decode steps and `R` prefills share the replica:
//!    `n·step + R·prefill = 1`, `R = n·B/output`, so TPOT = `step + B·prefill/output`
//!    (prefill work interleaved between tokens). TTFT = half a TPOT (joining at a step
//!    boundary) + the M/D/1 mean queueing delay of prefill at utilisation `R·prefill`
//!    (Poisson arrivals) + the prefill latency. Targets are compared with these **means**;
//!    MLPerf bounds p99, and the calibration absorbs that gap.
//! 5. **Search.** Per fitting degree, the largest batch whose TPOT and TTFT meet the targets
//!    (both grow with the batch: binary search); then the degree with the most output tokens
//!    per chip. If no batch meets them, the estimate is `slo_met: false` with the best the
//!    chip can do (batch 1 at the degree closest to the targets) in `reason`.
//! 6. **Precision.** Weights keep their stored bytes; compute uses the chip's peak for the
//!    precision, or the nearest wider one it has (FP4 → FP8 → BF16, FP8/INT8 → BF16; INT4 is
//!    weight-only, BF16 compute), and says so in `notes` (e.g. FP4 on H100 computes at FP8).
//!
//! The efficiency factors `η_b`, `η_c` and the step overhead are calibrated on MLPerf
//! ([`calibration`]); [`calibration::calibration_table`] shows estimate vs MLPerf per
//! accelerator. Not modelled: multi-node replicas, pipeline or expert parallelism,
//! speculative decoding, prefix caching, disaggregated prefill, power or thermal limits.

pub mod calibration;
pub mod chips;
pub mod csv;
pub mod estimate;
pub mod measurement;
pub mod mlperf;
pub mod models;
pub mod profile;
pub mod query;
pub mod registry;
pub mod roofline;
pub mod types;
pub mod units;

pub use calibration::{calibration_table, CalibrationRow};
pub use chips::{chip, ChipSpec};
pub use estimate::estimate;
pub use measurement::Measurement;
pub use models::ModelArch;
pub use query::{estimate_query, AcceleratorEstimate, EstimateQuery};
pub use registry::model;
pub use types::{CalibrationInfo, Estimate, Method, Precision, Request, ServingError, Slo};
pub use units::{capacity, Capacity, WorkUnit};

/// Directory of the shared facts CSVs that tests read at run time (the one path to change
/// when the module moves: `concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/facts")`).
#[cfg(test)]
const FACTS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/facts");

#[cfg(test)]
mod calibration_tests;
#[cfg(test)]
mod estimate_tests;
#[cfg(test)]
mod fit;
#[cfg(test)]
mod profile_tests;

//! Measured serving configurations of a scenario: `measurements` written inline, or the rows
//! of the `profiles` CSV files the scenario includes (resolved like catalogs). For a
//! workload with a `model`, a measurement of that model on an offering's accelerator and
//! unit size that meets the SLO beats the estimate; an explicit `throughput` entry beats
//! both. The lookup (exact shape, or an inverse-distance blend of the nearest shapes) is
//! [`super::profile::lookup`].

use super::profile::ProfileRow;
use serde::{Deserialize, Serialize};

/// One measured configuration: `chips` chips running `chips / tensor_parallel` replicas of
/// `model`, at a mean request shape, with its mean TTFT and TPOT (ms) and the generated
/// tokens per second of all `chips` together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// Model name (registry spelling rules: `Llama-3.1-70B` = `llama-3.1-70b`).
    pub model: String,
    /// Accelerator (alias rules: `H100` = `H100-SXM`).
    pub accelerator: String,
    /// Chips measured together (a whole unit, for the plan to use it).
    pub chips: u32,
    /// Chips per replica.
    pub tensor_parallel: u32,
    /// Mean prompt tokens.
    pub input_tokens: f64,
    /// Mean generated tokens.
    pub output_tokens: f64,
    /// Mean time to first token, ms.
    pub ttft_ms: f64,
    /// Mean time per output token, ms.
    pub tpot_ms: f64,
    /// Generated tokens per second of all `chips`.
    pub tokens_per_second: f64,
    /// Where the figure comes from (`profiles/h100.csv:7` for a profile row).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Measurement {
    /// The first broken field and why, for an error at `measurements[i].<field>`.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        let positive = |v: f64| v.is_finite() && v > 0.0;
        let checks: [(&'static str, bool, &str); 9] = [
            ("model", !self.model.trim().is_empty(), "must not be empty"),
            (
                "accelerator",
                !self.accelerator.trim().is_empty(),
                "must not be empty",
            ),
            (
                "chips",
                (1..=1_000_000).contains(&self.chips),
                "must be ≥ 1",
            ),
            (
                "tensor_parallel",
                self.tensor_parallel >= 1 && self.tensor_parallel <= self.chips,
                "must be ≥ 1 and ≤ chips",
            ),
            ("input_tokens", positive(self.input_tokens), "must be > 0"),
            ("output_tokens", positive(self.output_tokens), "must be > 0"),
            (
                "ttft_ms",
                self.ttft_ms.is_finite() && self.ttft_ms >= 0.0,
                "must be ≥ 0",
            ),
            (
                "tpot_ms",
                self.tpot_ms.is_finite() && self.tpot_ms >= 0.0,
                "must be ≥ 0",
            ),
            (
                "tokens_per_second",
                positive(self.tokens_per_second),
                "must be > 0",
            ),
        ];
        checks
            .into_iter()
            .find(|(_, ok, _)| !ok)
            .map(|(field, _, why)| (field, why.to_string()))
    }

    /// Row `r` of profile `file` as a measurement (its source `file:line`).
    pub fn from_row(r: &ProfileRow, file: &str) -> Measurement {
        Measurement {
            model: r.model.clone(),
            accelerator: r.accelerator.clone(),
            chips: r.chips,
            tensor_parallel: r.tensor_parallel,
            input_tokens: r.input_tokens,
            output_tokens: r.output_tokens,
            ttft_ms: r.ttft_ms,
            tpot_ms: r.tpot_ms,
            tokens_per_second: r.tokens_per_second,
            source: Some(format!("{file}:{}", r.line)),
        }
    }

    /// The measurement as a profile row whose `line` is its 1-based index in the list.
    pub(crate) fn to_row(&self, index: usize) -> ProfileRow {
        ProfileRow {
            line: index + 1,
            model: self.model.clone(),
            accelerator: self.accelerator.clone(),
            chips: self.chips,
            tensor_parallel: self.tensor_parallel,
            input_tokens: self.input_tokens,
            output_tokens: self.output_tokens,
            ttft_ms: self.ttft_ms,
            tpot_ms: self.tpot_ms,
            tokens_per_second: self.tokens_per_second,
        }
    }
}

//! Calibration of the roofline on MLPerf Inference v4.0/v4.1 (datacenter, closed).
//!
//! **Factors.** Three global factors (bandwidth efficiency, compute efficiency, a fixed
//! per-step overhead), fitted on the NVIDIA results, and one *software multiplier* per other
//! vendor family, which scales both efficiencies (its stack reaches that fraction of what
//! TensorRT-LLM reaches on the same roofline). Nothing is fitted per data point. The values
//! come from the fit in `fit.rs` (a test, `cargo test -- --ignored fit --nocapture`): a grid
//! over the three global factors minimizing Σ ln(estimate / MLPerf)² over the NVIDIA rows,
//! then a one-dimensional search per family on its own rows.
//!
//! **Rows.** Per accelerator, benchmark and scenario, the best submission per chip (capacity
//! planning assumes a tuned stack), from `shared/data/facts/mlperf-llm-inference.csv`,
//! embedded as [`REFERENCES`] (a test checks them against the CSV at run time). The
//! H200 custom-thermal (1 000 W) systems are left out: they are not the standard part.
//! Chips per unit = accelerators / nodes. Precision: FP8 (NVIDIA configs set `use_fp8`, AMD
//! and Intel state FP8), B200 FP4 (press reports; the repo states no precision), TPU v5e
//! INT8 (assumed; not stated in the CSV).
//!
//! **Request shapes.** Mean output tokens are the MLPerf references (cited in [`DATASETS`]);
//! **mean input tokens were not found** in the sources searched and are documented
//! assumptions. Server targets are the `mlperf.conf` p99 bounds, compared with the model's
//! mean latencies (the factors absorb the difference); GPT-J Server's 20 s end-to-end bound
//! becomes TPOT ≤ 20 000 / 69 ms.

use super::chips::{chip, Family};
use super::estimate::estimate_beams;
use super::mlperf::{Reference, REFERENCES};
use super::models::ModelArch;
use super::registry::model;
use super::roofline::Factors;
use super::types::{Precision, Request, Slo};
use serde::Serialize;
use std::sync::OnceLock;

/// Global factors (NVIDIA / TensorRT-LLM), fitted as described in the module docs.
pub const NVIDIA: Factors = Factors {
    bandwidth_efficiency: 0.90,
    compute_efficiency: 0.54,
    step_overhead_s: 0.002,
};

/// Software multiplier per non-NVIDIA family (fraction of the NVIDIA efficiencies reached).
pub const FAMILY_MULTIPLIER: &[(Family, f64)] = &[
    (Family::Amd, 0.67),
    (Family::Intel, 0.66),
    (Family::Google, 0.36),
];

/// The factors for a family. AWS has no MLPerf LLM result here: it gets the NVIDIA factors,
/// uncalibrated (its estimates carry no calibration error).
pub fn factors(family: Family) -> Factors {
    let m = FAMILY_MULTIPLIER
        .iter()
        .find(|(f, _)| *f == family)
        .map_or(1.0, |(_, m)| *m);
    Factors {
        bandwidth_efficiency: (NVIDIA.bandwidth_efficiency * m).min(1.0),
        compute_efficiency: (NVIDIA.compute_efficiency * m).min(1.0),
        step_overhead_s: NVIDIA.step_overhead_s,
    }
}

/// An MLPerf benchmark's mean request shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dataset {
    /// Benchmark key (`llama2-70b`, `mixtral-8x7b`, `gptj`).
    pub benchmark: &'static str,
    /// Mean prompt tokens (an assumption, see `input_source`).
    pub input_tokens: f64,
    /// Mean generated tokens.
    pub output_tokens: f64,
    /// Where the input figure comes from.
    pub input_source: &'static str,
    /// Where the output figure comes from.
    pub output_source: &'static str,
}

/// The three benchmarks' request shapes.
pub const DATASETS: [Dataset; 3] = [
    Dataset { benchmark: "llama2-70b", input_tokens: 400.0, output_tokens: 294.45,
        input_source: "ASSUMPTION: OpenOrca GPT-4 split, 24,576 samples, inputs < 1,024 tokens (mlcommons/inference language/llama2-70b/processorca.py, --seqlen_limit=1024); the mean was not found",
        output_source: "mlcommons/inference language/llama2-70b/README.md and docs/index.md: 'Tokens per sample: 294.45'" },
    Dataset { benchmark: "mixtral-8x7b", input_tokens: 800.0, output_tokens: 144.84,
        input_source: "ASSUMPTION: 5k each of OpenOrca, GSM8K and MBXP, max_seq_len 2048 (mlcommons/inference docs/index.md, language/mixtral-8x7b/README.md); the mean was not found",
        output_source: "mlcommons/inference language/mixtral-8x7b/README.md: {'tokens_per_sample': 144.84} (submission checker allows 145.9 × 1.1)" },
    Dataset { benchmark: "gptj", input_tokens: 1000.0, output_tokens: 69.0,
        input_source: "ASSUMPTION: CNN/DailyMail v3.0.0 articles, 13,368 samples, truncated to 1,919 tokens (mlcommons/inference language/gpt-j/dataset.py max_length=1919); the mean was not found",
        output_source: "mlcommons/inference loadgen/mlperf.conf: gptj.*.token_latency_scaling_factor = 69 (tokens per sample)" },
];

/// GPT-J 6B (calibration only; not in the shared model facts).
pub fn gptj() -> ModelArch {
    ModelArch {
        name: "gpt-j-6b".into(), parameters_b: 6.05, active_parameters_b: None, layers: 28, hidden_size: 4096,
        attention_heads: 16, kv_heads: 16, head_dim: Some(256), attention: super::models::Attention::Gqa,
        kv_lora_rank: None, qk_rope_head_dim: None, experts: None, experts_per_token: None,
        sliding_window: None, sliding_window_layers: None, vocab_size: Some(50_400), max_context: Some(2048),
        source: "huggingface/transformers src/transformers/models/gptj/configuration_gptj.py (GPTJConfig defaults = EleutherAI/gpt-j-6B: n_embd 4096, n_layer 28, n_head 16, vocab 50400, n_positions 2048); 6.05 B parameters per the model card".into(),
    }
}

/// One line of the calibration table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationRow {
    /// Chip.
    pub accelerator: String,
    /// Benchmark key.
    pub benchmark: String,
    /// `Offline` or `Server`.
    pub scenario: String,
    /// MLPerf system id and round.
    pub system: String,
    /// Chips per unit used for the estimate.
    pub chips_per_unit: u32,
    /// MLPerf generated tokens/s per chip.
    pub mlperf_tokens_per_second_per_chip: f64,
    /// The estimate's output tokens/s per chip.
    pub estimate_tokens_per_second_per_chip: f64,
    /// (estimate − MLPerf) / MLPerf.
    pub relative_error: f64,
}

/// The precision assumed for a chip's MLPerf submissions (module docs).
pub fn reference_precision(chip: &str) -> Precision {
    match chip {
        "B200" => Precision::Fp4,
        "TPU-v5e" => Precision::Int8,
        _ => Precision::Fp8,
    }
}

/// The request shape and SLO of a benchmark and scenario.
pub fn shape(benchmark: &str, scenario: &str) -> Option<(Request, Slo)> {
    let d = DATASETS.iter().find(|d| d.benchmark == benchmark)?;
    let request = Request {
        input_tokens: d.input_tokens,
        output_tokens: d.output_tokens,
    };
    let slo = match (benchmark, scenario) {
        (_, "Offline") => Slo::default(),
        ("gptj", "Server") => Slo {
            ttft_ms: None,
            tpot_ms: Some(20_000.0 / 69.0),
        },
        (_, "Server") => Slo {
            ttft_ms: Some(2000.0),
            tpot_ms: Some(200.0),
        },
        _ => return None,
    };
    Some((request, slo))
}

/// The calibration row of one reference under `factors`, or `None` for unknown names.
pub fn row(reference: &Reference, factors: &Factors) -> Option<CalibrationRow> {
    let c = chip(reference.chip)?;
    let arch = match reference.benchmark {
        "gptj" => gptj(),
        "llama2-70b" => model("llama-2-70b")?.clone(),
        other => model(other)?.clone(),
    };
    let (request, slo) = shape(reference.benchmark, reference.scenario)?;
    let unit = reference.accelerators / reference.nodes.max(1);
    // MLPerf GPT-J decodes with beam search, 4 beams (language/gpt-j/backend_PyTorch.py:
    // "only beam_size 4 is allowed for official submission").
    let beams = if reference.benchmark == "gptj" { 4 } else { 1 };
    let e = estimate_beams(
        &arch,
        c,
        unit,
        reference_precision(c.name),
        &request,
        &slo,
        factors,
        beams,
    );
    let mlperf = reference.tokens_per_second / f64::from(reference.accelerators.max(1));
    let est = e.output_tokens_per_second_per_chip;
    Some(CalibrationRow {
        accelerator: c.name.to_string(),
        benchmark: reference.benchmark.to_string(),
        scenario: reference.scenario.to_string(),
        system: format!("{} ({})", reference.system_id, reference.round),
        chips_per_unit: unit,
        mlperf_tokens_per_second_per_chip: mlperf,
        estimate_tokens_per_second_per_chip: est,
        relative_error: (est - mlperf) / mlperf,
    })
}

/// Estimate vs MLPerf for every reference, with the calibrated factors (for the CLI).
pub fn calibration_table() -> Vec<CalibrationRow> {
    REFERENCES
        .iter()
        .filter_map(|r| {
            row(
                r,
                &factors(chip(r.chip).map_or(Family::Nvidia, |c| c.family)),
            )
        })
        .collect()
}

/// Mean |relative error| of a chip's rows, if it has MLPerf results.
pub fn accelerator_error(chip_name: &str) -> Option<f64> {
    static TABLE: OnceLock<Vec<CalibrationRow>> = OnceLock::new();
    let rows: Vec<f64> = TABLE
        .get_or_init(calibration_table)
        .iter()
        .filter(|r| r.accelerator == chip_name)
        .map(|r| r.relative_error.abs())
        .collect();
    (!rows.is_empty()).then(|| rows.iter().sum::<f64>() / rows.len() as f64)
}

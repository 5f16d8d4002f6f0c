//! The serving room's inputs (precision, request shape, latency targets), its output
//! ([`Estimate`]) and its error type.
//!
//! Units everywhere: tokens, milliseconds (ms), GB = 10⁹ bytes, GB/s, TFLOPS = 10¹² FLOP/s.

use serde::{Deserialize, Serialize};

/// Storage precision of the weights. The KV cache is stored at 2 bytes per element for
/// `bf16` and at 1 byte (FP8) for every 8-bit-or-narrower precision, as the MLPerf
/// submissions the factors are calibrated on do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// 16-bit brain float: 2 bytes per parameter.
    Bf16,
    /// 8-bit float: 1 byte per parameter.
    Fp8,
    /// 4-bit float (NVFP4/MXFP4): 0.5 bytes per parameter.
    Fp4,
    /// 8-bit integer: 1 byte per parameter.
    Int8,
    /// 4-bit integer (weight-only, e.g. AWQ/GPTQ): 0.5 bytes per parameter.
    Int4,
}

impl Precision {
    /// Every precision, in declaration order.
    pub const ALL: [Precision; 5] = [
        Precision::Bf16,
        Precision::Fp8,
        Precision::Fp4,
        Precision::Int8,
        Precision::Int4,
    ];

    /// Bytes per stored weight.
    pub fn weight_bytes(self) -> f64 {
        match self {
            Precision::Bf16 => 2.0,
            Precision::Fp8 | Precision::Int8 => 1.0,
            Precision::Fp4 | Precision::Int4 => 0.5,
        }
    }

    /// Bytes per KV-cache element (see the type docs).
    pub fn kv_bytes(self) -> f64 {
        match self {
            Precision::Bf16 => 2.0,
            _ => 1.0,
        }
    }

    /// The file-format name (`"bf16"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Bf16 => "bf16",
            Precision::Fp8 => "fp8",
            Precision::Fp4 => "fp4",
            Precision::Int8 => "int8",
            Precision::Int4 => "int4",
        }
    }

    /// Parses a file-format name, case-insensitively.
    pub fn parse(s: &str) -> Option<Precision> {
        Precision::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// The mean request shape: prompt tokens in, generated tokens out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Mean prompt length, tokens (> 0).
    pub input_tokens: f64,
    /// Mean generated length, tokens (≥ 1).
    pub output_tokens: f64,
}

/// Latency targets; `None` is "no target" (MLPerf Offline). The estimate compares its own
/// steady-state figures with them (see the crate docs on what they mean).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Slo {
    /// Time to first token, ms.
    #[serde(default)]
    pub ttft_ms: Option<f64>,
    /// Time per output token after the first, ms.
    #[serde(default)]
    pub tpot_ms: Option<f64>,
}

/// Upper bound on request lengths accepted (tokens): beyond any context window today, and
/// keeps every product finite and every loop short.
pub const MAX_TOKENS: f64 = 10_000_000.0;

impl Request {
    /// `Err` names the first bad field.
    pub fn validate(&self) -> Result<(), ServingError> {
        let check = |field: &'static str, v: f64, min: f64| {
            if v.is_finite() && v >= min && v <= MAX_TOKENS {
                Ok(())
            } else {
                Err(ServingError::invalid(
                    field,
                    format!("must be a number in [{min}, {MAX_TOKENS}] tokens (got {v})"),
                ))
            }
        };
        check("request.input_tokens", self.input_tokens, 1.0)?;
        check("request.output_tokens", self.output_tokens, 1.0)
    }
}

impl Slo {
    /// `Err` names the first bad field. Targets must be finite and > 0 ms.
    pub fn validate(&self) -> Result<(), ServingError> {
        for (field, v) in [("slo.ttft_ms", self.ttft_ms), ("slo.tpot_ms", self.tpot_ms)] {
            if let Some(v) = v {
                if !(v.is_finite() && v > 0.0) {
                    return Err(ServingError::invalid(
                        field,
                        format!("must be a finite number of ms > 0 (got {v})"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Where a throughput figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Given by the user: always wins.
    Given,
    /// Interpolated from measured profile rows.
    Profile,
    /// Calibrated roofline estimate.
    Roofline,
}

impl Method {
    /// The file-format name (`given`, `profile`, `roofline`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Given => "given",
            Method::Profile => "profile",
            Method::Roofline => "roofline",
        }
    }
}

/// The calibration behind a roofline estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationInfo {
    /// Vendor family whose factors were used (`"nvidia"`, ...).
    pub family: String,
    /// Achieved fraction of peak memory bandwidth.
    pub bandwidth_efficiency: f64,
    /// Achieved fraction of peak dense TFLOPS.
    pub compute_efficiency: f64,
    /// Fixed cost of one batched decode step, ms.
    pub step_overhead_ms: f64,
    /// Mean |relative error| of this accelerator against MLPerf, when it has results.
    pub calibration_error: Option<f64>,
}

/// What one chip type can deliver for one model, precision, request shape and SLO.
///
/// Per-chip figures count every chip of the unit, idle ones included: with 8 chips per unit
/// and `tensor_parallel = 3` impossible, replicas × TP may leave chips unused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The model fits in a unit at some tensor-parallel degree.
    pub fits: bool,
    /// Why it does not fit, or why the SLO is not met (with the best achievable figures).
    pub reason: Option<String>,
    /// Chips per model replica (0 when it does not fit).
    pub tensor_parallel: u32,
    /// Model replicas per unit.
    pub replicas_per_unit: u32,
    /// Concurrent requests per replica (decode batch).
    pub batch: u32,
    /// Mean time to first token, ms (`None` when it does not fit).
    pub ttft_ms: Option<f64>,
    /// Mean time per output token, ms (`None` when it does not fit).
    pub tpot_ms: Option<f64>,
    /// Both targets met (vacuously true without targets; false when it does not fit).
    pub slo_met: bool,
    /// Generated tokens per second per chip.
    pub output_tokens_per_second_per_chip: f64,
    /// Completed requests per second per chip.
    pub requests_per_second_per_chip: f64,
    /// Where the figures come from.
    pub method: Method,
    /// Compute precision actually assumed (differs from the weights' when the chip lacks it).
    pub compute_precision: Precision,
    /// Factors used (roofline only).
    pub calibration: Option<CalibrationInfo>,
    /// Assumptions worth telling the user (fallback precisions, replicated KV, ...).
    pub notes: Vec<String>,
}

impl Estimate {
    /// An estimate that cannot serve, with its reason.
    pub fn unfit(reason: impl Into<String>, precision: Precision) -> Estimate {
        Estimate {
            fits: false,
            reason: Some(reason.into()),
            tensor_parallel: 0,
            replicas_per_unit: 0,
            batch: 0,
            ttft_ms: None,
            tpot_ms: None,
            slo_met: false,
            output_tokens_per_second_per_chip: 0.0,
            requests_per_second_per_chip: 0.0,
            method: Method::Roofline,
            compute_precision: precision,
            calibration: None,
            notes: Vec::new(),
        }
    }
}

/// Errors of the serving room. Messages name the offending field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ServingError {
    /// A number or name is out of range.
    #[error("{field}: {reason}")]
    Invalid {
        /// Dotted path of the field (`models[llama].layers`, `request.input_tokens`).
        field: String,
        /// What is wrong, with the value seen.
        reason: String,
    },
    /// A CSV file is malformed; `file:line:column: field: message`.
    #[error("{file}:{line}:{column}: {field}: {message}")]
    Csv {
        /// File name as given by the caller.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (field index).
        column: usize,
        /// Column name (or `row` for record-level problems).
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl ServingError {
    /// An [`ServingError::Invalid`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> ServingError {
        ServingError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_names_round_trip() {
        for p in Precision::ALL {
            assert_eq!(Precision::parse(p.as_str()), Some(p));
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
        }
        assert_eq!(Precision::parse(" FP8 "), Some(Precision::Fp8));
        assert_eq!(Precision::parse("fp16"), None);
    }

    #[test]
    fn request_and_slo_reject_hostile_numbers() {
        for bad in [f64::NAN, f64::INFINITY, -1.0, 0.0, 1e300] {
            let r = Request {
                input_tokens: bad,
                output_tokens: 10.0,
            };
            assert!(r.validate().is_err(), "{bad}");
            let s = Slo {
                ttft_ms: Some(bad),
                tpot_ms: None,
            };
            assert_eq!(s.validate().is_err(), bad != 1e300, "{bad}");
        }
        let e = Request {
            input_tokens: 10.0,
            output_tokens: -3.0,
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().starts_with("request.output_tokens:"), "{e}");
        assert!(
            serde_json::from_str::<Request>(r#"{"input_tokens":1,"output_tokens":1,"x":1}"#)
                .is_err()
        );
    }

    #[test]
    fn estimate_json_field_names() {
        let v = serde_json::to_value(Estimate::unfit("no room", Precision::Fp8)).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        for k in [
            "fits",
            "reason",
            "tensor_parallel",
            "replicas_per_unit",
            "batch",
            "ttft_ms",
            "tpot_ms",
            "slo_met",
            "output_tokens_per_second_per_chip",
            "requests_per_second_per_chip",
            "method",
            "calibration",
            "compute_precision",
            "notes",
        ] {
            assert!(keys.contains(&k), "{k}");
        }
        assert_eq!(
            (v["method"].as_str(), v["compute_precision"].as_str()),
            (Some("roofline"), Some("fp8"))
        );
    }
}

//! The question every door asks ("serve this model at this request shape and these
//! latency targets: what does each accelerator deliver?"), answered by name.
//!
//! The CLI's `capmix estimate`, Python's `capmix.estimate` and the browser's `estimate`
//! only convert their arguments into an [`EstimateQuery`] and print or return the rows.

use super::chips::{self, ChipSpec, CHIPS};
use super::estimate::estimate;
use super::registry;
use super::types::{Estimate, Precision, Request, ServingError, Slo};
use serde::{Deserialize, Serialize};

/// Chips per unit when the query gives none: the 8-chip instance every cloud rents for
/// these accelerators (an HGX/OAM board, a TPU v5e/v6e `-8t` host).
pub const DEFAULT_CHIPS: u32 = 8;

/// Upper bound on `chips` (a unit larger than one NVL72 rack is not one instance).
pub const MAX_CHIPS: u32 = 72;

/// What to estimate. `accelerator: None` asks for every accelerator of the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EstimateQuery {
    /// A model of the bundled registry, by name or alias (`llama-3.1-70b`,
    /// `meta-llama/Meta-Llama-3.1-70B-Instruct`).
    pub model: String,
    /// An accelerator by name or alias (`H100`, `MI300X`, `TPU-v6e`); absent = all.
    #[serde(default)]
    pub accelerator: Option<String>,
    /// Chips per unit (one rentable instance); default 8.
    #[serde(default)]
    pub chips: Option<u32>,
    /// Weight precision: `bf16` (default), `fp8`, `fp4`, `int8`, `int4`.
    #[serde(default)]
    pub precision: Option<String>,
    /// Mean prompt tokens.
    pub input_tokens: f64,
    /// Mean generated tokens.
    pub output_tokens: f64,
    /// Time-to-first-token target, ms.
    #[serde(default)]
    pub ttft_ms: Option<f64>,
    /// Time-per-output-token target, ms.
    #[serde(default)]
    pub tpot_ms: Option<f64>,
}

/// One accelerator's estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AcceleratorEstimate {
    /// Canonical accelerator name.
    pub accelerator: String,
    /// Chips per unit assumed.
    pub chips: u32,
    /// The estimate (its fields inline).
    #[serde(flatten)]
    pub estimate: Estimate,
}

/// Runs the query: one row per accelerator (the named one, or every one of the registry,
/// in registry order). `Err` names the bad field (`model`, `accelerator`, `chips`,
/// `precision`, `request.input_tokens`, `slo.tpot_ms`).
pub fn estimate_query(q: &EstimateQuery) -> Result<Vec<AcceleratorEstimate>, ServingError> {
    let model = registry::model(&q.model).ok_or_else(|| {
        ServingError::invalid(
            "model",
            format!(
                "unknown model `{}` (known: {})",
                q.model,
                model_names().join(", ")
            ),
        )
    })?;
    let precision = match &q.precision {
        None => Precision::Bf16,
        Some(p) => Precision::parse(p).ok_or_else(|| {
            ServingError::invalid(
                "precision",
                format!("unknown precision `{p}` (expected bf16, fp8, fp4, int8 or int4)"),
            )
        })?,
    };
    let chips = q.chips.unwrap_or(DEFAULT_CHIPS);
    if chips == 0 || chips > MAX_CHIPS {
        return Err(ServingError::invalid(
            "chips",
            format!("must be 1..={MAX_CHIPS} chips per unit (got {chips})"),
        ));
    }
    let request = Request {
        input_tokens: q.input_tokens,
        output_tokens: q.output_tokens,
    };
    request.validate()?;
    let slo = Slo {
        ttft_ms: q.ttft_ms,
        tpot_ms: q.tpot_ms,
    };
    slo.validate()?;
    let targets: Vec<&'static ChipSpec> = match &q.accelerator {
        Some(name) => vec![chips::chip(name).ok_or_else(|| {
            ServingError::invalid(
                "accelerator",
                format!(
                    "unknown accelerator `{name}` (known: {})",
                    accelerator_names().join(", ")
                ),
            )
        })?],
        None => CHIPS.iter().collect(),
    };
    Ok(targets
        .into_iter()
        .map(|chip| AcceleratorEstimate {
            accelerator: chip.name.to_string(),
            chips,
            estimate: estimate(model, chip, chips, precision, &request, &slo),
        })
        .collect())
}

/// The bundled models' canonical names.
pub fn model_names() -> Vec<&'static str> {
    registry::MODELS
        .iter()
        .map(|e| e.arch.name.as_ref())
        .collect()
}

/// The registry's accelerators' canonical names.
pub fn accelerator_names() -> Vec<&'static str> {
    CHIPS.iter().map(|c| c.name).collect()
}

impl From<ServingError> for crate::Error {
    /// A query's bad field is an invalid option naming it (`model`, `request.input_tokens`);
    /// a malformed profile file is a catalog-like parse error.
    fn from(e: ServingError) -> crate::Error {
        match e {
            ServingError::Invalid { field, reason } => crate::Error::InvalidOption {
                name: field,
                reason,
            },
            other => crate::Error::InvalidOption {
                name: "profile".into(),
                reason: other.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(model: &str, accelerator: Option<&str>) -> EstimateQuery {
        EstimateQuery {
            model: model.into(),
            accelerator: accelerator.map(Into::into),
            chips: None,
            precision: None,
            input_tokens: 1000.0,
            output_tokens: 300.0,
            ttft_ms: Some(2000.0),
            tpot_ms: Some(100.0),
        }
    }

    #[test]
    fn every_accelerator_when_none_is_named() {
        let rows = estimate_query(&query("llama-3.1-70b", None)).unwrap();
        assert_eq!(rows.len(), CHIPS.len());
        assert!(rows
            .iter()
            .any(|r| r.accelerator == "H100" && r.estimate.fits));
    }

    #[test]
    fn bad_fields_are_named() {
        let err = |q: EstimateQuery| estimate_query(&q).unwrap_err().to_string();
        assert!(err(query("no-such-model", None)).starts_with("model: unknown model"));
        assert!(err(query("llama-3.1-70b", Some("Z80"))).starts_with("accelerator:"));
        let mut q = query("llama-3.1-70b", None);
        q.chips = Some(0);
        assert!(err(q).starts_with("chips:"));
        let mut q = query("llama-3.1-70b", None);
        q.precision = Some("fp3".into());
        assert!(err(q).starts_with("precision:"));
        let mut q = query("llama-3.1-70b", None);
        q.input_tokens = f64::NAN;
        assert!(err(q).starts_with("request.input_tokens"));
        let mut q = query("llama-3.1-70b", None);
        q.tpot_ms = Some(-1.0);
        assert!(err(q).starts_with("slo.tpot_ms"));
    }

    #[test]
    fn the_405b_model_at_two_bytes_does_not_fit_one_h100_unit() {
        // 405e9 parameters x 2 bytes = 810 GB of weights; 8 x 80 GB = 640 GB < 810 GB.
        let rows = estimate_query(&query("llama-3.1-405b", Some("H100"))).unwrap();
        assert!(!rows[0].estimate.fits && rows[0].estimate.reason.is_some());
    }

    #[test]
    fn json_rows_carry_the_estimate_fields_inline() {
        let rows = estimate_query(&query("llama-3.1-8b", Some("H100"))).unwrap();
        let v = serde_json::to_value(&rows[0]).unwrap();
        for field in [
            "accelerator",
            "chips",
            "fits",
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
        ] {
            assert!(v.get(field).is_some(), "{field}");
        }
    }
}

//! `capmix.estimate`: the serving room's question from Python (the core answers it).

use crate::convert::to_py;
use crate::error::PyCapmixError;
use capmix::serving::{estimate_query, EstimateQuery};
use pyo3::prelude::*;

/// What each accelerator delivers for a model, request shape and latency targets.
///
/// The calibrated roofline of `capmix estimate` (method and calibration in the docs of
/// the core's `serving` module): the smallest tensor-parallel degree inside a unit that
/// holds the weights and the KV cache, the largest batch that meets the targets, and
/// per-chip output tokens/s and requests/s. A target no batch meets gives
/// `slo_met = False` with the best the chip can do in `reason`.
///
/// Args:
///     model: A model of the bundled registry (`llama-3.1-70b`, `deepseek-v3`, ...).
///     input_tokens: Mean prompt tokens per request.
///     output_tokens: Mean generated tokens per request.
///     accelerator: One accelerator (`H100`, `MI300X`, `TPU-v6e`); None: every one.
///     chips: Chips per unit (one rentable instance).
///     precision: Weight precision: `bf16`, `fp8`, `fp4`, `int8` or `int4`.
///     ttft_ms: Time-to-first-token target, ms.
///     tpot_ms: Time-per-output-token target, ms.
///
/// Returns:
///     One dict per accelerator: `accelerator`, `chips`, `fits`, `reason`,
///     `tensor_parallel`, `replicas_per_unit`, `batch`, `ttft_ms`, `tpot_ms`, `slo_met`,
///     `output_tokens_per_second_per_chip`, `requests_per_second_per_chip`, `method`,
///     `compute_precision`, `calibration`, `notes`.
///
/// Raises:
///     OptionError: An unknown model, accelerator or precision, or a number out of range
///         (the message names the field, e.g. `slo.tpot_ms`).
#[pyfunction]
#[pyo3(signature = (model, *, input_tokens, output_tokens, accelerator = None, chips = 8, precision = "bf16", ttft_ms = None, tpot_ms = None))]
#[expect(
    clippy::too_many_arguments,
    reason = "the keyword arguments of a Python function"
)]
pub(crate) fn estimate<'py>(
    py: Python<'py>,
    model: &str,
    input_tokens: f64,
    output_tokens: f64,
    accelerator: Option<String>,
    chips: u32,
    precision: &str,
    ttft_ms: Option<f64>,
    tpot_ms: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let query = EstimateQuery {
        model: model.to_string(),
        accelerator,
        chips: Some(chips),
        precision: Some(precision.to_string()),
        input_tokens,
        output_tokens,
        ttft_ms,
        tpot_ms,
    };
    let rows = estimate_query(&query).map_err(|e| PyCapmixError(e.into()))?;
    to_py(py, &rows)
}

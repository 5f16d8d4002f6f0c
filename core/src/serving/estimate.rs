//! The search: for each tensor-parallel degree that fits, the largest batch that meets the
//! SLO; then the degree with the most output tokens per chip (see the crate docs).

use super::calibration;
use super::chips::ChipSpec;
use super::models::{Attention, ModelArch};
use super::roofline::{Factors, Replica, Steady, RESERVE_FRACTION};
use super::types::{CalibrationInfo, Estimate, Method, Precision, Request, Slo};

/// Tensor-parallel degrees tried (those ≤ chips per unit).
pub const TP_DEGREES: [u32; 4] = [1, 2, 4, 8];
/// Largest decode batch per replica considered.
pub const MAX_BATCH: u32 = 4096;
/// Largest unit accepted, chips.
pub const MAX_CHIPS_PER_UNIT: u32 = 1024;

/// The compute precision for `weights` on `chip`: the weights' own when the chip has a peak
/// for it, else the nearest wider one it has (FP4 → FP8 → BF16, FP8 → BF16, INT8 → BF16).
/// INT4 is weight-only (W4A16): BF16 compute. The weights keep their stored bytes.
pub fn compute_precision(chip: &ChipSpec, weights: Precision) -> Precision {
    let chain: &[Precision] = match weights {
        Precision::Fp4 => &[Precision::Fp4, Precision::Fp8, Precision::Bf16],
        Precision::Fp8 => &[Precision::Fp8, Precision::Bf16],
        Precision::Int8 => &[Precision::Int8, Precision::Bf16],
        Precision::Bf16 | Precision::Int4 => &[Precision::Bf16],
    };
    chain
        .iter()
        .copied()
        .find(|p| chip.peak(*p).is_some())
        .unwrap_or(Precision::Bf16)
}

fn chip_problem(chip: &ChipSpec) -> Option<String> {
    let ok = |v: f64| v.is_finite() && v > 0.0;
    let peaks = [chip.fp8_tflops, chip.fp4_tflops, chip.int8_tops];
    let good = ok(chip.memory_gb)
        && ok(chip.memory_bandwidth_gbs)
        && ok(chip.bf16_tflops)
        && ok(chip.host_link_gbs)
        && chip.link_group >= 1
        && peaks.iter().flatten().all(|p| ok(*p))
        && chip.interconnect_gbs.is_none_or(ok);
    (!good).then(|| {
        format!(
            "chip {}: memory, bandwidth, peaks and links must be finite and > 0",
            chip.name
        )
    })
}

/// The calibrated roofline estimate (factors of the chip's family, calibration error of the
/// chip when MLPerf has it). Never panics: bad input gives `fits: false` with a reason.
pub fn estimate(
    model: &ModelArch,
    chip: &ChipSpec,
    chips_per_unit: u32,
    precision: Precision,
    request: &Request,
    slo: &Slo,
) -> Estimate {
    let factors = calibration::factors(chip.family);
    let mut e = estimate_with(
        model,
        chip,
        chips_per_unit,
        precision,
        request,
        slo,
        &factors,
    );
    if let Some(c) = e.calibration.as_mut() {
        c.calibration_error = calibration::accelerator_error(chip.name);
    }
    e
}

struct Candidate {
    tp: u32,
    batch: u32,
    steady: Steady,
    per_chip_rps: f64,
}

/// [`estimate`] with explicit factors (used by the calibration fit); no calibration error.
pub fn estimate_with(
    model: &ModelArch,
    chip: &ChipSpec,
    chips_per_unit: u32,
    precision: Precision,
    request: &Request,
    slo: &Slo,
    factors: &Factors,
) -> Estimate {
    estimate_beams(
        model,
        chip,
        chips_per_unit,
        precision,
        request,
        slo,
        factors,
        1,
    )
}

/// [`estimate_with`] for beam search: `beams` sequences per request share one prefill and
/// each hold their own KV cache; `batch` counts sequences. Only MLPerf GPT-J uses it.
#[expect(
    clippy::too_many_arguments,
    reason = "internal entry point; the public ones take fewer"
)]
pub(crate) fn estimate_beams(
    model: &ModelArch,
    chip: &ChipSpec,
    chips_per_unit: u32,
    precision: Precision,
    request: &Request,
    slo: &Slo,
    factors: &Factors,
    beams: u32,
) -> Estimate {
    let problem = model
        .validate()
        .err()
        .map(|e| e.to_string())
        .or_else(|| request.validate().err().map(|e| e.to_string()))
        .or_else(|| slo.validate().err().map(|e| e.to_string()))
        .or_else(|| chip_problem(chip))
        .or_else(|| {
            (beams == 0 || beams > 64).then(|| format!("beams must be in [1, 64] (got {beams})"))
        })
        .or_else(|| {
            (chips_per_unit == 0 || chips_per_unit > MAX_CHIPS_PER_UNIT).then(|| {
                format!(
                    "chips per unit must be in [1, {MAX_CHIPS_PER_UNIT}] (got {chips_per_unit})"
                )
            })
        })
        .or_else(|| {
            let ok = |v: f64| v.is_finite() && v > 0.0 && v <= 1.0;
            (!(ok(factors.bandwidth_efficiency)
                && ok(factors.compute_efficiency)
                && factors.step_overhead_s.is_finite()
                && factors.step_overhead_s >= 0.0))
                .then(|| "efficiency factors must be in (0, 1] and the overhead ≥ 0".to_string())
        });
    if let Some(p) = problem {
        return Estimate::unfit(p, precision);
    }
    let (input, output) = (request.input_tokens, request.output_tokens);
    if let Some(max) = model.max_context {
        if input + output > f64::from(max) {
            return Estimate::unfit(
                format!(
                    "{} tokens per request exceed {}'s context of {max}",
                    input + output,
                    model.name
                ),
                precision,
            );
        }
    }
    let compute = compute_precision(chip, precision);
    let peak = chip.peak(compute).unwrap_or(chip.bf16_tflops);
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut best_effort: Option<(f64, Candidate)> = None;
    let mut last_shortfall = String::new();
    for tp in TP_DEGREES.into_iter().filter(|&t| t <= chips_per_unit) {
        let r = Replica {
            model,
            chip,
            tp,
            weights: precision,
            peak_tflops: peak,
            factors: *factors,
        };
        let free = r.usable_gb() - r.weights_gb();
        let beams_f = f64::from(beams);
        if free < beams_f * r.kv_gb(input + output) {
            last_shortfall = format!(
                "{:.1} GB of {} weights + {:.2} GB KV cache for one request exceed {:.1} GB usable on {tp} × {} GB ({:.0}% reserved)",
                r.weights_gb(), precision.as_str(), beams_f * r.kv_gb(input + output), r.usable_gb(), chip.memory_gb, RESERVE_FRACTION * 100.0);
            continue;
        }
        let mem_batch = free / r.kv_gb(input + output / 2.0).max(f64::MIN_POSITIVE);
        let max_batch = if mem_batch.is_finite() {
            mem_batch
                .floor()
                .clamp(beams_f, f64::from(MAX_BATCH.max(beams))) as u32
        } else {
            MAX_BATCH
        };
        let at = |b: u32| r.steady(f64::from(b), input, output, beams_f);
        let meets = |s: &Steady| {
            slo.tpot_ms.is_none_or(|t| s.tpot_s * 1e3 <= t)
                && slo.ttft_ms.is_none_or(|t| s.ttft_s * 1e3 <= t)
        };
        let replicas = chips_per_unit / tp;
        let per_chip =
            |s: &Steady| s.requests_per_s * f64::from(replicas) / f64::from(chips_per_unit);
        let one = at(beams);
        if !meets(&one) {
            // How far from the targets the fastest setting is (1 = on target).
            let miss = slo
                .tpot_ms
                .map_or(0.0, |t| one.tpot_s * 1e3 / t)
                .max(slo.ttft_ms.map_or(0.0, |t| one.ttft_s * 1e3 / t));
            if best_effort.as_ref().is_none_or(|(m, _)| miss < *m) {
                best_effort = Some((
                    miss,
                    Candidate {
                        tp,
                        batch: beams,
                        steady: one,
                        per_chip_rps: per_chip(&one),
                    },
                ));
            }
            continue;
        }
        // Largest feasible batch: TPOT and TTFT grow with the batch (binary search).
        let (mut lo, mut hi) = (beams, max_batch);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if meets(&at(mid)) {
                lo = mid
            } else {
                hi = mid - 1
            }
        }
        let s = at(lo);
        candidates.push(Candidate {
            tp,
            batch: lo,
            steady: s,
            per_chip_rps: per_chip(&s),
        });
    }
    let info = CalibrationInfo {
        family: chip.family.as_str().to_string(),
        bandwidth_efficiency: factors.bandwidth_efficiency,
        compute_efficiency: factors.compute_efficiency,
        step_overhead_ms: factors.step_overhead_s * 1e3,
        calibration_error: None,
    };
    let mut notes = notes(model, chip, precision, compute);
    let (chosen, slo_met, reason) = if let Some(best) = candidates.into_iter().reduce(|a, b| {
        if b.per_chip_rps > a.per_chip_rps * (1.0 + 1e-9) {
            b
        } else {
            a
        }
    }) {
        (best, true, None)
    } else if let Some((_, c)) = best_effort {
        let why = format!(
            "the SLO cannot be met on {}: best is TPOT {:.1} ms, TTFT {:.0} ms at tensor parallel {}, batch 1 (targets: TPOT {}, TTFT {})",
            chip.name, c.steady.tpot_s * 1e3, c.steady.ttft_s * 1e3, c.tp,
            slo.tpot_ms.map_or("none".into(), |t| format!("{t} ms")), slo.ttft_ms.map_or("none".into(), |t| format!("{t} ms")));
        (c, false, Some(why))
    } else {
        let mut e = Estimate::unfit(
            format!(
                "{} does not fit one unit of {chips_per_unit} × {}: {last_shortfall}",
                model.name, chip.name
            ),
            precision,
        );
        e.compute_precision = compute;
        e.notes = notes;
        return e;
    };
    let out_per_chip = chosen.per_chip_rps * output;
    if chips_per_unit % chosen.tp != 0 {
        notes.push(format!(
            "{} of {chips_per_unit} chips per unit idle at tensor parallel {}",
            chips_per_unit % chosen.tp,
            chosen.tp
        ));
    }
    Estimate {
        fits: true,
        reason,
        tensor_parallel: chosen.tp,
        replicas_per_unit: chips_per_unit / chosen.tp,
        batch: chosen.batch,
        ttft_ms: Some(chosen.steady.ttft_s * 1e3),
        tpot_ms: Some(chosen.steady.tpot_s * 1e3),
        slo_met,
        output_tokens_per_second_per_chip: out_per_chip,
        requests_per_second_per_chip: chosen.per_chip_rps,
        method: Method::Roofline,
        compute_precision: compute,
        calibration: Some(info),
        notes,
    }
}

fn notes(
    model: &ModelArch,
    chip: &ChipSpec,
    weights: Precision,
    compute: Precision,
) -> Vec<String> {
    let mut n = Vec::new();
    if compute != weights {
        n.push(format!(
            "{} has no {} peak: compute at {}, weights stored at {} bytes/parameter",
            chip.name,
            weights.as_str(),
            compute.as_str(),
            weights.weight_bytes()
        ));
    }
    if model.active_parameters_b.is_some() {
        n.push(format!(
            "MoE: compute with {} B active parameters, memory for all {} B",
            model.active_b(),
            model.parameters_b
        ));
    }
    if model.attention == Attention::Mla {
        n.push("MLA: KV cache is the latent (kv_lora_rank + rope dim), replicated on every tensor-parallel chip".into());
    }
    if let Some(w) = model.sliding_window {
        n.push(format!(
            "sliding window: {} of {} layers keep at most {w} tokens of KV cache",
            model.sliding_window_layers.unwrap_or(model.layers),
            model.layers
        ));
    }
    n
}

//! The calibration fit (test-only). `cargo test -- --ignored fit --nocapture` prints the
//! factors that [`super::calibration`] then holds as constants:
//!
//! 1. global factors: a grid over bandwidth efficiency 0.30…0.90 (step 0.02; HBM rarely sustains more, Azure measured 92% on GB200: techcommunity.microsoft.com …/4399253), compute
//!    efficiency 0.20…1.00 (step 0.02) and step overhead 0…10 ms (step 0.5 ms), minimizing
//!    Σ ln(estimate / MLPerf)² over the NVIDIA rows;
//! 2. per other family: a multiplier 0.20…1.50 (step 0.01) on both efficiencies, minimizing
//!    the same sum over that family's rows.

use super::calibration::row;
use super::chips::{chip, Family};
use super::mlperf::REFERENCES;
use super::roofline::Factors;

fn loss(family: Family, f: &Factors) -> f64 {
    REFERENCES
        .iter()
        .filter(|r| chip(r.chip).is_some_and(|c| c.family == family))
        .filter_map(|r| row(r, f))
        .map(|row| {
            let ratio =
                row.estimate_tokens_per_second_per_chip / row.mlperf_tokens_per_second_per_chip;
            if ratio > 0.0 {
                ratio.ln().powi(2)
            } else {
                25.0
            }
        })
        .sum()
}

#[test]
#[ignore = "fitting routine; run on purpose"]
fn fit() {
    let mut best = (f64::INFINITY, super::calibration::NVIDIA);
    for b in 0..=30 {
        for c in 0..=40 {
            for o in 0..=20 {
                let f = Factors {
                    bandwidth_efficiency: 0.30 + 0.02 * f64::from(b),
                    compute_efficiency: 0.20 + 0.02 * f64::from(c),
                    step_overhead_s: 0.0005 * f64::from(o),
                };
                let l = loss(Family::Nvidia, &f);
                if l < best.0 {
                    best = (l, f);
                }
            }
        }
    }
    println!("nvidia: {:?} loss {:.4}", best.1, best.0);
    for family in [Family::Amd, Family::Intel, Family::Google] {
        let mut fam = (f64::INFINITY, 1.0);
        for m in 20..=150 {
            let m = f64::from(m) / 100.0;
            let f = Factors {
                bandwidth_efficiency: (best.1.bandwidth_efficiency * m).min(1.0),
                compute_efficiency: (best.1.compute_efficiency * m).min(1.0),
                step_overhead_s: best.1.step_overhead_s,
            };
            let l = loss(family, &f);
            if l < fam.0 {
                fam = (l, m);
            }
        }
        println!("{family:?}: multiplier {:.2} loss {:.4}", fam.1, fam.0);
    }
}

#[test]
#[ignore = "prints the calibration table"]
fn table() {
    for r in super::calibration::calibration_table() {
        println!(
            "{:<11} {:<13} {:<8} unit {:>2}  mlperf {:>8.1}  est {:>8.1}  {:>+6.1}%",
            r.accelerator,
            r.benchmark,
            r.scenario,
            r.chips_per_unit,
            r.mlperf_tokens_per_second_per_chip,
            r.estimate_tokens_per_second_per_chip,
            r.relative_error * 100.0
        );
    }
}

#[test]
#[ignore = "prints estimate details"]
fn details() {
    use super::calibration::{factors, gptj, reference_precision, shape};
    for r in REFERENCES {
        let c = chip(r.chip).unwrap();
        let arch = if r.benchmark == "gptj" {
            gptj()
        } else if r.benchmark == "llama2-70b" {
            super::registry::model("llama-2-70b").unwrap().clone()
        } else {
            super::registry::model(r.benchmark).unwrap().clone()
        };
        let (req, slo) = shape(r.benchmark, r.scenario).unwrap();
        let e = super::estimate::estimate_beams(
            &arch,
            c,
            r.accelerators / r.nodes,
            reference_precision(c.name),
            &req,
            &slo,
            &factors(c.family),
            if r.benchmark == "gptj" { 4 } else { 1 },
        );
        println!("{:<10} {:<12} {:<7} tp {} batch {:>4} tpot {:>6.1} ttft {:>7.1} tok/s/chip {:>7.1} {:?}", r.chip, r.benchmark, r.scenario, e.tensor_parallel, e.batch, e.tpot_ms.unwrap_or(0.0), e.ttft_ms.unwrap_or(0.0), e.output_tokens_per_second_per_chip, e.reason);
    }
}

#[test]
#[ignore = "prints the issue's example on every chip"]
fn example() {
    use super::types::{Precision, Request, Slo};
    let m = super::registry::model("Llama-3.1-70B").unwrap();
    let (req, slo) = (
        Request {
            input_tokens: 1000.0,
            output_tokens: 300.0,
        },
        Slo {
            ttft_ms: Some(2000.0),
            tpot_ms: Some(100.0),
        },
    );
    for c in super::chips::CHIPS {
        let e = super::estimate::estimate(m, c, 8, Precision::Fp8, &req, &slo);
        let chips = if e.requests_per_second_per_chip > 0.0 {
            40.0 / e.requests_per_second_per_chip
        } else {
            f64::NAN
        };
        println!("{:<11} fits {} slo {} tp {} batch {:>4} tpot {:>6.1} ttft {:>6.0} tok/s/chip {:>7.1} req/s/chip {:>6.3} chips for 40 req/s {:>6.1} {:?}",
            c.name, e.fits, e.slo_met, e.tensor_parallel, e.batch, e.tpot_ms.unwrap_or(0.0), e.ttft_ms.unwrap_or(0.0),
            e.output_tokens_per_second_per_chip, e.requests_per_second_per_chip, chips, e.reason.as_deref().map(|r| &r[..r.len().min(90)]));
    }
}

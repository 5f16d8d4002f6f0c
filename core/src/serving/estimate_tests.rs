//! Tests of the estimate, derived by hand where a number is asserted.

use super::chips::chip;
use super::estimate::{compute_precision, estimate};
use super::models::ModelArch;
use super::registry::model;
use super::roofline::{Factors, Replica};
use super::types::{Method, Precision, Request, Slo};

const CHAT: Request = Request {
    input_tokens: 1000.0,
    output_tokens: 200.0,
};
const NONE: Slo = Slo {
    ttft_ms: None,
    tpot_ms: None,
};

#[test]
fn memory_fit_hand_derived() {
    let h100 = chip("H100").unwrap();
    // 405 B × 2 bytes = 810 GB > 8 × 80 GB = 640 GB even before the 10% reserve.
    let e = estimate(
        model("llama-3.1-405b").unwrap(),
        h100,
        8,
        Precision::Bf16,
        &CHAT,
        &NONE,
    );
    assert!(
        !e.fits && e.reason.as_deref().unwrap().contains("810.0 GB"),
        "{:?}",
        e.reason
    );
    assert_eq!(
        (e.tensor_parallel, e.output_tokens_per_second_per_chip),
        (0, 0.0)
    );
    // 70 B × 2 = 140 GB: TP 1 has 72 GB usable, TP 2 has 144 GB ≥ 140 + 0.39 GB of KV
    // (163 840 elements × 2 B × 1 200 tokens). So TP ≥ 2, and one chip alone cannot hold it.
    let l70 = model("llama-3.1-70b").unwrap();
    let e = estimate(l70, h100, 8, Precision::Bf16, &CHAT, &NONE);
    assert!(e.fits && e.tensor_parallel >= 2, "{e:?}");
    assert!(!estimate(l70, h100, 1, Precision::Bf16, &CHAT, &NONE).fits);
    // At FP8 (70 GB) one H200 (126.9 GB usable) holds it, and so does one H100 (72 GB).
    assert!(estimate(l70, chip("H200").unwrap(), 1, Precision::Fp8, &CHAT, &NONE).fits);
    assert!(estimate(l70, h100, 1, Precision::Fp8, &CHAT, &NONE).fits);
    // DeepSeek-V3 at FP8 is 671 GB: 8 × 72 = 576 GB on H100 is too little, 8 × 126.9 on H200 fits.
    let ds = model("deepseek-v3").unwrap();
    assert!(!estimate(ds, h100, 8, Precision::Fp8, &CHAT, &NONE).fits);
    let e = estimate(ds, chip("H200").unwrap(), 8, Precision::Fp8, &CHAT, &NONE);
    assert!(e.fits && e.tensor_parallel == 8 && e.notes.iter().any(|n| n.contains("MLA")));
}

#[test]
fn tighter_tpot_lowers_throughput() {
    let (m, c) = (model("llama-3.1-70b").unwrap(), chip("H100").unwrap());
    let loose = estimate(
        m,
        c,
        8,
        Precision::Fp8,
        &CHAT,
        &Slo {
            ttft_ms: Some(2000.0),
            tpot_ms: Some(100.0),
        },
    );
    let tight = estimate(
        m,
        c,
        8,
        Precision::Fp8,
        &CHAT,
        &Slo {
            ttft_ms: Some(2000.0),
            tpot_ms: Some(25.0),
        },
    );
    assert!(loose.slo_met && tight.slo_met, "{tight:?}");
    assert!(tight.tpot_ms.unwrap() <= 25.0 && tight.batch < loose.batch);
    assert!(tight.output_tokens_per_second_per_chip < loose.output_tokens_per_second_per_chip);
}

#[test]
fn longer_prompts_lower_requests_per_second() {
    let (m, c) = (model("llama-3.1-8b").unwrap(), chip("L40S").unwrap());
    let slo = Slo {
        ttft_ms: Some(2000.0),
        tpot_ms: Some(100.0),
    };
    let short = estimate(
        m,
        c,
        1,
        Precision::Fp8,
        &Request {
            input_tokens: 500.0,
            output_tokens: 200.0,
        },
        &slo,
    );
    let long = estimate(
        m,
        c,
        1,
        Precision::Fp8,
        &Request {
            input_tokens: 4000.0,
            output_tokens: 200.0,
        },
        &slo,
    );
    assert!(long.requests_per_second_per_chip < short.requests_per_second_per_chip);
    assert!(long.ttft_ms.unwrap() > short.ttft_ms.unwrap());
}

#[test]
fn moe_computes_with_active_parameters_and_stores_all() {
    let mix = model("mixtral-8x7b").unwrap();
    let mut dense13 = mix.clone();
    (
        dense13.parameters_b,
        dense13.active_parameters_b,
        dense13.experts,
        dense13.experts_per_token,
    ) = (13.0, None, None, None);
    let c = chip("H100").unwrap();
    let f = Factors {
        bandwidth_efficiency: 1.0,
        compute_efficiency: 1.0,
        step_overhead_s: 0.0,
    };
    let r = |m| Replica {
        model: m,
        chip: c,
        tp: 1,
        weights: Precision::Fp8,
        peak_tflops: 1978.9,
        factors: f,
    };
    // Prefill FLOPs are 2 × 13 B per token for both: identical cost.
    assert_eq!(
        r(mix).prefill_cost_s(1000.0),
        r(&dense13).prefill_cost_s(1000.0)
    );
    // Memory holds all 47 B: 47 GB at FP8, not 13.
    assert_eq!(r(mix).weights_gb(), 47.0);
    // A large batch is compute-bound at the active count: the same step time as dense 13 B
    // once every expert is read (47 GB / 3 350 GB/s = 14 ms < 4096 × 26 GFLOP / 1 979 TFLOPS = 54 ms).
    let (a, b) = (
        r(mix).step_s(4096.0, 10.0),
        r(&dense13).step_s(4096.0, 10.0),
    );
    assert!((a - b).abs() / b < 1e-9, "{a} {b}");
    // And it serves several times a dense 47 B model of the same shape.
    let mut dense47 = dense13.clone();
    dense47.parameters_b = 47.0;
    let e_moe = estimate(mix, c, 8, Precision::Fp8, &CHAT, &NONE);
    let e_dense = estimate(&dense47, c, 8, Precision::Fp8, &CHAT, &NONE);
    assert!(
        e_moe.output_tokens_per_second_per_chip > 2.0 * e_dense.output_tokens_per_second_per_chip
    );
    assert!(e_moe.notes.iter().any(|n| n.contains("13 B active")));
}

#[test]
fn unsupported_precision_falls_back_and_says_so() {
    let h100 = chip("H100").unwrap();
    assert_eq!(compute_precision(h100, Precision::Fp4), Precision::Fp8);
    assert_eq!(
        compute_precision(chip("A100-80GB").unwrap(), Precision::Fp8),
        Precision::Bf16
    );
    assert_eq!(
        compute_precision(chip("B200").unwrap(), Precision::Fp4),
        Precision::Fp4
    );
    assert_eq!(compute_precision(h100, Precision::Int4), Precision::Bf16);
    // FP4 weights take 0.5 byte: Llama-3.1-70B is 35 GB and fits one H100.
    let e = estimate(
        model("llama-3.1-70b").unwrap(),
        h100,
        1,
        Precision::Fp4,
        &CHAT,
        &NONE,
    );
    assert!(e.fits && e.compute_precision == Precision::Fp8);
    assert!(
        e.notes[0].contains("no fp4 peak") && e.notes[0].contains("0.5 bytes"),
        "{:?}",
        e.notes
    );
}

#[test]
fn unmet_slo_reports_the_best_achievable() {
    let e = estimate(
        model("llama-3.1-405b").unwrap(),
        chip("H200").unwrap(),
        8,
        Precision::Fp8,
        &CHAT,
        &Slo {
            ttft_ms: None,
            tpot_ms: Some(1.0),
        },
    );
    assert!(e.fits && !e.slo_met && e.batch == 1);
    assert!(e.tpot_ms.unwrap() > 1.0 && e.output_tokens_per_second_per_chip > 0.0);
    let why = e.reason.unwrap();
    assert!(
        why.contains("cannot be met") && why.contains("tensor parallel 8"),
        "{why}"
    );
    assert_eq!(e.method, Method::Roofline);
    assert!(e.calibration.unwrap().calibration_error.is_some());
}

/// Deterministic pseudo-random hostile numbers (no dependency): estimates must return,
/// never panic, and give finite figures whenever they fit.
#[test]
fn hostile_numbers_never_panic() {
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
            xs[(self.next() % xs.len() as u64) as usize]
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let specials = [
        0.0,
        -1.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e-300,
        1e300,
        0.5,
        7.0,
        4096.0,
        f64::MAX,
        f64::MIN_POSITIVE,
    ];
    let ints = [0u32, 1, 2, 3, 8, 1000, u32::MAX];
    let base = model("llama-3.1-70b").unwrap().clone();
    for _ in 0..3000 {
        let (p, a, i, o, t1, t2) = (
            rng.pick(&specials),
            rng.pick(&specials),
            rng.pick(&specials),
            rng.pick(&specials),
            rng.pick(&specials),
            rng.pick(&specials),
        );
        let m = ModelArch {
            parameters_b: p,
            active_parameters_b: Some(a).filter(|a| *a > 0.0),
            layers: rng.pick(&ints),
            hidden_size: rng.pick(&ints),
            attention_heads: rng.pick(&ints),
            kv_heads: rng.pick(&ints),
            head_dim: Some(rng.pick(&ints)),
            sliding_window: Some(rng.pick(&ints)).filter(|w| *w % 2 == 0),
            ..base.clone()
        };
        let unit = rng.pick(&ints);
        let c = rng.pick(super::chips::CHIPS);
        let prec = rng.pick(&Precision::ALL);
        let slo = Slo {
            ttft_ms: Some(t1).filter(|_| rng.next() % 2 == 0),
            tpot_ms: Some(t2).filter(|_| rng.next() % 2 == 0),
        };
        for mm in [&m, &base] {
            let e = estimate(
                mm,
                &c,
                unit,
                prec,
                &Request {
                    input_tokens: i,
                    output_tokens: o,
                },
                &slo,
            );
            if e.fits {
                assert!(
                    e.output_tokens_per_second_per_chip.is_finite()
                        && e.output_tokens_per_second_per_chip > 0.0,
                    "{e:?}"
                );
                assert!(e.tpot_ms.unwrap().is_finite() && e.ttft_ms.unwrap().is_finite());
            } else {
                assert!(e.reason.is_some());
            }
        }
    }
    let mut zero = base.clone();
    zero.layers = 0;
    let e = estimate(
        &zero,
        chip("H100").unwrap(),
        8,
        Precision::Bf16,
        &CHAT,
        &NONE,
    );
    assert!(!e.fits && e.reason.unwrap().contains("layers"));
}

//! Workloads that name a `model`: throughput from the serving estimator, end to end
//! (expansion, validation, planning, verification, the plan's `throughput_sources`).

mod common;

use capmix::serving::{self, Request, Slo};
use capmix::{plan, Error, Offering, PlanOptions, Scenario, Status, Workload};
use common::{assert_verified, units};

/// One provider with an 8 × H100 unit ($80/h) and a 1 × H100 unit ($10/h); one serving
/// workload of Llama-3.1-70B at `demand` req/s.
fn llama(demand: f64) -> Scenario {
    let mut s = Scenario::builder("llama")
        .integer_units(false)
        .periods(1)
        .hours_per_period(100.0)
        .provider("p")
        .offering(Offering::on_demand("h100x8", "p", "r", "H100", 8.0, 80.0))
        .offering(Offering::on_demand("h100x1", "p", "r", "H100", 1.0, 10.0))
        .workload(Workload::serving("chat", [demand]))
        .build_unchecked();
    common::serve_llama_70b(&mut s.workloads[0], "req/s");
    s
}

/// The estimator's figures for `model` on an 8-chip unit of `chip`: `tokens` in and out per
/// request, `slo` the TTFT and TPOT targets in ms (None: no target). None when the registry
/// lacks the model or the chip.
fn estimate_8(
    model: &str,
    chip: &str,
    precision: serving::Precision,
    (input_tokens, output_tokens): (f64, f64),
    (ttft_ms, tpot_ms): (Option<f64>, Option<f64>),
) -> Option<serving::Estimate> {
    Some(serving::estimate(
        serving::model(model)?,
        serving::chip(chip)?,
        8,
        precision,
        &Request {
            input_tokens,
            output_tokens,
        },
        &Slo { ttft_ms, tpot_ms },
    ))
}

/// The estimator's requests/s per chip of the 70B model on an 8 × H100 unit (bf16).
fn h100_rate() -> f64 {
    estimate_8(
        "llama-3.1-70b",
        "H100",
        serving::Precision::Bf16,
        (1000.0, 300.0),
        (Some(2000.0), Some(100.0)),
    )
    .filter(|e| e.fits && e.slo_met)
    .map_or(f64::NAN, |e| e.requests_per_second_per_chip)
}

#[test]
fn units_that_cannot_hold_the_model_are_left_out_and_the_rest_is_estimated() {
    // 70e9 parameters × 2 bytes = 140 GB > 72 GB usable on one 80 GB H100: the 1-chip unit
    // cannot serve, however cheap. Demand 20 req/s at θ req/s per chip needs 20 / θ chips,
    // (20 / θ) / 8 units of the 8-chip offering at $80/h for 100 h.
    let p = plan(&llama(20.0), &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Optimal, "{:?}", p.notes);
    assert_verified(&p);
    let theta = h100_rate();
    let want = 20.0 / theta / 8.0 * 80.0 * 100.0;
    let got = p.total_cost.unwrap();
    assert!((got - want).abs() <= 1e-6 * want, "{got} vs {want}");
    assert_eq!(units(&p, "chat", "h100x1", 1), 0.0);
    let small = p.throughput_sources.iter().find(|s| s.chips == 1).unwrap();
    assert!(small.throughput.is_none());
    assert!(small.reason.as_deref().unwrap().contains("does not fit"));
    let big = p.throughput_sources.iter().find(|s| s.chips == 8).unwrap();
    assert_eq!(big.method, "roofline");
    assert!((big.throughput.unwrap() - theta).abs() < 1e-12);
}

#[test]
fn an_explicit_throughput_wins_over_the_estimate() {
    // Given 1 req/s per chip: 20 req/s needs 20 chips = 2.5 units of 8, 2.5 × 80 × 100 = $20,000.
    let mut s = llama(20.0);
    s.workloads[0].throughput.insert("H100".into(), 1.0);
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Optimal);
    assert!((p.total_cost.unwrap() - 20_000.0).abs() < 1e-6);
    assert!(p.throughput_sources.is_empty());
    // The 1-chip unit is usable too with a given figure: 20 units at $10 = $20,000 as well,
    // so only the total is asserted.
}

#[test]
fn a_tighter_tpot_target_costs_more() {
    let cost = |tpot: f64| {
        let mut s = llama(20.0);
        s.workloads[0].slo = Some(Slo {
            ttft_ms: Some(2000.0),
            tpot_ms: Some(tpot),
        });
        plan(&s, &PlanOptions::default())
            .unwrap()
            .total_cost
            .unwrap()
    };
    assert!(cost(30.0) > cost(100.0));
}

#[test]
fn a_model_no_unit_can_hold_is_a_validation_error_with_the_reason() {
    let mut s = llama(20.0);
    s.offerings.retain(|o| o.id == "h100x1");
    let err = capmix::validate_scenario(&s).unwrap_err().to_string();
    assert!(
        err.contains("workloads[0]") || err.contains("chat"),
        "{err}"
    );
    assert!(err.contains("does not fit"), "{err}");
}

#[test]
fn bad_serving_fields_are_named() {
    let check = |edit: &dyn Fn(&mut Scenario), field: &str| {
        let mut s = llama(20.0);
        edit(&mut s);
        match capmix::validate_scenario(&s) {
            Err(Error::Invalid(e)) => assert_eq!(e.path, field, "{e}"),
            other => panic!("{field}: {other:?}"),
        }
    };
    check(
        &|s| s.workloads[0].model = Some("gpt-17".into()),
        "workloads[0].model",
    );
    check(&|s| s.workloads[0].request = None, "workloads[0].request");
    check(
        &|s| s.workloads[0].unit = Some("GPU-h".into()),
        "workloads[0].unit",
    );
    check(
        &|s| {
            s.workloads[0].request = Some(Request {
                input_tokens: f64::NAN,
                output_tokens: 1.0,
            })
        },
        "workloads[0].request.input_tokens",
    );
    check(
        &|s| {
            s.workloads[0].slo = Some(Slo {
                ttft_ms: Some(-1.0),
                tpot_ms: None,
            })
        },
        "workloads[0].slo.ttft_ms",
    );
}

#[test]
fn the_serving_fields_round_trip_through_toml() {
    let text = r#"
name = "t"
[horizon]
periods = 1
[[providers]]
id = "p"
[[offerings]]
id = "o"
provider = "p"
region = "r"
accelerator = "H100"
chips = 8
purchase = "on_demand"
price_per_hour = 80.0
[[workloads]]
id = "chat"
model = "llama-3.1-8b"
precision = "fp8"
request = { input_tokens = 500, output_tokens = 200 }
slo = { tpot_ms = 50 }
unit = "tok/s"
demand = [10000]
"#;
    let s = Scenario::from_toml_str(text).unwrap();
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert!(p.has_solution(), "{:?}", p.notes);
    assert_verified(&p);
    assert_eq!(p.throughput_sources.len(), 1);
    let back = Scenario::from_toml_str(&s.to_toml_string().unwrap()).unwrap();
    assert_eq!(back, s);
}

// The served-model example has 216 integer columns, more than microlp's exact search takes
// (200): its plan is the rounded relaxation, and the plan says why and what searches it.
#[test]
fn a_program_too_large_for_microlps_search_says_so() {
    let s = common::example("served-model.toml");
    let o = PlanOptions {
        solver: capmix::SolverKind::Microlp,
        ..PlanOptions::default()
    };
    let p = plan(&s, &o).unwrap();
    assert_verified(&p);
    assert_eq!(p.method, "lp_rounding");
    let note = p
        .notes
        .iter()
        .find(|n| n.contains("branch and bound is not tried"))
        .unwrap_or_else(|| panic!("{:?}", p.notes));
    assert!(
        note.contains("216 integer variables (more than 200)"),
        "{note}"
    );
    assert!(note.contains("--features highs"), "{note}");
}

// The flagship (examples/scenarios/chatgpt-2025.toml) names its chat model: the chips MLPerf
// measured keep their given figures, A100-80GB (no MLPerf Llama-2-70B result) takes the
// estimator's, and the one-chip TPU offerings, which cannot hold 70 GB of FP8 weights, are
// unusable with the reason and serve nothing. An A100 figure in Mtok per chip-hour is the
// estimate's output tokens/s per chip × 3600 / 1e6.
#[test]
fn the_flagship_estimates_what_mlperf_did_not_measure() {
    let mut s = common::example("chatgpt-2025.toml");
    s.policy.integer_units = false;
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Optimal, "{:?}", p.notes);
    assert_verified(&p);
    let chat: Vec<_> = p
        .throughput_sources
        .iter()
        .filter(|t| t.workload == "chat")
        .collect();
    let given = ["H100", "H200", "B200", "MI300X"];
    assert!(
        chat.iter()
            .all(|t| !given.contains(&t.accelerator.as_str())),
        "{chat:?}"
    );
    let a100 = chat.iter().find(|t| t.accelerator == "A100-80GB").unwrap();
    let e = estimate_8(
        "llama-2-70b",
        "A100-80GB",
        serving::Precision::Fp8,
        (400.0, 294.0),
        (Some(2000.0), Some(200.0)),
    )
    .expect("llama-2-70b and A100-80GB are in the registry");
    assert!(e.fits && e.slo_met, "{e:?}");
    let want = e.output_tokens_per_second_per_chip * 3600.0 / 1e6;
    assert!(
        (a100.throughput.unwrap() - want).abs() <= 1e-9 * want,
        "{a100:?} vs {want}"
    );
    for tpu in ["TPU-v6e", "TPU-v5e"] {
        let t = chat.iter().find(|t| t.accelerator == tpu).unwrap();
        assert!(t.throughput.is_none() && t.chips == 1, "{t:?}");
        assert!(
            t.reason.as_deref().unwrap().contains("does not fit"),
            "{t:?}"
        );
        assert!(
            p.allocations.iter().all(|a| !a.offering.contains("tpu")),
            "a TPU offering serves"
        );
    }
}

// A batch workload may name its model too: its total is an amount (`Mtok`), its throughput
// that amount per chip-hour. Without targets the estimate is the offline one (the largest
// batch memory allows). 10 Mtok at θ Mtok per chip-hour need 10 / θ chip-hours = 10 / θ / 8
// unit-hours of the 8-chip offering at $80/h; the 1-chip unit cannot hold the model.
#[test]
fn a_batch_total_is_estimated_from_its_model() {
    let mut s = llama(20.0);
    s.workloads[0] = Workload::batch("synth", 10.0, 1, 1);
    common::serve_llama_70b(&mut s.workloads[0], "Mtok");
    s.workloads[0].slo = None;
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Optimal, "{:?}", p.notes);
    assert_verified(&p);
    let e = estimate_8(
        "llama-3.1-70b",
        "H100",
        serving::Precision::Bf16,
        (1000.0, 300.0),
        (None, None),
    )
    .expect("llama-3.1-70b and H100 are in the registry");
    let theta = e.output_tokens_per_second_per_chip * 3600.0 / 1e6;
    let want = 10.0 / theta / 8.0 * 80.0;
    let got = p.total_cost.unwrap();
    assert!((got - want).abs() <= 1e-6 * want, "{got} vs {want}");
    let big = p.throughput_sources.iter().find(|t| t.chips == 8).unwrap();
    assert!((big.throughput.unwrap() - theta).abs() <= 1e-12 * theta);
    assert!(p
        .throughput_sources
        .iter()
        .any(|t| t.chips == 1 && t.throughput.is_none()));

    // A rate unit names a serving workload's demand, not a batch total.
    s.workloads[0].unit = Some("Mtok/h".into());
    let e = plan(&s, &PlanOptions::default()).unwrap_err();
    assert!(
        e.to_string().contains("workloads[0].unit") && e.to_string().contains("req, tok, Mtok"),
        "{e}"
    );
}

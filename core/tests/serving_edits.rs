//! Edits of a served model's inputs (request shape, latency targets, model, precision):
//! the throughputs are estimated again, in a session, in `apply_edits` and in sweeps, and an
//! explicit `throughput` entry still wins.
// Test helpers outside #[test] functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use capmix::explain::apply_edits;
use capmix::serving::{estimate_query, EstimateQuery, Request, Slo};
use capmix::{expand, sweep, EditValue, Error, Offering, PlanOptions, Scenario, Session, Workload};
use common::assert_verified;

/// 8 × H100 at $80/h and 8 × H200 at $100/h for 730 h; chat of Llama-3.1-70B at 10,000
/// tok/s (1,000 in / 300 out, TTFT 2 s, TPOT 100 ms); fluid units, so the cost is the chips
/// needed at the cheapest rate per token and follows every throughput exactly.
fn chat() -> Scenario {
    let mut s = Scenario::builder("serving edits")
        .integer_units(false)
        .periods(1)
        .hours_per_period(730.0)
        .provider("p")
        .offering(Offering::on_demand("h100x8", "p", "r", "H100", 8.0, 80.0))
        .offering(Offering::on_demand("h200x8", "p", "r", "H200", 8.0, 100.0))
        .workload(Workload::serving("chat", [10_000.0]))
        .build_unchecked();
    let w = &mut s.workloads[0];
    w.model = Some("llama-3.1-70b".into());
    w.unit = Some("tok/s".into());
    w.request = Some(Request {
        input_tokens: 1000.0,
        output_tokens: 300.0,
    });
    w.slo = Some(Slo {
        ttft_ms: Some(2000.0),
        tpot_ms: Some(100.0),
    });
    s
}

/// What the estimator says one H100 chip of an 8-chip unit generates, tok/s.
fn h100_rate(model: &str, precision: Option<&str>, tpot: f64) -> f64 {
    let rows = estimate_query(&EstimateQuery {
        model: model.into(),
        accelerator: Some("H100".into()),
        chips: Some(8),
        precision: precision.map(String::from),
        input_tokens: 1000.0,
        output_tokens: 300.0,
        ttft_ms: Some(2000.0),
        tpot_ms: Some(tpot),
    })
    .unwrap();
    assert!(rows[0].estimate.slo_met, "{rows:?}");
    rows[0].estimate.output_tokens_per_second_per_chip
}

fn h100_source(plan: &capmix::Plan) -> f64 {
    plan.throughput_sources
        .iter()
        .find(|s| s.accelerator == "H100")
        .and_then(|s| s.throughput)
        .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn expanding_twice_is_expanding_once() {
    let once = expand(&chat()).unwrap();
    let twice = expand(once.scenario()).unwrap();
    assert_eq!(once.scenario(), twice.scenario());
    assert_eq!(once.throughput_sources(), twice.throughput_sources());
    assert_eq!(once.throughput_sources().len(), 2);
}

// The session applies the edits to the expanded scenario; its plan's sources and rates are
// those of the estimator at the edited inputs (H100 at TPOT 100, then 40 ms), and a tighter
// target never costs less.
#[test]
fn a_session_estimates_again_after_an_edit_of_the_slo() {
    let mut s = Session::new(&chat(), PlanOptions::default()).unwrap();
    let loose = s.plan().unwrap().clone();
    assert_verified(&loose);
    assert!(close(
        h100_source(&loose),
        h100_rate("llama-3.1-70b", None, 100.0)
    ));
    s.set_edits(vec![("workloads.chat.tpot_ms".to_string(), 40.0)])
        .unwrap();
    let tight = s.plan().unwrap().clone();
    assert_verified(&tight);
    let at40 = h100_rate("llama-3.1-70b", None, 40.0);
    assert!(
        close(h100_source(&tight), at40),
        "{:?}",
        tight.throughput_sources
    );
    assert!(at40 < h100_rate("llama-3.1-70b", None, 100.0));
    let source = &tight.throughput_sources[0];
    assert!(source.tpot_ms.unwrap() <= 40.0, "{source:?}");
    assert!(tight.total_cost.unwrap() > loose.total_cost.unwrap());
    // Back to no edits: the first plan's figures.
    s.set_edits(Vec::<(String, f64)>::new()).unwrap();
    assert!(close(h100_source(s.plan().unwrap()), h100_source(&loose)));
}

// A smaller model and a lower precision are names: each serves the tokens with fewer chips.
#[test]
fn the_model_and_its_precision_are_edits() {
    let base = Session::new(&chat(), PlanOptions::default())
        .unwrap()
        .plan()
        .unwrap()
        .total_cost
        .unwrap();
    let mut s = Session::new(&chat(), PlanOptions::default()).unwrap();
    s.set_edits(vec![(
        "workloads.chat.model".to_string(),
        EditValue::from("llama-3.1-8b"),
    )])
    .unwrap();
    let small = s.plan().unwrap().clone();
    assert_verified(&small);
    assert!(close(
        h100_source(&small),
        h100_rate("llama-3.1-8b", None, 100.0)
    ));
    assert!(small.total_cost.unwrap() < base);
    s.set_edits(vec![(
        "workloads.*.precision".to_string(),
        EditValue::from("fp8"),
    )])
    .unwrap();
    let fp8 = s.plan().unwrap().clone();
    assert!(close(
        h100_source(&fp8),
        h100_rate("llama-3.1-70b", Some("fp8"), 100.0)
    ));
    assert!(fp8.total_cost.unwrap() < base);
}

#[test]
fn bad_names_and_values_name_the_field() {
    let s = chat();
    let e = apply_edits(
        &s,
        &[("workloads.chat.model".into(), EditValue::from("gpt-17"))],
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.path == "workloads[0].model" && v.reason.contains("unknown model `gpt-17`")),
        "{e:?}"
    );
    let e = apply_edits(
        &s,
        &[("workloads.chat.precision".into(), EditValue::from("fp3"))],
    )
    .unwrap_err();
    assert!(e.to_string().contains("unknown precision `fp3`"), "{e}");
    let e = apply_edits(&s, &[("workloads.chat.input_tokens".into(), 0.0.into())]).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(v) if v.path == "workloads[0].request.input_tokens"),
        "{e:?}"
    );
    let e = apply_edits(&s, &[("workloads.chat.tpot_ms".into(), (-1.0).into())]).unwrap_err();
    assert!(e.to_string().contains("latency target must be >= 0"), "{e}");
    // A name for a numeric parameter, a number for a name.
    let e = apply_edits(
        &s,
        &[("policy.outage_coverage".into(), EditValue::from("high"))],
    )
    .unwrap_err();
    assert!(e.to_string().contains("a name is the value only of"), "{e}");
    let e = apply_edits(&s, &[("workloads.chat.model".into(), 3.0.into())]).unwrap_err();
    assert!(e.to_string().contains("not a sweepable field"), "{e}");
}

// `H200 = 9000` is given: it stays through an edit that re-estimates the H100.
#[test]
fn an_explicit_entry_still_wins() {
    let mut s = chat();
    s.workloads[0].throughput.insert("H200".into(), 9000.0);
    let e = expand(&s).unwrap();
    let edited = apply_edits(
        e.scenario(),
        &[("workloads.chat.tpot_ms".into(), 40.0.into())],
    )
    .unwrap();
    let w = &edited.workloads[0];
    assert_eq!(w.throughput["H200"], 9000.0);
    assert!(close(
        w.throughput["H100"],
        h100_rate("llama-3.1-70b", None, 40.0)
    ));
    assert!(w.estimated.iter().all(|src| src.accelerator == "H100"));
}

// A sweep of the TPOT target: every row's cost is what a fresh plan at that target costs,
// and the cost never falls as the target tightens.
#[test]
fn a_sweep_of_the_latency_target() {
    let targets = [200.0, 100.0, 60.0, 40.0];
    let sw = sweep(
        &chat(),
        "workloads.chat.tpot_ms",
        &targets,
        &PlanOptions::default(),
    )
    .unwrap();
    let costs: Vec<f64> = sw.rows.iter().map(|r| r.total_cost.unwrap()).collect();
    for (i, &t) in targets.iter().enumerate() {
        let mut s = chat();
        s.workloads[0].slo.as_mut().unwrap().tpot_ms = Some(t);
        let fresh = capmix::plan(&s, &PlanOptions::default()).unwrap();
        assert!(close(costs[i], fresh.total_cost.unwrap()), "{t}: {costs:?}");
    }
    assert!(
        costs.windows(2).all(|c| c[1] >= c[0] * (1.0 - 1e-9)),
        "{costs:?}"
    );
    assert!(costs[3] > costs[0], "{costs:?}");
}

// A workload without a model has no serving inputs: `*` leaves it as it is.
#[test]
fn workloads_without_a_model_are_left_alone() {
    let mut s = chat();
    let mut plain = Workload::serving("batchy", [5.0]);
    plain.throughput.insert("H100".into(), 1.0);
    s.workloads.push(plain.clone());
    let e = expand(&s).unwrap();
    let edited = apply_edits(
        e.scenario(),
        &[
            ("workloads.*.tpot_ms".into(), 50.0.into()),
            ("workloads.*.model".into(), EditValue::from("llama-3.1-8b")),
        ],
    )
    .unwrap();
    assert_eq!(edited.workloads[1], plain);
    assert_eq!(edited.workloads[0].model.as_deref(), Some("llama-3.1-8b"));
}

//! Edits of a served model's inputs (request shape, latency targets, model, precision):
//! the throughputs are estimated again, in a session, in `apply_edits` and in sweeps, and an
//! explicit `throughput` entry still wins.
// Test helpers outside #[test] functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use capmix::explain::apply_edits;
use capmix::serving::{estimate_query, EstimateQuery};
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
    common::serve_llama_70b(&mut s.workloads[0], "tok/s");
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

// A workload without a model has no serving inputs: `*` leaves it as it is, naming it is an
// error.
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
    // Naming it is refused (an edit that changes nothing would read as a result).
    for path in ["workloads.batchy.tpot_ms", "workloads.batchy.output_tokens"] {
        let e = apply_edits(e.scenario(), &[(path.into(), 50.0.into())]).unwrap_err();
        assert!(
            matches!(&e, Error::InvalidOption { name, reason } if name == path
                && reason.contains("workload `batchy` has no `model`")),
            "{e:?}"
        );
    }
    let e = apply_edits(
        e.scenario(),
        &[(
            "workloads.batchy.model".into(),
            EditValue::from("llama-3.1-8b"),
        )],
    )
    .unwrap_err();
    assert!(e.to_string().contains("has no `model`"), "{e}");
    // `*` with no served workload at all is refused too.
    let mut unserved = s.clone();
    unserved.workloads.remove(0);
    let e = apply_edits(&unserved, &[("workloads.*.ttft_ms".into(), 500.0.into())]).unwrap_err();
    assert!(e.to_string().contains("no workload has a `model`"), "{e}");
}

// Two spellings of one chip: `H100-SXM` units of 8 chips hold Llama-3.1-70B, `H100` units of
// one chip do not. The alias convenience copies the 8-chip figure to `H100`; expanding again
// or editing must not read that copy as given (it would make the one-chip units usable at
// the 8-chip rate and stop the estimate of the 8-chip ones).
#[test]
fn a_figure_copied_to_another_spelling_is_estimated_again() {
    let mut s = chat();
    s.offerings = vec![
        Offering::on_demand("sxm8", "p", "r", "H100-SXM", 8.0, 80.0),
        Offering::on_demand("one", "p", "r", "H100", 1.0, 1.0),
    ];
    let once = expand(&s).unwrap();
    let twice = expand(once.scenario()).unwrap();
    assert_eq!(once.scenario(), twice.scenario());
    let edited = apply_edits(
        once.scenario(),
        &[("workloads.chat.tpot_ms".into(), 40.0.into())],
    )
    .unwrap();
    let w = &edited.workloads[0];
    assert!(w.unfit.contains_key("one"), "{:?}", w.unfit);
    let sxm = w
        .estimated
        .iter()
        .find(|x| x.accelerator == "H100-SXM")
        .unwrap();
    assert!(
        sxm.throughput.is_some() && sxm.tpot_ms.unwrap() <= 40.0,
        "{sxm:?}"
    );
    // The edited plan is the plan of the edited file.
    let mut fresh = s.clone();
    fresh.workloads[0].slo.as_mut().unwrap().tpot_ms = Some(40.0);
    let mut session = Session::new(&s, PlanOptions::default()).unwrap();
    session
        .set_edits(vec![("workloads.chat.tpot_ms".to_string(), 40.0)])
        .unwrap();
    let a = session.plan().unwrap().total_cost.unwrap();
    let b = capmix::plan(&fresh, &PlanOptions::default())
        .unwrap()
        .total_cost
        .unwrap();
    assert!(close(a, b), "{a} vs {b}");
}

// `geo = ["EU"]` with Llama-3.1-70B: the one-chip L4 in europe-west1 cannot hold it, the
// 8 × H100 in europe-west4 can. After the model is edited to Llama-3.1-8B the cheap L4 can
// serve, and its region must still be allowed: the edited plan costs what a fresh plan of
// the 8B file costs.
#[test]
fn geo_regions_do_not_depend_on_the_model() {
    let mut s = chat();
    s.offerings = vec![
        Offering::on_demand("h100-eu", "p", "europe-west4", "H100", 8.0, 100.0),
        Offering::on_demand("l4-eu", "p", "europe-west1", "L4", 1.0, 0.3),
    ];
    s.workloads[0].geo = Some(vec!["EU".into()]);
    let mut session = Session::new(&s, PlanOptions::default()).unwrap();
    session
        .set_edits(vec![(
            "workloads.chat.model".to_string(),
            EditValue::from("llama-3.1-8b"),
        )])
        .unwrap();
    let edited = session.plan().unwrap().clone();
    let mut fresh = s.clone();
    fresh.workloads[0].model = Some("llama-3.1-8b".into());
    let want = capmix::plan(&fresh, &PlanOptions::default()).unwrap();
    assert!(
        close(edited.total_cost.unwrap(), want.total_cost.unwrap()),
        "{:?} vs {:?}",
        edited.total_cost,
        want.total_cost
    );
    assert!(edited.allocations.iter().any(|a| a.offering == "l4-eu"));
}

// `apply_param` returns a scenario as a file states it: the estimated figures are left out,
// so planning it lists them as estimates again.
#[test]
fn apply_param_leaves_the_estimates_out() {
    let s = capmix::apply_param(&chat(), "workloads.chat.tpot_ms", 40.0).unwrap();
    assert!(
        s.workloads[0].throughput.is_empty(),
        "{:?}",
        s.workloads[0].throughput
    );
    assert_eq!(s.workloads[0].slo.unwrap().tpot_ms, Some(40.0));
    let p = capmix::plan(&s, &PlanOptions::default()).unwrap();
    assert!(close(
        h100_source(&p),
        h100_rate("llama-3.1-70b", None, 40.0)
    ));
}

// Switching an accelerator off is no serving edit: its figure goes from the sources too.
#[test]
fn switched_off_accelerators_leave_the_sources() {
    let mut s = Session::new(&chat(), PlanOptions::default()).unwrap();
    s.set_edits(vec![("accelerators.H200.enabled".to_string(), 0.0)])
        .unwrap();
    let p = s.plan().unwrap();
    let accs: Vec<&str> = p
        .throughput_sources
        .iter()
        .map(|x| x.accelerator.as_str())
        .collect();
    assert_eq!(accs, ["H100"]);
}

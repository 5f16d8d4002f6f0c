//! Measured serving profiles beat estimates: `measurements` inline, and `profiles` CSV files
//! included like catalogs (read inside the sandbox), for workloads that name a `model`.
// Test helpers outside #[test] functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use capmix::serving::Measurement;
use capmix::{plan, Error, Offering, PlanOptions, Scenario, Workload};
use common::{assert_cost, assert_verified};

/// Llama-3.1-70B measured on 8 × H100 (TP 4, two replicas) at the workload's own request
/// shape: 8,000 generated tokens/s for the unit, 1,000 per chip, TTFT 500 ms, TPOT `tpot` ms.
fn measured(tpot: f64) -> Measurement {
    Measurement {
        model: "Llama-3.1-70B".into(),
        accelerator: "H100".into(),
        chips: 8,
        tensor_parallel: 4,
        input_tokens: 1000.0,
        output_tokens: 300.0,
        ttft_ms: 500.0,
        tpot_ms: tpot,
        tokens_per_second: 8000.0,
        source: None,
    }
}

/// One 8 × H100 offering at $80/h for 730 h; chat of Llama-3.1-70B at 10,000 tok/s with
/// 2 s TTFT and 100 ms TPOT; fluid units.
fn chat() -> Scenario {
    let mut s = Scenario::builder("profiles")
        .integer_units(false)
        .periods(1)
        .hours_per_period(730.0)
        .provider("p")
        .offering(Offering::on_demand("h100x8", "p", "r", "H100", 8.0, 80.0))
        .workload(Workload::serving("chat", [10_000.0]))
        .build_unchecked();
    common::serve_llama_70b(&mut s.workloads[0], "tok/s");
    s
}

// The measurement meets the SLO (TPOT 50 ≤ 100 ms) at the request's exact shape, so it is
// used as is: 1,000 tok/s per chip. 10,000 tok/s need 10 chips = 1.25 units of 8,
// 1.25 × $80 × 730 h = $73,000.
#[test]
fn a_measurement_beats_the_estimate() {
    let mut s = chat();
    s.measurements.push(measured(50.0));
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_verified(&p);
    assert_cost(&p, 73_000.0);
    let src = &p.throughput_sources[0];
    assert_eq!(src.method, "profile");
    assert_eq!(src.throughput, Some(1000.0));
    assert_eq!((src.chips, src.tensor_parallel), (8, 4));
    let note = src.note.as_deref().unwrap_or("");
    assert!(note.contains("measurements[0] (100%)"), "{note}");
}

// A measurement that misses the TPOT target (150 > 100 ms) is not used: the estimate is.
#[test]
fn a_measurement_that_misses_the_slo_leaves_the_estimate() {
    let mut s = chat();
    s.measurements.push(measured(150.0));
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.throughput_sources[0].method, "roofline");
    assert!(p.throughput_sources[0].note.is_none());
}

// An explicit throughput (500 tok/s per chip) wins over the measurement: 20 chips = 2.5
// units, 2.5 × 80 × 730 = $146,000; no source is listed for H100.
#[test]
fn an_explicit_throughput_beats_the_measurement() {
    let mut s = chat();
    s.measurements.push(measured(50.0));
    s.workloads[0].throughput.insert("H100".into(), 500.0);
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_cost(&p, 146_000.0);
    assert!(p.throughput_sources.is_empty());
}

#[test]
fn a_broken_measurement_names_its_field() {
    let mut s = chat();
    let mut m = measured(50.0);
    m.tokens_per_second = 0.0;
    s.measurements.push(m);
    match plan(&s, &PlanOptions::default()) {
        Err(Error::Invalid(e)) => assert_eq!(e.path, "measurements[0].tokens_per_second"),
        other => panic!("{other:?}"),
    }
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("capmix-profiles-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const TOML: &str = r#"
name = "profiles from a file"
[horizon]
periods = 1
hours_per_period = 730
[[providers]]
id = "p"
[[offerings]]
id = "h100x8"
provider = "p"
region = "r"
accelerator = "H100"
chips = 8
purchase = "on_demand"
price_per_hour = 80
[[workloads]]
id = "chat"
model = "llama-3.1-70b"
unit = "tok/s"
request = { input_tokens = 1000, output_tokens = 300 }
slo = { ttft_ms = 2000, tpot_ms = 100 }
demand = [10000]
[policy]
integer_units = false
"#;

// The same measurement as a profile row (line 2 of h100.csv): the same plan, $73,000, and
// the source names the file and line.
#[test]
fn a_profile_file_is_read_like_a_catalog() {
    let dir = scratch("file");
    std::fs::write(
        dir.join("h100.csv"),
        "model,accelerator,chips,tensor_parallel,input_tokens,output_tokens,ttft_ms,tpot_ms,tokens_per_second\n\
         Llama-3.1-70B,H100,8,4,1000,300,500,50,8000\n",
    )
    .unwrap();
    let file = dir.join("scenario.toml");
    std::fs::write(&file, format!("profiles = [\"h100.csv\"]\n{TOML}")).unwrap();
    let s = Scenario::from_path(&file).unwrap();
    assert!(s.profiles.is_empty(), "resolved into measurements");
    assert_eq!(s.measurements[0].source.as_deref(), Some("h100.csv:2"));
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_cost(&p, 73_000.0);
    let note = p.throughput_sources[0].note.as_deref().unwrap_or("");
    assert!(note.contains("h100.csv:2 (100%)"), "{note}");
}

#[test]
fn profile_includes_obey_the_sandbox_and_name_the_field() {
    let dir = scratch("hostile");
    let secret = dir
        .parent()
        .unwrap()
        .join(format!("capmix-secret-{}.csv", std::process::id()));
    std::fs::write(&secret, "top-secret-first-line\n").unwrap();
    let file = dir.join("scenario.toml");
    let include = format!("../{}", secret.file_name().unwrap().to_string_lossy());
    std::fs::write(&file, format!("profiles = [\"{include}\"]\n{TOML}")).unwrap();
    match Scenario::from_path(&file) {
        Err(Error::Invalid(e)) => {
            assert_eq!(e.path, "profiles[0]");
            assert!(!e.to_string().contains("top-secret"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    // A bad row is reported with its file, line and column.
    std::fs::write(
        dir.join("bad.csv"),
        "model,accelerator,chips,tensor_parallel,input_tokens,output_tokens,ttft_ms,tpot_ms,tokens_per_second\n\
         Llama-3.1-70B,H100,8,16,1000,300,500,50,8000\n",
    )
    .unwrap();
    std::fs::write(&file, format!("profiles = [\"bad.csv\"]\n{TOML}")).unwrap();
    match Scenario::from_path(&file) {
        Err(Error::Invalid(e)) => {
            assert_eq!(e.path, "profiles[0]");
            assert!(e.to_string().contains("bad.csv:2"), "{e}");
            assert!(e.to_string().contains("tensor_parallel"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    // Parsed from a string, the include is not read: planning says so.
    let s = Scenario::from_toml_str(&format!("profiles = [\"h100.csv\"]\n{TOML}")).unwrap();
    match plan(&s, &PlanOptions::default()) {
        Err(Error::Invalid(e)) => assert_eq!(e.path, "profiles"),
        other => panic!("{other:?}"),
    }
    let _ = std::fs::remove_file(secret);
}

// An accelerator the serving registry does not know is served by its measurement: the same
// 1,000 tok/s per chip, the same $73,000.
#[test]
fn a_measurement_serves_an_accelerator_without_a_spec() {
    let mut s = chat();
    s.offerings[0].accelerator = "XPU-9".into();
    let mut m = measured(50.0);
    m.accelerator = "XPU-9".into();
    s.measurements.push(m);
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_cost(&p, 73_000.0);
    assert_eq!(p.throughput_sources[0].method, "profile");
    // Without it the unit has no figure: no offering can serve, and validation says why.
    let mut s = chat();
    s.offerings[0].accelerator = "XPU-9".into();
    match plan(&s, &PlanOptions::default()) {
        Err(Error::Invalid(e)) => {
            assert_eq!(e.path, "workloads[0]");
            assert!(
                e.reason.contains("no serving spec for accelerator `XPU-9`"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
}

// A model the registry lacks (`acme-chat-40b`), measured on 8 × H100 at the request's shape:
// the measurement serves it (1,000 tok/s per chip, $73,000 as in the first test), and the H200
// offering, which has no measurement, is unusable with the reason, since there is nothing to
// estimate from. Without any measurement of it the model is unknown.
#[test]
fn a_model_known_only_by_its_measurements() {
    let mut s = chat();
    s.offerings
        .push(Offering::on_demand("h200x8", "p", "r", "H200", 8.0, 1.0));
    s.workloads[0].model = Some("acme-chat-40b".into());
    let mut m = measured(50.0);
    m.model = "acme-chat-40b".into();
    s.measurements.push(m);
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_verified(&p);
    assert_cost(&p, 73_000.0);
    let h200 = p
        .throughput_sources
        .iter()
        .find(|x| x.accelerator == "H200")
        .unwrap();
    assert_eq!(h200.throughput, None);
    let why = h200.reason.as_deref().unwrap_or("");
    assert!(why.contains("not in the registry or [[models]]"), "{why}");
    s.measurements.clear();
    match plan(&s, &PlanOptions::default()) {
        Err(Error::Invalid(e)) => {
            assert_eq!(e.path, "workloads[0].model");
            assert!(
                e.reason.contains("unknown model `acme-chat-40b`"),
                "{}",
                e.reason
            );
        }
        other => panic!("{other:?}"),
    }
}

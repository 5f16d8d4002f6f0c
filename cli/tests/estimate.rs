//! `capmix estimate` and serving workloads on the command line (issue 15).
#![expect(clippy::unwrap_used, reason = "test helpers unwrap, as tests do")]

use std::process::Command;

/// Runs the binary; returns (exit code, stdout, stderr).
fn capmix(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_capmix"))
        .args(args)
        .env_remove("COLUMNS") // tables wrap to COLUMNS; these read the unwrapped layout
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const QUESTION: [&str; 10] = [
    "estimate",
    "--model",
    "llama-3.1-70b",
    "--input-tokens",
    "1000",
    "--output-tokens",
    "300",
    "--ttft-ms",
    "2000",
    "--tpot-ms",
];

#[test]
fn a_table_over_every_accelerator() {
    let mut args = QUESTION.to_vec();
    args.push("100");
    let (code, out, err) = capmix(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("llama-3.1-70b at bf16"), "{out}");
    for chip in ["H100", "B200", "MI300X", "TPU-v6e"] {
        assert!(
            out.lines().any(|l| l.trim_start().starts_with(chip)),
            "{chip}\n{out}"
        );
    }
    // 140 GB of bf16 weights do not fit 8 × 16 GB of TPU v5e.
    let v5e = out
        .lines()
        .find(|l| l.trim_start().starts_with("TPU-v5e "))
        .unwrap();
    assert!(v5e.contains("does not fit"), "{v5e}");
}

#[test]
fn json_rows_for_one_accelerator() {
    let mut args = QUESTION.to_vec();
    args.extend([
        "100",
        "--accelerator",
        "H100",
        "--precision",
        "fp8",
        "--format",
        "json",
    ]);
    let (code, out, err) = capmix(&args);
    assert_eq!(code, 0, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let row = &rows[0];
    assert_eq!(row["accelerator"], "H100");
    assert_eq!(row["fits"], true);
    assert_eq!(row["slo_met"], true);
    assert_eq!(row["method"], "roofline");
    assert!(row["tpot_ms"].as_f64().unwrap() <= 100.0);
    assert!(row["requests_per_second_per_chip"].as_f64().unwrap() > 0.0);
}

#[test]
fn a_target_no_chip_meets_exits_2_with_the_best_each_can_do() {
    let mut args = QUESTION.to_vec();
    args.extend(["1", "--accelerator", "H100"]);
    let (code, out, _) = capmix(&args);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("x "), "{out}");
}

#[test]
fn bad_input_names_the_field() {
    let (code, _, err) = capmix(&[
        "estimate",
        "--model",
        "nope-13b",
        "--input-tokens",
        "1",
        "--output-tokens",
        "1",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("model: unknown model `nope-13b`"), "{err}");
    let mut args = QUESTION.to_vec();
    args.extend(["0"]);
    let (code, _, err) = capmix(&args);
    assert_eq!(code, 1);
    assert!(err.contains("slo.tpot_ms"), "{err}");
}

#[test]
fn the_calibration_table_reports_the_error_per_accelerator() {
    let (code, out, err) = capmix(&["estimate", "--calibration"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("mean |error| per accelerator"), "{out}");
    assert!(
        out.lines().any(|l| l.trim_start().starts_with("H100 ")),
        "{out}"
    );
}

#[test]
fn the_serving_example_plans_with_its_throughput_from_the_model() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/scenarios/llama-70b-chat.toml"
    );
    // The estimate is the same whatever solves the plan: microlp's rounded plan takes under a
    // second, where HiGHS proves the whole-unit optimum in about 40 s.
    let (code, out, err) = capmix(&["plan", path, "--solver", "microlp"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Throughput from the model"), "{out}");
    assert!(
        out.contains("does not fit one unit of 1 × TPU-v6e"),
        "{out}"
    );
    assert!(out.contains("verified"), "{out}");
}

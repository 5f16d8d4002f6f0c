//! `capmix explain`, `capmix sweep` and the diagnosis of `capmix plan`, run as a user would.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

const SMALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/explain-small.toml"
);
const INFEASIBLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/infeasible-cap.toml"
);

/// Runs the binary with `--solver microlp` (the snapshots are of one engine's output in every
/// build: with `auto`, a HiGHS build picks HiGHS, whose duals of degenerate programs are
/// equally valid but different); returns (exit code, stdout, stderr).
fn capmix(args: &[&str]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_capmix"));
    // Tables wrap to COLUMNS when it is set; the snapshots are of the unwrapped layout.
    cmd.args(args).env_remove("COLUMNS");
    if matches!(args.first(), Some(&("plan" | "explain" | "sweep"))) && !args.contains(&"--solver")
    {
        cmd.args(["--solver", "microlp"]);
    }
    let out = cmd.output().expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Whole units (the default): the price of whole units among the policies, and marginal
/// values with the units fixed.
#[test]
fn explain_table() {
    let (code, out, err) = capmix(&["explain", SMALL, "--quiet"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

/// Fluid units: the LP's own marginal values (quota, share and spot caps, demand).
#[test]
fn explain_table_fluid() {
    let (code, out, err) = capmix(&["explain", SMALL, "--fluid", "--quiet"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("one more unit of quota on a-od saves $100"),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn explain_json_is_the_explanation_document() {
    let (code, out, _) = capmix(&["explain", SMALL, "--format", "json", "-q"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "optimal");
    assert!(v["headline"].as_array().is_some_and(|h| !h.is_empty()));
    assert_eq!(v["policies"][0]["family"], "provider_share");
}

#[test]
fn sweep_table_and_csv() {
    let (code, out, err) = capmix(&[
        "sweep",
        SMALL,
        "--param",
        "policy.outage_coverage",
        "--values",
        "0:0.6:0.2",
        "-q",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
    let (code, csv, _) = capmix(&[
        "sweep",
        SMALL,
        "--param",
        "workloads.chat.demand_scale",
        "--values",
        "1,2",
        "--format",
        "csv",
        "-q",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = csv.lines().collect();
    // Provider c carries no cost at these values, so it has no column.
    assert_eq!(
        lines[0],
        "value,status,total_cost,objective,outage_coverage,pareto,inferred,commitment_units,worst_case_cost,cost_a,cost_b"
    );
    assert_eq!(lines.len(), 3);
}

#[test]
fn sweep_errors_exit_1_with_the_reason() {
    let (code, _, err) = capmix(&[
        "sweep",
        SMALL,
        "--param",
        "policy.nope",
        "--values",
        "1",
        "-q",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("policy.nope") && err.contains("valid forms"),
        "{err}"
    );
    let (code, _, err) = capmix(&[
        "sweep",
        SMALL,
        "--param",
        "policy.outage_coverage",
        "--values",
        "0,1.5",
        "-q",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("policy.outage_coverage: must be a share in [0, 1] (got 1.5)"),
        "{err}"
    );
    let (code, _, err) = capmix(&[
        "sweep",
        SMALL,
        "--param",
        "policy.outage_coverage",
        "--values",
        "1:0:0.5",
        "-q",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("values"), "{err}");
}

#[test]
fn plan_prints_the_diagnosis_of_an_infeasible_scenario() {
    let (code, out, _) = capmix(&["plan", INFEASIBLE, "-q"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(out);
    let (code, json, _) = capmix(&["plan", INFEASIBLE, "--format", "json", "-q"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["diagnosis"]["unserved"][0]["missing"]
            .as_f64()
            .map(|m| (m - 3.0).abs() < 1e-6),
        Some(true)
    );
    assert_eq!(v["schema_version"], 1);
    let (code, _, err) = capmix(&["plan", INFEASIBLE, "--format", "csv", "-q"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("serve, P1: 3 wu/h (37.5%) cannot be served"),
        "{err}"
    );
    let (code, out, _) = capmix(&["explain", INFEASIBLE, "-q"]);
    assert_eq!(code, 2);
    assert!(out.contains("Why there is no plan"), "{out}");
}

#[test]
fn flagship_example_fits_a_screen() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/scenarios/chatgpt-2025.toml"
    );
    if !std::path::Path::new(file).exists() {
        return;
    }
    let (code, out, err) = capmix(&["explain", file, "-q"]);
    assert_eq!(code, 0, "{err}");
    for section in [
        "The plan costs",
        "What each policy adds",
        " alone",
        "no policy at all",
        "What binds",
    ] {
        assert!(out.contains(section), "{section} missing:\n{out}");
    }
    assert!(
        out.lines().count() <= 50,
        "{} lines:\n{out}",
        out.lines().count()
    );
}

//! Hostile input cannot hurt (issue 12): catalog includes stay inside the sandbox unless
//! `--allow-dir` widens it.
#![expect(clippy::unwrap_used, reason = "test helpers unwrap, as tests do")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the binary; returns (exit code, stdout, stderr).
fn capmix(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_capmix"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("capmix-cli-trust-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// Text that only the outside catalog holds: an error that read the file could show it.
const SECRET: &str = "SECRET-CATALOG-CONTENT";

/// `root/scenario/s.toml` including `../outside/prices.csv`, a valid catalog outside the
/// scenario's directory tree. Returns (scenario file, outside directory).
fn outside_include(name: &str) -> (PathBuf, PathBuf) {
    let root = scratch(name);
    let outside = root.join("outside");
    write(
        &outside.join("prices.csv"),
        &format!(
            "provider,region,accelerator,chips,purchase,price_per_hour,max_units,availability,term_periods,lead_periods,source,as_of\n\
             aws,us-east-1,H100,8,on_demand,55,,,,,{SECRET},2025\n"
        ),
    );
    let scenario = root.join("scenario").join("s.toml");
    write(
        &scenario,
        "name = \"outside include\"\n\
         catalogs = [{ path = \"../outside/prices.csv\" }]\n\
         [horizon]\nperiods = 1\nhours_per_period = 10\n\
         [[workloads]]\nid = \"chat\"\ndemand = [8]\nthroughput = { H100 = 1.0 }\n",
    );
    (scenario, outside)
}

#[test]
fn include_outside_the_scenario_directory_is_refused_by_every_reading_command() {
    let (scenario, _) = outside_include("refused");
    let file = scenario.to_str().unwrap();
    let commands: [&[&str]; 5] = [
        &["validate", file],
        &["plan", file, "-q"],
        &["explain", file, "-q"],
        &[
            "sweep",
            file,
            "--param",
            "policy.max_spot_share",
            "--values",
            "1",
            "-q",
        ],
        &["export", file, "--lp", "/dev/null"],
    ];
    for args in commands {
        let (code, out, err) = capmix(args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(err.contains("catalogs[0].path"), "{args:?}: {err}");
        assert!(err.contains("../outside/prices.csv"), "{args:?}: {err}");
        assert!(err.contains("--allow-dir"), "{args:?}: {err}");
        assert!(!err.contains(SECRET) && !out.contains(SECRET), "{err}");
    }
}

#[test]
fn allow_dir_accepts_the_include() {
    let (scenario, outside) = outside_include("allowed");
    let file = scenario.to_str().unwrap();
    let dir = outside.to_str().unwrap();
    let (code, out, err) = capmix(&["validate", file, "--allow-dir", dir]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("valid"), "{out}");
    let (code, out, err) = capmix(&["plan", file, "--allow-dir", dir, "-q", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"status\": \"optimal\""), "{out}");
    // The repeatable option: another allowed directory does not let the include through.
    let other = scenario.parent().unwrap().to_str().unwrap();
    let (code, _, err) = capmix(&["validate", file, "--allow-dir", other]);
    assert_eq!(code, 1, "{err}");
    let (code, out, err) = capmix(&["validate", file, "--allow-dir", other, "--allow-dir", dir]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn allow_dir_that_does_not_exist_is_a_usage_error() {
    let (scenario, outside) = outside_include("missing");
    let missing = outside.join("nope");
    let (code, _, err) = capmix(&[
        "validate",
        scenario.to_str().unwrap(),
        "--allow-dir",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--allow-dir") && err.contains("nope"), "{err}");
}

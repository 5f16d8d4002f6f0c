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

/// A scenario whose user strings try to drive the terminal and spreadsheets: a name that
/// clears the screen and forges a status line, a bidi override in an offering id, formula
/// cells in the provider, region, workload and offering ids.
const HOSTILE: &str = r#"
name = "evil\u001b[2J\nstatus: optimal"

[horizon]
periods = 1
hours_per_period = 10

[[providers]]
id = "=HYPERLINK(\"http://x\")"

[[offerings]]
id = "+o\u202eabc"
provider = "=HYPERLINK(\"http://x\")"
region = "-east"
accelerator = "H100"
chips = 8
purchase = "on_demand"
price_per_hour = 55

[[workloads]]
id = "@w\u0007"
demand = [8]
throughput = { H100 = 1.0 }
"#;

/// No terminal control reaches the output: no control character but line feeds, no bidi
/// override or isolate.
#[track_caller]
fn assert_inert(text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(bad.is_empty(), "{bad:?} in\n{text}");
}

#[test]
fn control_characters_in_user_strings_are_escaped_in_tables() {
    let dir = scratch("hostile");
    let file = dir.join("hostile.toml");
    write(&file, HOSTILE);
    let file = file.to_str().unwrap();
    let (code, out, err) = capmix(&["plan", file, "-q"]);
    assert_eq!(code, 0, "{err}");
    assert_inert(&out);
    assert_eq!(
        out.lines().next(),
        Some("capmix plan: evil\\u{1b}[2J\\nstatus: optimal")
    );
    // The forged line is not a line: only the real status line starts with `status:`.
    let status: Vec<&str> = out.lines().filter(|l| l.starts_with("status:")).collect();
    assert_eq!(status.len(), 1, "{out}");
    assert!(status[0].starts_with("status: optimal  ["), "{out}");
    assert!(out.contains("@w\\u{7}"), "{out}");

    let (code, out, err) = capmix(&["explain", file, "-q"]);
    assert_eq!(code, 0, "{err}");
    assert_inert(&out);
    assert!(
        out.starts_with("capmix explain: evil\\u{1b}[2J\\nstatus: optimal\n"),
        "{out}"
    );
    let (code, out, err) = capmix(&[
        "sweep",
        file,
        "--param",
        "policy.max_spot_share",
        "--values",
        "1",
        "-q",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_inert(&out);
}

#[test]
fn control_characters_in_errors_are_escaped() {
    let dir = scratch("hostile-error");
    let file = dir.join("bad.toml");
    let text = HOSTILE.replace(
        "[[workloads]]",
        "[[existing]]\noffering = \"gone\\u001b]0;title\\u0007\\u202e\"\nunits = 1\nremaining_periods = 1\n\n[[workloads]]",
    );
    write(&file, &text);
    let (code, out, err) = capmix(&["validate", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert_inert(&err);
    assert!(err.contains("gone\\u{1b}]0;title\\u{7}\\u{202e}"), "{err}");
}

#[test]
fn csv_cells_that_start_like_formulas_are_neutralised() {
    let dir = scratch("hostile-csv");
    let file = dir.join("hostile.toml");
    write(&file, HOSTILE);
    let (code, out, err) = capmix(&["plan", file.to_str().unwrap(), "-q", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("period,label,segment,workload,offering,provider,region"));
    let row = lines.next().unwrap();
    // workload, offering, provider (quoted: it holds quotes), region; numbers stay numbers.
    assert!(
        row.contains(
            ",'@w\u{7},'+o\u{202e}abc,\"'=HYPERLINK(\"\"http://x\"\")\",'-east,H100,on_demand,1,8,"
        ),
        "{row}"
    );
    assert!(!row.starts_with('\''), "{row}");
}

/// `--time-limit` never panics: nan and negative values are usage errors naming the option;
/// `inf` and limits too large to reach are no limit.
#[test]
fn time_limit_values_that_are_not_limits() {
    let small = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/explain-small.toml"
    );
    for bad in ["nan", "NaN", "-1", "-inf", "-0.5", "soon"] {
        for args in [
            vec!["plan", small, "-q", "--time-limit", bad],
            vec!["explain", small, "-q", "--time-limit", bad],
        ] {
            let (code, out, err) = capmix(&args);
            assert_eq!(code, 1, "{args:?}: {out}{err}");
            assert!(err.contains("--time-limit"), "{args:?}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
    }
    for huge in ["1e20", "inf", "1e308"] {
        let (code, out, err) = capmix(&[
            "plan",
            small,
            "-q",
            "--format",
            "json",
            "--time-limit",
            huge,
        ]);
        assert_eq!(code, 0, "{huge}: {err}");
        assert!(out.contains("\"status\": \"optimal\""), "{huge}: {out}");
    }
    let (code, out, err) = capmix(&[
        "sweep",
        small,
        "--param",
        "policy.max_spot_share",
        "--values",
        "1",
        "-q",
        "--time-limit",
        "1e20",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("optimal"), "{out}");
}

//! `capmix catalog`: from SkyPilot's catalog files to a solved multi-cloud plan in two
//! commands, and catalog checks with located errors. Reads ../shared at run time.
// Helpers outside #[test] functions unwrap, panic and print too, as tests do (clippy.toml
// allows that inside #[test] functions only).
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CAPMIX: &str = env!("CARGO_BIN_EXE_capmix");
const SKYPILOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/skypilot-catalog/catalogs"
);

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(CAPMIX)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("capmix-cli-catalog-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const SCENARIO: &str = r#"
name = "from SkyPilot"
catalogs = [{ path = "prices.csv", purchase = ["on_demand", "spot"], discount = { aws = 0.85 } }]

[horizon]
periods = 3
hours_per_period = 730

[[workloads]]
id = "chat"
unit = "Mtok/h"
demand = [500, 600, 700]
throughput = { H100 = 9.6 }
throughput_ref = { accelerator = "H100", value = 9.6, scale_by = "memory_bandwidth", accelerators = ["H200", "TPU-v6e"] }
geo = ["US"]
max_spot_share = 0.2

[policy]
max_provider_share = 0.4
"#;

#[test]
fn skypilot_files_to_a_solved_plan_in_two_commands() {
    if !Path::new(SKYPILOT).is_dir() {
        println!("note: {SKYPILOT} is absent; SkyPilot flow test skipped");
        return;
    }
    let dir = scratch("flow");
    let files: Vec<String> = ["v8/aws", "v8/gcp", "v6/azure", "v8/lambda", "v8/oci"]
        .iter()
        .map(|p| format!("{SKYPILOT}/{p}/vms.extract.csv"))
        .collect();
    // Command 1: import.
    let mut args = vec!["catalog", "import", "skypilot"];
    args.extend(files.iter().map(String::as_str));
    args.extend([
        "--accelerators",
        "H100,H200,TPU-v6e",
        "--as-of",
        "2025-10-01",
        "--verbose",
    ]);
    let out = run(&args, &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        csv.contains("aws,us-east-1,H100,8,on_demand,55.04,"),
        "{csv}"
    );
    assert!(
        stderr.contains("corrected: AcceleratorCount 12 corrected to 8"),
        "{stderr}"
    );
    assert!(stderr.contains("placeholder"), "{stderr}");
    assert!(stderr.contains("imported "), "{stderr}");
    std::fs::write(dir.join("prices.csv"), &csv).unwrap();
    std::fs::write(dir.join("scenario.toml"), SCENARIO).unwrap();
    // The catalog checks.
    let out = run(&["catalog", "check", "prices.csv"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("providers:"));
    // Command 2: plan.
    let out = run(
        &["plan", "scenario.toml", "--format", "json", "--quiet"],
        &dir,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Whole units: microlp's search may not prove this one (HiGHS does), but the plan is
    // verified either way.
    assert!(
        plan["status"] == "optimal" || plan["status"] == "feasible",
        "{}",
        plan["status"]
    );
    assert_eq!(plan["verification"]["passed"], true);
    let allocations = plan["allocations"].as_array().unwrap();
    let providers: std::collections::BTreeSet<&str> = allocations
        .iter()
        .filter_map(|a| a["provider"].as_str())
        .collect();
    assert!(providers.len() >= 3, "multi-cloud: {providers:?}");
    assert!(allocations.iter().all(|a| a["purchase"] != "commit"));
}

#[test]
fn toml_output_is_a_scenario_fragment() {
    if !Path::new(SKYPILOT).is_dir() {
        println!("note: {SKYPILOT} is absent; test skipped");
        return;
    }
    let dir = scratch("toml");
    let file = format!("{SKYPILOT}/v8/lambda/vms.extract.csv");
    let out = run(
        &[
            "catalog",
            "import",
            "skypilot",
            &file,
            "--format",
            "toml",
            "--accelerators",
            "B200",
        ],
        &dir,
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[[providers]]") && text.contains("id = \"lambda-europe-central-1-b200-od\""),
        "{text}"
    );
    assert!(!text.contains("H100"));
}

#[test]
fn catalog_check_locates_errors() {
    let dir = scratch("check");
    std::fs::write(
        dir.join("bad.csv"),
        "provider,region,accelerator,chips,purchase,price_per_hour\naws,us-east-1,H100,8,lease,55.04\n",
    )
    .unwrap();
    let out = run(&["catalog", "check", "bad.csv"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv:2:5: purchase: unknown purchase option `lease`"),
        "{err}"
    );
    let out = run(&["catalog", "import", "skypilot", "missing.csv"], &dir);
    assert_eq!(out.status.code(), Some(1));
}

/// Splits CSV text into records of fields (RFC 4180: quoted fields, `""` escapes, line breaks
/// inside quotes). The `csv` crate is not a dependency; this is enough to count fields.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut fields, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            ('\n', false) => {
                fields.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut fields));
            }
            ('\r', false) => {}
            _ => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quote");
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push(fields);
    }
    records
}

#[test]
fn csv_import_is_plain_csv_with_the_header_first() {
    if !Path::new(SKYPILOT).is_dir() {
        println!("note: {SKYPILOT} is absent; test skipped");
        return;
    }
    let dir = scratch("plain");
    let file = format!("{SKYPILOT}/v8/lambda/vms.extract.csv");
    let out = run(
        &[
            "catalog",
            "import",
            "skypilot",
            &file,
            "--as-of",
            "2025-10-01",
        ],
        &dir,
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The provenance moved to stderr, next to the summary.
    assert!(
        stderr.contains("imported by capmix from SkyPilot catalogs:"),
        "{stderr}"
    );
    assert!(!text.contains("# "), "{text}");
    let records = csv_records(&text);
    let header = &records[0];
    assert_eq!(&header[..3], ["provider", "region", "accelerator"]);
    assert!(records.len() > 1, "{text}");
    assert!(records.iter().all(|r| r.len() == header.len()), "{text}");
    // capmix reads what it wrote (it also accepts `#` comment lines: core tests).
    std::fs::write(dir.join("prices.csv"), &text).unwrap();
    let out = run(&["catalog", "check", "prices.csv"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `catalog check` and `catalog import` read only regular files (a directory or a device
/// is refused without being read to the end), and the error names the file.
#[test]
fn catalog_commands_read_regular_files_only() {
    let dir = scratch("regular");
    std::fs::create_dir_all(dir.join("a-dir.csv")).unwrap();
    for args in [
        &["catalog", "check", "a-dir.csv"][..],
        &["catalog", "check", "/dev/zero"],
        &["catalog", "import", "skypilot", "/dev/zero"],
    ] {
        let out = run(args, &dir);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a regular file"), "{args:?}: {err}");
    }
}

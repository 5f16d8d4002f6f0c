//! `capmix plan`: the purchase list in the table, and `--format csv --table ...`, on the
//! hand-derived example examples/scenarios/commit-vs-ondemand.toml (sign 50 commit units in
//! period 1; 50 on-demand units in the peak segment, 60% of each period's 730 hours).
// Helpers outside #[test] functions unwrap and panic too, as tests do (clippy.toml allows
// that inside #[test] functions only).
#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::process::{Command, Output};

const CAPMIX: &str = env!("CARGO_BIN_EXE_capmix");
const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../examples/scenarios/commit-vs-ondemand.toml"
);

fn plan(extra: &[&str]) -> Output {
    Command::new(CAPMIX)
        .args(["plan", EXAMPLE, "--quiet"])
        .args(extra)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Rows of fields; these tables hold no quoted cells (the test checks that too).
fn rows(text: &str) -> Vec<Vec<String>> {
    assert!(!text.contains('"'), "{text}");
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn purchases_csv_is_one_row_per_offering_and_period() {
    let text = stdout(&plan(&["--format", "csv", "--table", "purchases"]));
    let rows = rows(&text);
    assert_eq!(
        rows[0].join(","),
        "period,label,offering,provider,region,accelerator,purchase,units,chips,signed_units,cost"
    );
    assert!(rows.iter().all(|r| r.len() == rows[0].len()), "{text}");
    // Two offerings held in each of the 12 periods.
    assert_eq!(rows.len(), 1 + 24, "{text}");
    let num = |r: &[String], i: usize| r[i].parse::<f64>().unwrap();
    let first_commit = rows
        .iter()
        .find(|r| r[0] == "1" && r[6] == "commit")
        .unwrap();
    assert_eq!(first_commit[1], "2026-01");
    assert!(close(num(first_commit, 7), 50.0) && close(num(first_commit, 8), 400.0));
    assert!(close(num(first_commit, 9), 50.0));
    assert!(close(num(first_commit, 10), 50.0 * 32.006 * 730.0));
    let od = rows
        .iter()
        .find(|r| r[0] == "1" && r[6] == "on_demand")
        .unwrap();
    assert!(close(num(od, 10), 50.0 * 49.24 * 730.0 * 0.6), "{od:?}");
    // The purchase list costs what the plan costs (no commitment runs past the horizon).
    let sum: f64 = rows[1..].iter().map(|r| num(r, 10)).sum();
    assert!(close(sum, 26_958_900.0), "{sum}");
}

#[test]
fn the_plan_table_lists_purchases() {
    let text = stdout(&plan(&[]));
    let section = text.split("\nPurchases").nth(1).unwrap();
    let row = section
        .lines()
        .find(|l| l.contains("cw-h100-commit-12m"))
        .unwrap();
    let cells: Vec<&str> = row.split_whitespace().collect();
    // period, offering, purchase, units, chips, signed, cost
    assert_eq!(
        cells[..6],
        ["2026-01", "cw-h100-commit-12m", "commit", "50", "400", "50"]
    );
    assert_eq!(cells[6], "$1,168,219");
}

#[test]
fn fleet_and_commitment_tables() {
    let fleet = stdout(&plan(&["--format", "csv", "--table", "fleet"]));
    let fleet = rows(&fleet);
    assert_eq!(
        fleet[0].join(","),
        "period,label,segment,offering,provider,accelerator,purchase,units,chips,used_units"
    );
    // Commit in both segments, on-demand in the peak only, 12 periods.
    assert_eq!(fleet.len(), 1 + 36);
    let commitments = stdout(&plan(&["--format", "csv", "--table", "commitments"]));
    let commitments = rows(&commitments);
    assert_eq!(commitments.len(), 2, "{commitments:?}");
    assert_eq!(commitments[0][0], "period");
    assert_eq!(commitments[1][..3], ["1", "2026-01", "cw-h100-commit-12m"]);
    // The default table is the allocations.
    let allocations = stdout(&plan(&["--format", "csv"]));
    assert!(allocations.starts_with("period,label,segment,workload,"));
}

#[test]
fn table_needs_csv() {
    let out = plan(&["--table", "purchases"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--table"), "{err}");
}

/// `--format skypilot --out DIR`: one task file per offering held in the period. Period 1
/// holds 50 on-demand units (peak) and 50 commit units, all signed in period 1, each an
/// 8-GPU H100 instance at CoreWeave us-east.
#[test]
fn skypilot_task_files() {
    let dir = std::env::temp_dir().join(format!("capmix-skypilot-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    let text = stdout(&plan(&["--format", "skypilot", "--out", d]));
    assert!(text.contains("2 task files for period 1"), "{text}");
    let od = std::fs::read_to_string(dir.join("cw-h100-od.p1.yaml")).unwrap();
    let commit = std::fs::read_to_string(dir.join("cw-h100-commit-12m.p1.yaml")).unwrap();
    for (yaml, name) in [
        (&od, "capmix-cw-h100-od-p1"),
        (&commit, "capmix-cw-h100-commit-12m-p1"),
    ] {
        assert!(yaml.contains(&format!("name: \"{name}\"\n")), "{yaml}");
        assert!(yaml.contains("\nnum_nodes: 50\n"), "{yaml}");
        assert!(
            yaml.contains("\n  infra: \"coreweave/us-east\"\n"),
            "{yaml}"
        );
        assert!(yaml.contains("\n  accelerators: \"H100:8\"\n"), "{yaml}");
        assert!(yaml.contains("\n  use_spot: false\n"), "{yaml}");
    }
    assert!(
        commit.contains(
            "reserve 50 units with the provider before launching (50 signed in this period)"
        ),
        "{commit}"
    );
    assert!(!od.contains("commitment"), "{od}");
    // Period 2 holds the same units; nothing is signed there.
    let text = stdout(&plan(&[
        "--format", "skypilot", "--out", d, "--period", "2",
    ]));
    assert!(text.contains("2 task files for period 2"), "{text}");
    let commit2 = std::fs::read_to_string(dir.join("cw-h100-commit-12m.p2.yaml")).unwrap();
    assert!(commit2.contains("(0 signed in this period)"), "{commit2}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn skypilot_needs_out_and_a_period_in_the_horizon() {
    let out = plan(&["--format", "skypilot"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out DIR"));
    let dir = std::env::temp_dir().join(format!("capmix-skypilot-bad-{}", std::process::id()));
    let out = plan(&[
        "--format",
        "skypilot",
        "--out",
        dir.to_str().unwrap(),
        "--period",
        "13",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--period: 13 is outside the horizon (1 to 12)"),
        "{err}"
    );
    assert!(!dir.exists(), "nothing is written on an error");
    let out = plan(&["--out", "x"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use them with --format skypilot"));
}

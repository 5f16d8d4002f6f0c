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

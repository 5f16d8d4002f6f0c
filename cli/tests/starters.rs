//! `capmix example --kind K`: every starter scenario plans, and shows what it is for.
// Helpers outside #[test] functions unwrap and panic too, as tests do (clippy.toml allows
// that inside #[test] functions only).
#![expect(clippy::unwrap_used, reason = "test helpers")]

use std::process::Command;

const CAPMIX: &str = env!("CARGO_BIN_EXE_capmix");

/// The starter of `kind`, planned with microlp: the plan document.
fn planned(kind: &str) -> serde_json::Value {
    let out = Command::new(CAPMIX)
        .args(["example", "--kind", kind])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{kind}");
    let dir = std::env::temp_dir().join(format!("capmix-starter-{}-{kind}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{kind}.toml"));
    std::fs::write(&file, &out.stdout).unwrap();
    let out = Command::new(CAPMIX)
        .args([
            "plan",
            file.to_str().unwrap(),
            "--format",
            "json",
            "--quiet",
            "--solver",
            "microlp",
        ])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8(out.stdout).unwrap();
    let plan: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        matches!(plan["status"].as_str(), Some("optimal" | "feasible")),
        "{kind}: {} {}",
        plan["status"],
        plan["notes"]
    );
    assert_eq!(plan["verification"]["passed"], true, "{kind}");
    plan
}

#[test]
fn every_starter_plans() {
    let serving = planned("serving");
    assert!(serving["commitments"].as_array().is_some());
    // The batch run happens inside its window (periods 2 and 3) only.
    let batch = planned("batch");
    let periods: Vec<u64> = batch["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["period"].as_u64().unwrap())
        .collect();
    assert!(
        !periods.is_empty() && periods.iter().all(|p| (2..=3).contains(p)),
        "{periods:?}"
    );
    // The budget binds: spend stays within $500,000 and some demand goes unserved.
    let budget = planned("budget");
    assert!(budget["total_cost"].as_f64().unwrap() <= 500_000.0 * (1.0 + 1e-9));
    assert!(!budget["achieved"]["shortfall"]
        .as_array()
        .unwrap()
        .is_empty());
    // The existing commitment is used: its offering serves in period 1.
    let existing = planned("existing");
    assert!(existing["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["offering"] == "cw-h100-commit-12m" && a["period"] == 1));
    let uncertain = planned("uncertain");
    assert_eq!(
        uncertain["uncertainty"]["scenarios"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let model = planned("model");
    assert!(!model["throughput_sources"].as_array().unwrap().is_empty());
}

#[test]
fn an_unknown_kind_lists_the_kinds() {
    let out = Command::new(CAPMIX)
        .args(["example", "--kind", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("serving") && err.contains("uncertain"),
        "{err}"
    );
}

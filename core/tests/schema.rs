//! Compatibility of the plan document: older documents stay readable, and no field is
//! renamed or removed without a `schema_version` bump.

#![expect(clippy::unwrap_used, reason = "test helpers outside #[test] functions")]

use capmix::{plan, Plan, PlanOptions, Scenario, SCHEMA_VERSION};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Fields whose keys are data (provider ids, accelerator names, ...), written as `{}`.
const MAPS: [&str; 8] = [
    "costs.by_accelerator",
    "costs.by_provider",
    "costs.by_purchase",
    "costs.by_region",
    "costs.by_workload",
    "costs.by_period_and_provider[]",
    "costs.by_period_and_accelerator[]",
    "costs.by_period_and_purchase[]",
];

fn walk(v: &Value, path: &str, out: &mut BTreeSet<String>) {
    if MAPS.contains(&path) {
        out.insert(format!("{path}{{}}"));
        return;
    }
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(x, &p, out);
            }
        }
        Value::Array(items) if items.is_empty() => {
            out.insert(format!("{path}[]"));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|x| walk(x, &format!("{path}[]"), out)),
        _ => {
            out.insert(path.to_string());
        }
    }
}

/// Leaf paths of plans that together use every part of the document.
fn current_fields() -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for name in [
        "02-spot-share.json",
        "03-commit-term-lead.toml",
        "05-outage-coverage.toml",
        "06-batch-window.json",
        "07-shortfall.toml",
        "08-infeasible.json",
        "09-existing-charge.toml",
    ] {
        let s = Scenario::from_path(repo().join("tests/fixtures").join(name)).unwrap();
        let p = plan(&s, &PlanOptions::default()).unwrap();
        walk(
            &serde_json::from_str(&p.to_json_string()).unwrap(),
            "",
            &mut all,
        );
    }
    // Keep leaves only: an empty list in one plan is a parent of fields in another.
    let leaves: BTreeSet<String> = all
        .iter()
        .filter(|p| {
            !all.iter().any(|q| {
                q != *p && (q.starts_with(&format!("{p}.")) || q.starts_with(&format!("{p}[")))
            })
        })
        .cloned()
        .collect();
    leaves
}

fn listed(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn no_field_is_renamed_or_removed_without_a_version_bump() {
    let file = repo().join(format!("tests/schema/plan-v{SCHEMA_VERSION}.fields"));
    assert!(
        file.exists(),
        "schema_version {SCHEMA_VERSION} needs {}",
        file.display()
    );
    let listed = listed(&file);
    let current = current_fields();
    let missing: Vec<&String> = listed.difference(&current).collect();
    assert!(
        missing.is_empty(),
        "fields of schema_version {SCHEMA_VERSION} are gone (renamed or removed): {missing:?}; \
         bump SCHEMA_VERSION and write tests/schema/plan-v{}.fields",
        SCHEMA_VERSION + 1
    );
    let new: Vec<&String> = current.difference(&listed).collect();
    assert!(
        new.is_empty(),
        "new fields (additive, fine): append them to {}: {new:?}",
        file.display()
    );
}

#[test]
fn older_documents_stay_readable() {
    let mut read = 0;
    for entry in std::fs::read_dir(repo().join("tests/schema")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let plan =
                Plan::from_json_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(plan.schema_version <= SCHEMA_VERSION);
            assert!(plan.total_cost.is_some());
            read += 1;
        }
    }
    assert!(read >= 1, "no stored plan documents in tests/schema");
}

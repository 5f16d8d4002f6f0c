//! Compatibility of the plan document: older documents stay readable, and no field is
//! renamed or removed without a `schema_version` bump.

#![expect(clippy::unwrap_used, reason = "test helpers outside #[test] functions")]

use capmix::{Plan, SCHEMA_VERSION};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Leaf paths of the plan document as its JSON Schema (generated from the Rust types)
/// describes it: `a.b` an object field, `a[]` a list element, `a{}` a map whose keys are
/// data.
fn current_fields() -> BTreeSet<String> {
    let schema = capmix::schema::Document::Plan.schema();
    let mut out = BTreeSet::new();
    walk(&schema, &schema, "", &mut out, 0);
    out
}

fn walk(root: &Value, node: &Value, path: &str, out: &mut BTreeSet<String>, depth: usize) {
    assert!(depth < 40, "recursive schema at {path}");
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return walk(root, &root["$defs"][name], path, out, depth + 1);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(options)) = node.get(key) {
            let typed: Vec<&Value> = options
                .iter()
                .filter(|o| o.get("type") != Some(&Value::from("null")))
                .collect();
            if typed.len() == 1 && typed[0].get("const").is_none() {
                return walk(root, typed[0], path, out, depth + 1);
            }
            out.insert(path.to_string());
            return;
        }
    }
    if let Some(Value::Object(props)) = node.get("properties") {
        for (k, v) in props {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            walk(root, v, &p, out, depth + 1);
        }
    } else if let Some(items) = node.get("items") {
        walk(root, items, &format!("{path}[]"), out, depth + 1);
    } else if let Some(values) = node.get("additionalProperties").filter(|v| v.is_object()) {
        walk(root, values, &format!("{path}{{}}"), out, depth + 1);
    } else {
        out.insert(path.to_string());
    }
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

/// The fields of a schema version are frozen in `tests/schema/plan-v<N>.fields`: each must
/// still exist (a rename or removal needs a `SCHEMA_VERSION` bump). New fields are additive
/// and need nothing: the committed JSON Schema records them.
#[test]
fn no_field_is_renamed_or_removed_without_a_version_bump() {
    let file = repo().join(format!("tests/schema/plan-v{SCHEMA_VERSION}.fields"));
    assert!(
        file.exists(),
        "schema_version {SCHEMA_VERSION} needs {}",
        file.display()
    );
    let current = current_fields();
    let present = |p: &String| {
        current.iter().any(|q| {
            q == p
                || [".", "[", "{"]
                    .iter()
                    .any(|s| q.starts_with(&format!("{p}{s}")))
        })
    };
    let missing: Vec<String> = listed(&file).into_iter().filter(|p| !present(p)).collect();
    assert!(
        missing.is_empty(),
        "fields of schema_version {SCHEMA_VERSION} are gone (renamed or removed): {missing:?}; \
         bump SCHEMA_VERSION and freeze tests/schema/plan-v{}.fields",
        SCHEMA_VERSION + 1
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

/// The committed JSON Schemas (`schema/*.schema.json`, which editors, the TypeScript types
/// and the Python TypedDicts are made from) are what the Rust types generate. When this
/// fails, regenerate everything with `scripts/gen-types`.
#[test]
fn committed_json_schemas_are_current() {
    use capmix::schema::{bundle, Document};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let mut files: Vec<(String, String)> = Document::ALL
        .iter()
        .map(|d| (format!("{}.schema.json", d.name()), d.schema_text()))
        .collect();
    files.push((
        "documents.schema.json".into(),
        serde_json::to_string_pretty(&bundle().unwrap()).unwrap() + "\n",
    ));
    for (name, want) in files {
        let have = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        assert!(
            have == want,
            "schema/{name} is stale: run scripts/gen-types (capmix schema --out schema, then the TypeScript and Python generators)"
        );
    }
}

/// Leaf paths of a TOML value: `horizon.periods`, `offerings[].price_per_hour`,
/// `workloads[].demand.start`.
fn toml_paths(v: &toml::Value, path: &str, out: &mut BTreeSet<String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                toml_paths(v, &p, out);
            }
        }
        toml::Value::Array(items) if items.iter().any(toml::Value::is_table) => {
            for item in items {
                toml_paths(item, &format!("{path}[]"), out);
            }
        }
        _ => {
            out.insert(path.to_string());
        }
    }
}

/// docs/scenario.md, the scenario reference: every TOML example parses, and every field it
/// writes is a field of the scenario's JSON Schema (generated from the Rust types), so the
/// reference cannot drift into fields that do not exist. A schema path that stops early (a
/// field with several forms, such as `demand`) covers what is under it; `{}` is a map key.
#[test]
fn the_scenario_reference_writes_only_real_fields() {
    let schema = capmix::schema::Document::Scenario.schema();
    let mut fields = BTreeSet::new();
    walk(&schema, &schema, "", &mut fields, 0);
    let text = std::fs::read_to_string(repo().join("docs/scenario.md")).unwrap();
    let blocks: Vec<&str> = text
        .split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 10, "{} TOML examples", blocks.len());
    let covered = |doc: &str| {
        fields.iter().any(|f| {
            let parts: Vec<&str> = f.split('.').collect();
            let doc_parts: Vec<&str> = doc.split('.').collect();
            parts.len() <= doc_parts.len()
                && parts.iter().zip(&doc_parts).all(|(s, d)| {
                    s == d
                        || s.strip_suffix("[]").is_some_and(|m| m == *d)
                        || s.strip_suffix("{}").is_some_and(|m| m == *d)
                })
        })
    };
    for block in blocks {
        let value: toml::Value = toml::from_str(block)
            .unwrap_or_else(|e| panic!("docs/scenario.md example does not parse: {e}\n{block}"));
        let mut paths = BTreeSet::new();
        toml_paths(&value, "", &mut paths);
        for p in paths {
            assert!(
                covered(&p),
                "docs/scenario.md writes `{p}`, not a scenario field"
            );
        }
    }
}

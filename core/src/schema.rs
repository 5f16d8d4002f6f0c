//! JSON Schema of capmix's documents, generated from the Rust types (schemars): the one
//! description of their shape. Editors validate scenario files against it (`capmix schema
//! scenario`); the TypeScript types of the WebAssembly module and the Python TypedDicts are
//! generated from it, and tests fail when the committed copies are stale.

use crate::document::Plan;
use crate::explain::{ExplainOptions, Explanation, Sweep};
use crate::options::PlanOptions;
use crate::scenario::Scenario;
use schemars::{generate::SchemaSettings, JsonSchema};

/// The documents capmix reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// A scenario file (TOML or JSON, same structure).
    Scenario,
    /// The plan document.
    Plan,
    /// The explanation document.
    Explanation,
    /// The sweep document.
    Sweep,
    /// Planning options (the doors' `options` argument).
    PlanOptions,
    /// Explanation options.
    ExplainOptions,
}

impl Document {
    /// Every document, in a fixed order.
    pub const ALL: [Document; 6] = [
        Document::Scenario,
        Document::Plan,
        Document::Explanation,
        Document::Sweep,
        Document::PlanOptions,
        Document::ExplainOptions,
    ];

    /// The short name (`scenario`, `plan`, ...), also the file stem of its schema.
    pub fn name(self) -> &'static str {
        match self {
            Document::Scenario => "scenario",
            Document::Plan => "plan",
            Document::Explanation => "explanation",
            Document::Sweep => "sweep",
            Document::PlanOptions => "options",
            Document::ExplainOptions => "explain-options",
        }
    }

    /// The document named `name`.
    pub fn from_name(name: &str) -> Option<Document> {
        Document::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Its JSON Schema (draft 2020-12), with `$id` `capmix:<name>`.
    pub fn schema(self) -> serde_json::Value {
        match self {
            Document::Scenario => of::<Scenario>(self),
            Document::Plan => of::<Plan>(self),
            Document::Explanation => of::<Explanation>(self),
            Document::Sweep => of::<Sweep>(self),
            Document::PlanOptions => of::<PlanOptions>(self),
            Document::ExplainOptions => of::<ExplainOptions>(self),
        }
    }

    /// The schema as pretty JSON with a final newline (the committed file's bytes).
    pub fn schema_text(self) -> String {
        serde_json::to_string_pretty(&self.schema()).unwrap_or_default() + "\n"
    }
}

/// Every document's schema in one: each document and each type it uses under `$defs`
/// (`Scenario`, `Plan`, ...), for the generators of the TypeScript and Python types.
/// `Err` names a type that two documents define differently.
pub fn bundle() -> Result<serde_json::Value, String> {
    let mut defs = serde_json::Map::new();
    for d in Document::ALL {
        let mut schema = d.schema();
        let Some(root) = schema.as_object_mut() else {
            continue;
        };
        let own = root.remove("$defs");
        for key in ["$id", "$schema"] {
            root.remove(key);
        }
        let title = match root.remove("title") {
            Some(serde_json::Value::String(t)) => t,
            _ => d.name().to_string(),
        };
        let mut entries: Vec<(String, serde_json::Value)> = vec![(title, schema)];
        if let Some(serde_json::Value::Object(own)) = own {
            entries.extend(own);
        }
        for (name, def) in entries {
            match defs.get(&name) {
                Some(existing) if *existing != def => {
                    return Err(format!("type `{name}` differs between documents"));
                }
                _ => {
                    defs.insert(name, def);
                }
            }
        }
    }
    Ok(serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "capmix:documents",
        "title": "CapmixDocuments",
        "description": "Every capmix document (scenario, options, plan, explanation, sweep) and the types they use.",
        "$defs": defs,
    }))
}

fn of<T: JsonSchema>(doc: Document) -> serde_json::Value {
    // Schemas of what is read describe the input (defaults may be left out); schemas of
    // what capmix writes describe its output.
    let settings = SchemaSettings::draft2020_12();
    let settings = match doc {
        Document::Scenario | Document::PlanOptions | Document::ExplainOptions => {
            settings.for_deserialize()
        }
        _ => settings.for_serialize(),
    };
    let mut schema = settings
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    if let Some(map) = schema.as_object_mut() {
        map.insert(
            "$id".into(),
            serde_json::Value::String(format!("capmix:{}", doc.name())),
        );
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_has_a_schema_with_its_fields() {
        let s = Document::Scenario.schema();
        let props = &s["properties"];
        for field in ["horizon", "offerings", "workloads", "policy", "existing"] {
            assert!(props.get(field).is_some(), "{field}");
        }
        assert_eq!(s["additionalProperties"], false);
        let p = Document::Plan.schema();
        assert!(p["properties"].get("verification").is_some());
        for d in Document::ALL {
            assert_eq!(Document::from_name(d.name()), Some(d));
        }
        let b = bundle().unwrap();
        for name in [
            "Scenario",
            "PlanOptions",
            "Plan",
            "Explanation",
            "Sweep",
            "Status",
        ] {
            assert!(b["$defs"].get(name).is_some(), "{name}");
        }
    }
}

//! The plan as SkyPilot task files, so that import → plan → launch closes the loop: one YAML
//! per offering held in a period, for `sky launch`.
//!
//! Each file asks for what the purchase list ([`Plan::purchases`]) holds in that period:
//! `num_nodes` = the units held, `resources.infra` = `<provider>/<region>` as the scenario
//! names them (the ids of capmix's SkyPilot import are SkyPilot's: `aws`, `gcp`, `azure`,
//! `lambda`, `oci`), `resources.accelerators` = `<accelerator>:<chips per unit>`, and
//! `use_spot` for spot offerings. Choices where SkyPilot has no field, documented in the file:
//! - a commitment is a contract, not a launch option: its file says how many units to reserve
//!   with the provider (and how many are signed in this period) in a comment;
//! - a fractional plan (`integer_units = false`) asks for the units rounded up, and says so;
//! - every string is written as a JSON string, which YAML reads as the same double-quoted
//!   scalar, so no scenario text can add keys or lines to a task file.

use super::PurchaseLine;
use crate::document::Plan;
use crate::fmt::count;
use crate::model::Model;
use crate::Error;
use std::collections::HashSet;
use std::fmt::Write;

/// One task file: its file name (unique, `[a-z0-9._-]` only) and its YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkyPilotTask {
    /// File name, `<offering>.p<period>.yaml`.
    pub file: String,
    /// The task YAML.
    pub yaml: String,
}

impl Plan {
    /// The SkyPilot task files of 1-based `period` (see the module documentation), one per
    /// offering with units held, in the scenario's offering order. `model` is the validated
    /// scenario this plan was made from. Errors: no plan, or a period outside the horizon
    /// (`InvalidOption` naming `period`).
    pub fn skypilot_tasks(&self, model: &Model, period: usize) -> Result<Vec<SkyPilotTask>, Error> {
        if !self.has_solution() {
            return Err(Error::InvalidOption {
                name: "period".into(),
                reason: format!(
                    "the plan has no solution (status {}): nothing to launch",
                    self.status.as_str()
                ),
            });
        }
        if period == 0 || period > model.periods() {
            return Err(Error::InvalidOption {
                name: "period".into(),
                reason: format!("{period} is outside the horizon (1 to {})", model.periods()),
            });
        }
        let mut seen = HashSet::new();
        let mut tasks = Vec::new();
        for line in self.purchases(model)? {
            if line.period != period || line.units <= 1e-9 {
                continue;
            }
            let Some(offering) = model.offerings.iter().find(|o| o.id == line.offering) else {
                continue;
            };
            let stem = crate::text::unique_name(&mut seen, slug(&line.offering), '-');
            tasks.push(SkyPilotTask {
                file: format!("{stem}.p{period}.yaml"),
                yaml: yaml(self, &line, offering.chips, offering.price, &stem),
            });
        }
        Ok(tasks)
    }
}

/// Lowercase letters, digits and `-`; anything else becomes `-` (SkyPilot task and cluster
/// names, and safe file names).
fn slug(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "offering".into()
    } else {
        s
    }
}

/// A YAML double-quoted scalar: the JSON string of `s`.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn yaml(plan: &Plan, line: &PurchaseLine, chips: f64, price: f64, stem: &str) -> String {
    let nodes = (line.units - 1e-9).ceil().max(1.0);
    let mut out = String::new();
    let comment = |s: &str| crate::text::escape(s).replace(['\n', '\r'], " ");
    let _ = writeln!(
        out,
        "# capmix plan of {}: period {} ({}), offering {}",
        comment(&quoted(&plan.scenario)),
        line.period,
        comment(&line.label),
        comment(&quoted(&line.offering))
    );
    let _ = writeln!(
        out,
        "# {} units held ({}, {} accelerators), ${:.2}/h per unit, {} in the period",
        count(line.units),
        line.purchase,
        count(line.chips),
        price,
        crate::fmt::dollars(line.cost)
    );
    if nodes > line.units + 1e-9 {
        let _ = writeln!(
            out,
            "# fractional plan: {} units rounded up to {} nodes",
            line.units, nodes
        );
    }
    if line.purchase == "commit" {
        let _ = writeln!(
            out,
            "# a commitment: reserve {} units with the provider before launching ({} signed in this period)",
            count(line.units),
            count(line.signed_units)
        );
    }
    let _ = writeln!(
        out,
        "name: {}",
        quoted(&format!("capmix-{stem}-p{}", line.period))
    );
    let _ = writeln!(out, "num_nodes: {}", count(nodes));
    let _ = writeln!(out, "resources:");
    let _ = writeln!(
        out,
        "  infra: {}",
        quoted(&format!("{}/{}", line.provider, line.region))
    );
    let _ = writeln!(
        out,
        "  accelerators: {}",
        quoted(&format!("{}:{}", line.accelerator, count(chips)))
    );
    let _ = writeln!(out, "  use_spot: {}", line.purchase == "spot");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{plan, validate_scenario, PlanOptions, Scenario};

    #[test]
    fn slugs_and_counts() {
        assert_eq!(slug("aws-us-east-1 H100/od"), "aws-us-east-1-h100-od");
        assert_eq!(slug("__"), "offering");
        let mut seen = HashSet::new();
        assert_eq!(crate::text::unique_name(&mut seen, "a".into(), '-'), "a");
        assert_eq!(crate::text::unique_name(&mut seen, "a".into(), '-'), "a-2");
        assert_eq!(count(8.0), "8");
        assert_eq!(count(2.5), "2.50");
        assert_eq!(quoted("x\n: y"), "\"x\\n: y\"");
    }

    /// examples/scenarios/commit-vs-ondemand.toml, derived in `purchases`: period 1 holds 50
    /// commit units (all signed in period 1) and 50 on-demand units at the peak.
    #[test]
    fn the_commit_example_launches_two_tasks() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/scenarios/commit-vs-ondemand.toml"
        );
        let s = Scenario::from_path(path).expect("example reads");
        let p = plan(&s, &PlanOptions::default()).expect("plans");
        let m = validate_scenario(&s).expect("validates");
        let tasks = p.skypilot_tasks(&m, 1).expect("tasks");
        assert_eq!(tasks.len(), 2, "{tasks:?}");
        for t in &tasks {
            assert!(t.file.ends_with(".p1.yaml"), "{}", t.file);
            assert!(t.yaml.contains("\nnum_nodes: 50\n"), "{}", t.yaml);
            assert!(t.yaml.contains("\n  use_spot: false\n"), "{}", t.yaml);
        }
        let commit = tasks
            .iter()
            .find(|t| t.yaml.contains("a commitment"))
            .expect("commit task");
        assert!(
            commit.yaml.contains("(50 signed in this period)"),
            "{}",
            commit.yaml
        );
        assert!(matches!(
            p.skypilot_tasks(&m, 13),
            Err(Error::InvalidOption { ref name, .. }) if name == "period"
        ));
    }
}

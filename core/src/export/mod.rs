//! Writers of the exact program capmix solves, so that any solver (HiGHS, Gurobi, CBC) can
//! solve or compare it. Names are readable: `x.<workload>.<offering>.p<period>.<segment>` for
//! allocations, `demand.<workload>.p<t>.<segment>` for rows, and so on; characters that the
//! formats do not allow become `_`, and clashes get a numeric suffix.

mod lp_format;
mod mps;
mod names;

use crate::formulate::{formulate, Lp, RoutingMode, Spec};
use crate::options::Deadline;
use crate::{Error, PlanOptions, Scenario};

/// A program with a name for every column and row, ready to write.
pub(super) struct Named<'a> {
    /// What the file's comment line says it is.
    pub title: String,
    pub lp: &'a Lp,
    pub vars: Vec<String>,
    pub rows: Vec<String>,
}

/// Builds the program `plan` would solve first and hands it, named, to `write`: the LP, or
/// the MILP with integer units and single-routing binaries when either applies (the
/// formulation the `highs` path solves); with demand scenarios, the stacked two-stage
/// program (contract §2), each scenario's block named after it.
fn program(
    scenario: &Scenario,
    options: &PlanOptions,
    write: fn(&Named) -> String,
) -> Result<String, Error> {
    let deadline = Deadline::none();
    let (expanded, model) = crate::pipeline::prepare(scenario, options, &deadline)?;
    if expanded.has_demand_scenarios() {
        let (blocks, ts) = crate::uncertainty::program(&expanded, &model, options, &deadline)?;
        let scenarios = expanded.demand_scenario_names();
        let named: Vec<(&str, &crate::Model, &Lp)> = blocks
            .iter()
            .zip(&scenarios)
            .map(|(b, (name, _))| (name.as_str(), &b.model, &b.f.lp))
            .collect();
        let (vars, rows) = names::stacked(&named, &ts);
        return Ok(write(&Named {
            title: format!(
                "{} (two-stage, {} demand scenarios, risk {})",
                model.name(),
                blocks.len(),
                model.policy.risk.label()
            ),
            lp: &ts.lp,
            vars,
            rows,
        }));
    }
    let integer = options.integer.unwrap_or(model.integer_units());
    let routing = if model.has_single_routing() {
        RoutingMode::Binary
    } else {
        RoutingMode::Fixed(Vec::new())
    };
    let f = formulate(
        &model,
        &Spec {
            integer,
            routing,
            reduce: options.reductions,
            deadline,
        },
    );
    Ok(write(&Named {
        title: model.name().to_string(),
        lp: &f.lp,
        vars: names::variables(&model, &f.lp),
        rows: names::rows(&model, &f.lp),
    }))
}

/// The program in free MPS format. The objective row's right-hand side carries the negated
/// constant (existing commitments), as HiGHS and Gurobi read it.
pub fn to_mps(scenario: &Scenario, options: &PlanOptions) -> Result<String, Error> {
    program(scenario, options, mps::write)
}

/// The program in CPLEX LP format.
pub fn to_lp(scenario: &Scenario, options: &PlanOptions) -> Result<String, Error> {
    program(scenario, options, lp_format::write)
}

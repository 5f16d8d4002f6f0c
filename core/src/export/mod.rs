//! Writers of the exact program capmix solves, so that any solver (HiGHS, Gurobi, CBC) can
//! solve or compare it. Names are readable: `x.<workload>.<offering>.p<period>.<segment>` for
//! allocations, `demand.<workload>.p<t>.<segment>` for rows, and so on; characters that the
//! formats do not allow become `_`, and clashes get a numeric suffix.

mod lp_format;
mod mps;
mod names;

use crate::formulate::{formulate, Formulation, RoutingMode, Spec};
use crate::options::Deadline;
use crate::{Error, PlanOptions, Scenario};

/// Builds the program `plan` would solve first: the LP, or the MILP with integer units and
/// single-routing binaries when either applies (the formulation the `highs` path solves).
fn program(
    scenario: &Scenario,
    options: &PlanOptions,
) -> Result<(crate::Model, Formulation), Error> {
    let (_, model) = crate::pipeline::prepare(scenario, options, &Deadline::none())?;
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
            deadline: Deadline::none(),
        },
    );
    Ok((model, f))
}

/// The program in free MPS format. The objective row's right-hand side carries the negated
/// constant (existing commitments), as HiGHS and Gurobi read it.
pub fn to_mps(scenario: &Scenario, options: &PlanOptions) -> Result<String, Error> {
    let (model, f) = program(scenario, options)?;
    Ok(mps::write(&model, &f.lp))
}

/// The program in CPLEX LP format.
pub fn to_lp(scenario: &Scenario, options: &PlanOptions) -> Result<String, Error> {
    let (model, f) = program(scenario, options)?;
    Ok(lp_format::write(&model, &f.lp))
}

//! Why no shared set of commitments serves every demand scenario when each has a plan
//! alone: the first pair of scenarios whose two-block stack is infeasible on its own.

use super::Block;
use crate::document::Status;
use crate::options::{Deadline, PlanOptions};
use crate::scenario::Risk;
use crate::solve::two_stage::solve_stacked;
use crate::Error;

/// Pairs are probed up to this many scenarios (66 pairs); beyond, the plan only says that
/// the scenarios together have no plan.
pub(super) const MAX_PROBED_SCENARIOS: usize = 12;

/// The first pair (i, j), i < j, of blocks that cannot share commitments: each block is
/// feasible alone (the caller checked), the two stacked are infeasible. Feasibility does not
/// depend on the risk measure, so the probe stacks under the expected cost.
pub(super) fn conflicting_pair(
    blocks: &[Block],
    integer: bool,
    options: &PlanOptions,
    deadline: &Deadline,
) -> Result<Option<(usize, usize)>, Error> {
    if blocks.len() > MAX_PROBED_SCENARIOS {
        return Ok(None);
    }
    for i in 0..blocks.len() {
        for j in i + 1..blocks.len() {
            let lps = [&blocks[i].f.lp, &blocks[j].f.lp];
            let ts =
                crate::formulate::two_stage::stack(&lps, &[0.5, 0.5], Risk::Expected, &[0.0; 2]);
            let r = solve_stacked(&blocks[i].model, &ts.lp, integer, options, deadline)?;
            if r.status == Status::Infeasible {
                return Ok(Some((i, j)));
            }
        }
    }
    Ok(None)
}

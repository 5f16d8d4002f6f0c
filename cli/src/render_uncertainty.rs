//! The demand-scenario part of `capmix plan`'s table: the risk measure, one row per demand
//! scenario (probability, cost, regret, shortfall, what it would commit alone), the shared
//! commitments, and the VSS and EVPI lines.

use crate::render::{num as units, usd};
use capmix::document::{Plan, Uncertainty};
use capmix::text::escape;
use std::fmt::Write;

/// The scenario table of `plan`, empty without demand scenarios.
pub(crate) fn table(out: &mut String, plan: &Plan) {
    let Some(u) = &plan.uncertainty else {
        return;
    };
    let measure = match u.cvar_level {
        Some(a) => format!("cvar at level {a}"),
        None => u.risk.replace('_', " "),
    };
    let _ = writeln!(
        out,
        "\nDemand scenarios (commitments shared; risk measure: {measure})"
    );
    let _ = writeln!(
        out,
        "  {:<16} {:>11} {:>18} {:>18} {:>12} {:>24}",
        "scenario", "probability", "cost", "regret", "shortfall", "commits alone (units)"
    );
    for s in &u.scenarios {
        let mark = if s.name == u.shown_scenario { " *" } else { "" };
        let _ = writeln!(
            out,
            "  {:<16} {:>10.1}% {:>18} {:>18} {:>12} {:>24}{mark}",
            escape(&s.name),
            100.0 * s.probability,
            usd(s.objective),
            usd(s.regret),
            format!("{:.0}", s.shortfall),
            format!(
                "{} ({})",
                units(s.commitment_units_alone),
                usd(s.commitment_usd_alone)
            ),
        );
    }
    lines(out, u);
}

fn lines(out: &mut String, u: &Uncertainty) {
    let _ = writeln!(
        out,
        "  the plan commits  {:>18}  ({} units, shared by every scenario; each scenario's own choice is above)",
        usd(u.commitment_usd),
        units(u.commitment_units)
    );
    let _ = writeln!(out, "  expected cost     {:>18}", usd(u.expected_cost));
    let _ = writeln!(out, "  worst-case cost   {:>18}", usd(u.worst_case_cost));
    if let Some(v) = u.value_of_stochastic_solution {
        let _ = writeln!(
            out,
            "  VSS               {:>18}  (saved over committing for the mean demand)",
            usd(v)
        );
    }
    let _ = writeln!(
        out,
        "  EVPI              {:>18}  (what knowing demand before signing would save)",
        usd(u.expected_value_of_perfect_information)
    );
    let _ = writeln!(
        out,
        "  (* allocations, fleet and cost splits below are this scenario's)"
    );
}

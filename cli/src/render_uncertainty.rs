//! The demand-scenario part of `capmix plan`'s and `capmix explain`'s tables: the risk
//! measure, one row per demand scenario (probability, cost, regret, shortfall, idle
//! commitment, on-demand and spot spend, what it would commit alone), the shared
//! commitments, the scenario they are sized to, and the VSS and EVPI lines.

use crate::grid::{Align::Left, Align::Right, Grid};
use crate::render::{num as units, usd};
use capmix::document::Uncertainty;
use capmix::text::escape;
use std::fmt::Write;

/// The scenario table of a plan's `uncertainty` (of `plan` and of `explain`), empty without
/// demand scenarios.
pub(crate) fn table(out: &mut String, uncertainty: Option<&Uncertainty>) {
    let Some(u) = uncertainty else {
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
    let mut g = Grid::new(&[
        ("scenario", Left),
        ("prob.", Right),
        ("cost", Right),
        ("regret", Right),
        ("shortfall", Right),
        ("idle commit", Right),
        ("on-demand+spot", Right),
        ("commits alone (units)", Right),
        ("", Left),
    ]);
    for s in &u.scenarios {
        let mark = if s.name == u.shown_scenario { "*" } else { "" };
        g.row([
            escape(&s.name).into_owned(),
            format!("{:.1}%", 100.0 * s.probability),
            usd(s.objective),
            usd(s.regret),
            format!("{:.0}", s.shortfall),
            usd(s.idle_commitment_usd),
            usd(s.flexible_usd),
            format!(
                "{} ({})",
                units(s.commitment_units_alone),
                usd(s.commitment_usd_alone)
            ),
            mark.to_string(),
        ]);
    }
    g.write(out);
    lines(out, u);
}

fn lines(out: &mut String, u: &Uncertainty) {
    let _ = writeln!(
        out,
        "  the plan commits  {:>18}  ({} units, shared by every scenario; each scenario's own choice is above)",
        usd(u.commitment_usd),
        units(u.commitment_units)
    );
    if let Some(k) = &u.sizing_scenario {
        let _ = writeln!(
            out,
            "  sized to          {:>18}  (the scenario that uses every committed unit and buys least beyond them)",
            escape(k)
        );
    }
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
        "  (* the allocations, fleet and cost splits shown are this scenario's)"
    );
}

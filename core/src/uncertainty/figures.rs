//! The plan document of a two-stage plan: the risk measure's value, each scenario's cost,
//! regret and shortfall, the value of the stochastic solution (VSS) and of perfect
//! information (EVPI). Every figure is read from the scenarios' verified plans, not from the
//! solver's objective (USD over the horizon throughout).

use super::{spec, Block};
use crate::document::{Plan, ScenarioOutcome, Status, Uncertainty, Verification};
use crate::expand::Expanded;
use crate::formulate::{formulate, Lp, VarKind};
use crate::options::{Deadline, PlanOptions};
use crate::scenario::Risk;
use crate::solve::two_stage::{solve_stacked, with_commitments_fixed, Stacked};
use crate::validate::validate_with;
use crate::Error;
use std::collections::HashMap;

/// What the document is assembled from.
pub(super) struct Inputs<'a> {
    pub expanded: &'a Expanded,
    pub blocks: &'a [Block],
    /// `plans[s]`: demand scenario s's plan under the shared commitments.
    pub plans: &'a [Plan],
    pub verifications: &'a [Verification],
    /// best_s: scenario s's objective planned alone.
    pub best: &'a [f64],
    /// Units and contract value (USD) of the commitments scenario s signs planned alone.
    pub alone_commitments: &'a [(f64, f64)],
    pub risk: Risk,
    pub integer: bool,
    /// The single-routing choice every block was planned with (the mean-demand plan too).
    pub choice: &'a [Option<usize>],
    pub options: &'a PlanOptions,
    pub deadline: &'a Deadline,
}

/// The value of `risk` over `costs` with probabilities `p` (`best` for regret).
pub(crate) fn measure(risk: Risk, costs: &[f64], p: &[f64], best: &[f64]) -> f64 {
    let max = |it: &mut dyn Iterator<Item = f64>| it.fold(f64::NEG_INFINITY, f64::max);
    match risk {
        Risk::Expected => costs.iter().zip(p).map(|(c, p)| c * p).sum(),
        Risk::WorstCase => max(&mut costs.iter().copied()),
        Risk::Regret => max(&mut costs.iter().zip(best).map(|(c, b)| c - b)),
        // Rockafellar–Uryasev: the minimum over η of η + E[(cost − η)+]/(1 − α) is reached
        // at one of the costs (the α-quantile), so trying each is exact.
        Risk::Cvar(alpha) => costs
            .iter()
            .map(|&eta| {
                let tail: f64 = costs
                    .iter()
                    .zip(p)
                    .map(|(c, p)| p * (c - eta).max(0.0))
                    .sum();
                eta + tail / (1.0 - alpha)
            })
            .fold(f64::INFINITY, f64::min),
    }
}

/// The top-level plan: the shown scenario's body, the expected spend, the measure's value
/// and `uncertainty`; verification gathers every scenario's and the document's own.
pub(super) fn document(i: &Inputs<'_>, solved: &Stacked, stacked: &Lp) -> Result<Plan, Error> {
    let names = i.expanded.demand_scenario_names();
    let p: Vec<f64> = names.iter().map(|(_, p)| *p).collect();
    let objective = |pl: &Plan| pl.objective.unwrap_or(0.0);
    let costs: Vec<f64> = i.plans.iter().map(objective).collect();
    let spend: f64 = i
        .plans
        .iter()
        .zip(&p)
        .map(|(pl, p)| p * pl.total_cost.unwrap_or(0.0))
        .sum();
    let expected: f64 = costs.iter().zip(&p).map(|(c, p)| c * p).sum();
    let value = measure(i.risk, &costs, &p, i.best);
    let periods = i.plans[0].periods.len();
    let scenarios: Vec<ScenarioOutcome> = names
        .iter()
        .zip(i.plans)
        .zip(i.best.iter().zip(i.verifications))
        .zip(i.alone_commitments)
        .zip(i.blocks)
        .map(
            |(((((name, prob), pl), (&best, v)), &(units_alone, usd_alone)), block)| {
                ScenarioOutcome {
                    name: name.clone(),
                    probability: *prob,
                    total_cost: pl.total_cost.unwrap_or(0.0),
                    objective: objective(pl),
                    best_objective: best,
                    regret: objective(pl) - best,
                    // `+ 0.0`: an empty sum is −0.0.
                    shortfall: pl
                        .achieved
                        .shortfall
                        .iter()
                        .map(|s| s.work_units)
                        .sum::<f64>()
                        + 0.0,
                    verified: v.passed,
                    commitment_units_alone: units_alone,
                    commitment_usd_alone: usd_alone,
                    idle_commitment_usd: pl
                        .costs
                        .by_workload
                        .get(crate::document::IDLE_COMMITMENT)
                        .copied()
                        .unwrap_or(0.0),
                    flexible_usd: ["on_demand", "spot"]
                        .iter()
                        .filter_map(|k| pl.costs.by_purchase.get(*k))
                        .sum::<f64>()
                        + 0.0,
                    chips_by_period: peak_chips(pl, periods, |_| true),
                    demand_by_period: block
                        .model
                        .workloads
                        .iter()
                        .filter(|w| w.is_serving())
                        .map(|w| (w.id.clone(), w.demand.clone()))
                        .collect(),
                }
            },
        )
        .collect();
    // The commitments are shared: every scenario's plan holds the same ones.
    let (commitment_units, commitment_usd) = crate::document::committed(&i.plans[0].commitments);
    let shown = (0..p.len()).fold(0, |b, s| if p[s] > p[b] { s } else { b });
    let mut notes = solved.notes.clone();
    let vss = if i.risk == Risk::Expected {
        value_of_stochastic_solution(i, &p, expected, &mut notes)?
    } else {
        None
    };
    let evpi = expected - i.best.iter().zip(&p).map(|(b, p)| b * p).sum::<f64>();
    let mut plan = i.plans[shown].clone();
    plan.total_cost = Some(spend);
    plan.objective = Some(value);
    plan.lp_bound = solved.bound;
    plan.gap = solved.bound.map(|b| crate::solve::relative_gap(value, b));
    plan.method = solved.method.to_string();
    plan.status = solved.status;
    plan.model_size.variables = stacked.vars.len();
    plan.model_size.integer_variables = stacked.vars.iter().filter(|v| v.integer).count();
    plan.model_size.constraints = stacked.rows.len();
    notes.push(format!(
        "{} demand scenarios share the commitments; allocations, fleet and costs shown are those of `{}`",
        names.len(),
        names[shown].0
    ));
    plan.notes = notes;
    plan.uncertainty = Some(Uncertainty {
        risk: match i.risk {
            Risk::Expected => "expected",
            Risk::WorstCase => "worst_case",
            Risk::Regret => "regret",
            Risk::Cvar(_) => "cvar",
        }
        .into(),
        cvar_level: match i.risk {
            Risk::Cvar(a) => Some(a),
            _ => None,
        },
        expected_cost: expected,
        worst_case_cost: costs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        shown_scenario: names[shown].0.clone(),
        value_of_stochastic_solution: vss,
        expected_value_of_perfect_information: evpi,
        sizing_scenario: sizing(&scenarios, i.plans[0].costs.by_purchase.get("commit")),
        committed_chips_by_period: peak_chips(&i.plans[0], periods, |f| f.purchase == "commit"),
        scenarios,
        commitment_units,
        commitment_usd,
    });
    let own = crate::verify::verify_valid(i.expanded, &plan);
    let verification = gather(&names, i.verifications, &own, &p);
    if !verification.passed {
        plan.notes.push(format!(
            "independent verification failed (largest relative violation {:.3e}); the numbers are not trustworthy",
            verification.max_violation
        ));
        plan.status = Status::VerificationFailed;
    }
    plan.verification = Some(verification);
    Ok(plan)
}

/// Chips of the fleet entries `keep` selects in each period's busiest segment.
fn peak_chips(
    plan: &Plan,
    periods: usize,
    keep: impl Fn(&crate::document::FleetEntry) -> bool,
) -> Vec<f64> {
    let mut by: HashMap<(usize, &str), f64> = HashMap::new();
    for f in plan.fleet.iter().filter(|f| keep(f)) {
        *by.entry((f.period, f.segment.as_str())).or_default() += f.chips;
    }
    (1..=periods)
        .map(|t| {
            by.iter()
                .filter(|((p, _), _)| *p == t)
                .map(|(_, c)| *c)
                .fold(0.0, f64::max)
        })
        .collect()
}

/// The scenario the commitments are sized to (see [`Uncertainty::sizing_scenario`]);
/// `commit_usd`: the commitments' cost in the horizon, the same in every scenario.
fn sizing(scenarios: &[ScenarioOutcome], commit_usd: Option<&f64>) -> Option<String> {
    let commit_usd = *commit_usd.filter(|c| **c > 0.0)?;
    scenarios
        .iter()
        .filter(|s| s.uses_every_commitment(commit_usd))
        .min_by(|a, b| a.flexible_usd.total_cmp(&b.flexible_usd))
        .map(|s| s.name.clone())
}

/// Every scenario's verification and the document's, as one.
fn gather(
    names: &[(String, f64)],
    each: &[Verification],
    own: &Verification,
    p: &[f64],
) -> Verification {
    let mut all = Verification {
        passed: own.passed,
        checks: own.checks,
        max_violation: own.max_violation,
        recomputed_total_cost: 0.0,
        violations: own.violations.clone(),
    };
    for ((name, _), (v, p)) in names.iter().zip(each.iter().zip(p)) {
        all.passed &= v.passed;
        all.checks += v.checks;
        all.max_violation = all.max_violation.max(v.max_violation);
        all.recomputed_total_cost += p * v.recomputed_total_cost;
        all.violations.extend(
            v.violations
                .iter()
                .map(|m| format!("scenario `{name}`: {m}")),
        );
    }
    all.violations.truncate(20);
    all
}

/// VSS: the commitments of the mean-demand plan, each scenario's recourse re-solved with
/// them fixed, the expected objective of that minus `expected` (USD). `None` (with a note)
/// when the mean-demand problem or a scenario under its commitments has no plan.
fn value_of_stochastic_solution(
    i: &Inputs<'_>,
    p: &[f64],
    expected: f64,
    notes: &mut Vec<String>,
) -> Result<Option<f64>, Error> {
    let mean = i.expanded.mean_variant();
    let model = validate_with(&mean, &i.options.limits, i.deadline)?;
    let f = formulate(&model, &spec(i.integer, i.choice, i.deadline));
    let ev = solve_stacked(&model, &f.lp, i.integer, i.options, i.deadline)?;
    let Some(x) = ev.values else {
        notes.push(
            "no value of the stochastic solution: the mean-demand problem has no plan".into(),
        );
        return Ok(None);
    };
    let signed: HashMap<(usize, usize), f64> =
        f.lp.vars
            .iter()
            .zip(&x)
            .filter_map(|(v, &x)| match v.kind {
                VarKind::Sign { o, s } => Some(((o, s), x)),
                _ => None,
            })
            .collect();
    let mut total = 0.0;
    for ((b, p), (name, _)) in i
        .blocks
        .iter()
        .zip(p)
        .zip(i.expanded.demand_scenario_names())
    {
        let lp =
            with_commitments_fixed(&b.f.lp, |o, s| signed.get(&(o, s)).copied().unwrap_or(0.0));
        let r = solve_stacked(&b.model, &lp, i.integer, i.options, i.deadline)?;
        let Some(o) = r.objective else {
            notes.push(format!(
                "no value of the stochastic solution: the mean-demand commitments leave scenario `{name}` without a plan"
            ));
            return Ok(None);
        };
        total += p * o;
    }
    Ok(Some(total - expected))
}

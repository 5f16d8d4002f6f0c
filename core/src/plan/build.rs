//! Solution values → plan document.

use super::{achieved, costs, shadow};
use crate::document::{
    Allocation, Commitment, FleetEntry, ModelSize, PeriodInfo, Plan, Shortfall, Status,
    SCHEMA_VERSION,
};
use crate::formulate::VarKind;
use crate::model::Model;
use crate::options::PlanOptions;
use crate::solve::dust::EPS;
use crate::solve::Solution;

/// Unmet demand of workload `w`: rate in (t, k) for serving, work for batch (`None`).
pub(crate) type Unmet = (usize, Option<(usize, usize)>, f64);

/// Solution values arranged by meaning, shared by the cost, achieved and shadow stages.
pub(crate) struct Values {
    /// x per (w, o, t, k), only positive entries, in formulation order.
    pub alloc: Vec<(usize, usize, usize, usize, f64)>,
    /// Units used per offering, period, segment: Σ_w x.
    pub used: Vec<Vec<Vec<f64>>>,
    /// Paid units per offering, period, segment (on-demand/spot running; commit active).
    pub paid: Vec<Vec<Vec<f64>>>,
    /// New commit units per offering and signing period.
    pub signed: Vec<Vec<f64>>,
    /// Unmet serving rate per (w, t, k) and unmet batch work per w.
    pub short: Vec<Unmet>,
}

fn arrange(model: &Model, solution: &Solution, values: &[f64]) -> Values {
    let (no, nt, nk) = (model.offerings.len(), model.periods(), model.segments.len());
    let mut v = Values {
        alloc: Vec::new(),
        used: vec![vec![vec![0.0; nk]; nt]; no],
        paid: vec![vec![vec![0.0; nk]; nt]; no],
        signed: vec![vec![0.0; nt]; no],
        short: Vec::new(),
    };
    let mut fleet_vars = false;
    for (var, &value) in solution.formulation.lp.vars.iter().zip(values) {
        match var.kind {
            VarKind::Alloc { w, o, t, k } if value > 0.0 => {
                v.alloc.push((w, o, t, k, value));
                v.used[o][t][k] += value;
            }
            VarKind::Fleet { o, t, k } => {
                fleet_vars = true;
                v.paid[o][t][k] = value;
            }
            VarKind::Sign { o, s } => v.signed[o][s] = value,
            VarKind::Short { w, t, k } if value > 0.0 => v.short.push((w, Some((t, k)), value)),
            VarKind::ShortBatch { w } if value > 0.0 => v.short.push((w, None, value)),
            _ => {}
        }
    }
    for (o, off) in model.offerings.iter().enumerate() {
        for t in 0..nt {
            let active = off.is_commit().then(|| {
                off.existing[t]
                    + model
                        .active_signings(o, t)
                        .map(|s| v.signed[o][s])
                        .sum::<f64>()
            });
            for k in 0..nk {
                match active {
                    Some(a) => v.paid[o][t][k] = a,
                    None if !fleet_vars => v.paid[o][t][k] = v.used[o][t][k],
                    None => {}
                }
            }
        }
    }
    v
}

pub(crate) fn build(model: &Model, solution: &Solution, options: &PlanOptions) -> Plan {
    let lp = &solution.formulation.lp;
    let mut plan = Plan {
        schema_version: SCHEMA_VERSION,
        scenario: model.name.clone(),
        status: solution.status,
        solver: options.solver.resolve().as_str().into(),
        method: solution.method.into(),
        integer_units: options.integer.unwrap_or(model.policy.integer_units),
        total_cost: None,
        objective: None,
        lp_bound: solution.bound,
        gap: None,
        relaxation_objective: solution.relaxation,
        whole_units_premium: None,
        periods: (0..model.periods())
            .map(|t| PeriodInfo {
                period: t + 1,
                label: model.labels[t].clone(),
                hours: model.hours[t],
            })
            .collect(),
        costs: Default::default(),
        allocations: Vec::new(),
        commitments: Vec::new(),
        fleet: Vec::new(),
        achieved: Default::default(),
        shadow_prices: None,
        verification: None,
        model_size: ModelSize {
            variables: lp.vars.len(),
            integer_variables: lp.vars.iter().filter(|v| v.integer).count(),
            constraints: lp.rows.len(),
        },
        notes: solution.notes.clone(),
        diagnosis: None,
        throughput_sources: Vec::new(),
        uncertainty: None,
        solve_seconds: 0.0,
    };
    let Some(values) = &solution.values else {
        return plan;
    };
    let v = arrange(model, solution, values);
    plan.costs = costs::costs(model, &v);
    let total = plan.costs.by_period.iter().sum::<f64>()
        + if plan.costs.beyond_horizon_charged {
            plan.costs.beyond_horizon
        } else {
            0.0
        };
    plan.total_cost = Some(total);
    let objective = total + plan.costs.shortfall_penalty;
    plan.objective = Some(objective);
    plan.gap = solution.bound.map(|b| {
        if objective.abs() > f64::MIN_POSITIVE {
            ((objective - b) / objective.abs()).max(0.0)
        } else {
            0.0
        }
    });
    plan.whole_units_premium = solution
        .relaxation
        .filter(|r| r.abs() > f64::MIN_POSITIVE)
        .map(|r| (objective - r) / r.abs());
    plan.allocations = allocations(model, &v);
    plan.commitments = commitments(model, &v);
    plan.fleet = fleet(model, &v);
    plan.achieved = achieved::achieved(model, &v);
    plan.achieved.shortfall = shortfall(model, &v);
    if let (Some(duals), Some(obj)) = (&solution.duals, solution.dual_objective) {
        if matches!(plan.status, Status::Optimal | Status::Feasible) {
            let mut prices = shadow::shadow_prices(model, lp, duals, obj);
            prices.whole_units_fixed = solution.duals_with_units_fixed;
            plan.shadow_prices = Some(prices);
        }
    }
    plan
}

fn allocations(model: &Model, v: &Values) -> Vec<Allocation> {
    v.alloc
        .iter()
        .map(|&(w, o, t, k, units)| {
            let off = &model.offerings[o];
            let gain = model.workloads[w].gain(o);
            Allocation {
                period: t + 1,
                segment: model.segments[k].name.clone(),
                workload: model.workloads[w].id.clone(),
                offering: off.id.clone(),
                provider: model.providers[off.provider].id.clone(),
                region: off.region.clone(),
                accelerator: off.accelerator.clone(),
                purchase: off.purchase.as_str().into(),
                units,
                chips: units * off.chips,
                delivered_rate: units * gain,
                cost_per_hour: units * off.price,
            }
        })
        .collect()
}

fn commitments(model: &Model, v: &Values) -> Vec<Commitment> {
    let mut out = Vec::new();
    for (o, off) in model.offerings.iter().enumerate() {
        for (s, &units) in v.signed[o].iter().enumerate() {
            if units <= EPS {
                continue;
            }
            let end = model.commit_end(o, s);
            let inside: f64 = model.hours
                [(s + off.lead).min(model.periods())..end.min(model.periods())]
                .iter()
                .sum();
            out.push(Commitment {
                offering: off.id.clone(),
                provider: model.providers[off.provider].id.clone(),
                accelerator: off.accelerator.clone(),
                period: s + 1,
                units,
                term_periods: off.term,
                lead_periods: off.lead,
                first_active_period: s + off.lead + 1,
                last_active_period: end,
                cost_in_horizon: units * off.price * inside,
                cost_beyond_horizon: units * model.beyond_cost(o, s),
            });
        }
    }
    out
}

fn fleet(model: &Model, v: &Values) -> Vec<FleetEntry> {
    let mut out = Vec::new();
    for t in 0..model.periods() {
        for (k, seg) in model.segments.iter().enumerate() {
            for (o, off) in model.offerings.iter().enumerate() {
                let units = v.paid[o][t][k];
                if units <= EPS {
                    continue;
                }
                out.push(FleetEntry {
                    period: t + 1,
                    segment: seg.name.clone(),
                    offering: off.id.clone(),
                    provider: model.providers[off.provider].id.clone(),
                    accelerator: off.accelerator.clone(),
                    purchase: off.purchase.as_str().into(),
                    units,
                    chips: units * off.chips,
                    used_units: v.used[o][t][k],
                });
            }
        }
    }
    out
}

fn shortfall(model: &Model, v: &Values) -> Vec<Shortfall> {
    v.short
        .iter()
        .map(|&(w, at, amount)| {
            let wl = &model.workloads[w];
            let penalty = wl.penalty.unwrap_or(0.0);
            match at {
                Some((t, k)) => {
                    let work = amount * model.seg_hours(t, k);
                    Shortfall {
                        workload: wl.id.clone(),
                        period: t + 1,
                        segment: Some(model.segments[k].name.clone()),
                        work_units: work,
                        penalty: work * penalty,
                    }
                }
                None => Shortfall {
                    workload: wl.id.clone(),
                    period: wl.window.1 + 1,
                    segment: None,
                    work_units: amount,
                    penalty: amount * penalty,
                },
            }
        })
        .collect()
}

//! The two-stage program of uncertain demand (contract §2, demand scenarios).
//!
//! The scenario dimension is added by *composition*, not by a scenario index on every
//! family: each demand scenario s is formulated on its own (its own [`Model`], in which that
//! scenario's demand is the demand, so every family builds its rows unchanged: demand,
//! capacity, every policy row, the budget), and the blocks are stacked into one program.
//! The first-stage columns, the commitments signed (`VarKind::Sign { o, s }`), are merged:
//! every block's column of commitment (o, s) is the same column of the stacked program, so
//! commitments are decided once, before demand is known. Every other column (allocations,
//! on-demand/spot fleets, shortfall, routing) is the block's own: the recourse of scenario s.
//! [`TwoStage::columns`] maps each block's column back, so each scenario's point can be read
//! as a point of its own program (plan building and verification stay per scenario).
//!
//! cost_s (USD) = block s's objective: spend plus shortfall penalties, with its constant.
//! The stacked objective is the risk measure of the costs (π_s the probabilities):
//! - expected: Σ_s π_s cost_s (costs summed into the columns, shared columns accumulate);
//! - worst case: min τ with τ ≥ cost_s for every s (epigraph column `VarKind::Risk`);
//! - regret: min τ with τ ≥ cost_s − best_s, best_s scenario s's optimum planned alone;
//! - CVaR_α (Rockafellar–Uryasev): min η + 1/(1−α) Σ_s π_s z_s, z_s ≥ cost_s − η, z_s ≥ 0
//!   (η = `VarKind::Risk`, z_s = `VarKind::Excess`). η ≥ 0 is no restriction: costs are ≥ 0,
//!   and some optimal η is one of them.
//!
//! The risk rows are `RowKind::Risk` (no family: they are not a policy, and the verifier
//! recomputes every scenario's cost from its plan instead).

use super::{At, Lp, RowKind, Sense, Tag, Var, VarKind};
use crate::scenario::Risk;
use std::collections::HashMap;

/// The stacked program and how to read it per scenario.
#[derive(Debug, Clone)]
pub(crate) struct TwoStage {
    pub lp: Lp,
    /// `columns[s][j]`: the stacked column of block s's column j.
    pub columns: Vec<Vec<usize>>,
}

impl TwoStage {
    /// Block s's point of a stacked point `x`.
    pub fn block_values(&self, s: usize, x: &[f64]) -> Vec<f64> {
        self.columns[s].iter().map(|&j| x[j]).collect()
    }
}

/// Stacks `blocks` (one program per demand scenario, in scenario order) under `risk`;
/// `probabilities[s]` is π_s and `best[s]` scenario s's optimum alone (read by `regret`
/// only).
pub(crate) fn stack(blocks: &[&Lp], probabilities: &[f64], risk: Risk, best: &[f64]) -> TwoStage {
    let mut lp = Lp::default();
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    let mut columns = Vec::with_capacity(blocks.len());
    // cost_s as terms over stacked columns (shared columns appear in every block's cost).
    let mut costs: Vec<Vec<(usize, f64)>> = Vec::with_capacity(blocks.len());
    for block in blocks {
        let mut cols = Vec::with_capacity(block.vars.len());
        for v in &block.vars {
            let new = |lp: &mut Lp| {
                lp.vars.push(Var {
                    cost: 0.0,
                    ..v.clone()
                });
                lp.vars.len() - 1
            };
            let j = match v.kind {
                VarKind::Sign { o, s } => match shared.get(&(o, s)) {
                    Some(&j) => {
                        // The same commitment in every block: same cap, the tighter if not.
                        lp.vars[j].ub = lp.vars[j].ub.min(v.ub);
                        j
                    }
                    None => {
                        let j = new(&mut lp);
                        shared.insert((o, s), j);
                        j
                    }
                },
                _ => new(&mut lp),
            };
            cols.push(j);
        }
        for r in &block.rows {
            let coefs = r.coefs.iter().map(|&(j, a)| (cols[j], a)).collect();
            lp.add_row(coefs, r.sense, r.rhs, r.tag);
        }
        lp.unsatisfiable.extend(block.unsatisfiable.iter().cloned());
        if lp.trivially_infeasible.is_none() {
            lp.trivially_infeasible = block.trivially_infeasible;
        }
        lp.stopped |= block.stopped;
        costs.push(
            block
                .vars
                .iter()
                .enumerate()
                .filter(|(_, v)| v.cost != 0.0)
                .map(|(j, v)| (cols[j], v.cost))
                .collect(),
        );
        columns.push(cols);
    }
    let constants: Vec<f64> = blocks.iter().map(|b| b.constant).collect();
    match risk {
        Risk::Expected => {
            for (s, terms) in costs.iter().enumerate() {
                for &(j, c) in terms {
                    lp.vars[j].cost += probabilities[s] * c;
                }
            }
            lp.constant = probabilities
                .iter()
                .zip(&constants)
                .map(|(p, c)| p * c)
                .sum();
        }
        Risk::WorstCase | Risk::Regret => {
            let tau = lp.add_var(VarKind::Risk, 1.0, f64::INFINITY, false);
            for (s, terms) in costs.iter().enumerate() {
                let offset = if risk == Risk::Regret { best[s] } else { 0.0 };
                epigraph(&mut lp, s, tau, None, terms, constants[s] - offset);
            }
        }
        Risk::Cvar(alpha) => {
            let eta = lp.add_var(VarKind::Risk, 1.0, f64::INFINITY, false);
            for (s, terms) in costs.iter().enumerate() {
                let weight = probabilities[s] / (1.0 - alpha);
                let z = lp.add_var(VarKind::Excess { sc: s }, weight, f64::INFINITY, false);
                epigraph(&mut lp, s, eta, Some(z), terms, constants[s]);
            }
        }
    }
    TwoStage { lp, columns }
}

/// The row τ (+ z) − Σ c·x ≥ `rhs` of scenario `s`: τ (+ z) holds cost_s minus `rhs`'s
/// offset (USD).
fn epigraph(lp: &mut Lp, s: usize, tau: usize, z: Option<usize>, terms: &[(usize, f64)], rhs: f64) {
    let mut coefs: Vec<(usize, f64)> = vec![(tau, 1.0)];
    coefs.extend(z.map(|z| (z, 1.0)));
    let mut merged: HashMap<usize, f64> = HashMap::new();
    for &(j, c) in terms {
        *merged.entry(j).or_insert(0.0) -= c;
    }
    let mut rest: Vec<(usize, f64)> = merged.into_iter().filter(|(_, c)| *c != 0.0).collect();
    rest.sort_unstable_by_key(|&(j, _)| j);
    coefs.extend(rest);
    let at = At {
        g: Some(s),
        ..At::default()
    };
    lp.add_row(coefs, Sense::Ge, rhs, Tag::new(RowKind::Risk, at));
}

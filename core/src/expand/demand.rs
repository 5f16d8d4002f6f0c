//! The demand of one demand scenario as a plain scenario: the rooms after expansion plan
//! uncertain demand one scenario at a time, so each scenario becomes a deterministic
//! scenario (the same offerings, policy and existing commitments; that scenario's demand
//! as explicit series and totals). Validation, formulation and the verifier then read it
//! like any other scenario.

use super::Expanded;
use crate::scenario::{Demand, Risk, Scenario, WorkloadKind};

/// Serving demand of `d` over `periods` periods (work units per hour); an explicit series as
/// given (validation checks its length).
pub(crate) fn series(d: &Demand, periods: usize) -> Vec<f64> {
    match d {
        Demand::Series(v) => v.clone(),
        Demand::Growth { start, growth } => (0..periods)
            .map(|t| start * (1.0 + growth).powi(i32::try_from(t).unwrap_or(i32::MAX)))
            .collect(),
    }
}

impl Expanded {
    /// Whether the scenario has uncertain demand.
    pub fn has_demand_scenarios(&self) -> bool {
        !self.scenario.demand_scenarios.is_empty()
    }

    /// Names and probabilities of the demand scenarios, in file order.
    pub fn demand_scenario_names(&self) -> Vec<(String, f64)> {
        self.scenario
            .demand_scenarios
            .iter()
            .map(|d| (d.name.clone(), d.probability))
            .collect()
    }

    /// The deterministic scenario in which demand scenario `i` comes true (`None` when there
    /// is no such scenario).
    pub fn demand_variant(&self, i: usize) -> Option<Expanded> {
        let d = self.scenario.demand_scenarios.get(i)?;
        let periods = self.scenario.horizon.periods as usize;
        Some(self.deterministic(|w| {
            if let Some(s) = d.demand.get(&w.id) {
                return (Some(s.clone()), w.total);
            }
            let f = d.factor(&w.id);
            let demand = w
                .demand
                .as_ref()
                .map(|x| series(x, periods).iter().map(|v| v * f).collect());
            (demand, w.total.map(|t| t * f))
        }))
    }

    /// The deterministic scenario of the probability-weighted mean demand (per workload and
    /// period for serving, per workload for batch totals): the "expected value" problem whose
    /// commitments the value of the stochastic solution is measured against.
    pub fn mean_variant(&self) -> Expanded {
        let variants: Vec<(f64, Scenario)> = (0..self.scenario.demand_scenarios.len())
            .filter_map(|i| {
                let p = self.scenario.demand_scenarios[i].probability;
                self.demand_variant(i).map(|v| (p, v.scenario))
            })
            .collect();
        let periods = self.scenario.horizon.periods as usize;
        let mean = |w: usize| {
            let mut demand: Option<Vec<f64>> = None;
            let mut total: Option<f64> = None;
            for (p, s) in &variants {
                let wl = &s.workloads[w];
                if let Some(d) = &wl.demand {
                    let acc = demand.get_or_insert_with(|| vec![0.0; periods]);
                    for (a, v) in acc.iter_mut().zip(series(d, periods)) {
                        *a += p * v;
                    }
                }
                if let Some(t) = wl.total {
                    *total.get_or_insert(0.0) += p * t;
                }
            }
            (demand, total)
        };
        let mut index = 0;
        self.deterministic(|_| {
            let m = mean(index);
            index += 1;
            m
        })
    }

    /// This scenario without demand scenarios, each workload's (serving series, batch total)
    /// given by `demand` (called once per workload, in order).
    fn deterministic(
        &self,
        mut demand: impl FnMut(&crate::scenario::Workload) -> (Option<Vec<f64>>, Option<f64>),
    ) -> Expanded {
        let mut s = self.scenario.clone();
        s.demand_scenarios.clear();
        s.demand_growth = None;
        s.policy.risk = Risk::Expected;
        for w in &mut s.workloads {
            let (series, total) = demand(w);
            if w.kind == WorkloadKind::Serving {
                w.demand = series.map(Demand::Series);
            }
            w.total = total;
        }
        Expanded { scenario: s }
    }
}

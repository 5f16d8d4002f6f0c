//! A planning session: one scenario, prepared once, edited by parameter paths, planned and
//! explained without repeating work. The door of an interactive surface (the calculator)
//! holds one: a control change is one edit and at most one solve of the base plan, and the
//! explanation reuses that plan.

use crate::document::Plan;
use crate::expand::Expanded;
use crate::explain::{explain_plan, EditValue, ExplainOptions, Explanation};
use crate::model::Model;
use crate::options::{Deadline, PlanOptions};
use crate::pipeline::{plan_prepared, prepare};
use crate::scenario::Scenario;
use crate::validate::validate_with;
use crate::Error;

/// A prepared scenario, its current edits and its last plan.
#[derive(Debug, Clone)]
pub struct Session {
    /// The scenario as given, expanded: every edit applies to it afresh.
    base: Expanded,
    options: PlanOptions,
    edits: Vec<(String, EditValue)>,
    current: Expanded,
    model: Model,
    plan: Option<Plan>,
    solves: usize,
}

impl Session {
    /// Expands and validates `scenario` under `options` (its limits and solver).
    pub fn new(scenario: &Scenario, options: PlanOptions) -> Result<Session, Error> {
        options.check()?;
        let (base, model) = prepare(scenario, &options, &Deadline::none())?;
        Ok(Session {
            current: base.clone(),
            base,
            options,
            edits: Vec::new(),
            model,
            plan: None,
            solves: 0,
        })
    }

    /// Replaces the edits: each `(path, value)` is a parameter path of
    /// [`param_forms`](crate::explain::param_forms) (`*` as the id writes every item of its
    /// section, e.g. `workloads.*.demand_scale`), applied in order to the scenario as given;
    /// a name is the value of `workloads.<id>.model` or `.precision` (the throughputs of a
    /// served model are estimated again). On an error (a bad path, an invalid result) the
    /// session keeps its previous edits.
    pub fn set_edits<V: Into<EditValue>>(&mut self, edits: Vec<(String, V)>) -> Result<(), Error> {
        let edits: Vec<(String, EditValue)> =
            edits.into_iter().map(|(p, v)| (p, v.into())).collect();
        if edits == self.edits {
            return Ok(());
        }
        let edited = crate::explain::apply_edits(self.base.scenario(), &edits)?;
        let current = Expanded::from_edited(edited);
        let model = validate_with(&current, &self.options.limits, &Deadline::none())?;
        self.current = current;
        self.model = model;
        self.edits = edits;
        self.plan = None;
        Ok(())
    }

    /// Replaces the planning options (the plan is made again when they differ).
    pub fn set_options(&mut self, options: PlanOptions) -> Result<(), Error> {
        options.check()?;
        if options != self.options {
            self.model = validate_with(&self.current, &options.limits, &Deadline::none())?;
            self.options = options;
            self.plan = None;
        }
        Ok(())
    }

    /// The plan of the edited scenario: solved on the first call after a change, then kept.
    /// `options.time_limit` bounds the solve.
    pub fn plan(&mut self) -> Result<&Plan, Error> {
        if self.plan.is_none() {
            let deadline = Deadline::after(self.options.time_limit);
            let p = plan_prepared(
                &self.current,
                &self.model,
                &self.options,
                &deadline,
                &mut |_| {},
            )?;
            self.solves += 1;
            self.plan = Some(p);
        }
        match &self.plan {
            Some(p) => Ok(p),
            None => Err(Error::Solver("the session has no plan".into())),
        }
    }

    /// The explanation of the plan (made first if needed): only the variants are solved.
    /// `options.plan` is ignored (the session's options apply); its time limit bounds the
    /// explanation's variants.
    pub fn explain(&mut self, options: &ExplainOptions) -> Result<Explanation, Error> {
        self.plan()?;
        let plan = self
            .plan
            .clone()
            .ok_or_else(|| Error::Solver("no plan".into()))?;
        let o = ExplainOptions {
            plan: self.options.clone(),
            ..options.clone()
        };
        let deadline = Deadline::after(self.options.time_limit);
        explain_plan(&self.current, &self.model, &plan, &o, &deadline)
    }

    /// One plan per value of the parameter at `path` of the edited scenario (see
    /// [`crate::sweep`]); `progress(done, total)` after each solve.
    pub fn sweep(
        &self,
        path: &str,
        values: &[f64],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<crate::Sweep, Error> {
        let o = PlanOptions {
            shadow_prices: false,
            ..self.options.clone()
        };
        crate::explain::sweep_with_progress(self.current.scenario(), path, values, &o, progress)
    }

    /// The edited scenario (plain fields only).
    pub fn scenario(&self) -> &Scenario {
        self.current.scenario()
    }

    /// The edited scenario as a file would state it: the throughputs estimated for a served
    /// `model` are left out, so that a session of it estimates them again (what a page offers
    /// to download and reload).
    pub fn scenario_to_save(&self) -> Scenario {
        crate::expand::without_estimates(self.current.scenario())
    }

    /// The current edits.
    pub fn edits(&self) -> &[(String, EditValue)] {
        &self.edits
    }

    /// Base plans solved so far (one per change of edits or options that was planned).
    pub fn solves(&self) -> usize {
        self.solves
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Offering, Workload};

    fn two() -> Scenario {
        Scenario::builder("s")
            .periods(2)
            .hours_per_period(100.0)
            .provider("a")
            .provider("b")
            .offering(Offering::on_demand("a1", "a", "r", "H100", 1.0, 10.0))
            .offering(Offering::on_demand("b1", "b", "r", "H200", 1.0, 12.0))
            .workload(
                Workload::serving("w", [10.0, 20.0])
                    .throughput("H100", 1.0)
                    .throughput("H200", 1.0),
            )
            .build_unchecked()
    }

    #[test]
    fn one_solve_per_change_and_explain_reuses_the_plan() {
        let mut s = Session::new(&two(), PlanOptions::default()).unwrap();
        let cost = s.plan().unwrap().total_cost.unwrap();
        assert!((cost - 30.0 * 100.0 * 10.0).abs() < 1e-6);
        s.explain(&ExplainOptions::default()).unwrap();
        assert_eq!(s.solves(), 1);
        s.set_edits(vec![("providers.a.enabled".into(), 0.0)])
            .unwrap();
        let cost = s.plan().unwrap().total_cost.unwrap();
        assert!((cost - 30.0 * 100.0 * 12.0).abs() < 1e-6, "{cost}");
        s.explain(&ExplainOptions::default()).unwrap();
        assert_eq!(s.solves(), 2);
        // The same edits again: nothing to solve.
        s.set_edits(vec![("providers.a.enabled".into(), 0.0)])
            .unwrap();
        s.plan().unwrap();
        assert_eq!(s.solves(), 2);
    }

    #[test]
    fn wildcards_and_bad_edits() {
        let mut s = Session::new(&two(), PlanOptions::default()).unwrap();
        s.set_edits(vec![("workloads.*.demand_scale".into(), 2.0)])
            .unwrap();
        let cost = s.plan().unwrap().total_cost.unwrap();
        assert!((cost - 60.0 * 100.0 * 10.0).abs() < 1e-6, "{cost}");
        let e = s.set_edits(vec![("accelerators.H100.enabled".into(), 0.5)]);
        assert!(e.is_err());
        assert_eq!(s.edits().len(), 1, "a failed edit keeps the previous ones");
        // Both accelerators off: no offering can serve the workload.
        let e = s.set_edits(vec![
            ("accelerators.H100.enabled".into(), 0.0),
            ("accelerators.H200.enabled".into(), 0.0),
        ]);
        assert!(matches!(e, Err(Error::Invalid(_))), "{e:?}");
    }
}

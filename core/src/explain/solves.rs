//! The explanation's re-plans: each variant of the scenario (a policy off, one provider
//! alone, no policy) is planned once, from the explained plan's basis, within a share of
//! the explanation's deadline.

use crate::document::{Diagnosis, Plan};
use crate::expand::Expanded;
use crate::options::{Deadline, PlanOptions};
use crate::parallel;
use crate::pipeline::plan_variant;
use crate::solve::basis::{self, Basis};
use crate::validate::validate_with;
use crate::{Error, Scenario};
use std::sync::Arc;

/// Re-plans with a memo: identical (scenario, options) pairs are solved once.
pub(crate) struct Solves<'d> {
    done: Vec<(Scenario, PlanOptions, Plan)>,
    count: usize,
    /// Re-plans still expected (an estimate: policy families, baselines); under a time
    /// limit each re-plan gets an equal share of the time left, so a slow whole-unit
    /// re-plan returns its best plan with its gap instead of leaving the others no time.
    expected: usize,
    /// The explanation's deadline.
    pub(crate) deadline: &'d Deadline,
    /// The basis variants start from (the explained plan's, else the first variant's).
    start: Option<Arc<Basis>>,
}

impl<'d> Solves<'d> {
    pub(crate) fn new(deadline: &'d Deadline, expected: usize) -> Solves<'d> {
        Solves {
            done: Vec::new(),
            count: 0,
            expected,
            deadline,
            start: None,
        }
    }

    /// The re-plans solved so far (memo hits not counted).
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// Records the explained plan of `s` under `options` (not counted as a re-plan), and
    /// the basis re-plans start from.
    pub(crate) fn seed(
        &mut self,
        s: Scenario,
        options: &PlanOptions,
        plan: Plan,
        start: Option<Arc<Basis>>,
    ) {
        self.start = start;
        self.done.push((s, variant_options(options), plan));
    }

    /// Plans `s`, a variant of the explained scenario made by editing its plain fields,
    /// without shadow prices and diagnosis.
    pub(crate) fn plan(&mut self, s: &Scenario, options: &PlanOptions) -> Result<Plan, Error> {
        let o = variant_options(options);
        if let Some(p) = self.memo(s, &o) {
            return Ok(p.clone());
        }
        let share = 1.0 / self.expected.saturating_sub(self.count).max(1) as f64;
        let deadline = self.deadline.share(share);
        let (plan, recorded) = solve_variant(s, &o, self.start.clone(), &deadline);
        let plan = plan?;
        self.keep(s.clone(), o, plan.clone(), recorded);
        Ok(plan)
    }

    /// The plan of `s` under `o` (options as [`variant_options`] makes them), if solved.
    fn memo(&self, s: &Scenario, o: &PlanOptions) -> Option<&Plan> {
        self.done
            .iter()
            .find(|(ds, dopt, _)| ds == s && dopt == o)
            .map(|(_, _, p)| p)
    }

    /// Remembers a solved variant, and its basis as the start of the next ones when there
    /// is none yet.
    fn keep(&mut self, s: Scenario, o: PlanOptions, plan: Plan, recorded: Option<Arc<Basis>>) {
        self.count += 1;
        if self.start.is_none() {
            self.start = recorded;
        }
        self.done.push((s, o, plan));
    }

    /// Plans `variants` ahead of the explanation's own requests, natively on all cores
    /// ([`crate::parallel`]): the later [`Solves::plan`] calls find them done. Each starts
    /// from the explained plan's basis, or without one from the basis the first variant
    /// leaves (solved alone first), so no answer depends on the number of threads.
    pub(crate) fn prefetch(&mut self, variants: Vec<(Scenario, PlanOptions)>) -> Result<(), Error> {
        let mut todo: Vec<(Scenario, PlanOptions)> = Vec::new();
        for (s, o) in variants {
            let o = variant_options(&o);
            if self.memo(&s, &o).is_none() && !todo.iter().any(|(ts, to)| *ts == s && *to == o) {
                todo.push((s, o));
            }
        }
        let mut next = 0;
        while next < todo.len() {
            // The first variant alone while there is no start basis; then all the rest.
            let size = if self.start.is_none() { 1 } else { todo.len() };
            let chunk = &todo[next..(next + size).min(todo.len())];
            // Variants solved together get together the time they would get one by one
            // (an approximation: with several threads each can use more of it).
            let remaining = self.expected.saturating_sub(self.count).max(chunk.len());
            let deadline = self.deadline.share(chunk.len() as f64 / remaining as f64);
            let start = self.start.clone();
            let solved = parallel::map(chunk, |(s, o)| {
                solve_variant(s, o, start.clone(), &deadline)
            });
            for ((s, o), (plan, recorded)) in chunk.iter().zip(solved) {
                self.keep(s.clone(), o.clone(), plan?, recorded);
            }
            next += size;
        }
        Ok(())
    }
}

/// The options every variant is planned with: the explanation's, without shadow prices
/// (a variant reports figures, not prices).
fn variant_options(options: &PlanOptions) -> PlanOptions {
    PlanOptions {
        shadow_prices: false,
        ..options.clone()
    }
}

/// Plans variant `s` (an edited scenario) from `start`, and, when there is no start, the
/// basis it leaves.
fn solve_variant(
    s: &Scenario,
    o: &PlanOptions,
    start: Option<Arc<Basis>>,
    deadline: &Deadline,
) -> (Result<Plan, Error>, Option<Arc<Basis>>) {
    let expanded = Expanded::from_edited(s.clone());
    let record = start.is_none();
    basis::scoped(start, record, || plan_variant(&expanded, o, deadline))
}

/// The diagnosis of a variant `s` (an edited expanded scenario) that has no plan.
pub(crate) fn why_infeasible(
    s: &Scenario,
    o: &PlanOptions,
    deadline: &Deadline,
) -> Result<Diagnosis, Error> {
    let expanded = Expanded::from_edited(s.clone());
    let model = validate_with(&expanded, &o.limits, deadline)?;
    crate::diagnose::diagnose_model(&expanded, &model, o, deadline, true)
}

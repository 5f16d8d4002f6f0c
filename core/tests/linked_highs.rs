//! A HiGHS linked by the host ([`capmix::link`], what the browser's Web Worker does with the
//! npm package `highs`) plans exactly as the compiled-in HiGHS: here the link is the same
//! HiGHS (the `highs` crate) behind the link's plain arrays, so any difference is the
//! link's conversion (rows, bounds, starts, bases, statuses, duals).
#![cfg(feature = "highs")]

use capmix::link::{model_status as ms, set_highs_link, HighsAnswer, HighsLink, HighsProblem};
use capmix::{explain, plan, ExplainOptions, PlanOptions, SolverKind};
use highs::{HighsModelStatus, HighsSolutionStatus, RowProblem};
use std::cell::Cell;
use std::rc::Rc;

mod common;
use common::{close, example};

/// HiGHS behind the link's arrays, counting its calls.
#[derive(Default)]
struct ArrayHighs {
    calls: Cell<usize>,
}

fn code(s: HighsModelStatus) -> i32 {
    match s {
        HighsModelStatus::Optimal => ms::OPTIMAL,
        HighsModelStatus::Infeasible => ms::INFEASIBLE,
        HighsModelStatus::UnboundedOrInfeasible => ms::UNBOUNDED_OR_INFEASIBLE,
        HighsModelStatus::Unbounded => ms::UNBOUNDED,
        HighsModelStatus::ReachedTimeLimit => ms::TIME_LIMIT,
        HighsModelStatus::ReachedIterationLimit => ms::ITERATION_LIMIT,
        HighsModelStatus::ReachedSolutionLimit => ms::SOLUTION_LIMIT,
        HighsModelStatus::ReachedInterrupt => ms::INTERRUPTED,
        _ => 4,
    }
}

impl HighsLink for ArrayHighs {
    fn solve(&self, p: &HighsProblem) -> Result<HighsAnswer, String> {
        self.calls.set(self.calls.get() + 1);
        let mut problem = RowProblem::default();
        let cols: Vec<highs::Col> = (0..p.num_cols)
            .map(|j| {
                let integer = p.integrality.as_ref().is_some_and(|v| v[j] == 1);
                problem.add_column_with_integrality(
                    p.col_cost[j],
                    p.col_lower[j]..p.col_upper[j],
                    integer,
                )
            })
            .collect();
        for i in 0..p.num_rows {
            let span = p.row_starts[i] as usize..p.row_starts[i + 1] as usize;
            let factors = span.map(|k| (cols[p.row_indices[k] as usize], p.row_values[k]));
            problem.add_row(p.row_lower[i]..=p.row_upper[i], factors);
        }
        let mut model = problem
            .try_optimise(highs::Sense::Minimise)
            .map_err(|e| format!("{e:?}"))?;
        model.set_option("threads", 1i32);
        if let Some(gap) = p.mip_rel_gap {
            model.set_option("mip_rel_gap", gap);
            model.set_option("mip_abs_gap", 0.0);
        }
        if let Some(t) = p.time_limit {
            model.set_option("time_limit", t);
        }
        if let Some(start) = &p.mip_start {
            let _ = model.try_set_solution(Some(start), None, None, None);
        }
        if let Some((cols, rows)) = &p.basis {
            let b = capmix_highs_basis::Statuses {
                cols: cols.clone(),
                rows: rows.clone(),
            };
            let _ = capmix_highs_basis::set_basis(&mut model, &b);
        }
        let solved = model.try_solve().map_err(|e| format!("{e:?}"))?;
        let feasible = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
        let solution = solved.get_solution();
        let basis = (p.want_duals && p.integrality.is_none())
            .then(|| capmix_highs_basis::basis(&solved))
            .flatten();
        Ok(HighsAnswer {
            model_status: code(solved.status()),
            primal_feasible: feasible,
            col_value: if feasible {
                solution.columns().to_vec()
            } else {
                Vec::new()
            },
            row_dual: p.want_duals.then(|| solution.dual_rows().to_vec()),
            basis: basis.map(|b| (b.cols, b.rows)),
            objective: solved.double_info_value(c"objective_function_value").ok(),
            mip_dual_bound: solved.double_info_value(c"mip_dual_bound").ok(),
        })
    }
}

/// Each example's plan (and, for the smaller ones, its explanation) through the link equals
/// the compiled-in HiGHS's: status, method, cost, bound and the policies' prices.
#[test]
fn linked_highs_plans_as_the_compiled_in_one() {
    let options = PlanOptions {
        solver: SolverKind::Auto,
        ..PlanOptions::default()
    };
    for (name, explains) in [
        ("startup-70b.toml", true),
        ("commit-vs-ondemand.toml", true),
        ("training-deadline.toml", false),
        ("uncertain-growth.toml", false),
        ("chatgpt-2025.toml", false),
    ] {
        let s = example(name);
        set_highs_link(None);
        let native = plan(&s, &options).unwrap();
        let link = Rc::new(ArrayHighs::default());
        set_highs_link(Some(link.clone()));
        let linked = plan(&s, &options).unwrap();
        assert!(link.calls.get() > 0, "{name}: the link was not called");
        assert_eq!(linked.solver, "highs", "{name}");
        assert_eq!(linked.status, native.status, "{name}");
        assert_eq!(linked.method, native.method, "{name}");
        assert!(linked.verification.as_ref().unwrap().passed, "{name}");
        let (a, b) = (linked.total_cost.unwrap(), native.total_cost.unwrap());
        assert!(close(a, b), "{name}: linked {a} vs native {b}");
        if explains {
            let eo = ExplainOptions {
                plan: options.clone(),
                ..ExplainOptions::default()
            };
            let e_linked = explain(&s, &eo).unwrap();
            set_highs_link(None);
            let e_native = explain(&s, &eo).unwrap();
            let prices = |e: &capmix::Explanation| {
                serde_json::to_value((&e.policies, &e.baselines)).unwrap()
            };
            assert_eq!(prices(&e_linked), prices(&e_native), "{name}");
        }
        set_highs_link(None);
    }
}

/// A link that fails is never a panic: a fluid program is certified by microlp instead
/// (with a note saying so), and a whole-unit plan either does the same or is a solver error
/// with the host's message.
#[test]
fn a_failing_link_falls_back_or_says_why() {
    struct Fails;
    impl HighsLink for Fails {
        fn solve(&self, _: &HighsProblem) -> Result<HighsAnswer, String> {
            Err("worker lost its module".into())
        }
    }
    let s = example("commit-vs-ondemand.toml");
    let fluid = PlanOptions {
        solver: SolverKind::Highs,
        integer: Some(false),
        ..PlanOptions::default()
    };
    set_highs_link(None);
    let micro = plan(
        &s,
        &PlanOptions {
            solver: SolverKind::Microlp,
            ..fluid.clone()
        },
    )
    .unwrap();
    set_highs_link(Some(Rc::new(Fails)));
    let p = plan(&s, &fluid).unwrap();
    assert_eq!(p.status, capmix::Status::Optimal);
    assert!(p.verification.as_ref().unwrap().passed);
    assert!(close(p.total_cost.unwrap(), micro.total_cost.unwrap()));
    assert!(
        p.notes.iter().any(|n| n.contains("microlp")),
        "{:?}",
        p.notes
    );
    let whole = PlanOptions {
        integer: Some(true),
        ..fluid
    };
    match plan(&s, &whole) {
        Ok(p) => assert!(p.verification.as_ref().unwrap().passed),
        Err(e) => assert!(e.to_string().contains("worker lost its module"), "{e}"),
    }
    set_highs_link(None);
}

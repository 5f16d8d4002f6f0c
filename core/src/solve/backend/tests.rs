use super::*;
use crate::formulate::{formulate, RoutingMode, Spec};

#[expect(
    clippy::unwrap_used,
    reason = "a test helper fails loudly on bad files"
)]
fn scenarios() -> Vec<crate::Scenario> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["examples/scenarios", "tests/fixtures"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if (name.ends_with(".toml") || name.ends_with(".json")) && name != "expected.json" {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|f| crate::Scenario::from_path(f).unwrap())
        .collect()
}

fn same(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::Optimal(x), Outcome::Optimal(y))
        | (Outcome::Feasible(x), Outcome::Feasible(y)) => {
            x.iter().zip(y).all(|(p, q)| p.to_bits() == q.to_bits()) && x.len() == y.len()
        }
        (Outcome::Infeasible, Outcome::Infeasible)
        | (Outcome::Unbounded, Outcome::Unbounded)
        | (Outcome::NoSolution, Outcome::NoSolution) => true,
        _ => false,
    }
}

/// The direct loader builds the problem good_lp builds: bit-identical values on every
/// example and fixture, for the LP, the dual program and the integer program.
#[test]
fn direct_loading_gives_the_same_results_as_good_lp() {
    let mut compared = 0;
    for scenario in scenarios() {
        let Ok(model) = crate::validate_scenario(&scenario) else {
            continue;
        };
        for integer in [false, true] {
            let spec = Spec {
                integer,
                routing: RoutingMode::Binary,
                reduce: false,
                deadline: crate::options::Deadline::none(),
            };
            let lp = formulate(&model, &spec).lp;
            // Integer programs: the relaxation, and branch and bound within a small node
            // budget (an unlimited search can run for a long time).
            let mut programs = vec![(
                lp.clone(),
                RunOptions {
                    relax: true,
                    ..RunOptions::default()
                },
            )];
            if !integer {
                if let Some((dual, _)) = crate::solve::dual::dual_program(&lp) {
                    programs.push((dual, RunOptions::default()));
                }
            } else if lp.vars.iter().filter(|v| v.integer).count() <= 60 {
                programs.push((
                    lp.clone(),
                    RunOptions {
                        node_limit: Some(500),
                        ..RunOptions::default()
                    },
                ));
            }
            for (program, opts) in programs {
                if program.trivially_infeasible.is_some() || program.rows.is_empty() {
                    continue;
                }
                let direct = direct_microlp::run(&program, opts).unwrap();
                let old = via_good_lp::run(&program, SolverKind::Microlp, opts).unwrap();
                assert!(
                    same(&direct, &old),
                    "{} {opts:?}: {direct:?} vs {old:?}",
                    scenario.name
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 20, "{compared}");
}

#[test]
fn repeated_columns_are_summed() {
    let mut seen = vec![(usize::MAX, 0); 3];
    let mut buf = Vec::new();
    let row = [(0, 1.0), (2, 2.0), (0, 3.0)];
    assert_eq!(merged(&row, &mut seen, 0, &mut buf), &[(0, 4.0), (2, 2.0)]);
    let row = [(1, 1.0), (2, 2.0)];
    assert_eq!(merged(&row, &mut seen, 1, &mut buf), &row);
}

//! One LP re-solved many times with some variables fixed: the rounding heuristics' inner loop.
//!
//! With microlp the solved simplex state is kept and each fix is a few dual simplex pivots
//! from the last basis (`microlp::Solution::fix_var`), instead of a solve from scratch: on
//! the flagship scenario (2,151 columns) about 1 ms against 80 ms. A failed fix (infeasible,
//! or a singular basis) leaves the state it started from untouched, since every trial works
//! on a copy. Programs up to [`WARM_MICROLP_COLUMNS`] get microlp's warm states whatever the
//! engine; larger ones with HiGHS, and programs the direct loaders do not take (no rows,
//! trivially infeasible), re-solve each state from scratch with its fixes as bounds.
//!
//! Integer variables are relaxed throughout; values are in the original program's units
//! (a scaled program, see [`crate::solve::scale`], is unscaled on the way out; integer
//! columns are never scaled, so fixing them needs no conversion).

use super::{run, Outcome, RunOptions, SolverKind};
use crate::formulate::Lp;
use crate::options::Deadline;
use crate::Error;

/// Programs up to this many columns get microlp's warm states even when HiGHS is the
/// engine: a HiGHS solve from scratch (about 25 ms on a 1,680-column catalog scenario) costs
/// more than a few dual simplex pivots, while microlp's first solve stays well under a
/// second at this size.
#[cfg(feature = "microlp")]
const WARM_MICROLP_COLUMNS: usize = 20_000;

/// A solved LP with some variables fixed.
#[derive(Clone)]
pub(crate) struct Warm<'a> {
    lp: &'a Lp,
    /// Fixed values, by column.
    fixed: Vec<Option<f64>>,
    /// The optimal point, in the original program's units.
    values: Vec<f64>,
    engine: Engine,
}

#[derive(Clone)]
enum Engine {
    /// Re-solve from scratch with the fixes as bounds.
    Cold(SolverKind),
    #[cfg(feature = "microlp")]
    Microlp(Box<MicrolpState>),
}

#[cfg(feature = "microlp")]
#[derive(Clone)]
struct MicrolpState {
    solution: microlp::Solution,
    program: std::sync::Arc<Program>,
}

/// What every state of one program shares.
#[cfg(feature = "microlp")]
struct Program {
    vars: Vec<microlp::Variable>,
    /// Column factors of the scaled program the states work on, when scaled.
    scale: Option<super::super::scale::Scaled>,
}

impl<'a> Warm<'a> {
    /// The relaxation of `lp` with the variables in `fixed` pinned, solved; `None` when it
    /// has no optimal point (infeasible, or stopped by the deadline).
    pub fn new(
        lp: &'a Lp,
        fixed: Vec<Option<f64>>,
        solver: SolverKind,
        deadline: &Deadline,
    ) -> Result<Option<Self>, Error> {
        #[cfg(feature = "microlp")]
        if (solver.resolve() == SolverKind::Microlp || lp.vars.len() <= WARM_MICROLP_COLUMNS)
            && direct(lp)
        {
            return microlp_new(lp, fixed, deadline);
        }
        cold(lp, fixed, solver, deadline)
    }

    /// Whether each fix is a solve from scratch (then the callers try fewer).
    pub fn is_cold(&self) -> bool {
        matches!(self.engine, Engine::Cold(_))
    }

    /// The optimal point (original units).
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The value column `i` is fixed at, if any.
    pub fn fixed(&self, i: usize) -> Option<f64> {
        self.fixed[i]
    }

    /// This state with column `i` fixed at `v` (replacing any earlier fix), re-solved;
    /// `None` when that has no optimal point. `self` is unchanged either way.
    pub fn fix(&self, i: usize, v: f64, deadline: &Deadline) -> Result<Option<Self>, Error> {
        if deadline.expired() {
            return Ok(None);
        }
        let mut fixed = self.fixed.clone();
        fixed[i] = Some(v);
        match &self.engine {
            Engine::Cold(solver) => cold(self.lp, fixed, *solver, deadline),
            #[cfg(feature = "microlp")]
            Engine::Microlp(state) => Ok(microlp_fix(self, state, i, fixed)),
        }
    }
}

/// Whether `x` equals `v` up to a millionth (relative beyond 1): the integrality tolerance
/// of the rounding and of dust cleaning, which snap such values to `v`.
fn close(x: f64, v: f64) -> bool {
    (x - v).abs() <= 1e-6 * v.abs().max(1.0)
}

/// Applies the fix of column `i` (in `fixed`) to `warm`'s microlp state, and again to any
/// fixed column that the re-optimisation moved (see below), a few rounds at most.
#[cfg(feature = "microlp")]
fn microlp_fix<'a>(
    warm: &Warm<'a>,
    state: &MicrolpState,
    i: usize,
    fixed: Vec<Option<f64>>,
) -> Option<Warm<'a>> {
    let mut solution = state.solution.clone();
    let mut values = warm.values.clone();
    let mut todo = vec![i];
    for _ in 0..4 {
        for &j in &todo {
            let v = fixed[j]?;
            match fixed_microlp(
                &solution,
                state.program.vars[j],
                state.program.to_program(j, v),
            ) {
                Some(next) => solution = next,
                // microlp refuses to move a basic variable by less than its own tolerance
                // when no column can enter in that direction: the column is left where it
                // is (equal to its fixed value), and pinned again if a later step moves it.
                None if close(values[j], v) => {}
                None => return None,
            }
            values = state.program.values(&solution);
        }
        todo = (0..fixed.len())
            .filter(|&j| fixed[j].is_some_and(|v| !close(values[j], v)))
            .collect();
        if todo.is_empty() {
            for (x, f) in values.iter_mut().zip(&fixed) {
                if let Some(v) = f {
                    *x = *v;
                }
            }
            return Some(Warm {
                lp: warm.lp,
                values,
                fixed,
                engine: Engine::Microlp(Box::new(MicrolpState {
                    solution,
                    program: state.program.clone(),
                })),
            });
        }
    }
    None
}

/// Whether the direct microlp loader takes `lp` (the cases `run` answers without a solver
/// go through [`cold`]).
#[cfg(feature = "microlp")]
fn direct(lp: &Lp) -> bool {
    !lp.stopped && lp.trivially_infeasible.is_none() && !lp.rows.is_empty()
}

fn pinned(lp: &Lp, fixed: &[Option<f64>]) -> Lp {
    let mut trial = lp.clone();
    for (v, f) in trial.vars.iter_mut().zip(fixed) {
        v.integer = false;
        if let Some(value) = f {
            v.lb = *value;
            v.ub = *value;
        }
    }
    trial
}

fn cold<'a>(
    lp: &'a Lp,
    fixed: Vec<Option<f64>>,
    solver: SolverKind,
    deadline: &Deadline,
) -> Result<Option<Warm<'a>>, Error> {
    let opts = RunOptions {
        time_limit: deadline.remaining(),
        ..RunOptions::default()
    };
    // A solver failure on a trial (a singular basis) is a failed trial, not the end.
    Ok(match run(&pinned(lp, &fixed), solver, opts) {
        Ok(Outcome::Optimal(values)) => Some(Warm {
            lp,
            fixed,
            values,
            engine: Engine::Cold(solver),
        }),
        Ok(_) | Err(Error::Solver(_)) => None,
        Err(e) => return Err(e),
    })
}

#[cfg(feature = "microlp")]
fn microlp_new<'a>(
    lp: &'a Lp,
    fixed: Vec<Option<f64>>,
    deadline: &Deadline,
) -> Result<Option<Warm<'a>>, Error> {
    use super::super::scale::Scaled;
    // The fixes are applied after the first solve, so the state can later move them. The
    // program is scaled with its integer columns marked, so that they keep factor 1.
    let scale = Scaled::new(lp, false, None);
    let (problem, vars, _, _) =
        super::direct_microlp::build(scale.as_ref().map_or(lp, |s| &s.lp), true);
    let mut options = microlp::SolveOptions::default();
    options.time_limit = deadline
        .remaining()
        .and_then(|t| std::time::Duration::try_from_secs_f64(t.max(0.0)).ok());
    let Ok(outcome) = problem.solve_with(options) else {
        return Ok(None);
    };
    let Ok(solution) = outcome.into_solution() else {
        return Ok(None);
    };
    let program = std::sync::Arc::new(Program { vars, scale });
    let mut warm = Warm {
        lp,
        values: program.values(&solution),
        fixed: vec![None; lp.vars.len()],
        engine: Engine::Microlp(Box::new(MicrolpState { solution, program })),
    };
    for (i, f) in fixed.iter().enumerate() {
        let Some(v) = *f else { continue };
        match warm.fix(i, v, deadline)? {
            Some(next) => warm = next,
            None => return Ok(None),
        }
    }
    Ok(Some(warm))
}

/// `solution` with `var` fixed at `v` (the solved program's units), re-optimised; `None`
/// when microlp finds that infeasible or fails.
#[cfg(feature = "microlp")]
fn fixed_microlp(
    solution: &microlp::Solution,
    var: microlp::Variable,
    v: f64,
) -> Option<microlp::Solution> {
    solution.clone().fix_var(var, v).ok()?.into_solution().ok()
}

#[cfg(feature = "microlp")]
impl Program {
    /// Value `v` of column `i` in the solved program's units.
    fn to_program(&self, i: usize, v: f64) -> f64 {
        self.scale.as_ref().map_or(v, |s| s.scale_value(i, v))
    }

    /// The point of `solution`, in the original program's units.
    fn values(&self, solution: &microlp::Solution) -> Vec<f64> {
        let raw: Vec<f64> = self
            .vars
            .iter()
            .map(|&v| solution.var_value_raw(v))
            .collect();
        match &self.scale {
            Some(s) => match s.unscale(Outcome::Optimal(raw)) {
                Outcome::Optimal(v) => v,
                _ => Vec::new(),
            },
            None => raw,
        }
    }
}

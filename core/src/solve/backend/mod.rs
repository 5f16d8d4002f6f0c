//! Runs an [`Lp`] through the chosen solver.
//!
//! The solvers are loaded directly from the [`Lp`] (column bounds and costs, then rows),
//! not through good_lp's expression builder: good_lp builds one hash map per row and per
//! objective term, which dominated capmix's time outside the solver on large programs. The
//! loaded problems are the ones good_lp builds (same columns, rows, senses, options), so
//! results are unchanged.

use crate::formulate::Lp;
pub(crate) use crate::options::SolverKind;
use crate::Error;
use capmix_highs_basis::Statuses;

/// Seconds spent loading programs into solvers and inside solver calls on this thread, and
/// the number of calls: a running total that [`clock`] reads, for [`crate::SolveTimings`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Clock {
    pub load: f64,
    pub solver: f64,
    pub calls: usize,
}

impl Clock {
    /// The time spent between `earlier` and this reading.
    pub fn since(&self, earlier: &Clock) -> Clock {
        Clock {
            load: self.load - earlier.load,
            solver: self.solver - earlier.solver,
            calls: self.calls - earlier.calls,
        }
    }
}

thread_local! {
    static CLOCK: std::cell::Cell<Clock> = const {
        std::cell::Cell::new(Clock { load: 0.0, solver: 0.0, calls: 0 })
    };
}

/// The running totals of this thread.
pub(crate) fn clock() -> Clock {
    CLOCK.with(std::cell::Cell::get)
}

fn tick(load: f64, solver: f64) {
    CLOCK.with(|c| {
        let mut v = c.get();
        v.load += load;
        v.solver += solver;
        v.calls += 1;
        c.set(v);
    });
}

/// The solver's verdict on one program.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// Proven optimal (within the MIP gap for integer programs).
    Optimal(Vec<f64>),
    /// Stopped by the time limit with a feasible incumbent.
    Feasible(Vec<f64>),
    Infeasible,
    Unbounded,
    /// Stopped by the time limit before any feasible point was found.
    NoSolution,
}

/// Solver settings for one run.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RunOptions {
    pub time_limit: Option<f64>,
    pub mip_gap: Option<f64>,
    /// Treat integer variables as continuous.
    pub relax: bool,
    /// microlp only: stop branch and bound after this many nodes (deterministic, unlike a
    /// time limit).
    pub node_limit: Option<u64>,
    /// Scale the program even when it looks well scaled (a second try after a failed
    /// certificate).
    pub force_scale: bool,
    /// About the optimum's magnitude (USD, without the constant), e.g. the relaxation's:
    /// scaling brings it near 1.
    pub objective_hint: Option<f64>,
}

/// Row duals (USD per unit of each row's right-hand side, in row order) of an optimal LP, as
/// the solver reports them (HiGHS only).
#[derive(Debug, Clone)]
pub(crate) struct Duals {
    pub rows: Vec<f64>,
    /// HiGHS's optimal basis, for warm starts of later variants ([`crate::solve::basis`]).
    pub basis: Option<Statuses>,
}

/// [`run`] for a pure LP, with the solver's own duals where it reports them (HiGHS; `None`
/// from microlp, whose duals come from the explicit dual program instead). HiGHS starts
/// from `start` when given (one status per column and row of `lp`); microlp ignores it.
pub(crate) fn run_with_duals(
    lp: &Lp,
    solver: SolverKind,
    opts: RunOptions,
    start: Option<&Statuses>,
) -> Result<(Outcome, Option<Duals>), Error> {
    if solver.resolve() == SolverKind::Highs
        && !lp.stopped
        && lp.trivially_infeasible.is_none()
        && !lp.rows.is_empty()
        && opts.time_limit.is_none_or(|t| t > 0.0)
    {
        let (outcome, _, duals) = highs(lp, opts, true, None, start)?;
        return Ok((outcome, duals));
    }
    run(lp, solver, opts).map(|o| (o, None))
}

/// What a MILP solver proved besides its point: how far below the point's objective the
/// best plan can be (USD). An absolute difference rather than a bound, since the solver's
/// objective may omit a constant that its presolve removed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MipInfo {
    pub abs_gap: f64,
}

/// A whole-unit program through `solver`'s branch and bound, started from the feasible
/// point `start` (an incumbent from rounding, which prunes from the first node), with what
/// the search proved. Badly scaled programs are scaled first, like [`run`]. microlp's
/// search stops at `opts.node_limit` nodes; its bound then comes from the open nodes.
pub(crate) fn run_mip(
    lp: &Lp,
    solver: SolverKind,
    opts: RunOptions,
    start: Option<&[f64]>,
) -> Result<(Outcome, Option<MipInfo>), Error> {
    if lp.stopped {
        return Ok((Outcome::NoSolution, None));
    }
    if lp.trivially_infeasible.is_some() {
        return Ok((Outcome::Infeasible, None));
    }
    if lp.rows.is_empty() {
        return Ok((without_rows(lp), None));
    }
    if opts.time_limit.is_some_and(|t| t <= 0.0) {
        return Ok((Outcome::NoSolution, None));
    }
    if let Some(scaled) = super::scale::Scaled::new(lp, opts.force_scale, opts.objective_hint) {
        let start = start.map(|x| scaled.scale_point(x));
        let (outcome, info) = mip_unscaled(&scaled.lp, solver, opts, start.as_deref())?;
        let info = info.map(|i| MipInfo {
            abs_gap: scaled.unscale_objective(i.abs_gap),
        });
        return Ok((scaled.unscale(outcome), info));
    }
    mip_unscaled(lp, solver, opts, start)
}

fn mip_unscaled(
    lp: &Lp,
    solver: SolverKind,
    opts: RunOptions,
    start: Option<&[f64]>,
) -> Result<(Outcome, Option<MipInfo>), Error> {
    let _ = (lp, opts, start);
    match solver.resolve() {
        SolverKind::Highs => highs(lp, opts, false, start, None).map(|(o, i, _)| (o, i)),
        #[cfg(feature = "microlp")]
        SolverKind::Microlp | SolverKind::Auto => direct_microlp::run_mip(lp, opts, start),
        #[cfg(not(feature = "microlp"))]
        SolverKind::Microlp | SolverKind::Auto => Err(Error::SolverUnavailable("microlp".into())),
    }
}

/// Solves `lp`; badly scaled programs are scaled first and their values unscaled
/// ([`super::scale`]).
pub(crate) fn run(lp: &Lp, solver: SolverKind, opts: RunOptions) -> Result<Outcome, Error> {
    if lp.stopped {
        return Ok(Outcome::NoSolution);
    }
    if let Some(scaled) = super::scale::Scaled::new(lp, opts.force_scale, opts.objective_hint) {
        return run_unscaled(&scaled.lp, solver, opts).map(|o| scaled.unscale(o));
    }
    run_unscaled(lp, solver, opts)
}

fn run_unscaled(lp: &Lp, solver: SolverKind, opts: RunOptions) -> Result<Outcome, Error> {
    if lp.trivially_infeasible.is_some() {
        return Ok(Outcome::Infeasible);
    }
    if lp.rows.is_empty() {
        return Ok(without_rows(lp));
    }
    if let Some(t) = opts.time_limit {
        if t <= 0.0 {
            return Ok(Outcome::NoSolution);
        }
    }
    #[cfg(any(feature = "microlp", feature = "highs"))]
    if good_lp_loader() {
        return via_good_lp::run(lp, solver, opts);
    }
    match solver.resolve() {
        SolverKind::Auto | SolverKind::Microlp => {
            #[cfg(feature = "microlp")]
            {
                direct_microlp::run(lp, opts)
            }
            #[cfg(not(feature = "microlp"))]
            {
                Err(Error::SolverUnavailable("microlp".into()))
            }
        }
        SolverKind::Highs => highs(lp, opts, false, None, None).map(|(o, _, _)| o),
    }
}

/// HiGHS: the host's when it linked one ([`crate::link`]), else the compiled-in one.
fn highs(
    lp: &Lp,
    opts: RunOptions,
    duals: bool,
    start: Option<&[f64]>,
    basis: Option<&Statuses>,
) -> Result<(Outcome, Option<MipInfo>, Option<Duals>), Error> {
    if let Some(link) = crate::link::linked() {
        return linked_highs::solve(&*link, lp, opts, duals, start, basis);
    }
    #[cfg(feature = "highs")]
    {
        direct_highs::solve(lp, opts, duals, start, basis)
    }
    #[cfg(not(feature = "highs"))]
    {
        Err(Error::SolverUnavailable("highs".into()))
    }
}

/// Whether `CAPMIX_LOADER=good_lp` asks for the previous loader (before/after benchmarks).
#[cfg(any(feature = "microlp", feature = "highs"))]
fn good_lp_loader() -> bool {
    static CHOICE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CHOICE.get_or_init(|| std::env::var("CAPMIX_LOADER").is_ok_and(|v| v == "good_lp"))
}

/// The right-hand side of a `≤` (or `=`) row exactly as good_lp computes it (`expr − b`
/// normalised, then negated): the same value, down to the sign of zero.
fn le_bound(rhs: f64) -> f64 {
    -(0.0 + -rhs)
}

/// The bound of a `≥` row exactly as good_lp computes it (`b − expr ≤ 0` normalised).
fn ge_bound(rhs: f64) -> f64 {
    rhs + -0.0
}

/// A row's coefficients with repeated columns summed (the formulation never repeats a
/// column within a row, but the solvers' bulk loaders require it), in first-seen order.
/// `seen[j]` holds the row stamp and position of column j; `stamp` is unique per row.
fn merged<'a>(
    coefs: &'a [(usize, f64)],
    seen: &mut [(usize, usize)],
    stamp: usize,
    buf: &'a mut Vec<(usize, f64)>,
) -> &'a [(usize, f64)] {
    let mut repeated = false;
    for (pos, &(j, _)) in coefs.iter().enumerate() {
        if seen[j].0 == stamp {
            repeated = true;
            break;
        }
        seen[j] = (stamp, pos);
    }
    if !repeated {
        return coefs;
    }
    buf.clear();
    let stamp = stamp | (1 << (usize::BITS - 1));
    for &(j, a) in coefs {
        if seen[j].0 == stamp {
            buf[seen[j].1].1 += a;
        } else {
            seen[j] = (stamp, buf.len());
            buf.push((j, a));
        }
    }
    buf
}

/// microlp, loaded directly (no per-row hash maps): the same problem good_lp's microlp
/// backend builds, variable for variable and row for row (down to the sign of zero), so
/// results are identical. A `≥` row goes in as `−a·x ≤ −b`, as good_lp normalises it.
#[cfg(feature = "microlp")]
mod direct_microlp;

/// The checks around one HiGHS run, shared by the compiled-in and the linked HiGHS.
mod highs;

/// HiGHS through the host ([`crate::link`]): the npm package `highs` in the browser.
mod linked_highs;

/// HiGHS, loaded directly into its column-wise matrix (no per-row hash maps): the same
/// problem good_lp's highs backend builds, with one thread.
#[cfg(feature = "highs")]
mod direct_highs;

/// One LP re-solved with variables fixed one at a time (warm simplex states with microlp).
mod warm;
pub(crate) use warm::Warm;

/// The previous loader: through good_lp's expression builder. Kept to check that the direct
/// loaders build the same problems (tests), and for before/after benchmarks
/// (`CAPMIX_LOADER=good_lp`).
#[cfg(any(feature = "microlp", feature = "highs"))]
pub(crate) mod via_good_lp;

/// A program with no rows: each variable sits at the bound its cost prefers.
fn without_rows(lp: &Lp) -> Outcome {
    let mut values = Vec::with_capacity(lp.vars.len());
    for v in &lp.vars {
        if v.cost < 0.0 {
            if !v.ub.is_finite() {
                return Outcome::Unbounded;
            }
            values.push(v.ub);
        } else {
            values.push(v.lb);
        }
    }
    Outcome::Optimal(values)
}

#[cfg(all(test, feature = "microlp"))]
mod tests;

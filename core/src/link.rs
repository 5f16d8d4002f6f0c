//! A HiGHS that this build does not contain, reached through its host: in the browser, the
//! npm package `highs` (HiGHS compiled to WebAssembly) that the Web Worker loads beside
//! capmix. A ground room: the solver choice ([`crate::SolverKind`]) and the backends read it.
//!
//! The host registers a [`HighsLink`] with [`set_highs_link`]; from then on `--solver auto`
//! and `highs` on this thread run HiGHS through it, with the same program, options, starts
//! and checks as the native HiGHS backend (the MIP answer's objective must be its point's
//! cost, a warm basis that fails is retried from scratch). capmix still formulates, scales,
//! rounds, certifies and verifies: the link only solves. A registered link is used even in a
//! build with the native `highs` feature (the tests compare the two that way).
//!
//! The link is per thread (a JavaScript function cannot cross threads); capmix's worker
//! threads do not exist in wasm, where every map runs on the calling thread.

use std::cell::RefCell;
use std::rc::Rc;

/// HiGHS's model status codes (`HighsModelStatus` in its C API), as the link reports them.
pub mod model_status {
    #![expect(missing_docs, reason = "the names are HiGHS's own")]
    pub const OPTIMAL: i32 = 7;
    pub const INFEASIBLE: i32 = 8;
    pub const UNBOUNDED_OR_INFEASIBLE: i32 = 9;
    pub const UNBOUNDED: i32 = 10;
    pub const OBJECTIVE_BOUND: i32 = 11;
    pub const OBJECTIVE_TARGET: i32 = 12;
    pub const TIME_LIMIT: i32 = 13;
    pub const ITERATION_LIMIT: i32 = 14;
    pub const SOLUTION_LIMIT: i32 = 16;
    pub const INTERRUPTED: i32 = 17;
    pub const MEMORY_LIMIT: i32 = 18;
}

/// One program for HiGHS: minimise `col_cost · x` subject to `row_lower ≤ A x ≤ row_upper`
/// and `col_lower ≤ x ≤ col_upper`, with `A` row-wise (CSR: row `i`'s entries are
/// `row_starts[i]..row_starts[i + 1]` of `row_indices` (columns) and `row_values`). Infinite
/// bounds are `±f64::INFINITY`. Costs in USD, no constant term.
#[derive(Debug, Clone, Default)]
pub struct HighsProblem {
    /// Columns (variables).
    pub num_cols: usize,
    /// Rows (constraints).
    pub num_rows: usize,
    /// Cost of each column (USD per unit).
    pub col_cost: Vec<f64>,
    /// Lower bound of each column.
    pub col_lower: Vec<f64>,
    /// Upper bound of each column.
    pub col_upper: Vec<f64>,
    /// Lower bound of each row's activity `A x`.
    pub row_lower: Vec<f64>,
    /// Upper bound of each row's activity.
    pub row_upper: Vec<f64>,
    /// `num_rows + 1` offsets into `row_indices` and `row_values`.
    pub row_starts: Vec<i32>,
    /// The column of each entry.
    pub row_indices: Vec<i32>,
    /// The coefficient of each entry.
    pub row_values: Vec<f64>,
    /// One entry per column (0 continuous, 1 integer), or `None` for a pure LP.
    pub integrality: Option<Vec<i32>>,
    /// HiGHS's `time_limit` (seconds), when the call has one.
    pub time_limit: Option<f64>,
    /// HiGHS's `mip_rel_gap`; `mip_abs_gap` must then be set to 0 (see the native backend).
    pub mip_rel_gap: Option<f64>,
    /// A feasible point to start a MIP from (HiGHS's `setSolution`).
    pub mip_start: Option<Vec<f64>>,
    /// A simplex basis to start an LP from (`setBasis`: column statuses, then row statuses,
    /// in HiGHS's codes: 0 lower, 1 basic, 2 upper, 3 zero, 4 nonbasic).
    pub basis: Option<(Vec<i32>, Vec<i32>)>,
    /// Whether the caller wants the row duals and the basis of an optimal LP.
    pub want_duals: bool,
}

/// What HiGHS answered.
#[derive(Debug, Clone, Default)]
pub struct HighsAnswer {
    /// The model status ([`model_status`]).
    pub model_status: i32,
    /// Whether HiGHS holds a feasible primal point (`primal_solution_status` = 2).
    pub primal_feasible: bool,
    /// The point, one value per column (empty without one).
    pub col_value: Vec<f64>,
    /// Row duals (USD per unit of right-hand side), for an optimal LP when asked.
    pub row_dual: Option<Vec<f64>>,
    /// The final basis of an LP when asked (column statuses, row statuses).
    pub basis: Option<(Vec<i32>, Vec<i32>)>,
    /// `objective_function_value`.
    pub objective: Option<f64>,
    /// `mip_dual_bound` of a MIP.
    pub mip_dual_bound: Option<f64>,
}

/// A HiGHS reached through the host. An `Err` is a failure of the call (the host's message),
/// not a verdict: verdicts are model statuses.
pub trait HighsLink {
    /// Runs HiGHS on `problem` to a verdict, a limit or a failure.
    fn solve(&self, problem: &HighsProblem) -> Result<HighsAnswer, String>;
}

thread_local! {
    static LINK: RefCell<Option<Rc<dyn HighsLink>>> = const { RefCell::new(None) };
}

/// Registers `link` as this thread's HiGHS (`None` removes it).
pub fn set_highs_link(link: Option<Rc<dyn HighsLink>>) {
    LINK.with(|l| *l.borrow_mut() = link);
}

/// This thread's linked HiGHS, if any.
pub(crate) fn linked() -> Option<Rc<dyn HighsLink>> {
    LINK.with(|l| l.borrow().clone())
}

/// Whether HiGHS can run here: compiled in, or linked on this thread.
pub(crate) fn highs_available() -> bool {
    cfg!(feature = "highs") || LINK.with(|l| l.borrow().is_some())
}

//! Model → linear program (contract §2). The program's rows come from the constraint
//! families of [`families`], one file per family, each owning every facet of its rows.
//!
//! The [`Lp`] is solver-neutral: variables with bounds and objective coefficients, rows with
//! a sense, a right-hand side and a [`Tag`] (the row's kind and indices). Variables exist
//! only for usable (workload, offering) pairs, inside batch windows, and in segments with
//! positive demand, so programs stay sparse.
//!
//! Units: allocation variables are units (instances); a serving demand row is in work units
//! per hour; a batch row in work units; the objective in USD.

pub(crate) mod families;
pub(crate) mod reduce;
pub(crate) mod two_stage;
mod vars;

pub(crate) use families::RowKind;
pub(crate) use vars::{batch_work, cap, delivered, on_offering, users};

use crate::model::Model;

/// Row sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sense {
    Le,
    Ge,
    Eq,
}

/// What a variable means. With demand scenarios each scenario's program is built alone and
/// the programs are stacked ([`two_stage`]), so indices are those of the scenario's model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum VarKind {
    /// Units of offering `o` serving workload `w` in segment `k` of period `t`.
    Alloc {
        w: usize,
        o: usize,
        t: usize,
        k: usize,
    },
    /// Running units of an on-demand/spot offering (integer mode only).
    Fleet { o: usize, t: usize, k: usize },
    /// Commit units of offering `o` signed in period `s`.
    Sign { o: usize, s: usize },
    /// Unmet serving demand (work units per hour).
    Short { w: usize, t: usize, k: usize },
    /// Unmet batch work (work units).
    ShortBatch { w: usize },
    /// Single routing: workload `w` uses accelerator `acc`.
    Route { w: usize, acc: usize },
    /// Work rate delivered to workload `w` in (t, k) by every offering (work units per hour):
    /// the outage family's total, from which each provider's part is taken away.
    Delivered { w: usize, t: usize, k: usize },
    /// A variable of the dual program, for row or bound `i` of the primal.
    Dual { i: usize },
    /// Elastic program: how far row `row` is relaxed, in the row's unit.
    Slack { row: usize },
    /// A policy parameter made a variable (diagnosis: the largest reachable coverage).
    Param,
    /// Two-stage program: the risk measure's epigraph τ (worst case, regret) or CVaR's η
    /// (USD).
    Risk,
    /// Two-stage program: CVaR's excess z of scenario `sc`'s cost over η (USD).
    Excess { sc: usize },
}

/// Indices of a row; which ones are set depends on its kind. `g` is the group a policy row
/// is about: a provider (provider share, outage) or a provider/region (region share).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct At {
    pub w: Option<usize>,
    pub o: Option<usize>,
    pub g: Option<usize>,
    pub t: Option<usize>,
    pub k: Option<usize>,
}

impl At {
    /// Workload `w` in segment `k` of period `t`.
    pub fn wtk(w: usize, t: usize, k: usize) -> At {
        At {
            w: Some(w),
            t: Some(t),
            k: Some(k),
            ..At::default()
        }
    }

    /// The same indices about group `g`.
    pub fn group(self, g: usize) -> At {
        At { g: Some(g), ..self }
    }
}

/// Kind and indices of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Tag {
    pub kind: RowKind,
    pub at: At,
}

impl Tag {
    pub fn new(kind: RowKind, at: At) -> Tag {
        Tag { kind, at }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Var {
    pub kind: VarKind,
    pub lb: f64,
    pub ub: f64,
    /// USD per unit of the variable over the horizon.
    pub cost: f64,
    pub integer: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub coefs: Vec<(usize, f64)>,
    pub sense: Sense,
    pub rhs: f64,
    pub tag: Tag,
}

/// A solver-neutral linear (or mixed-integer) program: minimise `Σ cost·var + constant`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lp {
    pub vars: Vec<Var>,
    pub rows: Vec<Row>,
    /// USD that no decision changes (existing commitments inside the horizon).
    pub constant: f64,
    /// A row with no variables that can never hold: the model is infeasible as stated.
    pub trivially_infeasible: Option<Tag>,
    /// Every such row (not part of `rows`): kept for the elastic program of a diagnosis and
    /// written by the exporters, so that an exported program is infeasible exactly when the
    /// model is.
    pub unsatisfiable: Vec<Row>,
    /// Building stopped at the deadline: the program is incomplete and must not be solved.
    pub stopped: bool,
}

impl Lp {
    pub fn add_var(&mut self, kind: VarKind, cost: f64, ub: f64, integer: bool) -> usize {
        self.vars.push(Var {
            kind,
            lb: 0.0,
            ub,
            cost,
            integer,
        });
        self.vars.len() - 1
    }

    pub fn add_row(&mut self, coefs: Vec<(usize, f64)>, sense: Sense, rhs: f64, tag: Tag) {
        if coefs.is_empty() {
            let holds = match sense {
                Sense::Le => 0.0 <= rhs + 1e-9,
                Sense::Ge => 0.0 >= rhs - 1e-9,
                Sense::Eq => rhs.abs() <= 1e-9,
            };
            if !holds {
                self.trivially_infeasible.get_or_insert(tag);
                self.unsatisfiable.push(Row {
                    coefs,
                    sense,
                    rhs,
                    tag,
                });
            }
            return;
        }
        self.rows.push(Row {
            coefs,
            sense,
            rhs,
            tag,
        });
    }

    /// Nonzero coefficients of the rows.
    pub fn nonzeros(&self) -> usize {
        self.rows.iter().map(|r| r.coefs.len()).sum()
    }
}

/// How single-routing workloads are handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RoutingMode {
    /// Binary variables (needs a MILP solver).
    Binary,
    /// A fixed accelerator (index into `WorkloadM::accelerators`) per single-routing workload.
    Fixed(Vec<Option<usize>>),
}

/// What to build.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub integer: bool,
    pub routing: RoutingMode,
    /// Apply the exact reductions of [`reduce`] (dominated offerings).
    pub reduce: bool,
    /// The call's deadline: building stops when it passes ([`Lp::stopped`]).
    pub deadline: crate::options::Deadline,
}

/// Index of allocation variables: `x[w][(j * T_w + (t - t0)) * K + k]`, `NONE` when absent.
#[derive(Debug, Clone, Default)]
pub(crate) struct XIndex {
    pub per_workload: Vec<Vec<usize>>,
}

pub(crate) const NONE: usize = usize::MAX;

impl XIndex {
    pub fn get(&self, model: &Model, w: usize, j: usize, t: usize, k: usize) -> Option<usize> {
        let wl = &model.workloads[w];
        if t < wl.window.0 || t > wl.window.1 {
            return None;
        }
        let tw = wl.window.1 - wl.window.0 + 1;
        let kk = model.segments.len();
        let i = (j * tw + (t - wl.window.0)) * kk + k;
        self.per_workload
            .get(w)
            .and_then(|v| v.get(i))
            .copied()
            .filter(|&v| v != NONE)
    }
}

/// The program and the indices needed to read a solution back.
#[derive(Debug, Clone)]
pub(crate) struct Formulation {
    pub lp: Lp,
}

/// Builds the program of contract §2 for `model`: the allocation variables, then every
/// family's rows in registry order (the budget last: it sums every cost).
pub(crate) fn formulate(model: &Model, spec: &Spec) -> Formulation {
    let mut lp = Lp::default();
    let dropped = if spec.reduce {
        reduce::dominated(model)
    } else {
        vec![false; model.offerings.len()]
    };
    let x = vars::allocation_vars(model, spec, &dropped, &mut lp);
    let mut b = families::Build {
        model,
        spec,
        x: &x,
        dropped: &dropped,
        lp: &mut lp,
    };
    for family in families::REGISTRY {
        if spec.deadline.expired() {
            b.lp.stopped = true;
            break;
        }
        family.build(&mut b);
    }
    Formulation { lp }
}

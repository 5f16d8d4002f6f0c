//! The constraint-family registry: one file per family, each owning every facet of its rows.
//!
//! A family is a group of rows with one meaning (serving demand, the running fleet, a
//! provider share cap, N-1 coverage, ...). Its file holds, behind the [`Family`] trait:
//! - the rows and their own variables ([`Family::build`]) and the rows' export names;
//! - the weight of their slack in the diagnosis's elastic program, and what a relaxed row
//!   means ([`Family::finding`]);
//! - what a row's dual means in the plan's units ([`Family::price`]);
//! - for policy families, what explanations need: whether the policy is active, how to
//!   switch it off, its label and setting in words, its sentences, and its sweep parameters.
//!
//! Adding a family is one file here plus its line in [`REGISTRY`] (and its row kinds in
//! [`RowKind`]), its independent check in `verify/`, its field in the scenario and its
//! figure in the plan. The verifier keeps its own rules: it never reads this registry.

mod budget;
mod capacity;
mod commitments;
mod demand;
mod demand_inputs;
mod filters;
mod integer_units;
mod outage;
mod provider_share;
mod region_share;
mod routing;
mod spot_share;

use super::{Lp, Row, Spec, Tag, XIndex};
use crate::document::{Diagnosis, PolicyFamily, PolicyLimit, PolicyPrice, ShadowPrices};
use crate::model::Model;
use crate::options::PlanOptions;
use crate::scenario::Scenario;

/// Weight of policy and budget slack in the elastic program (see `diagnose::elastic`).
pub(crate) const POLICY_WEIGHT: f64 = 1e3;
/// Weight of demand slack: twice the policy weight, so that policies give first.
pub(crate) const DEMAND_WEIGHT: f64 = 2e3;

/// Every family, in build order: the budget last, since it sums every cost.
pub(crate) const REGISTRY: &[&dyn Family] = &[
    &capacity::Capacity,
    &commitments::Commitments,
    &demand::Demand,
    &provider_share::ProviderShare,
    &region_share::RegionShare,
    &outage::Outage,
    &spot_share::SpotShare,
    &routing::Routing,
    &filters::ProviderFilters,
    &filters::RegionFilters,
    &integer_units::IntegerUnits,
    &budget::Budget,
];

/// The kind of a row, and with it the family that owns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum RowKind {
    /// Serving demand in (w, t, k).
    Demand,
    /// A batch workload's total over its window.
    BatchTotal,
    /// Whole running units of an on-demand/spot offering hold its allocations.
    FleetLink,
    /// An on-demand/spot offering's `max_units` (continuous units).
    OfferingCap,
    /// Active commitment units hold the commit offering's allocations.
    CommitCapacity,
    /// A commit offering's `max_units` on active units.
    CommitCap,
    /// Provider share of a serving workload in (t, k).
    ProviderShare,
    /// Provider share of a batch workload over its window.
    BatchProviderShare,
    /// Provider/region share of a serving workload in (t, k).
    RegionShare,
    /// The outage family's total delivered rate in (w, t, k).
    OutageTotal,
    /// N-1 coverage without provider g in (w, t, k).
    Outage,
    /// Spot share of a serving workload in (t, k).
    SpotShare,
    /// Single routing: one accelerator per workload.
    RouteChoice,
    /// Single routing: allocations only on the chosen accelerator.
    RouteLink,
    /// A cover cut of a whole-unit program (implied by demand and whole units).
    CoverCut,
    /// Total spend.
    Budget,
    /// A row of the dual program (shadow prices without HiGHS); no family.
    DualColumn,
    /// Two-stage program: the risk measure's row of demand scenario `g`; no family.
    Risk,
}

impl RowKind {
    /// The family that owns this kind of row.
    pub(crate) fn family(self) -> Option<&'static dyn Family> {
        let f: &'static dyn Family = match self {
            RowKind::Demand | RowKind::BatchTotal => &demand::Demand,
            RowKind::FleetLink | RowKind::OfferingCap => &capacity::Capacity,
            RowKind::CommitCapacity | RowKind::CommitCap => &commitments::Commitments,
            RowKind::ProviderShare | RowKind::BatchProviderShare => &provider_share::ProviderShare,
            RowKind::RegionShare => &region_share::RegionShare,
            RowKind::OutageTotal | RowKind::Outage => &outage::Outage,
            RowKind::SpotShare => &spot_share::SpotShare,
            RowKind::RouteChoice | RowKind::RouteLink => &routing::Routing,
            RowKind::CoverCut => &integer_units::IntegerUnits,
            RowKind::Budget => &budget::Budget,
            RowKind::DualColumn | RowKind::Risk => return None,
        };
        Some(f)
    }
}

/// What a family builds from, and into.
pub(crate) struct Build<'a> {
    pub model: &'a Model,
    pub spec: &'a Spec,
    pub x: &'a XIndex,
    /// Offerings an exact reduction drops (no variables).
    pub dropped: &'a [bool],
    pub lp: &'a mut Lp,
}

impl Build<'_> {
    /// Whether the call's deadline has passed; then the program is marked stopped (and
    /// will not be solved), so a family can return at once.
    pub fn expired(&mut self) -> bool {
        if self.spec.deadline.expired() {
            self.lp.stopped = true;
        }
        self.lp.stopped
    }
}

/// What a relaxed row of the elastic program says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Finding {
    /// Demand of workload `w` (serving: in (t, k)) short by `missing` (row units) of `demand`.
    Unserved {
        w: usize,
        at: Option<(usize, usize)>,
        missing: f64,
        demand: f64,
    },
    /// A policy row that would have to give.
    Limit(PolicyLimit),
}

/// A sweepable parameter: `policy.<field>` or `<section>.<id>.<field>`.
#[derive(Clone, Copy)]
pub(crate) struct ParamSpec {
    /// The path form: `policy.max_region_share`, `providers.<id>.max_share`, ...
    pub form: &'static str,
    /// +1 when raising the value only removes plans, −1 when lowering it does, 0 otherwise
    /// (sweeps of pure LPs infer infeasible rows from it without solving).
    pub tightening: i8,
    /// Writes the value into the item with id `id` of the form's section (`None` for
    /// `policy.*`; an id no longer there is no edit). Checks only what validation cannot
    /// (switches are 0 or 1, scales ≥ 0).
    pub apply: fn(s: &mut Scenario, id: Option<&str>, value: f64) -> Result<(), &'static str>,
}

/// A parameter whose value is a name (`workloads.<id>.model`): an edit, never swept.
pub(crate) struct TextParamSpec {
    /// The path form, as for [`ParamSpec`].
    pub form: &'static str,
    /// Writes the name into the item with id `id` (an id no longer there is no edit).
    pub apply: fn(s: &mut Scenario, id: Option<&str>, value: &str) -> Result<(), String>,
}

/// One constraint family: see the module documentation. Every method has a neutral
/// default, so a family implements only the facets it has.
pub(crate) trait Family: Sync {
    /// The policy this family is, for documents and explanations (`None`: structural).
    fn policy(&self) -> Option<PolicyFamily> {
        None
    }

    /// Adds the family's variables and rows.
    fn build(&self, _b: &mut Build<'_>) {}

    /// First part of the export name of a row of `kind` (`demand`, `share`, ...).
    fn prefix(&self, _kind: RowKind) -> &'static str {
        "row"
    }

    /// Weight of the slack of rows of `kind` in the elastic program; `None` keeps them hard.
    fn slack_weight(&self, _kind: RowKind) -> Option<f64> {
        None
    }

    /// Adds what `row`'s dual `y` (USD per unit of its right-hand side) means to `out`.
    fn price(&self, _model: &Model, _row: &Row, _y: f64, _out: &mut ShadowPrices) {}

    /// What `tag`'s row relaxed by `v` (row units; `scale` is the row's scale) says.
    fn finding(&self, _model: &Model, _tag: Tag, _v: f64, _scale: f64) -> Option<Finding> {
        None
    }

    /// The provider id that group `g` of this family's rows is about (export names, prices
    /// and limits); a family whose groups are not providers says what they are.
    fn group(&self, model: &Model, g: usize) -> Option<String> {
        model.providers.get(g).map(|p| p.id.clone())
    }

    /// A capacity cap row's offering and period (diagnosis: exhausted caps).
    fn cap_row(&self, _tag: Tag) -> Option<(usize, usize)> {
        None
    }

    /// Whether the policy restricts `s` planned with `o`.
    fn is_active(&self, _s: &Scenario, _o: &PlanOptions) -> bool {
        false
    }

    /// Switches the policy off in `s` and `o`.
    fn relax(&self, _s: &mut Scenario, _o: &mut PlanOptions) {}

    /// A short name for tables, e.g. `outage coverage 50%`.
    fn label(&self, _s: &Scenario) -> String {
        String::new()
    }

    /// The policy's setting in words, e.g. `the 50% cap per provider`.
    fn setting(&self, _s: &Scenario) -> String {
        String::new()
    }

    /// How shadow prices of this policy are grouped in words: (workload, group).
    fn marginal_key(&self, _p: &PolicyPrice) -> (Option<String>, Option<String>) {
        (None, None)
    }

    /// One sentence on `rows` binding rows worth `v` USD per unit of the parameter.
    fn marginal_sentence(
        &self,
        _rows: usize,
        _v: f64,
        _workload: Option<&str>,
        _group: Option<&str>,
    ) -> String {
        String::new()
    }

    /// One sentence of the diagnosis on the worst row `l` of this policy (at `at`, e.g.
    /// `2025-09 peak`); `None` to say nothing (or when another sentence covers it).
    fn limit_sentence(&self, _l: &PolicyLimit, _at: &str, _d: &Diagnosis) -> Option<String> {
        None
    }

    /// The parameters sweeps can vary.
    fn params(&self) -> &'static [ParamSpec] {
        &[]
    }
}

/// The family implementing policy `p`.
pub(crate) fn of_policy(p: PolicyFamily) -> Option<&'static dyn Family> {
    REGISTRY.iter().copied().find(|f| f.policy() == Some(p))
}

/// Every policy, in reporting order (the order of [`PolicyFamily`]).
pub(crate) fn policies() -> Vec<PolicyFamily> {
    let mut all: Vec<PolicyFamily> = REGISTRY.iter().filter_map(|f| f.policy()).collect();
    all.sort();
    all
}

/// Every sweep parameter of every family, in registry order.
pub(crate) fn params() -> impl Iterator<Item = &'static ParamSpec> {
    REGISTRY.iter().flat_map(|f| f.params().iter())
}

/// Every parameter whose value is a name.
pub(crate) fn text_params() -> impl Iterator<Item = &'static TextParamSpec> {
    demand_inputs::TEXT.iter()
}

pub(crate) use demand::scenario_names as demand_scenario_names;
pub(crate) use demand_inputs::{reestimates, serving_targets};

/// The name of group `g` of `family`'s rows.
fn group_of(model: &Model, family: PolicyFamily, g: Option<usize>) -> Option<String> {
    of_policy(family)?.group(model, g?)
}

/// `1 row`, `3 rows`.
pub(crate) fn rows_word(rows: usize) -> String {
    if rows == 1 {
        "1 row".to_string()
    } else {
        format!("{rows} rows")
    }
}

/// A policy row that would have to give: the policy, its place and values.
pub(crate) fn limit(
    model: &Model,
    family: PolicyFamily,
    at: crate::formulate::At,
    limit: f64,
    relaxed_to: f64,
) -> PolicyLimit {
    PolicyLimit {
        family,
        workload: at.w.map(|w| model.workloads[w].id.clone()),
        provider: group_of(model, family, at.g),
        region: None,
        period: at.t.map(|t| t + 1),
        segment: at.k.and_then(|k| model.segment_name(k)),
        limit,
        relaxed_to,
    }
}

/// A policy row's price: its place, and `usd` per unit of the parameter.
pub(crate) fn policy_price(
    model: &Model,
    family: PolicyFamily,
    at: crate::formulate::At,
    usd: f64,
) -> PolicyPrice {
    PolicyPrice {
        family,
        workload: at.w.map(|w| model.workloads[w].id.clone()),
        provider: group_of(model, family, at.g),
        region: None,
        period: at.t.map(|t| t + 1),
        segment: at.k.map(|k| model.segments[k].name.clone()),
        usd_per_unit_of_parameter: usd,
    }
}

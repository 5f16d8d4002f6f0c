//! A fluent Rust API for services that build scenarios in code instead of files.
//!
//! ```
//! use capmix::{Offering, Scenario, Workload};
//! let scenario = Scenario::builder("demo")
//!     .periods(3)
//!     .provider("aws")
//!     .offering(Offering::on_demand("aws-h100", "aws", "us-east-1", "H100", 8.0, 55.04))
//!     .workload(Workload::serving("chat", [100.0, 120.0, 140.0]).throughput("H100", 1.1))
//!     .build()
//!     .unwrap();
//! assert_eq!(scenario.offerings.len(), 1);
//! ```

use crate::catalog::accelerators::ScaleBy;
use crate::scenario::{
    BeyondHorizon, Demand, Existing, Horizon, Offering, Policy, Provider, Purchase, Routing,
    Scenario, Segment, ThroughputRef, Workload, WorkloadKind,
};
use crate::Error;

/// Builds a [`Scenario`]; [`ScenarioBuilder::build`] validates it.
#[derive(Debug, Clone)]
#[must_use]
pub struct ScenarioBuilder {
    scenario: Scenario,
}

impl Scenario {
    /// Starts a builder with one period of 730 hours and default policy.
    pub fn builder(name: impl Into<String>) -> ScenarioBuilder {
        ScenarioBuilder {
            scenario: Scenario {
                name: name.into(),
                horizon: Horizon {
                    periods: 1,
                    hours_per_period: None,
                    hours: None,
                    start: None,
                },
                segments: Vec::new(),
                providers: Vec::new(),
                offerings: Vec::new(),
                catalogs: Vec::new(),
                workloads: Vec::new(),
                policy: Policy::default(),
                existing: Vec::new(),
                models: Vec::new(),
                profiles: Vec::new(),
                measurements: Vec::new(),
                region_geo: Default::default(),
                demand_scenarios: Vec::new(),
                demand_growth: None,
            },
        }
    }
}

impl ScenarioBuilder {
    /// Number of planning periods.
    pub fn periods(mut self, periods: u32) -> Self {
        self.scenario.horizon.periods = periods;
        self
    }
    /// Hours in every period.
    pub fn hours_per_period(mut self, hours: f64) -> Self {
        self.scenario.horizon.hours_per_period = Some(hours);
        self
    }
    /// Hours of each period (sets `periods` to the list's length).
    pub fn hours(mut self, hours: impl Into<Vec<f64>>) -> Self {
        let hours = hours.into();
        self.scenario.horizon.periods = u32::try_from(hours.len()).unwrap_or(u32::MAX);
        self.scenario.horizon.hours = Some(hours);
        self
    }
    /// Label of period 1 (`YYYY-MM`).
    pub fn start(mut self, label: impl Into<String>) -> Self {
        self.scenario.horizon.start = Some(label.into());
        self
    }
    /// Adds a load-profile segment: `share` of the hours at demand multiplier `level`.
    pub fn segment(mut self, share: f64, level: f64) -> Self {
        self.scenario.segments.push(Segment {
            share,
            level,
            name: None,
        });
        self
    }
    /// Declares a provider.
    pub fn provider(mut self, id: impl Into<String>) -> Self {
        self.scenario.providers.push(Provider {
            id: id.into(),
            max_share: None,
        });
        self
    }
    /// Declares a provider with its own share cap.
    pub fn provider_with_max_share(mut self, id: impl Into<String>, max_share: f64) -> Self {
        self.scenario.providers.push(Provider {
            id: id.into(),
            max_share: Some(max_share),
        });
        self
    }
    /// Adds an offering.
    pub fn offering(mut self, offering: Offering) -> Self {
        self.scenario.offerings.push(offering);
        self
    }
    /// Adds a workload.
    pub fn workload(mut self, workload: Workload) -> Self {
        self.scenario.workloads.push(workload);
        self
    }
    /// Records an already signed commitment.
    pub fn existing(
        mut self,
        offering: impl Into<String>,
        units: f64,
        remaining_periods: u32,
    ) -> Self {
        self.scenario.existing.push(Existing {
            offering: offering.into(),
            units,
            remaining_periods,
        });
        self
    }
    /// `policy.max_provider_share`.
    pub fn max_provider_share(mut self, share: f64) -> Self {
        self.scenario.policy.max_provider_share = share;
        self
    }
    /// `policy.outage_coverage`.
    pub fn outage_coverage(mut self, beta: f64) -> Self {
        self.scenario.policy.outage_coverage = beta;
        self
    }
    /// `policy.max_spot_share`.
    pub fn max_spot_share(mut self, share: f64) -> Self {
        self.scenario.policy.max_spot_share = share;
        self
    }
    /// `policy.budget` in USD over the horizon.
    pub fn budget(mut self, usd: f64) -> Self {
        self.scenario.policy.budget = Some(usd);
        self
    }
    /// `policy.integer_units`.
    pub fn integer_units(mut self, on: bool) -> Self {
        self.scenario.policy.integer_units = on;
        self
    }
    /// `policy.commitments_beyond_horizon`.
    pub fn commitments_beyond_horizon(mut self, rule: BeyondHorizon) -> Self {
        self.scenario.policy.commitments_beyond_horizon = rule;
        self
    }
    /// Validates and returns the scenario.
    pub fn build(self) -> Result<Scenario, Error> {
        crate::validate(&crate::expand(&self.scenario)?)?;
        Ok(self.scenario)
    }
    /// Returns the scenario without validating it.
    pub fn build_unchecked(self) -> Scenario {
        self.scenario
    }
}

impl Offering {
    fn new(
        id: impl Into<String>,
        provider: impl Into<String>,
        region: impl Into<String>,
        accelerator: impl Into<String>,
        chips: f64,
        purchase: Purchase,
        price_per_hour: f64,
    ) -> Offering {
        Offering {
            id: id.into(),
            provider: provider.into(),
            region: region.into(),
            accelerator: accelerator.into(),
            chips,
            purchase,
            price_per_hour,
            max_units: None,
            availability: None,
            term_periods: None,
            lead_periods: None,
        }
    }
    /// An on-demand offering at `price_per_hour` USD per unit-hour.
    pub fn on_demand(
        id: impl Into<String>,
        provider: impl Into<String>,
        region: impl Into<String>,
        accelerator: impl Into<String>,
        chips: f64,
        price_per_hour: f64,
    ) -> Offering {
        Offering::new(
            id,
            provider,
            region,
            accelerator,
            chips,
            Purchase::OnDemand,
            price_per_hour,
        )
    }
    /// A spot offering; set [`Offering::availability`] below 1 for preemption.
    pub fn spot(
        id: impl Into<String>,
        provider: impl Into<String>,
        region: impl Into<String>,
        accelerator: impl Into<String>,
        chips: f64,
        price_per_hour: f64,
    ) -> Offering {
        Offering::new(
            id,
            provider,
            region,
            accelerator,
            chips,
            Purchase::Spot,
            price_per_hour,
        )
    }
    /// A commitment of `term_periods` periods at `price_per_hour` per active unit-hour.
    pub fn commit(
        id: impl Into<String>,
        provider: impl Into<String>,
        region: impl Into<String>,
        accelerator: impl Into<String>,
        chips: f64,
        price_per_hour: f64,
        term_periods: u32,
    ) -> Offering {
        let mut o = Offering::new(
            id,
            provider,
            region,
            accelerator,
            chips,
            Purchase::Commit,
            price_per_hour,
        );
        o.term_periods = Some(term_periods);
        o
    }
    /// Caps the units running (or active) at any time.
    #[must_use]
    pub fn max_units(mut self, units: f64) -> Offering {
        self.max_units = Some(units);
        self
    }
    /// Expected usable fraction in (0, 1].
    #[must_use]
    pub fn availability(mut self, fraction: f64) -> Offering {
        self.availability = Some(fraction);
        self
    }
    /// Periods between signing and availability (commit).
    #[must_use]
    pub fn lead_periods(mut self, periods: u32) -> Offering {
        self.lead_periods = Some(periods);
        self
    }
}

impl From<Vec<f64>> for Demand {
    fn from(series: Vec<f64>) -> Demand {
        Demand::Series(series)
    }
}

impl<const N: usize> From<[f64; N]> for Demand {
    fn from(series: [f64; N]) -> Demand {
        Demand::Series(series.to_vec())
    }
}

impl Workload {
    fn new(id: impl Into<String>, kind: WorkloadKind) -> Workload {
        Workload {
            id: id.into(),
            kind,
            unit: None,
            demand: None,
            throughput: Default::default(),
            throughput_ref: None,
            model: None,
            precision: None,
            request: None,
            slo: None,
            unfit: Default::default(),
            estimated: Vec::new(),
            providers: None,
            regions: None,
            geo: None,
            max_spot_share: None,
            routing: Routing::Split,
            shortfall_penalty: None,
            total: None,
            window: None,
        }
    }
    /// A serving workload with demand in work units per hour per period.
    pub fn serving(id: impl Into<String>, demand: impl Into<Demand>) -> Workload {
        let mut w = Workload::new(id, WorkloadKind::Serving);
        w.demand = Some(demand.into());
        w
    }
    /// A serving workload growing geometrically from `start` by `growth` per period.
    pub fn serving_growth(id: impl Into<String>, start: f64, growth: f64) -> Workload {
        Workload::serving(id, Demand::Growth { start, growth })
    }
    /// A batch workload: `total` work units within periods `first..=last` (1-based).
    pub fn batch(id: impl Into<String>, total: f64, first: u32, last: u32) -> Workload {
        let mut w = Workload::new(id, WorkloadKind::Batch);
        w.total = Some(total);
        w.window = Some([first, last]);
        w
    }
    /// Work units per chip-hour on `accelerator`.
    #[must_use]
    pub fn throughput(mut self, accelerator: impl Into<String>, per_chip_hour: f64) -> Workload {
        self.throughput.insert(accelerator.into(), per_chip_hour);
        self
    }
    /// Throughput estimated from `value` work units per chip-hour measured on `reference`,
    /// scaled by `rule`; explicit [`Workload::throughput`] entries win.
    #[must_use]
    pub fn throughput_ref(
        mut self,
        reference: impl Into<String>,
        value: f64,
        rule: ScaleBy,
    ) -> Workload {
        self.throughput_ref = Some(ThroughputRef {
            accelerator: reference.into(),
            value,
            scale_by: rule,
            ratios: Default::default(),
            accelerators: None,
        });
        self
    }
    /// Geography allow-list (`EU`, `US`, `Europe`, ...), for data residency.
    #[must_use]
    pub fn geo<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Workload {
        self.geo = Some(values.into_iter().map(Into::into).collect());
        self
    }
    /// Informational unit label.
    #[must_use]
    pub fn unit(mut self, unit: impl Into<String>) -> Workload {
        self.unit = Some(unit.into());
        self
    }
    /// Provider allow-list.
    #[must_use]
    pub fn providers<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Workload {
        self.providers = Some(ids.into_iter().map(Into::into).collect());
        self
    }
    /// Region allow-list (`*` globs).
    #[must_use]
    pub fn regions<S: Into<String>>(mut self, globs: impl IntoIterator<Item = S>) -> Workload {
        self.regions = Some(globs.into_iter().map(Into::into).collect());
        self
    }
    /// Per-workload spot share cap.
    #[must_use]
    pub fn max_spot_share(mut self, share: f64) -> Workload {
        self.max_spot_share = Some(share);
        self
    }
    /// One accelerator type for the whole horizon.
    #[must_use]
    pub fn single_routing(mut self) -> Workload {
        self.routing = Routing::Single;
        self
    }
    /// USD per unmet work unit (makes demand soft).
    #[must_use]
    pub fn shortfall_penalty(mut self, usd_per_unit: f64) -> Workload {
        self.shortfall_penalty = Some(usd_per_unit);
        self
    }
}

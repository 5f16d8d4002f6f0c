//! Allocations and shortfalls: each entry is checked on its own (known ids, usability,
//! window, horizon, its reported figures), then summed into the quantities the constraint
//! rows need. Delivered rates are recomputed from the scenario, never read from the plan.

use super::view::View;
use super::{num, Checker};
use crate::document::{Allocation, Plan, Shortfall};
use crate::scenario::{Offering, Purchase, Workload};
use std::collections::{BTreeMap, BTreeSet};

/// (workload, period, segment), 0-based.
pub(super) type Wtk = (usize, usize, usize);

/// Sums over the plan's allocations and shortfalls.
#[derive(Default)]
pub(super) struct Tally<'s> {
    /// Units allocated per (offering, period, segment).
    pub used: BTreeMap<(usize, usize, usize), f64>,
    /// Units per (offering, period, segment) that would carry, alone, the whole demand of
    /// the workloads allocated there: the natural scale of that capacity check (a millionth
    /// of a unit is nothing where demand needs fifty, and everything where it needs a
    /// millionth).
    pub need: BTreeMap<(usize, usize, usize), f64>,
    /// Delivered rate (work units per hour) per (workload, period, segment).
    pub delivered: BTreeMap<Wtk, f64>,
    /// Delivered rate (work units per hour) per (workload, provider id, period, segment).
    pub by_provider: BTreeMap<(usize, &'s str, usize, usize), f64>,
    /// Delivered rate (work units per hour) from spot offerings per (workload, period, segment).
    pub spot: BTreeMap<Wtk, f64>,
    /// Accelerator names each workload runs on.
    pub accelerators: BTreeMap<usize, BTreeSet<&'s str>>,
    /// Unmet serving work (work units over the segment's hours) per (workload, period, segment).
    pub short: BTreeMap<Wtk, f64>,
    /// Unmet batch work (work units) per workload.
    pub short_batch: BTreeMap<usize, f64>,
    /// Shortfall penalties recomputed from the scenario (USD).
    pub penalty: f64,
}

/// An allocation resolved against the scenario.
struct Placed<'s> {
    w: usize,
    workload: &'s Workload,
    o: usize,
    offering: &'s Offering,
    t: usize,
    k: usize,
    units: f64,
}

/// Checks every allocation and shortfall entry and sums them.
pub(super) fn tally<'s>(view: &View<'s>, plan: &Plan, c: &mut Checker) -> Tally<'s> {
    let mut tally = Tally::default();
    for (i, a) in plan.allocations.iter().enumerate() {
        if let Some(p) = allocation(view, i, a, c) {
            tally.add(view, p);
        }
    }
    for (i, s) in plan.achieved.shortfall.iter().enumerate() {
        shortfall(view, i, s, c, &mut tally);
    }
    tally
}

impl<'s> Tally<'s> {
    fn add(&mut self, view: &View<'s>, p: Placed<'s>) {
        // Work units per hour: units × chips × throughput × availability.
        let gain = View::gain(p.workload, p.offering);
        let rate = p.units * gain;
        let demand = if View::is_serving(p.workload) {
            view.rate(p.w, p.t, p.k)
        } else {
            View::total(p.workload) / view.seg_hours(p.t, p.k).max(f64::MIN_POSITIVE)
        };
        if gain > 0.0 && demand.is_finite() {
            *self.need.entry((p.o, p.t, p.k)).or_default() += demand / gain;
        }
        *self.used.entry((p.o, p.t, p.k)).or_default() += p.units;
        *self.delivered.entry((p.w, p.t, p.k)).or_default() += rate;
        *self
            .by_provider
            .entry((p.w, p.offering.provider.as_str(), p.t, p.k))
            .or_default() += rate;
        if p.offering.purchase == Purchase::Spot {
            *self.spot.entry((p.w, p.t, p.k)).or_default() += rate;
        }
        if p.units > 0.0 {
            self.accelerators
                .entry(p.w)
                .or_default()
                .insert(p.offering.accelerator.as_str());
        }
    }
}

/// Check 1: the allocation names known things, is usable, lies in the horizon (and a batch
/// workload's window), has finite non-negative units, and reports consistent figures.
/// Returns `None` when it cannot be placed (unknown ids, period, segment or bad units).
fn allocation<'s>(
    view: &View<'s>,
    i: usize,
    a: &Allocation,
    c: &mut Checker,
) -> Option<Placed<'s>> {
    let name = || {
        format!(
            "allocation {i} (`{}` on `{}`, period {}, segment {})",
            a.workload, a.offering, a.period, a.segment
        )
    };
    let workload = view.workload(&a.workload);
    c.holds(workload.is_some(), || {
        format!("{}: unknown workload `{}`", name(), a.workload)
    });
    let offering = view.offering(&a.offering);
    c.holds(offering.is_some(), || {
        format!("{}: unknown offering `{}`", name(), a.offering)
    });
    let t = a.period.checked_sub(1).filter(|&t| t < view.periods());
    c.holds(t.is_some(), || {
        format!(
            "{}: period outside the horizon 1..={}",
            name(),
            view.periods()
        )
    });
    let k = view.segment(&a.segment);
    c.holds(k.is_some(), || {
        format!("{}: unknown segment `{}`", name(), a.segment)
    });
    c.holds(a.units.is_finite(), || {
        format!("{}: units {} are not a finite number", name(), a.units)
    });
    let ((w, workload), (o, offering), t, k) = (workload?, offering?, t?, k?);
    if !a.units.is_finite() {
        return None;
    }
    c.at_least(a.units, 0.0, a.units.abs().max(1.0), || {
        format!("{}: negative units {}", name(), num(a.units))
    });
    let why = View::unusable(workload, offering);
    c.holds(why.is_none(), || {
        format!(
            "{}: offering not usable: {}",
            name(),
            why.clone().unwrap_or_default()
        )
    });
    if !View::is_serving(workload) {
        let (first, last) = view.window(workload);
        c.holds((first..=last).contains(&t), || {
            format!(
                "{}: outside the window [{}, {}] of batch workload `{}`",
                name(),
                first + 1,
                last + 1,
                a.workload
            )
        });
    }
    figures(a, workload, offering, c, &name);
    Some(Placed {
        w,
        workload,
        o,
        offering,
        t,
        k,
        units: a.units,
    })
}

/// The allocation's reported labels, chips, delivered rate and cost per hour against the
/// scenario's offering.
fn figures(a: &Allocation, w: &Workload, o: &Offering, c: &mut Checker, name: &dyn Fn() -> String) {
    let labels_match = a.provider == o.provider
        && a.region == o.region
        && a.accelerator == o.accelerator
        && a.purchase == o.purchase.as_str();
    c.holds(labels_match, || {
        format!(
            "{}: labels {}/{}/{}/{} differ from the offering's {}/{}/{}/{}",
            name(),
            a.provider,
            a.region,
            a.accelerator,
            a.purchase,
            o.provider,
            o.region,
            o.accelerator,
            o.purchase.as_str()
        )
    });
    let chips = a.units * o.chips;
    c.equal_at(a.chips, chips, 1.0, || {
        format!(
            "{}: reports {} chips, expected {}",
            name(),
            num(a.chips),
            num(chips)
        )
    });
    let rate = a.units * View::gain(w, o);
    c.equal(a.delivered_rate, rate, || {
        format!(
            "{}: reports delivered rate {}, recomputed {}",
            name(),
            num(a.delivered_rate),
            num(rate)
        )
    });
    let usd = a.units * o.price_per_hour;
    c.equal_at(a.cost_per_hour, usd, c.money_floor(), || {
        format!(
            "{}: reports {} USD/h, expected {}",
            name(),
            num(a.cost_per_hour),
            num(usd)
        )
    });
}

/// A shortfall entry: a known workload with a shortfall penalty (otherwise its demand is
/// hard), finite non-negative work, the right penalty, and a place in the document's
/// convention (serving: period and segment; batch: the window's last period, no segment).
fn shortfall<'s>(view: &View<'s>, i: usize, s: &Shortfall, c: &mut Checker, tally: &mut Tally<'s>) {
    let segment = s.segment.as_deref().unwrap_or("-");
    let name = || {
        format!(
            "shortfall {i} (`{}`, period {}, segment {segment})",
            s.workload, s.period
        )
    };
    let Some((w, workload)) = view.workload(&s.workload) else {
        c.holds(false, || {
            format!("{}: unknown workload `{}`", name(), s.workload)
        });
        return;
    };
    c.holds(s.work_units.is_finite(), || {
        format!("{}: work units {} are not finite", name(), s.work_units)
    });
    if !s.work_units.is_finite() {
        return;
    }
    c.at_least(s.work_units, 0.0, s.work_units.abs(), || {
        format!("{}: negative work {}", name(), num(s.work_units))
    });
    let price = workload.shortfall_penalty;
    c.holds(price.is_some() || s.work_units == 0.0, || {
        format!(
            "{}: {} work units unmet, but `{}` has no shortfall_penalty (its demand is hard)",
            name(),
            num(s.work_units),
            s.workload
        )
    });
    let usd = s.work_units * price.unwrap_or(0.0);
    c.equal_at(s.penalty, usd, c.money_floor(), || {
        format!(
            "{}: penalty {} USD, expected {}",
            name(),
            num(s.penalty),
            num(usd)
        )
    });
    tally.penalty += usd;
    if View::is_serving(workload) {
        let t = s.period.checked_sub(1).filter(|&t| t < view.periods());
        let k = s.segment.as_deref().and_then(|n| view.segment(n));
        c.holds(t.is_some() && k.is_some(), || {
            format!("{}: no such period and segment in the scenario", name())
        });
        if let (Some(t), Some(k)) = (t, k) {
            *tally.short.entry((w, t, k)).or_default() += s.work_units;
        }
    } else {
        let last = view.window(workload).1 + 1;
        c.holds(s.segment.is_none() && s.period == last, || {
            format!("{}: a batch shortfall belongs to the window's last period {last} without a segment", name())
        });
        *tally.short_batch.entry(w).or_default() += s.work_units;
    }
}

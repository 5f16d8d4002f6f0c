//! Capacity (check 4) and whole units (check 9): the fleet holds what the allocations use,
//! stays within `max_units`, and for commit offerings equals the active units recomputed
//! from existing commitments and the plan's new commitments.
//!
//! A commitment signed in period s (1-based) with lead L and term T is active in periods
//! s+L ..= s+L+T-1; existing commitments are active from period 1 for `remaining_periods`.

use super::tally::Tally;
use super::view::View;
use super::{num, Checker};
use crate::document::{Commitment, FleetEntry, Plan};
use crate::scenario::{Offering, Purchase};
use std::collections::BTreeMap;

/// What the plan pays for, resolved against the scenario.
#[derive(Default)]
pub(super) struct Paid {
    /// Units paid per (offering, period, segment), 0-based: running (on-demand/spot) or
    /// active (commit).
    pub fleet: BTreeMap<(usize, usize, usize), f64>,
    /// New commitments: (offering, signing period 0-based, units).
    pub signed: Vec<(usize, usize, f64)>,
}

/// Checks the fleet and commitments and returns what is paid for.
pub(super) fn check(view: &View, plan: &Plan, tally: &Tally, c: &mut Checker) -> Paid {
    let integer = plan.integer_units;
    let mut paid = Paid::default();
    for (i, f) in plan.fleet.iter().enumerate() {
        fleet_entry(view, i, f, tally, &mut paid, c);
    }
    for (i, m) in plan.commitments.iter().enumerate() {
        if let Some(s) = commitment(view, i, m, integer, c) {
            paid.signed.push(s);
        }
    }
    for (&(o, t, k), &used) in &tally.used {
        let held = paid.fleet.get(&(o, t, k)).copied().unwrap_or(0.0);
        let need = tally.need.get(&(o, t, k)).copied().unwrap_or(0.0);
        c.at_most(used, held, used.abs().max(need), || {
            format!(
                "capacity of `{}` in period {} segment {}: allocations use {} units but the fleet holds {}",
                offering_id(view, o),
                t + 1,
                view.seg_name(k),
                num(used),
                num(held)
            )
        });
    }
    running(view, &paid, integer, c);
    committed(view, &paid, integer, c);
    paid
}

fn offering_id<'s>(view: &View<'s>, o: usize) -> &'s str {
    view.scenario
        .offerings
        .get(o)
        .map_or("?", |off| off.id.as_str())
}

/// One fleet entry: known offering, period and segment, not listed twice, finite
/// non-negative units, and consistent labels, chips and used units.
fn fleet_entry(
    view: &View,
    i: usize,
    f: &FleetEntry,
    tally: &Tally,
    paid: &mut Paid,
    c: &mut Checker,
) {
    let name = || {
        format!(
            "fleet entry {i} (`{}`, period {}, segment {})",
            f.offering, f.period, f.segment
        )
    };
    let offering = view.offering(&f.offering);
    let t = f.period.checked_sub(1).filter(|&t| t < view.periods());
    let k = view.segment(&f.segment);
    c.holds(offering.is_some() && t.is_some() && k.is_some(), || {
        format!(
            "{}: no such offering, period or segment in the scenario",
            name()
        )
    });
    c.holds(f.units.is_finite(), || {
        format!("{}: units {} are not finite", name(), f.units)
    });
    let (Some((o, off)), Some(t), Some(k)) = (offering, t, k) else {
        return;
    };
    if !f.units.is_finite() {
        return;
    }
    c.holds(!paid.fleet.contains_key(&(o, t, k)), || {
        format!("{}: listed twice", name())
    });
    c.at_least(f.units, 0.0, f.units.abs().max(1.0), || {
        format!("{}: negative units {}", name(), num(f.units))
    });
    let labels = f.provider == off.provider
        && f.accelerator == off.accelerator
        && f.purchase == off.purchase.as_str();
    c.holds(labels, || {
        format!(
            "{}: labels {}/{}/{} differ from the offering's {}/{}/{}",
            name(),
            f.provider,
            f.accelerator,
            f.purchase,
            off.provider,
            off.accelerator,
            off.purchase.as_str()
        )
    });
    let chips = f.units * off.chips;
    c.equal_at(f.chips, chips, 1.0, || {
        format!(
            "{}: reports {} chips, expected {}",
            name(),
            num(f.chips),
            num(chips)
        )
    });
    let used = tally.used.get(&(o, t, k)).copied().unwrap_or(0.0);
    c.equal_at(f.used_units, used, 1.0, || {
        format!(
            "{}: reports {} used units, allocations use {}",
            name(),
            num(f.used_units),
            num(used)
        )
    });
    *paid.fleet.entry((o, t, k)).or_default() += f.units;
}

/// One new commitment: on a known commit offering, signed inside the horizon, with finite
/// non-negative (whole, when integer) units and the offering's term, lead, active periods
/// and costs. Returns (offering, signing period 0-based, units).
fn commitment(
    view: &View,
    i: usize,
    m: &Commitment,
    integer: bool,
    c: &mut Checker,
) -> Option<(usize, usize, f64)> {
    let name = || {
        format!(
            "commitment {i} (`{}`, signed in period {})",
            m.offering, m.period
        )
    };
    let offering = view.offering(&m.offering);
    c.holds(offering.is_some(), || {
        format!("{}: unknown offering", name())
    });
    let (o, off) = offering?;
    let term_lead = View::term_lead(off);
    c.holds(term_lead.is_some(), || {
        format!(
            "{}: `{}` is {}; only commit offerings take commitments",
            name(),
            off.id,
            off.purchase.as_str()
        )
    });
    let s = m.period.checked_sub(1).filter(|&s| s < view.periods());
    c.holds(s.is_some(), || {
        format!(
            "{}: signing period outside the horizon 1..={}",
            name(),
            view.periods()
        )
    });
    c.holds(m.units.is_finite(), || {
        format!("{}: units {} are not finite", name(), m.units)
    });
    let (_, s) = (term_lead?, s?);
    if !m.units.is_finite() {
        return None;
    }
    c.at_least(m.units, 0.0, m.units.abs().max(1.0), || {
        format!("{}: negative units {}", name(), num(m.units))
    });
    if integer {
        whole(m.units, c, || {
            format!("{}: {} units are not whole", name(), num(m.units))
        });
    }
    stated(view, m, off, s, c, &name);
    Some((o, s, m.units))
}

/// A commitment's stated term, lead, active periods, labels and costs against its offering;
/// `s` is the signing period (0-based).
fn stated(
    view: &View,
    m: &Commitment,
    off: &Offering,
    s: usize,
    c: &mut Checker,
    name: &dyn Fn() -> String,
) {
    let Some((term, lead)) = View::term_lead(off) else {
        return;
    };
    // 1-based active periods s+L ..= s+L+T-1 (term ≥ 1 in a valid scenario).
    let (first, last) = (s + 1 + lead, s + lead + term);
    let stated = (
        m.term_periods,
        m.lead_periods,
        m.first_active_period,
        m.last_active_period,
    );
    c.holds(stated == (term, lead, first, last), || {
        format!(
            "{}: term {}, lead {}, active {}..={} differ from the offering's term {term}, lead {lead}, active {first}..={last}",
            name(),
            m.term_periods,
            m.lead_periods,
            m.first_active_period,
            m.last_active_period
        )
    });
    c.holds(
        m.provider == off.provider && m.accelerator == off.accelerator,
        || {
            format!(
                "{}: labels {}/{} differ from the offering's {}/{}",
                name(),
                m.provider,
                m.accelerator,
                off.provider,
                off.accelerator
            )
        },
    );
    let inside: f64 = view.hours.iter().take(last).skip(first - 1).sum();
    let usd = m.units * off.price_per_hour * inside;
    c.equal_at(m.cost_in_horizon, usd, c.money_floor(), || {
        format!(
            "{}: cost in horizon {} USD, expected {}",
            name(),
            num(m.cost_in_horizon),
            num(usd)
        )
    });
    let usd = m.units * beyond_cost(view, off, s);
    c.equal_at(m.cost_beyond_horizon, usd, c.money_floor(), || {
        format!(
            "{}: cost beyond horizon {} USD, expected {}",
            name(),
            num(m.cost_beyond_horizon),
            num(usd)
        )
    });
}

/// USD per unit signed in period `s` (0-based) for its active periods after the horizon,
/// each priced at the last period's hours.
pub(super) fn beyond_cost(view: &View, off: &Offering, s: usize) -> f64 {
    let Some((term, lead)) = View::term_lead(off) else {
        return 0.0;
    };
    // Active 0-based periods s+lead .. s+lead+term (exclusive); those ≥ periods are beyond.
    let beyond = (s + lead + term).saturating_sub(view.periods().max(s + lead));
    let last_hours = view.hours.last().copied().unwrap_or(0.0);
    off.price_per_hour * last_hours * beyond as f64
}

/// On-demand and spot fleet: within `max_units` (whole units when integer).
fn running(view: &View, paid: &Paid, integer: bool, c: &mut Checker) {
    for (&(o, t, k), &units) in &paid.fleet {
        let Some(off) = view.scenario.offerings.get(o) else {
            continue;
        };
        if off.purchase == Purchase::Commit {
            continue;
        }
        let at = || {
            format!(
                "`{}` in period {} segment {}",
                off.id,
                t + 1,
                view.seg_name(k)
            )
        };
        if let Some(cap) = View::cap(off, integer) {
            c.at_most(units, cap, units.abs().max(1.0), || {
                format!(
                    "fleet of {} runs {} units > max_units {}",
                    at(),
                    num(units),
                    num(cap)
                )
            });
        }
        if integer {
            whole(units, c, || {
                format!("fleet of {}: {} units are not whole", at(), num(units))
            });
        }
    }
}

/// Commit fleet: in every (t, k) equal to the active units, which stay within `max_units`
/// (or the existing units, if those alone exceed the whole-unit cap).
fn committed(view: &View, paid: &Paid, integer: bool, c: &mut Checker) {
    let active = active_units(view, paid);
    for (&(o, t), &units) in &active {
        let Some(off) = view.scenario.offerings.get(o) else {
            continue;
        };
        if let Some(cap) = View::cap(off, integer) {
            // Existing units are not the plan's choice and validation checks them against
            // the raw cap; with integer units they may exceed the whole-unit cap, and then
            // new commitments must not add to them.
            let cap = cap.max(view.existing(o, t));
            c.at_most(units, cap, units.abs().max(1.0), || {
                format!(
                    "commitments on `{}` in period {}: {} active units > max_units {}",
                    off.id,
                    t + 1,
                    num(units),
                    num(cap)
                )
            });
        }
        for k in 0..view.segments.len() {
            let held = paid.fleet.get(&(o, t, k)).copied().unwrap_or(0.0);
            c.equal_at(held, units, 1.0, || {
                format!(
                    "fleet of commit `{}` in period {} segment {}: {} units, but existing and new commitments make {} active",
                    off.id,
                    t + 1,
                    view.seg_name(k),
                    num(held),
                    num(units)
                )
            });
        }
    }
    // Commit fleet where nothing is active.
    for (&(o, t, k), &held) in &paid.fleet {
        let Some(off) = view.scenario.offerings.get(o) else {
            continue;
        };
        if off.purchase == Purchase::Commit && !active.contains_key(&(o, t)) {
            c.equal_at(held, 0.0, 1.0, || {
                format!("fleet of commit `{}` in period {} segment {}: {} units, but no commitment is active", off.id, t + 1, view.seg_name(k), num(held))
            });
        }
    }
}

/// Active commit units per (offering, period): existing plus new commitments in their term.
fn active_units(view: &View, paid: &Paid) -> BTreeMap<(usize, usize), f64> {
    let mut active = BTreeMap::new();
    for e in &view.scenario.existing {
        let Some((o, _)) = view.offering(&e.offering) else {
            continue;
        };
        for t in 0..view.periods().min(e.remaining_periods as usize) {
            active.insert((o, t), view.existing(o, t));
        }
    }
    for &(o, s, units) in &paid.signed {
        let Some((term, lead)) = view.scenario.offerings.get(o).and_then(View::term_lead) else {
            continue;
        };
        for t in (s + lead)..(s + lead + term).min(view.periods()) {
            *active.entry((o, t)).or_default() += units;
        }
    }
    active
}

/// Integer units: the distance of `units` from the nearest whole number is the recorded
/// violation, so units pass within [`super::TOLERANCE`] (1e-6) of a whole number.
fn whole(units: f64, c: &mut Checker, what: impl FnOnce() -> String) {
    c.record((units - units.round()).abs(), what);
}

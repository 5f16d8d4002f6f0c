//! Exact reductions before solving: parts of the program that cannot change the optimum are
//! never built.
//!
//! - **Dominated offerings.** An offering is dropped when another offering of the same
//!   provider, region, accelerator, chips per unit, purchase option, availability, term and
//!   lead costs no more per unit-hour and has no `max_units` cap, and no `existing`
//!   commitment refers to the dropped one. Every workload can use both or neither (filters
//!   and throughput depend only on provider, region and accelerator), each unit delivers the
//!   same work to the same demand, share, outage and spot rows, and moving any use of the
//!   dropped offering (units, commitments signed, whole units) onto the dominating one keeps
//!   every constraint and costs no more. So the optimum is unchanged; among offerings of
//!   equal price the first one in the scenario is kept. The dropped offering's own cap rows
//!   have a zero dual in every optimal solution (its cap never matters), so shadow prices
//!   are unchanged too. The plan reports the dropped offering as unused.
//! - **Batch windows.** Allocation variables of a batch workload exist only inside its
//!   window (and serving ones only in segments with demand): see `allocation_vars`.
//!
//! Not done: merging workloads with identical filters and proportional demand. It is exact
//! for serving workloads with identical throughput, filters, spot share and penalty (every
//! row is homogeneous in units and demand, so a merged solution splits back in proportion to
//! demand), but the plan reports allocations, shortfall, costs, achieved shares and shadow
//! prices per workload, so the solution and the duals would have to be split back row by
//! row: more risk to the report than the speed is worth on the scenarios seen so far.

use crate::model::Model;
use crate::scenario::Purchase;
use std::collections::HashMap;

/// For each offering, whether an exact reduction drops it.
pub(crate) fn dominated(model: &Model) -> Vec<bool> {
    type Key<'a> = (usize, &'a str, &'a str, u64, Purchase, u64, usize, usize);
    let mut dropped = vec![false; model.offerings.len()];
    // The cheapest uncapped offering (first on ties) of each group of interchangeable ones.
    let mut best: HashMap<Key<'_>, usize> = HashMap::new();
    let key = |o: usize| -> Key<'_> {
        let off = &model.offerings[o];
        (
            off.provider,
            off.region.as_str(),
            off.accelerator.as_str(),
            off.chips.to_bits(),
            off.purchase,
            off.availability.to_bits(),
            off.term,
            off.lead,
        )
    };
    for (o, off) in model.offerings.iter().enumerate() {
        if off.cap.is_some() {
            continue;
        }
        best.entry(key(o))
            .and_modify(|b| {
                if off.price < model.offerings[*b].price {
                    *b = o;
                }
            })
            .or_insert(o);
    }
    for (o, off) in model.offerings.iter().enumerate() {
        let Some(&b) = best.get(&key(o)) else {
            continue;
        };
        let unused_existing = off.existing.iter().all(|&e| e == 0.0);
        if b != o && unused_existing && model.offerings[b].price <= off.price {
            dropped[o] = true;
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Offering, Scenario, Workload};

    #[test]
    fn drops_only_offerings_dominated_by_an_uncapped_twin() {
        let od = |id: &str, price: f64| Offering::on_demand(id, "p", "r", "H100", 8.0, price);
        let s = Scenario::builder("t")
            .periods(2)
            .provider("p")
            .offering(od("a", 10.0))
            .offering(od("b", 11.0)) // dominated by a
            .offering(od("c", 10.0)) // a tie: the first (a) is kept
            .offering(od("d", 9.0).max_units(3.0)) // cheaper but capped: kept, dominates nothing
            .offering(Offering::on_demand("e", "p", "r2", "H100", 8.0, 12.0)) // other region
            .offering(Offering::on_demand("f", "p", "r", "H100", 4.0, 12.0)) // other size
            .offering(Offering::spot("g", "p", "r", "H100", 8.0, 12.0)) // other purchase
            .offering(Offering::commit("h", "p", "r", "H100", 8.0, 6.0, 3)) // dominates i
            .offering(Offering::commit("i", "p", "r", "H100", 8.0, 7.0, 3))
            .offering(Offering::commit("j", "p", "r", "H100", 8.0, 7.0, 3)) // has existing
            .offering(Offering::commit("k", "p", "r", "H100", 8.0, 5.0, 6)) // other term
            .existing("j", 1.0, 1)
            .workload(Workload::serving("w", [1.0, 1.0]).throughput("H100", 1.0))
            .build()
            .unwrap();
        let m = crate::testing::model(&s);
        let ids: Vec<&str> = dominated(&m)
            .iter()
            .zip(&m.offerings)
            .filter(|(d, _)| **d)
            .map(|(_, o)| o.id.as_str())
            .collect();
        assert_eq!(ids, ["b", "c", "i"]);
    }
}

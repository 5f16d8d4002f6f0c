//! The calendar of a model: hours, segments, demand rates, and when commitments are active
//! and what they cost. Periods and signing periods are 0-based; hours are hours.

use super::Model;
use crate::scenario::BeyondHorizon;

impl Model {
    /// Hours of segment `k` in period `t`.
    pub(crate) fn seg_hours(&self, t: usize, k: usize) -> f64 {
        self.hours[t] * self.segments[k].share
    }

    /// Demand rate (work units per hour) of serving workload `w` in segment `k` of period `t`.
    pub(crate) fn rate(&self, w: usize, t: usize, k: usize) -> f64 {
        self.workloads[w].demand[t] * self.segments[k].level
    }

    /// The demand a row about workload `w` (in segment `k` of period `t`) scales with: the
    /// rate of (w, t, k) for serving rows, the total of a batch workload for rows over its
    /// window, 0 for rows about no workload.
    pub(crate) fn row_demand(&self, w: Option<usize>, t: Option<usize>, k: Option<usize>) -> f64 {
        match (w, t, k) {
            (Some(w), Some(t), Some(k)) => self.rate(w, t, k),
            (Some(w), _, _) => self.workloads[w].total,
            _ => 0.0,
        }
    }

    /// Last period (0-based, exclusive) in which a commitment signed in `s` is active.
    pub(crate) fn commit_end(&self, o: usize, s: usize) -> usize {
        let off = &self.offerings[o];
        s + off.lead + off.term
    }

    /// Periods in which new commitments of commit offering `o` can be signed and become
    /// active inside the horizon.
    pub(crate) fn signing_periods(&self, o: usize) -> std::ops::Range<usize> {
        let lead = self.offerings[o].lead;
        0..self.periods().saturating_sub(lead)
    }

    /// Periods after the horizon in which a commitment signed in `s` is still active.
    pub(crate) fn periods_beyond(&self, o: usize, s: usize) -> usize {
        self.commit_end(o, s).saturating_sub(self.periods())
    }

    /// USD per unit signed in `s`: the commit price over its active hours inside the horizon,
    /// plus (with `charge`) its periods after the horizon at the last period's hours.
    pub(crate) fn sign_cost(&self, o: usize, s: usize) -> f64 {
        let off = &self.offerings[o];
        let start = s + off.lead;
        let end = self.commit_end(o, s).min(self.periods());
        let inside: f64 = self.hours[start.min(end)..end].iter().sum();
        let beyond = match self.policy.commitments_beyond_horizon {
            BeyondHorizon::Charge => self.beyond_cost(o, s),
            BeyondHorizon::Amortize => 0.0,
        };
        off.price * inside + beyond
    }

    /// USD per unit signed in `s` for its active periods after the horizon.
    pub(crate) fn beyond_cost(&self, o: usize, s: usize) -> f64 {
        let last = self.hours.last().copied().unwrap_or(0.0);
        self.offerings[o].price * last * self.periods_beyond(o, s) as f64
    }

    /// Signing periods whose commitments are active in period `t`.
    pub(crate) fn active_signings(&self, o: usize, t: usize) -> std::ops::Range<usize> {
        let off = &self.offerings[o];
        let first = (t + 1).saturating_sub(off.lead + off.term);
        let last = (t + 1)
            .saturating_sub(off.lead)
            .min(self.signing_periods(o).end);
        first..last.max(first)
    }

    /// Nonzero coefficients the program would have at most, counted without building it
    /// (an upper bound per family; saturating like [`Model::estimate_variables`]), so that
    /// a program too large for memory is refused before it is built.
    pub(crate) fn estimate_nonzeros(&self) -> usize {
        let k = self.segments.len();
        let t = self.periods();
        // Allocation variables, each in a bounded number of rows of every family.
        let pairs: usize = self
            .workloads
            .iter()
            .map(|w| {
                w.usable
                    .len()
                    .saturating_mul(w.window.1 - w.window.0 + 1)
                    .saturating_mul(k)
            })
            .fold(0, usize::saturating_add);
        let mut per_alloc = 4; // demand, fleet or commit capacity, provider share, spot share
        if self.policy.max_region_share < 1.0 {
            per_alloc += 1;
        }
        if self.policy.outage_coverage > 0.0 {
            per_alloc += 2; // the delivered total and its own provider's row
        }
        if self.has_single_routing() {
            per_alloc += 2;
        }
        let wtk = self.workloads.len().saturating_mul(t).saturating_mul(k);
        let outage_rows = if self.policy.outage_coverage > 0.0 {
            wtk.saturating_mul(self.providers.len().saturating_add(1))
        } else {
            0
        };
        // Commit rows hold every signing active in their period.
        let commit: usize = self
            .offerings
            .iter()
            .filter(|o| o.is_commit())
            .map(|o| t.saturating_mul(k + 1).saturating_mul(o.term.min(t)))
            .fold(0, usize::saturating_add);
        let fleet = self.offerings.len().saturating_mul(t).saturating_mul(k);
        pairs
            .saturating_mul(per_alloc)
            .saturating_add(outage_rows)
            .saturating_add(commit)
            .saturating_add(fleet.saturating_mul(2))
            .saturating_add(wtk)
    }

    /// Variables the full model would have, counted without building it.
    /// Saturating: on 32-bit targets (wasm32) the product of sizes within the limits can exceed
    /// `usize::MAX`, and a wrapped estimate would pass the variable limit.
    pub(crate) fn estimate_variables(&self) -> usize {
        let k = self.segments.len();
        self.workloads
            .iter()
            .map(|w| {
                w.usable
                    .len()
                    .saturating_mul(w.window.1 - w.window.0 + 1)
                    .saturating_mul(k)
            })
            .fold(0usize, usize::saturating_add)
            .saturating_add(
                self.offerings
                    .len()
                    .saturating_mul(self.periods())
                    .saturating_mul(k),
            )
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::{Offering, Scenario, Workload};

    fn model(lead: u32, term: u32, periods: u32) -> Model {
        let s = Scenario::builder("t")
            .periods(periods)
            .hours_per_period(100.0)
            .provider("p")
            .offering(Offering::commit("c", "p", "r", "H100", 1.0, 2.0, term).lead_periods(lead))
            .workload(Workload::serving("w", vec![1.0; periods as usize]).throughput("H100", 1.0))
            .build_unchecked();
        crate::testing::model(&s)
    }

    #[test]
    fn active_window_respects_lead_and_term() {
        let m = model(1, 2, 5);
        // Signed in s, active in s+1 and s+2; signing possible in periods 0..4.
        assert_eq!(m.active_signings(0, 0), 0..0);
        assert_eq!(m.active_signings(0, 1), 0..1);
        assert_eq!(m.active_signings(0, 2), 0..2);
        assert_eq!(m.active_signings(0, 4), 2..4);
    }

    #[test]
    fn cost_inside_horizon_and_beyond() {
        let m = model(0, 3, 4);
        // Signed in period 3 (0-based), active 3,4,5: one period inside, two beyond.
        assert_eq!(m.sign_cost(0, 3), 2.0 * 100.0);
        assert_eq!(m.beyond_cost(0, 3), 2.0 * 100.0 * 2.0);
        assert_eq!(m.sign_cost(0, 0), 2.0 * 300.0);
    }
}

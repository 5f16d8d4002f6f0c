//! Globs, existing units above the whole-unit cap, and random plans that verify.

use super::*;

#[test]
fn globs() {
    assert!(glob("us-*", "us-east-1"));
    assert!(glob("eastus", "eastus"));
    assert!(!glob("eastus", "eastus2"));
    assert!(glob("*", ""));
    assert!(glob("*-1", "us-east-1"));
    assert!(glob("us-*-1", "us-east-1"));
    assert!(!glob("us-*-1", "us-east-2"));
    assert!(!glob("a*a", "a"));
    assert!(glob("a*a", "aa"));
    assert!(glob("*east*", "us-east-1"));
    assert!(glob("a**b", "ab"));
    assert!(glob("*ab", "aab"));
    assert!(!glob("", "x"));
}

#[test]
fn existing_units_above_the_whole_unit_cap_verify() {
    // max_units 2.5 is 2 whole units, but 2.5 units were committed before the horizon: the
    // plan cannot undo them. New commitments may not add to them, and once they end in
    // period 2 the whole-unit cap of 2 binds.
    let s = Scenario::builder("fractional existing")
        .periods(2)
        .hours_per_period(10.0)
        .provider("p")
        .offering(
            Offering::commit("c", "p", "r", "H100", 1.0, 1.0, 1)
                .max_units(2.5)
                .lead_periods(1),
        )
        .offering(Offering::on_demand("od", "p", "r", "H100", 1.0, 5.0))
        .workload(Workload::serving("w", [3.0, 3.0]).throughput("H100", 1.0))
        .existing("c", 2.5, 1)
        .integer_units(true)
        .build()
        .unwrap();
    let plan = assert_passes(&s);
    let mut tampered = plan.clone();
    let extra = Commitment {
        offering: "c".into(),
        provider: "p".into(),
        accelerator: "H100".into(),
        period: 1,
        units: 1.0,
        term_periods: 1,
        lead_periods: 1,
        first_active_period: 2,
        last_active_period: 2,
        cost_in_horizon: 10.0,
        cost_beyond_horizon: 0.0,
    };
    tampered.commitments.push(extra);
    assert_caught(
        &s,
        &tampered,
        &["commitments on `c` in period 2", "> max_units 2"],
    );
}

/// Xorshift generator for reproducible random scenarios.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// A small scenario mixing every feature: hours lists, segments (one with level 0),
/// provider caps, on-demand/spot/commit with caps, lead and term, existing commitments,
/// growth and zero demand, batch windows, filters, spot limits, single routing, penalties,
/// outage coverage, integer units, charged commitments and budgets.
fn random_scenario(r: &mut Rng, seed: u64) -> Scenario {
    let periods = 1 + r.below(4) as u32;
    let mut b = Scenario::builder(format!("random {seed}")).periods(periods);
    b = if r.chance(0.5) {
        b.hours(
            (0..periods)
                .map(|_| 50.0 + r.below(100) as f64)
                .collect::<Vec<_>>(),
        )
    } else {
        b.hours_per_period(100.0)
    };
    b = match r.below(4) {
        0 => b,
        1 => b.segment(0.3, 1.0).segment(0.7, 0.5),
        2 => b.segment(0.0, 1.0).segment(1.0, 0.5),
        _ => b.segment(0.2, 1.0).segment(0.5, 0.7).segment(0.3, 0.0),
    };
    let providers = 1 + r.below(3);
    for p in 0..providers {
        b = if r.chance(0.3) {
            b.provider_with_max_share(format!("p{p}"), 0.5 + 0.5 * r.unit())
        } else {
            b.provider(format!("p{p}"))
        };
    }
    let accelerators = ["H100", "A100", "TPU"];
    for o in 0..2 + r.below(5) {
        let (id, p) = (format!("o{o}"), format!("p{}", r.below(providers)));
        let (acc, region) = (
            accelerators[r.below(3)],
            ["us-east", "us-west", "eu-west"][r.below(3)],
        );
        let (chips, price) = ([1.0, 4.0, 8.0][r.below(3)], 1.0 + 10.0 * r.unit());
        let mut off = match r.below(3) {
            0 => Offering::on_demand(&id, p, region, acc, chips, price),
            1 => Offering::spot(&id, p, region, acc, chips, price * 0.4)
                .availability(0.6 + 0.4 * r.unit()),
            _ => {
                let term = 1 + r.below(4) as u32;
                let off = Offering::commit(&id, p, region, acc, chips, price * 0.6, term);
                if r.chance(0.4) {
                    let units = (1 + r.below(3)) as f64 + if r.chance(0.3) { 0.5 } else { 0.0 };
                    b = b.existing(&id, units, 1 + r.below(6) as u32);
                }
                off.lead_periods(r.below(2) as u32)
            }
        };
        if r.chance(0.4) {
            off = off.max_units((1 + r.below(20)) as f64 + if r.chance(0.3) { 0.5 } else { 0.0 });
        }
        b = b.offering(off);
    }
    for w in 0..1 + r.below(3) {
        let id = format!("w{w}");
        let mut wl = if r.chance(0.3) {
            let first = 1 + r.below(periods as usize) as u32;
            let last = first + r.below((periods - first + 1) as usize) as u32;
            Workload::batch(id, 1000.0 + 20000.0 * r.unit(), first, last)
        } else if r.chance(0.3) {
            Workload::serving_growth(id, 10.0 + 50.0 * r.unit(), 0.2 * r.unit() - 0.05)
        } else {
            let demand: Vec<f64> = (0..periods)
                .map(|_| {
                    if r.chance(0.15) {
                        0.0
                    } else {
                        5.0 + 60.0 * r.unit()
                    }
                })
                .collect();
            Workload::serving(id, demand)
        };
        for acc in accelerators {
            if r.chance(0.7) {
                wl = wl.throughput(acc, 0.5 + r.unit());
            }
        }
        if r.chance(0.2) {
            wl = wl.regions(["us-*"]);
        }
        if r.chance(0.2) {
            wl = wl.providers(["p0"]);
        }
        if r.chance(0.2) {
            wl = wl.max_spot_share(0.3);
        }
        if r.chance(0.2) {
            wl = wl.single_routing();
        }
        if r.chance(0.3) {
            wl = wl.shortfall_penalty(5.0 * r.unit());
        }
        b = b.workload(wl);
    }
    if r.chance(0.3) {
        b = b.max_provider_share(0.6 + 0.4 * r.unit());
    }
    if r.chance(0.3) {
        b = b.outage_coverage(0.5 * r.unit());
    }
    if r.chance(0.3) {
        b = b.max_spot_share(0.5);
    }
    if r.chance(0.3) {
        b = b.integer_units(true);
    }
    if r.chance(0.3) {
        b = b.commitments_beyond_horizon(BeyondHorizon::Charge);
    }
    if r.chance(0.15) {
        b = b.budget(1e5 * r.unit());
    }
    b.build_unchecked()
}

/// Every plan the pipeline returns for a random valid scenario passes verification (6000
/// seeds were run while writing the verifier; 400 stay as a regression test).
#[test]
fn random_plans_verify() {
    const SEEDS: u64 = 400;
    let mut solved = 0;
    for seed in 1..=SEEDS {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let s = random_scenario(&mut r, seed);
        if crate::validate_scenario(&s).is_err() {
            continue;
        }
        let plan = crate::plan(&s, &PlanOptions::default()).unwrap();
        if let Some(v) = &plan.verification {
            assert!(
                v.passed,
                "seed {seed} ({:?}, {}): {:?}",
                plan.status, plan.method, v.violations
            );
            solved += 1;
        }
    }
    assert!(solved > 100, "only {solved} random scenarios had a plan");
}

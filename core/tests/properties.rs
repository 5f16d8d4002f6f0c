//! Properties of plans on generated valid scenarios: they verify, their costs add up, and the
//! optimum responds to changes of the input the way a least-cost plan must.
//!
//! Generated scenarios are small (1–3 periods, 1–2 segments, 1–3 providers, 1–5 offerings with
//! mixed purchase options, 1–2 serving or batch workloads). Every provider has an uncapped
//! on-demand offering of accelerator `A`, which every workload can run, so every scenario is
//! feasible, and so is every tightened policy the generator draws (see [`Tight`]).
// Test helpers outside #[test] functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;
#[path = "properties/support.rs"]
mod support;

use capmix::{
    BeyondHorizon, Demand, Existing, Offering, Plan, PlanOptions, Policy, Provider, Purchase,
    Scenario, Status, Workload,
};
use common::*;
use proptest::prelude::*;
use support::{check_achieved, check_costs_add_up, config};

const ACCELERATORS: [&str; 2] = ["A", "B"];

/// An extra offering: (provider, accelerator, chips, purchase, price, cap, availability, term,
/// lead, existing units).
type ExtraOffering = (
    usize,
    usize,
    f64,
    u8,
    f64,
    Option<f64>,
    f64,
    u32,
    u32,
    Option<(f64, u32)>,
);

fn extra_offering() -> impl Strategy<Value = ExtraOffering> {
    (
        0usize..3,
        0usize..2,
        prop::sample::select(vec![1.0, 4.0, 8.0]),
        0u8..3,
        1.0f64..120.0,
        prop::option::of(0.5f64..6.0),
        0.5f64..1.0,
        1u32..4,
        0u32..2,
        prop::option::weighted(0.3, (0.0f64..3.0, 1u32..5)),
    )
}

/// A workload: (batch?, throughput on A, throughput on B, demand level per period, batch total,
/// window seeds, penalty, own spot share).
type WorkloadSeed = (
    bool,
    f64,
    Option<f64>,
    Vec<f64>,
    f64,
    (u32, u32),
    Option<f64>,
    Option<f64>,
);

fn workload_seed() -> impl Strategy<Value = WorkloadSeed> {
    (
        prop::bool::weighted(0.3),
        0.2f64..2.0,
        prop::option::of(0.2f64..2.0),
        prop::collection::vec(0.0f64..60.0, 3),
        0.0f64..20_000.0,
        (0u32..3, 0u32..3),
        prop::option::weighted(0.25, 1.0f64..60.0),
        prop::option::weighted(0.3, 0.0f64..1.0),
    )
}

/// A generated scenario with a default (loose) policy.
fn scenario() -> impl Strategy<Value = Scenario> {
    (
        1usize..=3,
        prop::collection::vec(50.0f64..200.0, 3),
        prop::option::of((0.1f64..0.9, 0.2f64..1.0)),
        1usize..=3,
        prop::collection::vec(20.0f64..150.0, 3),
        prop::collection::vec(extra_offering(), 0..=2),
        prop::collection::vec(workload_seed(), 1..=2),
        prop::bool::ANY,
    )
        .prop_map(
            |(periods, hours, profile, n_providers, fallback_prices, extras, seeds, charge)| {
                build_scenario(
                    periods,
                    &hours,
                    profile,
                    n_providers,
                    &fallback_prices,
                    &extras,
                    &seeds,
                    charge,
                )
            },
        )
}

#[expect(clippy::too_many_arguments, reason = "one argument per generated part")]
fn build_scenario(
    periods: usize,
    hours: &[f64],
    profile: Option<(f64, f64)>,
    n_providers: usize,
    fallback_prices: &[f64],
    extras: &[ExtraOffering],
    seeds: &[WorkloadSeed],
    charge: bool,
) -> Scenario {
    let mut b = Scenario::builder("generated")
        .integer_units(false)
        .hours(hours[..periods].to_vec());
    if let Some((share, level)) = profile {
        b = b.segment(share, 1.0).segment(1.0 - share, level);
    }
    for p in 0..n_providers {
        b = b.provider(format!("p{p}"));
    }
    // Uncapped on-demand fallback on A at every provider.
    for (p, price) in fallback_prices.iter().enumerate().take(n_providers) {
        b = b.offering(Offering::on_demand(
            format!("od-A-p{p}"),
            format!("p{p}"),
            format!("r{p}"),
            "A",
            8.0,
            *price,
        ));
    }
    let mut existing = Vec::new();
    for (i, &(p, acc, chips, purchase, price, cap, availability, term, lead, exist)) in
        extras.iter().enumerate()
    {
        let provider = format!("p{}", p % n_providers);
        let id = format!("x{i}");
        let acc = ACCELERATORS[acc];
        let mut o = match purchase {
            0 => Offering::on_demand(id.clone(), provider, "r-x", acc, chips, price),
            1 => Offering::spot(id.clone(), provider, "r-x", acc, chips, price * 0.5)
                .availability(availability),
            // A lead must leave a period of the horizon in which new units are active.
            _ => Offering::commit(id.clone(), provider, "r-x", acc, chips, price * 0.6, term)
                .lead_periods(lead.min(periods as u32 - 1)),
        };
        o.max_units = cap;
        if o.purchase == Purchase::Commit {
            if let Some((units, remaining)) = exist {
                // Fractional units up to the cap, possibly above floor(max_units): integer
                // plans must keep them (regression, see hand_derived.rs).
                let units = cap.map_or(units, |c| units.min(c));
                existing.push(Existing {
                    offering: id,
                    units,
                    remaining_periods: remaining,
                });
            }
        }
        b = b.offering(o);
    }
    for (i, &(batch, th_a, th_b, ref levels, total, (w0, w1), penalty, spot)) in
        seeds.iter().enumerate()
    {
        let id = format!("w{i}");
        let mut w = if batch {
            let (a, z) = (
                (w0 as usize % periods) as u32 + 1,
                (w1 as usize % periods) as u32 + 1,
            );
            Workload::batch(id, total, a.min(z), a.max(z))
        } else {
            Workload::serving(id, Demand::Series(levels[..periods].to_vec()))
        };
        w = w.throughput("A", th_a);
        if let Some(t) = th_b {
            w = w.throughput("B", t);
        }
        w.shortfall_penalty = penalty;
        if !batch {
            w.max_spot_share = spot;
        }
        b = b.workload(w);
    }
    let mut s = b.build_unchecked();
    s.existing = existing;
    if charge {
        s.policy.commitments_beyond_horizon = BeyondHorizon::Charge;
    }
    capmix::validate_scenario(&s)
        .unwrap_or_else(|e| panic!("generator produced an invalid scenario: {e}\n{s:?}"));
    s
}

/// A tightened policy that stays feasible with one uncapped fallback per provider:
/// share ≥ 1/n, β ≤ (n − 1)·share (the other providers can cover β of demand while each stays
/// within its share), any spot share.
#[derive(Debug, Clone, Copy)]
struct Tight {
    share: f64,
    beta: f64,
    spot: f64,
}

/// The tightened policy for `n` providers from three seeds in [0, 1].
fn tight(n: usize, (a, b, c): (f64, f64, f64)) -> Tight {
    let min_share = 1.0 / n as f64;
    let share = min_share + (1.0 - min_share) * a;
    let beta = (((n - 1) as f64) * share).min(1.0) * b;
    Tight {
        share,
        beta,
        spot: c,
    }
}

fn unit() -> impl Strategy<Value = f64> {
    0.0f64..=1.0
}

fn with_policy(s: &Scenario, t: Tight) -> Scenario {
    let mut s = s.clone();
    s.policy = Policy {
        max_provider_share: t.share,
        outage_coverage: t.beta,
        max_spot_share: t.spot,
        ..s.policy.clone()
    };
    s
}

fn objective(p: &Plan) -> f64 {
    p.objective
        .unwrap_or_else(|| panic!("no objective: {:?} {:?}", p.status, p.notes))
}

/// `a <= b` up to the relative tolerance.
fn le(a: f64, b: f64) -> bool {
    a <= b + REL_TOL * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(config())]

    /// Every generated scenario gets an optimal, verified plan whose cost splits add up, whose
    /// achieved figures respect the policy, and whose dual objective equals its cost.
    #[test]
    fn plan_verifies_and_costs_add_up(s in scenario(), seed in (unit(), unit(), unit())) {
        let t = tight(s.providers.len(), seed);
        for s in [s.clone(), with_policy(&s, t)] {
            let p = solve(&s);
            prop_assert_eq!(p.status, Status::Optimal, "{:?}", p.notes);
            assert_verified(&p);
            check_costs_add_up(&p)?;
            check_achieved(&p)?;
            let shadow = p.shadow_prices.as_ref().unwrap();
            prop_assert!(close(shadow.dual_objective, objective(&p)),
                "dual objective {} != objective {}", shadow.dual_objective, objective(&p));
            prop_assert!(p.gap.unwrap() <= 1e-9, "gap of a pure LP: {:?}", p.gap);
        }
    }

    /// Raising demand (serving rates and batch totals) never lowers the optimum.
    #[test]
    fn more_demand_never_costs_less(s in scenario(), seed in (unit(), unit(), unit()), factor in 1.0f64..1.6) {
        let s = with_policy(&s, tight(s.providers.len(), seed));
        let base = solve(&s);
        let mut more = s.clone();
        for w in &mut more.workloads {
            match &mut w.demand {
                Some(Demand::Series(d)) => d.iter_mut().for_each(|v| *v *= factor),
                Some(Demand::Growth { start, .. }) => *start *= factor,
                None => {}
            }
            if let Some(total) = &mut w.total {
                *total *= factor;
            }
        }
        let scaled = solve(&more);
        prop_assert_eq!(base.status, Status::Optimal);
        prop_assert_eq!(scaled.status, Status::Optimal);
        prop_assert!(le(objective(&base), objective(&scaled)),
            "demand × {factor}: {} → {}", objective(&base), objective(&scaled));
    }

    /// Relaxing a policy (raise the provider share, lower the outage coverage, raise the spot
    /// share, remove an offering's cap) never raises the optimum.
    #[test]
    fn relaxing_policy_never_costs_more(
        s in scenario(),
        seed in (unit(), unit(), unit()),
        relax in unit(),
        which in 0usize..4,
        cap_index in 0usize..5,
    ) {
        let t = tight(s.providers.len(), seed);
        let tight_s = with_policy(&s, t);
        let loose_s = match which {
            0 => with_policy(&s, Tight { share: t.share + (1.0 - t.share) * relax, ..t }),
            1 => with_policy(&s, Tight { beta: t.beta * relax, ..t }),
            2 => with_policy(&s, Tight { spot: t.spot + (1.0 - t.spot) * relax, ..t }),
            _ => {
                let mut l = tight_s.clone();
                let capped: Vec<usize> = (0..l.offerings.len()).filter(|&i| l.offerings[i].max_units.is_some()).collect();
                if let Some(&i) = capped.get(cap_index % capped.len().max(1)) {
                    l.offerings[i].max_units = None;
                }
                l
            }
        };
        let tight_p = solve(&tight_s);
        let loose_p = solve(&loose_s);
        prop_assert_eq!(tight_p.status, Status::Optimal, "{:?}", tight_p.notes);
        prop_assert_eq!(loose_p.status, Status::Optimal, "{:?}", loose_p.notes);
        prop_assert!(le(objective(&loose_p), objective(&tight_p)),
            "relaxation {which}: {} → {}", objective(&tight_p), objective(&loose_p));
    }

    /// Whole units never cost less than fractional ones; the reported bound and gap agree.
    #[test]
    fn integer_cost_at_least_lp_cost(s in scenario(), seed in (unit(), unit(), unit()), tighten in any::<bool>()) {
        let s = if tighten { with_policy(&s, tight(s.providers.len(), seed)) } else { s };
        let lp = solve(&s);
        let int = solve_with(&s, &PlanOptions { integer: Some(true), ..PlanOptions::default() });
        prop_assert_eq!(lp.status, Status::Optimal);
        prop_assert!(matches!(int.status, Status::Optimal | Status::Feasible), "{:?} {:?}", int.status, int.notes);
        assert_verified(&int);
        prop_assert!(int.integer_units);
        prop_assert!(le(objective(&lp), objective(&int)), "LP {} > integer {}", objective(&lp), objective(&int));
        let bound = int.lp_bound.unwrap();
        prop_assert!(le(objective(&lp), bound) && le(bound, objective(&int)), "bound {bound}");
        prop_assert!(int.gap.unwrap() >= 0.0);
        check_costs_add_up(&int)?;
        for f in &int.fleet {
            if f.purchase != "commit" {
                prop_assert!((f.units - f.units.round()).abs() < 1e-6, "fractional fleet {f:?}");
            }
        }
        for c in &int.commitments {
            prop_assert!((c.units - c.units.round()).abs() < 1e-6, "fractional commitment {c:?}");
        }
    }

    /// The order of offerings (and of providers) does not change the optimum.
    #[test]
    fn reordering_offerings_keeps_the_cost(
        s in scenario(),
        seed in (unit(), unit(), unit()),
        rotate in 0usize..5,
        reverse in any::<bool>(),
    ) {
        let s = with_policy(&s, tight(s.providers.len(), seed));
        let mut r = s.clone();
        let n = r.offerings.len();
        r.offerings.rotate_left(rotate % n);
        if reverse {
            r.offerings.reverse();
            r.providers.reverse();
        }
        let a = solve(&s);
        let b = solve(&r);
        prop_assert_eq!(a.status, Status::Optimal);
        prop_assert_eq!(b.status, Status::Optimal);
        prop_assert!(close(objective(&a), objective(&b)), "{} vs {}", objective(&a), objective(&b));
        prop_assert!(close(a.total_cost.unwrap(), b.total_cost.unwrap()));
    }

    /// A duplicate of an uncapped offering (same provider, region, accelerator, price, under
    /// another id) adds no capacity the optimum could use: the optimum is unchanged.
    #[test]
    fn duplicate_offerings_keep_the_cost(
        s in scenario(),
        seed in (unit(), unit(), unit()),
        pick in 0usize..5,
        copies in 1usize..3,
    ) {
        let s = with_policy(&s, tight(s.providers.len(), seed));
        let uncapped: Vec<usize> = (0..s.offerings.len())
            .filter(|&i| s.offerings[i].max_units.is_none())
            .collect();
        let i = uncapped[pick % uncapped.len()];
        let mut d = s.clone();
        for c in 0..copies {
            let mut copy = s.offerings[i].clone();
            copy.id = format!("{}-dup{c}", copy.id);
            d.offerings.insert(i + 1 + c, copy);
        }
        let a = solve(&s);
        let b = solve(&d);
        prop_assert_eq!(a.status, Status::Optimal);
        prop_assert_eq!(b.status, Status::Optimal, "{:?}", b.notes);
        assert_verified(&b);
        prop_assert!(close(objective(&a), objective(&b)), "{} vs {}", objective(&a), objective(&b));
    }

    /// The same input gives a byte-identical plan document.
    #[test]
    fn same_input_same_json(s in scenario(), seed in (unit(), unit(), unit()), integer in any::<bool>()) {
        let s = with_policy(&s, tight(s.providers.len(), seed));
        let options = PlanOptions { integer: Some(integer), ..PlanOptions::default() };
        let first = solve_with(&s, &options).to_json_string();
        let second = solve_with(&s, &options).to_json_string();
        prop_assert_eq!(&first, &second);
    }

    /// JSON round trips of scenarios and plans are lossless, so a scenario saved as JSON
    /// plans exactly like the original (regression: serde_json needs `float_roundtrip`).
    #[test]
    fn json_round_trips_are_lossless(s in scenario()) {
        let round_trip = Scenario::from_json_str(&s.to_json_string()).unwrap();
        prop_assert_eq!(&round_trip, &s);
        let first = solve(&s).to_json_string();
        prop_assert_eq!(&solve(&round_trip).to_json_string(), &first);
        let parsed = Plan::from_json_str(&first).unwrap();
        prop_assert_eq!(parsed.to_json_string(), first);
    }
}

/// The generator itself: it covers every purchase option and both workload kinds.
#[test]
fn generator_covers_the_model() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut spot, mut commit, mut batch, mut existing, mut segments) =
        (false, false, false, false, false);
    for _ in 0..200 {
        let s = scenario().new_tree(&mut runner).unwrap().current();
        spot |= s.offerings.iter().any(|o| o.purchase == Purchase::Spot);
        commit |= s.offerings.iter().any(|o| o.purchase == Purchase::Commit);
        batch |= s.workloads.iter().any(|w| w.total.is_some());
        existing |= !s.existing.is_empty();
        segments |= s.segments.len() == 2;
        assert!((1..=5).contains(&s.offerings.len()));
        assert!(s.providers.iter().all(|p: &Provider| p.max_share.is_none()));
    }
    assert!(spot && commit && batch && existing && segments);
}

/// Integer plans must not depend on wall-clock time (regression, found by
/// `same_input_same_json`): the exact branch and bound of microlp once had a 1 s wall-clock
/// budget, and the incumbent it returned when the budget ran out depended on timing, so this
/// input gave total costs of 307 569.94 or 307 595.63 in repeated runs.
#[test]
fn integer_plans_do_not_depend_on_timing() {
    let s = Scenario::builder("generated")
        .integer_units(false)
        .hours([153.14113373093866, 194.77142262137238, 104.06814982582513])
        .segment(0.23262246168885906, 1.0)
        .segment(0.767377538311141, 0.8130000353769351)
        .provider("p0")
        .provider("p1")
        .provider("p2")
        .offering(Offering::on_demand(
            "od-A-p0",
            "p0",
            "r0",
            "A",
            8.0,
            85.06804973661232,
        ))
        .offering(Offering::on_demand(
            "od-A-p1",
            "p1",
            "r1",
            "A",
            8.0,
            124.08270872745183,
        ))
        .offering(Offering::on_demand(
            "od-A-p2",
            "p2",
            "r2",
            "A",
            8.0,
            44.645915500730794,
        ))
        .offering(Offering::on_demand(
            "x0",
            "p2",
            "r-x",
            "B",
            1.0,
            55.89185785583583,
        ))
        .workload(
            Workload::batch("w0", 9286.483246966713, 1, 3).throughput("A", 1.2245382624342838),
        )
        .workload(
            Workload::batch("w1", 11986.711405265974, 2, 2)
                .throughput("A", 0.4938701247970301)
                .throughput("B", 0.38695938441814853),
        )
        .max_provider_share(1.0 / 3.0 + 2.0 / 3.0 * 0.09433886872058646)
        .build()
        .unwrap();
    let options = PlanOptions {
        integer: Some(true),
        ..PlanOptions::default()
    };
    let first = solve_with(&s, &options).to_json_string();
    assert_eq!(solve_with(&s, &options).to_json_string(), first);
}

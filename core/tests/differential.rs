//! Differential test: seeded scenarios across the whole accepted number range (prices,
//! throughputs, demand, hours and caps from about 1e-6 to 1e9), planned by the default
//! engine. Every returned plan must pass the independent verifier, and an `optimal` plan
//! must be certified (the LP's dual objective equals its objective). With the `highs`
//! feature every scenario is also planned by HiGHS, and every `optimal` of either engine
//! must match the other's optimum.
//!
//! Deterministic: a fixed seed and a fixed number of cases (no wall clock, no randomness
//! from the environment).

#![expect(clippy::unwrap_used, reason = "test code")]

use capmix::{plan, Offering, PlanOptions, Scenario, SolverKind, Status, Workload};

/// SplitMix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// 10^u with u uniform in [lo, hi]: magnitudes spread over orders of magnitude.
    fn mag(&mut self, lo: f64, hi: f64) -> f64 {
        let v = 10f64.powf(lo + (hi - lo) * self.unit());
        // Three significant digits, as people write numbers.
        let e = v.log10().floor();
        (v / 10f64.powf(e - 2.0)).round() * 10f64.powf(e - 2.0)
    }
}

const ACCELERATORS: [&str; 3] = ["A", "B", "C"];

fn scenario(rng: &mut Rng, case: usize, integer: bool) -> Scenario {
    let periods = 1 + rng.below(3);
    let providers = 1 + rng.below(3);
    let mut b = Scenario::builder(format!("differential {case}"))
        .periods(periods as u32)
        .hours_per_period(rng.mag(0.0, 3.0));
    for p in 0..providers {
        b = b.provider(format!("p{p}"));
    }
    let offerings = 2 + rng.below(5);
    for o in 0..offerings {
        let provider = format!("p{}", rng.below(providers));
        let acc = ACCELERATORS[rng.below(3)];
        let chips = [1.0, 2.0, 4.0, 8.0][rng.below(4)];
        let price = rng.mag(-6.0, 7.0);
        let id = format!("o{o}");
        let mut off = match rng.below(10) {
            0 | 1 => Offering::spot(&id, &provider, "r", acc, chips, price)
                .availability(0.5 + 0.5 * rng.unit()),
            2 | 3 => Offering::commit(
                &id,
                &provider,
                "r",
                acc,
                chips,
                price,
                1 + rng.below(3) as u32,
            ),
            _ => Offering::on_demand(&id, &provider, "r", acc, chips, price),
        };
        if rng.chance(0.3) {
            off = off.max_units(rng.mag(0.0, 6.0));
        }
        b = b.offering(off);
    }
    let demand: Vec<f64> = (0..periods).map(|_| rng.mag(-3.0, 9.0)).collect();
    let mut w = Workload::serving("w", demand);
    for acc in ACCELERATORS {
        if rng.chance(0.8) {
            w = w.throughput(acc, rng.mag(-5.0, 5.0));
        }
    }
    if rng.chance(0.4) {
        w = w.shortfall_penalty(rng.mag(-2.0, 8.0));
    }
    b = b.workload(w);
    if rng.chance(0.3) && providers > 1 {
        b = b.max_provider_share(0.5 + 0.5 * rng.unit());
    }
    if rng.chance(0.2) && providers > 1 {
        b = b.outage_coverage(0.5 * rng.unit());
    }
    if rng.chance(0.3) {
        b = b.max_spot_share(rng.unit());
    }
    let mut s = b.integer_units(integer).build_unchecked();
    // Every accelerator an offering has must be runnable somewhere, or the case is
    // mostly invalid: give the first offering's accelerator a throughput if none matches.
    let runs = s
        .offerings
        .iter()
        .any(|o| s.workloads[0].throughput.contains_key(&o.accelerator));
    if !runs {
        let acc = s.offerings[0].accelerator.clone();
        s.workloads[0].throughput.insert(acc, rng.mag(-5.0, 5.0));
    }
    s
}

/// What the engines said about one case.
#[derive(Debug, Default)]
#[cfg_attr(
    not(feature = "highs"),
    expect(dead_code, reason = "`matched` counts HiGHS comparisons")
)]
struct Counts {
    cases: usize,
    invalid: usize,
    optimal: usize,
    other: usize,
    matched: usize,
    /// Plans by status (the default engine).
    statuses: std::collections::BTreeMap<&'static str, usize>,
    /// HiGHS's plans by status, and its statuses where microlp has no solution.
    #[cfg(feature = "highs")]
    highs_statuses: std::collections::BTreeMap<&'static str, usize>,
    #[cfg(feature = "highs")]
    highs_where_microlp_has_no_solution: std::collections::BTreeMap<&'static str, usize>,
}

/// The relative MIP gap both engines are asked for (fluid plans: the LP certificate).
const GAP: f64 = 1e-6;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1e-9)
}

fn run(integer: bool, cases: usize, seed: u64) -> Counts {
    let mut rng = Rng(seed);
    let mut n = Counts::default();
    for case in 0..cases {
        let s = scenario(&mut rng, case, integer);
        n.cases += 1;
        if capmix::validate_scenario(&s).is_err() {
            n.invalid += 1;
            continue;
        }
        // Whole units: both engines at the same relative gap, and every `optimal` of one
        // within that gap of the other's.
        let options = PlanOptions {
            solver: SolverKind::Microlp,
            mip_gap: Some(GAP),
            ..PlanOptions::default()
        };
        let p = plan(&s, &options).unwrap();
        let doc = || s.to_json_string();
        *n.statuses.entry(p.status.as_str()).or_default() += 1;
        let odd = matches!(p.status, Status::NoSolution | Status::Infeasible)
            || (p.status == Status::Feasible && !integer);
        if std::env::var_os("CAPMIX_DIFF_SHOW").is_some() && odd {
            eprintln!("case {case}: {:?} {:?}\n{}", p.objective, p.notes, doc());
        }
        if p.has_solution() {
            let v = p.verification.as_ref().unwrap();
            assert!(v.passed, "case {case}: {:?}\n{}", v.violations, doc());
        }
        if p.status == Status::Optimal {
            n.optimal += 1;
            if let Some(sp) = &p.shadow_prices {
                let obj = p.objective.unwrap();
                assert!(
                    close(sp.dual_objective, obj, 1e-6),
                    "case {case}: optimal without certificate: dual {} vs objective {obj}\n{}",
                    sp.dual_objective,
                    doc()
                );
            }
        } else {
            n.other += 1;
        }
        #[cfg(feature = "highs")]
        {
            let h = plan(
                &s,
                &PlanOptions {
                    solver: SolverKind::Highs,
                    mip_gap: Some(GAP),
                    ..PlanOptions::default()
                },
            )
            .unwrap();
            *n.highs_statuses.entry(h.status.as_str()).or_default() += 1;
            if p.status == Status::NoSolution {
                *n.highs_where_microlp_has_no_solution
                    .entry(h.status.as_str())
                    .or_default() += 1;
            }
            if h.has_solution() {
                let v = h.verification.as_ref().unwrap();
                assert!(
                    v.passed,
                    "case {case} (HiGHS): {:?}\n{}",
                    v.violations,
                    doc()
                );
            }
            if h.status == Status::Optimal || p.status == Status::Optimal {
                let (a, b) = (p.objective, h.objective);
                let ok = match (p.status, h.status) {
                    (Status::Optimal, Status::Optimal) => {
                        close(a.unwrap(), b.unwrap(), 2.0 * GAP + 1e-9)
                    }
                    // An optimal plan of one engine is never beaten by the other's.
                    // Infeasible is a claim too: a verified plan of the other engine refutes it.
                    (Status::Optimal, Status::Infeasible)
                    | (Status::Infeasible, Status::Optimal) => false,
                    (Status::Optimal, _) => b.is_none_or(|b| a.unwrap() <= b * (1.0 + GAP + 1e-9)),
                    (_, Status::Optimal) => a.is_none_or(|a| b.unwrap() <= a * (1.0 + GAP + 1e-9)),
                    _ => true,
                };
                assert!(
                    ok,
                    "case {case}: microlp {:?} {:?} vs HiGHS {:?} {:?}\n{}",
                    p.status,
                    a,
                    h.status,
                    b,
                    doc()
                );
                n.matched += 1;
            }
        }
    }
    n
}

#[test]
fn fluid_plans_are_certified_and_agree() {
    let n = run(false, 400, 0x5EED_0001);
    eprintln!("fluid: {n:?}");
    assert!(n.optimal >= n.cases / 2, "{n:?}");
}

#[test]
fn whole_unit_plans_verify_and_agree() {
    let n = run(true, 150, 0x5EED_0002);
    eprintln!("whole units: {n:?}");
    assert!(n.optimal + n.other + n.invalid == n.cases, "{n:?}");
}

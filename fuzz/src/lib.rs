//! Shared checks of the capmix fuzz targets (see `fuzz/README.md`).
//!
//! Every target asserts more than "no panic": whatever capmix returns must be coherent
//! (errors render, plans carry a verification, numbers are finite, documents round-trip).

pub mod targets;

use arbitrary::{Result, Unstructured};
use capmix::{
    BeyondHorizon, Demand, Existing, Horizon, Limits, Offering, Plan, PlanOptions, Policy,
    Provider, Purchase, Routing, Scenario, Segment, Status, Workload, WorkloadKind,
};
use std::collections::BTreeMap;

/// Seconds every fuzzed plan may take (PlanOptions::time_limit). Small, because inputs that
/// run into it set a plan target's rate (about 1.6 ms per committed input at 0.01 s, 2.9 ms
/// at 0.05 s, release build): a whole-unit search that runs out returns its best plan with
/// status `time_limit`, which is checked like any other.
pub const TIME_LIMIT: f64 = 0.01;

/// Strict size limits: a fuzzed scenario must be rejected with a `limit` error before it can
/// allocate much.
pub fn strict_limits() -> Limits {
    Limits {
        max_periods: 36,
        max_segments: 6,
        max_offerings: 64,
        max_workloads: 16,
        max_variables: 2_000,
        ..Limits::default()
    }
}

/// Plan options from a flags byte: integer units, shadow prices, explain (see [`explains`]). Always with
/// a time limit: without one, a small integer program may take 100,000 branch-and-bound
/// nodes (2 s optimised, 20 s in this instrumented build), which stalls the fuzzer. The
/// unlimited paths are checked by replaying the corpus with `CAPMIX_FUZZ_NO_TIME_LIMIT=1`
/// (fuzz/README.md).
pub fn options(flags: u8) -> PlanOptions {
    PlanOptions {
        integer: match flags & 3 {
            0 => None,
            1 => Some(true),
            _ => Some(false),
        },
        shadow_prices: flags & 4 != 0,
        time_limit: std::env::var_os("CAPMIX_FUZZ_NO_TIME_LIMIT")
            .is_none()
            .then_some(TIME_LIMIT),
        limits: strict_limits(),
        ..PlanOptions::default()
    }
}

/// Checks an error: it renders, and its kind is one of the documented ones.
pub fn check_error(e: &capmix::Error) {
    let text = e.to_string();
    assert!(!text.is_empty(), "an error without a message: {e:?}");
    assert!(
        [
            "parse",
            "invalid",
            "catalog",
            "io",
            "solver_unavailable",
            "invalid_option",
            "limit",
            "solver"
        ]
        .contains(&e.kind()),
        "{e:?}"
    );
    let _ = (e.path(), e.reason());
}

/// Whether the flags byte asks for an explanation too (one input in eight: an explanation
/// re-plans a dozen times).
pub fn explains(flags: u8) -> bool {
    flags & 0x38 == 0x38
}

/// Plans `s` with `options` and checks the outcome. With `explain`, explains it too.
///
/// No wall-clock assertion: how long a call takes depends on the machine. Hangs are caught
/// by libFuzzer's per-input `-timeout` (fuzz/run.sh), and the work is bounded by the time
/// limit of [`options`] and the strict size limits.
pub fn check_plan(s: &Scenario, options: &PlanOptions, explain: bool) {
    if std::env::var_os("CAPMIX_FUZZ_SHOW").is_some() {
        // Replaying an artifact: show the scenario and options.
        eprintln!("{}\n{options:?}", s.to_json_string());
    }
    match capmix::plan(s, options) {
        Err(e) => check_error(&e),
        Ok(p) => check_plan_document(&p),
    }
    // Explanations re-plan a dozen times: only with a time limit.
    if explain && options.time_limit.is_some() {
        let eo = capmix::ExplainOptions {
            plan: options.clone(),
            ..capmix::ExplainOptions::default()
        };
        match capmix::explain(s, &eo) {
            Err(e) => check_error(&e),
            Ok(e) => {
                let _ = e.to_json_string();
            }
        }
    }
}

/// A plan document is coherent: an optimal plan verified, every plan with values carries a
/// verification, no NaN or infinity anywhere (the JSON document parses back as a plan).
pub fn check_plan_document(p: &Plan) {
    if p.has_solution() {
        let v = p
            .verification
            .as_ref()
            .unwrap_or_else(|| panic!("a plan with values but no verification: {:?}", p.status));
        if p.status == Status::Optimal || p.status == Status::Feasible {
            assert!(v.passed, "{:?} plan failed verification: {v:?}", p.status);
        }
        let total = p.total_cost.unwrap_or_else(|| panic!("no total_cost"));
        assert!(total.is_finite(), "total_cost {total}");
        for a in &p.allocations {
            assert!(a.units.is_finite(), "{a:?}");
        }
    } else {
        assert!(
            p.allocations.is_empty(),
            "allocations without a solution: {:?}",
            p.status
        );
    }
    let json = p.to_json_string();
    let back = Plan::from_json_str(&json)
        .unwrap_or_else(|e| panic!("the plan document does not parse back: {e}\n{json}"));
    assert_eq!(
        back.to_json_string(),
        json,
        "plan JSON is not a fixed point"
    );
}

/// A number for a fuzzed scenario: mostly in the documented range (so the solver runs),
/// sometimes at the extremes of issue 8 (1e-4 .. 1e12), rarely anything at all.
fn number(u: &mut Unstructured<'_>, lo: f64, hi: f64) -> Result<f64> {
    Ok(match u.int_in_range(0u8..=15)? {
        0 => f64::from_bits(u.arbitrary()?),
        1 => [0.0, 1e-4, 1e-9, 1e6, 1e12, -1.0, f64::INFINITY][u.choose_index(7)?],
        _ => {
            let t = f64::from(u.arbitrary::<u16>()?) / f64::from(u16::MAX);
            lo + (hi - lo) * t
        }
    })
}

/// A share in [0, 1] (rarely outside).
fn share(u: &mut Unstructured<'_>) -> Result<f64> {
    number(u, 0.0, 1.0)
}

const ACCELERATORS: [&str; 4] = ["H100", "A100", "TPU-v6e", "MI300X"];
const REGIONS: [&str; 4] = ["us-east", "us-west", "eu-west", "ap-south"];

/// A scenario built from fuzz bytes: 1–6 periods, 0–3 segments, 1–4 providers, 1–10
/// offerings, 1–4 workloads, any policy. Ids are drawn from small sets so that references
/// mostly resolve (and sometimes do not).
pub fn scenario(u: &mut Unstructured<'_>) -> Result<Scenario> {
    let periods = u.int_in_range(1u32..=6)?;
    let horizon = Horizon {
        periods,
        hours_per_period: if u.ratio(1, 3)? {
            Some(number(u, 1.0, 744.0)?)
        } else {
            None
        },
        hours: if u.ratio(1, 6)? {
            Some(
                (0..periods)
                    .map(|_| number(u, 1.0, 744.0))
                    .collect::<Result<_>>()?,
            )
        } else {
            None
        },
        start: if u.ratio(1, 2)? {
            Some("2025-07".into())
        } else {
            None
        },
    };
    let mut segments = Vec::new();
    let nseg = u.int_in_range(0usize..=3)?;
    for k in 0..nseg {
        let share = if k + 1 == nseg && u.ratio(3, 4)? {
            1.0 - segments.iter().map(|s: &Segment| s.share).sum::<f64>()
        } else {
            share(u)? / nseg as f64
        };
        segments.push(Segment {
            share,
            level: number(u, 0.0, 1.0)?,
            name: None,
        });
    }
    let nprov = u.int_in_range(1usize..=4)?;
    let providers: Vec<Provider> = (0..nprov)
        .map(|p| {
            Ok(Provider {
                id: format!("p{p}"),
                max_share: if u.ratio(1, 5)? {
                    Some(share(u)?)
                } else {
                    None
                },
            })
        })
        .collect::<Result<_>>()?;
    let noff = u.int_in_range(1usize..=10)?;
    let mut offerings = Vec::new();
    for i in 0..noff {
        let purchase = [Purchase::OnDemand, Purchase::Spot, Purchase::Commit][u.choose_index(3)?];
        let commit = purchase == Purchase::Commit;
        offerings.push(Offering {
            id: format!("o{i}"),
            provider: format!("p{}", u.choose_index(nprov + 1)?.min(nprov - 1)),
            region: REGIONS[u.choose_index(REGIONS.len())?].into(),
            accelerator: ACCELERATORS[u.choose_index(ACCELERATORS.len())?].into(),
            chips: [1.0, 4.0, 8.0, 16.0][u.choose_index(4)?],
            purchase,
            price_per_hour: number(u, 1e-4, 1e6)?,
            max_units: if u.ratio(1, 3)? {
                Some(number(u, 0.0, 500.0)?)
            } else {
                None
            },
            availability: if purchase == Purchase::Spot || u.ratio(1, 8)? {
                Some(number(u, 0.3, 1.0)?)
            } else {
                None
            },
            term_periods: if commit || u.ratio(1, 20)? {
                Some(u.int_in_range(0u32..=8)?)
            } else {
                None
            },
            lead_periods: if commit && u.ratio(1, 3)? {
                Some(u.int_in_range(0u32..=3)?)
            } else {
                None
            },
        });
    }
    let nwork = u.int_in_range(1usize..=4)?;
    let mut workloads = Vec::new();
    for i in 0..nwork {
        let batch = u.ratio(1, 3)?;
        let mut throughput = BTreeMap::new();
        for acc in ACCELERATORS {
            if u.ratio(1, 2)? {
                throughput.insert(acc.to_string(), number(u, 1e-3, 1e3)?);
            }
        }
        if throughput.is_empty() {
            throughput.insert("H100".into(), number(u, 0.1, 10.0)?);
        }
        let demand = if batch {
            None
        } else if u.ratio(1, 4)? {
            Some(Demand::Growth {
                start: number(u, 0.0, 1e4)?,
                growth: number(u, -0.5, 1.0)?,
            })
        } else {
            Some(Demand::Series(
                (0..periods)
                    .map(|_| number(u, 0.0, 1e4))
                    .collect::<Result<_>>()?,
            ))
        };
        workloads.push(Workload {
            id: format!("w{i}"),
            kind: if batch {
                WorkloadKind::Batch
            } else {
                WorkloadKind::Serving
            },
            unit: None,
            demand,
            throughput,
            throughput_ref: None,
            model: None,
            precision: None,
            request: None,
            slo: None,
            unfit: Default::default(),
            estimated: Vec::new(),
            providers: if u.ratio(1, 5)? {
                Some(vec![format!("p{}", u.choose_index(nprov)?)])
            } else {
                None
            },
            regions: if u.ratio(1, 5)? {
                Some(vec![["us-*", "eu-west", "*"][u.choose_index(3)?].into()])
            } else {
                None
            },
            geo: None,
            max_spot_share: if u.ratio(1, 5)? {
                Some(share(u)?)
            } else {
                None
            },
            routing: if u.ratio(1, 4)? {
                Routing::Single
            } else {
                Routing::Split
            },
            shortfall_penalty: if u.ratio(1, 4)? {
                Some(number(u, 0.0, 1e3)?)
            } else {
                None
            },
            total: if batch {
                Some(number(u, 0.0, 1e7)?)
            } else {
                None
            },
            window: if batch && u.ratio(1, 2)? {
                let a = u.int_in_range(1..=periods)?;
                Some([a, u.int_in_range(a..=periods)?])
            } else {
                None
            },
        });
    }
    let policy = Policy {
        max_provider_share: if u.ratio(1, 3)? { share(u)? } else { 1.0 },
        outage_coverage: if u.ratio(1, 3)? { share(u)? } else { 0.0 },
        max_spot_share: if u.ratio(1, 3)? { share(u)? } else { 1.0 },
        budget: if u.ratio(1, 6)? {
            Some(number(u, 0.0, 1e8)?)
        } else {
            None
        },
        integer_units: u.ratio(1, 4)?,
        // Drawn from no byte, so the committed corpus keeps building the same scenarios.
        max_region_share: 1.0,
        commitments_beyond_horizon: if u.arbitrary()? {
            BeyondHorizon::Charge
        } else {
            BeyondHorizon::Amortize
        },
        risk: Default::default(),
    };
    let mut existing = Vec::new();
    for (i, o) in offerings.iter().enumerate() {
        if o.purchase == Purchase::Commit && u.ratio(1, 3)? {
            existing.push(Existing {
                offering: format!("o{i}"),
                units: number(u, 0.0, 50.0)?,
                remaining_periods: u.int_in_range(0u32..=12)?,
            });
        }
    }
    Ok(Scenario {
        name: "fuzz".into(),
        horizon,
        segments,
        providers,
        offerings,
        catalogs: Vec::new(),
        workloads,
        policy,
        existing,
        models: Vec::new(),
        profiles: Vec::new(),
        measurements: Vec::new(),
        region_geo: BTreeMap::new(),
        demand_scenarios: Vec::new(),
        demand_growth: None,
    })
}

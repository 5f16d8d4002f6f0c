//! Benchmarks of capmix: a deterministic scenario generator ([`generate`]) with named sizes
//! ([`SIZES`]) from calculator-sized (a few hundred variables) to over a million, and the
//! timing helpers of the end-to-end runner (`capmix-bench`).
//!
//! A generated scenario has workloads × providers × regions × accelerators × purchase
//! options × periods × segments: serving workloads with growing demand and batch workloads
//! with windows, provider/region filters, on-demand, spot (availability < 1) and commit
//! offerings (terms, leads, caps, a few existing commitments), marketplace duplicates of some
//! on-demand offerings at a higher price, shortfall penalties on some workloads, and the
//! portfolio rules (provider share, outage coverage, spot share). Variables ≈ Σ_w usable
//! offerings × periods in window × segments. The same size and seed always give the same
//! scenario (a splitmix64 stream; no platform-dependent randomness).

use capmix::{Demand, Offering, Scenario, Workload};

/// Dimensions of a generated scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// Name used on the command line (`300`, `3k`, ..., `1m`).
    pub name: &'static str,
    /// Workloads (about one in five is batch).
    pub workloads: usize,
    /// Providers.
    pub providers: usize,
    /// Regions per provider, spread over the `us`, `eu` and `ap` geographies.
    pub regions: usize,
    /// Accelerator types.
    pub accelerators: usize,
    /// Planning periods (months).
    pub periods: u32,
    /// Load-profile segments per period.
    pub segments: usize,
}

/// The benchmark sizes, smallest first. The name is the approximate number of variables.
pub const SIZES: [Size; 7] = [
    Size {
        name: "300",
        workloads: 2,
        providers: 3,
        regions: 1,
        accelerators: 2,
        periods: 6,
        segments: 2,
    },
    Size {
        name: "3k",
        workloads: 5,
        providers: 3,
        regions: 2,
        accelerators: 3,
        periods: 12,
        segments: 2,
    },
    Size {
        name: "10k",
        workloads: 8,
        providers: 4,
        regions: 2,
        accelerators: 4,
        periods: 12,
        segments: 3,
    },
    Size {
        name: "30k",
        workloads: 21,
        providers: 4,
        regions: 3,
        accelerators: 4,
        periods: 12,
        segments: 3,
    },
    Size {
        name: "100k",
        workloads: 26,
        providers: 5,
        regions: 3,
        accelerators: 5,
        periods: 24,
        segments: 3,
    },
    Size {
        name: "300k",
        workloads: 58,
        providers: 5,
        regions: 4,
        accelerators: 6,
        periods: 24,
        segments: 3,
    },
    Size {
        name: "1m",
        workloads: 135,
        providers: 6,
        regions: 4,
        accelerators: 6,
        periods: 24,
        segments: 4,
    },
];

/// The size called `name`, if any.
pub fn size(name: &str) -> Option<Size> {
    SIZES.iter().copied().find(|s| s.name == name)
}

/// splitmix64: tiny, fast and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A stream for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Rounds to 4 significant decimals, so that generated files stay readable.
    fn round(v: f64) -> f64 {
        (v * 10_000.0).round() / 10_000.0
    }
}

/// (name, chips per unit, USD per chip-hour on demand, relative speed).
const ACCELERATORS: [(&str, f64, f64, f64); 8] = [
    ("H100", 8.0, 6.9, 1.0),
    ("H200", 8.0, 7.9, 1.5),
    ("B200", 8.0, 11.0, 2.3),
    ("MI300X", 8.0, 6.2, 1.2),
    ("TPU-v6e", 4.0, 2.7, 0.45),
    ("A100", 8.0, 4.1, 0.55),
    ("L40S", 4.0, 1.9, 0.3),
    ("Trainium2", 16.0, 3.1, 0.6),
];

const GEOS: [&str; 3] = ["us", "eu", "ap"];

/// Whether provider `p` sells accelerator `a` (about three in four pairs; every accelerator
/// is sold by most providers, so every workload has several usable providers).
fn sells(p: usize, a: usize) -> bool {
    (p + 2 * a) % 4 != 3
}

/// The scenario of `size` for `seed`.
pub fn generate(size: &Size, seed: u64) -> Scenario {
    let mut rng = Rng::new(
        seed.wrapping_mul(1_000_003)
            .wrapping_add(size.workloads as u64),
    );
    let periods = size.periods as usize;
    let accs = &ACCELERATORS[..size.accelerators.min(ACCELERATORS.len())];
    let mut b = Scenario::builder(format!("generated {} (seed {seed})", size.name))
        .periods(size.periods)
        .hours_per_period(730.0)
        .start("2026-01");
    // Segments: equal shares, levels from 1.0 (peak) down.
    let k = size.segments.max(1);
    for i in 0..k {
        let level = 1.0 - 0.6 * i as f64 / k as f64;
        b = b.segment(1.0 / k as f64, Rng::round(level));
    }
    let providers: Vec<String> = (0..size.providers).map(|p| format!("cloud{p}")).collect();
    for (p, id) in providers.iter().enumerate() {
        b = if p == 0 {
            // The largest provider may carry more than the default share.
            b.provider_with_max_share(id.clone(), 0.7)
        } else {
            b.provider(id.clone())
        };
    }
    let mut commits: Vec<(String, Option<f64>)> = Vec::new();
    for (p, provider) in providers.iter().enumerate() {
        let markup = rng.range(0.85, 1.25);
        for r in 0..size.regions {
            let region = format!("{}-{provider}-{}", GEOS[(p + r) % GEOS.len()], r + 1);
            let regional = rng.range(0.95, 1.1);
            for (a, &(acc, chips, chip_price, _)) in accs.iter().enumerate() {
                if !sells(p, a) {
                    continue;
                }
                let od = Rng::round(chips * chip_price * markup * regional);
                let base = format!("{provider}-{region}-{}", acc.to_lowercase());
                let mut o = Offering::on_demand(
                    format!("{base}-od"),
                    provider.clone(),
                    region.clone(),
                    acc,
                    chips,
                    od,
                );
                let capped = rng.chance(0.3);
                if capped {
                    o = o.max_units(rng.range(5.0, 60.0).round());
                }
                b = b.offering(o);
                if !capped && rng.chance(0.15) {
                    // A marketplace listing of the same instances at a higher price.
                    b = b.offering(Offering::on_demand(
                        format!("{base}-od-marketplace"),
                        provider.clone(),
                        region.clone(),
                        acc,
                        chips,
                        Rng::round(od * rng.range(1.02, 1.15)),
                    ));
                }
                if rng.chance(0.7) {
                    let mut s = Offering::spot(
                        format!("{base}-spot"),
                        provider.clone(),
                        region.clone(),
                        acc,
                        chips,
                        Rng::round(od * rng.range(0.3, 0.55)),
                    )
                    .availability(Rng::round(rng.range(0.7, 0.95)));
                    if rng.chance(0.7) {
                        s = s.max_units(rng.range(5.0, 40.0).round());
                    }
                    b = b.offering(s);
                }
                if rng.chance(0.6) {
                    let term = [3u32, 6, 12][rng.below(3)];
                    let discount = match term {
                        3 => 0.8,
                        6 => 0.7,
                        _ => 0.6,
                    };
                    let mut c = Offering::commit(
                        format!("{base}-commit{term}"),
                        provider.clone(),
                        region.clone(),
                        acc,
                        chips,
                        Rng::round(od * discount * rng.range(0.95, 1.05)),
                        term,
                    );
                    if rng.chance(0.3) {
                        c = c.lead_periods(1);
                    }
                    let cap = rng.chance(0.5).then(|| rng.range(10.0, 80.0).round());
                    if let Some(cap) = cap {
                        c = c.max_units(cap);
                    }
                    commits.push((format!("{base}-commit{term}"), cap));
                    b = b.offering(c);
                }
            }
        }
    }
    for w in 0..size.workloads {
        // Two or three accelerators per workload.
        let n = 2 + rng.below(2).min(accs.len().saturating_sub(2));
        let first = rng.below(accs.len());
        let batch = w % 5 == 4;
        let id = if batch {
            format!("train{w}")
        } else {
            format!("serve{w}")
        };
        // Peak work units per hour, in units of an H100 chip-hour.
        let scale = rng.range(40.0, 400.0);
        let mut wl = if batch {
            let first_period = 1 + rng.below(periods.div_ceil(2)) as u32;
            let last = (first_period + 2 + rng.below(periods / 2 + 1) as u32).min(size.periods);
            let hours = 730.0 * f64::from(last - first_period + 1);
            Workload::batch(id, Rng::round(scale * hours * 0.5), first_period, last)
        } else {
            let growth = rng.range(0.0, 0.06);
            let series: Vec<f64> = (0..periods)
                .map(|t| Rng::round(scale * (1.0 + growth).powi(t as i32) * rng.range(0.95, 1.05)))
                .collect();
            Workload::serving(id, Demand::Series(series))
        };
        for i in 0..n {
            let (acc, _, _, speed) = accs[(first + i) % accs.len()];
            wl = wl.throughput(acc, Rng::round(speed * rng.range(0.8, 1.2)));
        }
        if size.providers > 3 && rng.chance(0.3) {
            let skip = rng.below(size.providers);
            wl = wl.providers(
                providers
                    .iter()
                    .enumerate()
                    .filter(|&(p, _)| p != skip)
                    .map(|(_, id)| id.clone()),
            );
        }
        if size.regions >= 3 && rng.chance(0.3) {
            let skip = GEOS[rng.below(GEOS.len())];
            wl = wl.regions(
                GEOS.iter()
                    .filter(|&&g| g != skip)
                    .map(|g| format!("{g}-*")),
            );
        }
        if rng.chance(0.2) {
            // USD per work unit: several times the most expensive delivery.
            wl = wl.shortfall_penalty(Rng::round(rng.range(20.0, 40.0)));
        }
        b = b.workload(wl);
    }
    b = b
        .max_provider_share(0.6)
        .outage_coverage(0.2)
        .max_spot_share(0.3);
    // A few commitments already signed.
    for (id, cap) in commits.iter().take(2) {
        let units = cap.map_or(4.0, |c| (c / 4.0).floor());
        b = b.existing(id.clone(), units, (size.periods / 2).max(1));
    }
    b.build_unchecked()
}

/// Peak resident memory of this process in KiB (`VmHWM` of `/proc/self/status`), or 0 where
/// that file does not exist.
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_valid() {
        let a = generate(&SIZES[1], 7);
        let b = generate(&SIZES[1], 7);
        assert_eq!(a, b);
        assert_ne!(a, generate(&SIZES[1], 8));
        capmix::validate_scenario(&a).unwrap();
    }

    #[test]
    fn reductions_keep_the_optimum_of_generated_scenarios() {
        for (size, seed) in [(&SIZES[0], 1), (&SIZES[1], 1), (&SIZES[1], 2)] {
            let s = generate(size, seed);
            let run = |reductions| {
                // The fluid LP: reductions must keep its optimum exactly.
                let options = capmix::PlanOptions {
                    reductions,
                    shadow_prices: false,
                    integer: Some(false),
                    ..capmix::PlanOptions::default()
                };
                capmix::plan(&s, &options).unwrap()
            };
            let (with, without) = (run(true), run(false));
            assert_eq!(with.status, capmix::Status::Optimal);
            let (a, b) = (with.objective.unwrap(), without.objective.unwrap());
            assert!((a - b).abs() <= 1e-7 * a.abs(), "{}: {a} vs {b}", size.name);
            assert!(with.model_size.variables <= without.model_size.variables);
        }
    }

    #[test]
    fn smallest_size_plans_optimally() {
        let s = generate(&SIZES[0], 1);
        let fluid = capmix::PlanOptions {
            integer: Some(false),
            ..capmix::PlanOptions::default()
        };
        let plan = capmix::plan(&s, &fluid).unwrap();
        assert_eq!(plan.status, capmix::Status::Optimal, "{:?}", plan.notes);
        // Whole units (the default): a verified plan within a few percent of the best.
        let whole = capmix::plan(&s, &capmix::PlanOptions::default()).unwrap();
        assert!(
            whole.has_solution() && whole.integer_units,
            "{:?}",
            whole.notes
        );
        assert!(whole.verification.as_ref().is_some_and(|v| v.passed));
        assert!(whole.gap.is_some_and(|g| g < 0.05), "gap {:?}", whole.gap);
    }
}

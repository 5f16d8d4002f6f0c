//! Accelerator registry: canonical names, aliases, specs and throughput estimates.
//!
//! Providers spell the same chip differently (`H100`, `H100-80GB`, `H100-SXM`, GCP's
//! `H100-MEGA`; `TPU v5litepod` is `TPU-v5e`). [`canonical`] maps every known spelling to one
//! name, so that a workload's throughput key `H100` matches all of them. Unknown names are
//! kept as written (trimmed): the registry never rejects a chip it does not know.
//!
//! Names and aliases live here; figures (memory in GB = 10⁹ bytes, dense BF16 TFLOPS,
//! memory bandwidth in GB/s) live once: for a chip the serving registry has
//! ([`crate::serving::chips`], cited per figure), [`metric`] reads them there; this table
//! keeps figures only for chips that registry lacks (from
//! `../shared/data/facts/accelerator-performance.csv`, sources in [`Spec::source`]). A figure
//! neither gives is `None`, and such a chip is left out of estimates that need it.

pub use crate::scenario::ScaleBy;

/// One chip's published figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    /// Canonical name.
    pub name: &'static str,
    /// Spellings that mean this chip (compared after [`normalize`]).
    pub aliases: &'static [&'static str],
    /// High-bandwidth memory per chip, GB (10⁹ bytes).
    pub memory_gb: Option<f64>,
    /// Dense BF16 peak, TFLOPS per chip.
    pub bf16_tflops: Option<f64>,
    /// Memory bandwidth per chip, GB/s.
    pub memory_bandwidth_gbs: Option<f64>,
    /// Where the figures come from.
    pub source: &'static str,
}

/// The figures of this chip are the serving registry's ([`crate::serving::chips`]), with
/// their sources there: one figure, one place.
const SERVING: &str = "serving registry";

/// The registry. GiB figures of the sources are converted to GB (×1.073741824).
#[rustfmt::skip]
pub const ACCELERATORS: &[Spec] = &[
    spec("H100", &["H100-80GB", "H100-SXM", "H100-SXM5", "H100-SXM-80GB", "H100-MEGA", "H100-MEGA-80GB", "NVIDIA-H100"], None, None, None, SERVING),
    spec("H200", &["H200-141GB", "H200-SXM", "H200-SXM-141GB", "NVIDIA-H200"], None, None, None, SERVING),
    spec("B200", &["B200-180GB", "B200-SXM", "B200-SXM-180GB", "NVIDIA-B200"], None, None, None, SERVING),
    spec("A100", &["A100-40GB", "A100-SXM4-40GB", "A100-SXM"], Some(40.0), Some(311.9), None, "hmc-tech.com L4 vs A100 (BF16), n.d.; bandwidth not verified"),
    spec("A100-80GB", &["A100-SXM4-80GB", "A100-80GB-SXM"], None, None, None, SERVING),
    spec("L4", &["NVIDIA-L4"], None, None, None, SERVING),
    spec("MI300X", &["AMD-MI300X", "MI300X-192GB"], None, None, None, SERVING),
    spec("TPU-v5e", &["TPU-v5litepod", "TPU-v5-lite", "TPU-v5-litepod", "v5e", "v5litepod", "TPU-v5-lite-podslice"], None, None, None, SERVING),
    spec("TPU-v5p", &["v5p"], None, None, None, SERVING),
    spec("TPU-v6e", &["TPU-Trillium", "Trillium", "v6e"], None, None, None, SERVING),
    spec("Trainium", &["Trainium1", "trn1"], Some(34.4), Some(190.0), Some(880.5), "awsdocs-neuron trainium.html (32 GiB, 820 GiB/s), 2024-2025"),
    spec("Trainium2", &["trn2", "Trainium-2"], None, None, None, SERVING),
    spec("H100-PCIe", &["H100-PCIE-80GB", "H100-PCIE-GEN5"], None, None, None, SERVING),
    spec("GH200", &["GH200-144GB", "GH200-144GB-HBM3e", "GH200-Grace-Hopper"], None, None, None, SERVING),
    spec("GH200-96GB", &["GH200-96GB-HBM3"], None, None, None, SERVING),
    spec("Gaudi2", &["Gaudi-2", "HL-225", "Intel-Gaudi2"], None, None, None, SERVING),
    spec("TPU-v4", &["v4"], None, None, None, ""),
    spec("B300", &["B300-SXM"], None, None, None, ""),
    spec("GB200", &[], None, None, None, ""),
    spec("GB300", &[], None, None, None, ""),
    spec("MI325X", &[], None, None, None, ""),
    spec("MI355X", &[], None, None, None, ""),
    spec("H100-NVL", &["H100-NVL-94GB"], None, None, None, SERVING),
    spec("L40S", &["NVIDIA-L40S", "L40S-48GB"], None, None, None, SERVING),
    spec("A10G", &[], None, None, None, ""),
    spec("A10", &[], None, None, None, ""),
    spec("T4", &[], None, None, None, ""),
    spec("V100", &["V100-16GB"], None, None, None, ""),
    spec("RTXPRO6000", &["RTX-PRO-6000"], None, None, None, ""),
    spec("A6000", &["RTX-A6000"], None, None, None, ""),
];

const fn spec(
    name: &'static str,
    aliases: &'static [&'static str],
    memory_gb: Option<f64>,
    bf16_tflops: Option<f64>,
    memory_bandwidth_gbs: Option<f64>,
    source: &'static str,
) -> Spec {
    Spec {
        name,
        aliases,
        memory_gb,
        bf16_tflops,
        memory_bandwidth_gbs,
        source,
    }
}

/// Upper case, spaces and underscores as `-`, runs of `-` collapsed: `tpu v5litepod` →
/// `TPU-V5LITEPOD`. Two names with the same normal form are the same name.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        let c = if c == ' ' || c == '_' {
            '-'
        } else {
            c.to_ascii_uppercase()
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out.trim_matches('-').to_string()
}

/// The registry entry of a name or alias, if known.
pub fn lookup(name: &str) -> Option<&'static Spec> {
    let key = normalize(name);
    ACCELERATORS
        .iter()
        .find(|s| normalize(s.name) == key || s.aliases.iter().any(|a| normalize(a) == key))
}

/// The canonical name of an accelerator: the registry name for known spellings, the
/// trimmed input otherwise. `canonical("H100-MEGA") == "H100"`.
pub fn canonical(name: &str) -> String {
    lookup(name).map_or_else(|| name.trim().to_string(), |s| s.name.to_string())
}

/// True when two names denote the same accelerator (same registry entry, or the same
/// normal form for names the registry does not know).
pub fn same(a: &str, b: &str) -> bool {
    match (lookup(a), lookup(b)) {
        (Some(x), Some(y)) => x.name == y.name,
        (None, None) => normalize(a) == normalize(b),
        _ => false,
    }
}

/// The metric of a registry entry that `rule` scales with (`None` for ratios or when the
/// facts do not give it).
pub fn metric(rule: ScaleBy, spec: &Spec) -> Option<f64> {
    let served = crate::serving::chip(spec.name);
    match rule {
        ScaleBy::MemoryBandwidth => served
            .map(|c| c.memory_bandwidth_gbs)
            .or(spec.memory_bandwidth_gbs),
        ScaleBy::Bf16Tflops => served.map(|c| c.bf16_tflops).or(spec.bf16_tflops),
        ScaleBy::Ratios => None,
    }
}

/// Estimated throughput on `target` (work units per chip-hour) from `value` measured on
/// `reference`, scaled by the ratio of their metric. `None` when either chip is unknown or
/// lacks the metric. An estimate, not a measurement: measured figures should replace it.
pub fn estimate(reference: &str, value: f64, rule: ScaleBy, target: &str) -> Option<f64> {
    let r = metric(rule, lookup(reference)?)?;
    let t = metric(rule, lookup(target)?)?;
    (r > 0.0).then(|| value * t / r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve_to_one_name() {
        for n in [
            "H100",
            "h100",
            "H100-80GB",
            "H100-SXM",
            "H100 SXM",
            "H100_MEGA",
            "H100-MEGA",
        ] {
            assert_eq!(canonical(n), "H100", "{n}");
        }
        assert_eq!(canonical("TPU v5litepod"), "TPU-v5e");
        assert_eq!(canonical("tpu-v5e"), "TPU-v5e");
        assert_eq!(canonical("H200-141GB"), "H200");
        assert_eq!(canonical("A100-40GB"), "A100");
        assert_eq!(canonical("A100-80GB"), "A100-80GB");
        assert_eq!(canonical(" my-chip "), "my-chip");
        assert!(same("MY_CHIP", "my-chip"));
        assert!(!same("A100", "A100-80GB"));
    }

    #[test]
    fn every_alias_is_unique() {
        let mut seen = std::collections::HashMap::new();
        for s in ACCELERATORS {
            for n in std::iter::once(&s.name).chain(s.aliases) {
                assert_eq!(seen.insert(normalize(n), s.name), None, "{n} listed twice");
            }
        }
    }

    /// One figure, one place: a chip of both registries has its figures in the serving one
    /// only, and every spelling the serving registry knows for it means the same chip here.
    #[test]
    fn figures_live_in_one_registry() {
        for s in ACCELERATORS {
            if crate::serving::chip(s.name).is_some() {
                assert_eq!(
                    (s.memory_gb, s.bf16_tflops, s.memory_bandwidth_gbs),
                    (None, None, None),
                    "{}",
                    s.name
                );
                assert_eq!(s.source, SERVING, "{}", s.name);
            }
        }
        for c in crate::serving::chips::CHIPS {
            let here = lookup(c.name);
            assert!(here.is_some(), "serving chip {} has no name here", c.name);
            let Some(here) = here else { continue };
            for a in c.aliases {
                assert_eq!(
                    lookup(a).map(|s| s.name),
                    Some(here.name),
                    "serving alias {a} of {}",
                    c.name
                );
            }
        }
    }

    #[test]
    fn bandwidth_scaling() {
        let h200 = estimate("H100", 9.6, ScaleBy::MemoryBandwidth, "H200").unwrap();
        assert!((h200 - 9.6 * 4800.0 / 3350.0).abs() < 1e-12);
        assert_eq!(
            estimate("H100", 1.0, ScaleBy::MemoryBandwidth, "A100"),
            None
        );
        assert_eq!(estimate("nope", 1.0, ScaleBy::Bf16Tflops, "H100"), None);
        // A chip named here whose figures are the serving registry's (4.9 TB/s).
        let gh200 = estimate("H100", 9.6, ScaleBy::MemoryBandwidth, "GH200").unwrap();
        assert!((gh200 - 9.6 * 4900.0 / 3350.0).abs() < 1e-12);
    }
}

//! SkyPilot's GCP catalog: host rows plus accelerator rows make a GPU VM; TPU slice rows map
//! to chips. The rules are listed in [`super`].

use super::rows::{field, Columns, Ctx, Quote};
use super::Action;
use crate::catalog::csv::Record;
use crate::catalog::{accelerators, median};
use crate::Error;
use std::collections::{BTreeMap, HashMap};

/// GCP's "not offered" placeholder price.
const PLACEHOLDER: f64 = 700.0;

/// A GPU row priced below this fraction of the median per-chip price is implausibly low.
const IMPLAUSIBLY_LOW: f64 = 0.6;

/// Host machine type → (accelerator row name, accelerators per VM).
fn machine(m: &str) -> Option<(&'static str, f64)> {
    let gpus =
        |prefix: &str| -> Option<f64> { m.strip_prefix(prefix)?.strip_suffix('g')?.parse().ok() };
    if let Some(n) = m
        .strip_prefix("g2-standard-")
        .and_then(|v| v.parse::<u32>().ok())
    {
        return Some((
            "L4",
            match n {
                24 => 2.0,
                48 => 4.0,
                96 => 8.0,
                _ => 1.0,
            },
        ));
    }
    let families: [(&str, &'static str); 8] = [
        ("a2-highgpu-", "A100"),
        ("a2-megagpu-", "A100"),
        ("a2-ultragpu-", "A100-80GB"),
        ("a3-highgpu-", "H100"),
        ("a3-edgegpu-", "H100"),
        ("a3-megagpu-", "H100-MEGA"),
        ("a3-ultragpu-", "H200"),
        ("a4-highgpu-", "B200"),
    ];
    families
        .into_iter()
        .find_map(|(prefix, gpu)| Some((gpu, gpus(prefix)?)))
}

/// TPU slice name (`tpu-v6e-8`) → (canonical accelerator, chips).
fn tpu(slice: &str) -> Option<(String, f64)> {
    let rest = slice.to_ascii_lowercase();
    let (gen, n) = rest.strip_prefix("tpu-")?.rsplit_once('-')?;
    let n: f64 = n.parse().ok()?;
    // v2, v3, v4 and v5p slice names count TensorCores (two per chip); v5e and v6e chips.
    let chips = match gen {
        "v2" | "v3" | "v4" | "v5p" => n / 2.0,
        "v5litepod" | "v5e" | "v6e" => n,
        _ => return None,
    };
    (chips >= 1.0).then(|| (accelerators::canonical(&format!("TPU-{gen}")), chips))
}

/// How notes name an accelerator row: `H100 x8 row in us-central1`, `tpu-v6e-1 row in ...`.
fn gpu_row(name: &str, count: &str, region: &str) -> String {
    if name.to_ascii_lowercase().starts_with("tpu-") {
        format!("{name} row in {region}")
    } else {
        format!("{name} x{} row in {region}", count.trim_end_matches(".0"))
    }
}

type Groups<K> = (Vec<K>, HashMap<K, Vec<Quote>>);

fn push<K: Clone + Eq + std::hash::Hash>(g: &mut Groups<K>, key: K, q: Quote) {
    if !g.1.contains_key(&key) {
        g.0.push(key.clone());
    }
    g.1.entry(key).or_default().push(q);
}

/// Reads a GCP `vms.csv` into `ctx`.
pub(super) fn read(ctx: &mut Ctx<'_>, cols: &Columns<'_>, body: &[Record]) -> Result<(), Error> {
    let (it, an, ac) = (
        cols.get("InstanceType")?,
        cols.get("AcceleratorName")?,
        cols.get("AcceleratorCount")?,
    );
    let (pr, sp, rg) = (
        cols.get("Price")?,
        cols.get("SpotPrice")?,
        cols.get("Region")?,
    );
    let mut hosts: Groups<(String, String)> = Default::default(); // (machine, region)
    let mut gpus: Groups<(String, u64, String)> = Default::default(); // (row name, count bits, region)
    let mut tpus: Groups<(String, String)> = Default::default(); // (slice, region)
    for rec in body {
        let (instance, name, region) = (field(rec, it), field(rec, an), field(rec, rg));
        let what = if instance.is_empty() {
            gpu_row(name, field(rec, ac), region)
        } else {
            format!("{instance} in {region}")
        };
        let Ok(mut od) = ctx.price(rec.line, &what, "Price", field(rec, pr)) else {
            continue;
        };
        let Ok(mut spot) = ctx.price(rec.line, &what, "SpotPrice", field(rec, sp)) else {
            continue;
        };
        for (label, p) in [("Price", &mut od), ("SpotPrice", &mut spot)] {
            if *p == Some(PLACEHOLDER) {
                ctx.note(
                    rec.line,
                    &what,
                    Action::Skipped,
                    format!("{label} 700.0 is SkyPilot's placeholder for not offered"),
                );
                *p = None;
            }
        }
        if od.is_none() && spot.is_none() {
            continue;
        }
        let q = Quote {
            line: rec.line,
            od,
            spot,
        };
        if !instance.is_empty() {
            // Host rows of machines without accelerators are CPU VMs: not ours.
            if machine(instance).is_some_and(|(gpu, _)| ctx.wanted(&accelerators::canonical(gpu))) {
                push(&mut hosts, (instance.to_string(), region.to_string()), q);
            }
        } else if name.to_ascii_lowercase().starts_with("tpu-") {
            match tpu(name) {
                Some((acc, _)) if !ctx.wanted(&acc) => {}
                Some(_) => push(&mut tpus, (name.to_string(), region.to_string()), q),
                None => ctx.note(
                    rec.line,
                    &what,
                    Action::Skipped,
                    format!("unknown TPU slice `{name}`"),
                ),
            }
        } else if ctx.wanted(&accelerators::canonical(name)) {
            let Ok(count) = field(rec, ac).parse::<f64>() else {
                ctx.note(
                    rec.line,
                    &what,
                    Action::Skipped,
                    "AcceleratorCount is not a count",
                );
                continue;
            };
            if let (Some(o), Some(s)) = (od, spot) {
                if s > o {
                    let why = format!("spot {s} above on-demand {o}: inconsistent accelerator row");
                    ctx.note(rec.line, &what, Action::Skipped, why);
                    continue;
                }
            }
            push(
                &mut gpus,
                (name.to_string(), count.to_bits(), region.to_string()),
                q,
            );
        }
    }
    let gpu_prices = gpu_prices(ctx, gpus);
    combine(ctx, hosts, gpu_prices);
    for key in tpus.0 {
        let (slice, region) = key.clone();
        let Some(((acc, chips), quotes)) = tpu(&slice).zip(tpus.1.get(&key)) else {
            continue;
        };
        let prices = ctx.collapse(&format!("{slice} in {region}"), quotes);
        let line = quotes.first().map_or(0, |q| q.line);
        ctx.emit(line, &region, &acc, chips, prices, &slice);
    }
    Ok(())
}

/// Region-level accelerator prices, without implausibly low on-demand quotes.
type GpuPrices = BTreeMap<(String, u64, String), (usize, Option<f64>, Option<f64>)>;

fn gpu_prices(ctx: &mut Ctx<'_>, gpus: Groups<(String, u64, String)>) -> GpuPrices {
    let mut out = GpuPrices::new();
    for key in gpus.0 {
        let Some(quotes) = gpus.1.get(&key) else {
            continue;
        };
        let what = gpu_row(&key.0, &f64::from_bits(key.1).to_string(), &key.2);
        let (od, spot) = ctx.collapse(&what, quotes);
        out.insert(key, (quotes.first().map_or(0, |q| q.line), od, spot));
    }
    // Per-chip on-demand prices by canonical accelerator, for the plausibility check.
    let mut per_chip: HashMap<String, Vec<f64>> = HashMap::new();
    for ((name, count, _), (_, od, _)) in &out {
        if let Some(p) = od {
            per_chip
                .entry(accelerators::canonical(name))
                .or_default()
                .push(p / f64::from_bits(*count));
        }
    }
    for ((name, count, region), (line, od, _)) in out.iter_mut() {
        let all = per_chip
            .get(&accelerators::canonical(name))
            .map_or(&[][..], Vec::as_slice);
        let (Some(p), Some(m)) = (*od, median(all)) else {
            continue;
        };
        let chip = p / f64::from_bits(*count);
        if all.len() >= 3 && chip < IMPLAUSIBLY_LOW * m {
            let what = gpu_row(name, &f64::from_bits(*count).to_string(), region);
            let why = format!(
                "on-demand {p} ({chip:.4} per chip) is below 60% of the median {m:.4} per chip of {} GCP rows: implausibly low",
                all.len()
            );
            ctx.note(*line, &what, Action::Skipped, why);
            *od = None;
        }
    }
    out
}

/// A GPU VM costs host + accelerator row of the same region.
fn combine(ctx: &mut Ctx<'_>, hosts: Groups<(String, String)>, mut gpus: GpuPrices) {
    let mut used = Vec::new();
    for key in hosts.0 {
        let (m, region) = key.clone();
        let (Some(quotes), Some((gpu, count))) = (hosts.1.get(&key), machine(&m)) else {
            continue;
        };
        let what = format!("{m} in {region}");
        let (host_od, host_spot) = ctx.collapse(&what, quotes);
        let line = quotes.first().map_or(0, |q| q.line);
        let gkey = (gpu.to_string(), count.to_bits(), region.clone());
        let Some(&(_, gpu_od, gpu_spot)) = gpus.get(&gkey) else {
            ctx.note(
                line,
                &what,
                Action::Skipped,
                format!("no {count} {gpu} accelerator row in {region} to add to the host price"),
            );
            continue;
        };
        used.push(gkey);
        let od = host_od.zip(gpu_od).map(|(h, g)| h + g);
        let mut spot = host_spot.zip(gpu_spot).map(|(h, g)| h + g);
        if let (Some(o), Some(s)) = (od, spot) {
            if s >= o {
                ctx.note(
                    line,
                    &what,
                    Action::Skipped,
                    format!("spot {s} is not below on-demand {o}"),
                );
                spot = None;
            }
        }
        let label = format!("{m} + {count} {gpu} rows");
        ctx.emit(
            line,
            &region,
            &accelerators::canonical(gpu),
            count,
            (od, spot),
            &label,
        );
    }
    for key in used {
        gpus.remove(&key);
    }
    for ((name, count, region), (line, _, _)) in gpus {
        let what = gpu_row(&name, &f64::from_bits(count).to_string(), &region);
        ctx.note(
            line,
            &what,
            Action::Skipped,
            "no host machine row in this region (a GPU VM costs host + accelerator rows)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machines_and_slices() {
        assert_eq!(machine("a3-megagpu-8g"), Some(("H100-MEGA", 8.0)));
        assert_eq!(machine("a2-highgpu-1g"), Some(("A100", 1.0)));
        assert_eq!(machine("g2-standard-48"), Some(("L4", 4.0)));
        assert_eq!(machine("n2-standard-8"), None);
        assert_eq!(tpu("tpu-v5p-8"), Some(("TPU-v5p".into(), 4.0)));
        assert_eq!(tpu("tpu-v5litepod-16"), Some(("TPU-v5e".into(), 16.0)));
        assert_eq!(tpu("tpu-v6e-1"), Some(("TPU-v6e".into(), 1.0)));
        assert_eq!(tpu("tpu-v9x-4"), None);
    }
}

//! AWS, Azure, Lambda and OCI `vms.csv`: one row per instance type and zone (or region).

use super::rows::{field, Columns, Ctx, Quote};
use super::Action;
use crate::catalog::accelerators;
use crate::catalog::csv::Record;
use crate::Error;
use std::collections::HashMap;

/// The providers whose SkyPilot catalogs capmix reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cloud {
    Aws,
    Gcp,
    Azure,
    Lambda,
    Oci,
}

impl Cloud {
    pub(super) fn id(self) -> &'static str {
        match self {
            Cloud::Aws => "aws",
            Cloud::Gcp => "gcp",
            Cloud::Azure => "azure",
            Cloud::Lambda => "lambda",
            Cloud::Oci => "oci",
        }
    }

    pub(super) fn detect(file: &str, header: &[String]) -> Option<Cloud> {
        let all = [
            Cloud::Aws,
            Cloud::Gcp,
            Cloud::Azure,
            Cloud::Lambda,
            Cloud::Oci,
        ];
        let parts: Vec<String> = file
            .split(['/', '\\'])
            .map(str::to_ascii_lowercase)
            .collect();
        if let Some(c) = all.into_iter().find(|c| parts.iter().any(|p| p == c.id())) {
            return Some(c);
        }
        let has = |n: &str| header.iter().any(|h| h.trim() == n);
        let first_acc = header.iter().position(|h| h.trim() == "AcceleratorName");
        match () {
            _ if has("Arch") => Some(Cloud::Aws),
            _ if has("Generation") => Some(Cloud::Azure),
            _ if first_acc == Some(3) => Some(Cloud::Gcp),
            _ if has("AvailabilityZone") => Some(Cloud::Oci),
            _ if has("Price") && has("Region") => Some(Cloud::Lambda),
            _ => None,
        }
    }
}

/// Azure's known count errors: (instance type, true accelerator count).
const COUNT_FIXES: &[(&str, f64)] = &[("Standard_ND96isr_H100_v5", 8.0)];

/// GPU names that, in an instance type without an accelerator name, deserve a note.
const GPU_HINTS: &[&str] = &["H100", "H200", "B200", "B300", "A100", "MI300", "GB200"];

/// AWS, Azure, Lambda, OCI: one row per instance type and zone (or region).
pub(super) fn read_instances(
    ctx: &mut Ctx<'_>,
    cloud: Cloud,
    cols: &Columns<'_>,
    body: &[Record],
) -> Result<(), Error> {
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
    // (instance, region) → (accelerator, chips, quotes), in order of first appearance.
    let mut order: Vec<(String, String)> = Vec::new();
    let mut groups: HashMap<(String, String), (String, f64, Vec<Quote>)> = HashMap::new();
    for rec in body {
        let (instance, region) = (field(rec, it), field(rec, rg));
        let what = format!("{instance} in {region}");
        let name = field(rec, an);
        if name.is_empty() {
            if GPU_HINTS
                .iter()
                .any(|g| instance.to_ascii_uppercase().contains(g))
            {
                ctx.note(
                    rec.line,
                    &what,
                    Action::Skipped,
                    "no AcceleratorName although the instance type names a GPU",
                );
            }
            continue;
        }
        let acc = accelerators::canonical(name);
        if !ctx.wanted(&acc) {
            continue;
        }
        let mut chips = match field(rec, ac).parse::<f64>() {
            Ok(n) if n.is_finite() && n > 0.0 => n,
            _ => {
                ctx.note(
                    rec.line,
                    &what,
                    Action::Skipped,
                    format!("AcceleratorCount `{}` is not a count", field(rec, ac)),
                );
                continue;
            }
        };
        if let Some(&(_, fixed)) = COUNT_FIXES
            .iter()
            .find(|(i, n)| cloud == Cloud::Azure && *i == instance && *n != chips)
        {
            let why =
                format!("AcceleratorCount {chips} corrected to {fixed}: the VM has {fixed} {acc}");
            ctx.note(rec.line, &what, Action::Corrected, why);
            chips = fixed;
        }
        let Ok(od) = ctx.price(rec.line, &what, "Price", field(rec, pr)) else {
            continue;
        };
        let Ok(spot) = ctx.price(rec.line, &what, "SpotPrice", field(rec, sp)) else {
            continue;
        };
        let key = (instance.to_string(), region.to_string());
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups
            .entry(key)
            .or_insert_with(|| (acc, chips, Vec::new()))
            .2
            .push(Quote {
                line: rec.line,
                od,
                spot,
            });
    }
    for key in order {
        let Some((acc, chips, quotes)) = groups.remove(&key) else {
            continue;
        };
        let (instance, region) = key;
        let prices = ctx.collapse(&format!("{instance} in {region}"), &quotes);
        let line = quotes.first().map_or(0, |q| q.line);
        ctx.emit(line, &region, &acc, chips, prices, &instance);
    }
    Ok(())
}

//! Providers, offerings and existing commitments (contract §1).

use super::{err, finite, id, in_range, nonneg, positive, share};
use crate::model::{OfferingM, ProviderM};
use crate::scenario::{Purchase, Scenario};
use crate::Error;
use std::collections::HashMap;

pub(super) fn providers(s: &Scenario) -> Result<Vec<ProviderM>, Error> {
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(s.providers.len());
    for (i, p) in s.providers.iter().enumerate() {
        id(&format!("providers[{i}].id"), &p.id)?;
        // Case-blind: `aws` and `AWS` are one cloud, so N-1 coverage must not count them
        // as two.
        if let Some(j) = seen.insert(p.id.to_lowercase(), i) {
            return Err(err(
                format!("providers[{i}].id"),
                format!(
                    "duplicate id `{}` (also providers[{j}] `{}`; provider ids are compared without case)",
                    p.id, s.providers[j].id
                ),
            ));
        }
        let max_share = match p.max_share {
            Some(v) => share(&format!("providers[{i}].max_share"), v)?,
            None => s.policy.max_provider_share,
        };
        out.push(ProviderM {
            id: p.id.clone(),
            max_share,
        });
    }
    Ok(out)
}

pub(super) fn offerings(
    s: &Scenario,
    provider_index: &HashMap<&str, usize>,
    periods: usize,
) -> Result<Vec<OfferingM>, Error> {
    let mut seen = HashMap::new();
    let mut out = Vec::with_capacity(s.offerings.len());
    for (i, o) in s.offerings.iter().enumerate() {
        let at = |f: &str| format!("offerings[{i}].{f}");
        id(&at("id"), &o.id)?;
        if let Some(j) = seen.insert(o.id.as_str(), i) {
            return Err(err(
                at("id"),
                format!("duplicate id `{}` (also offerings[{j}])", o.id),
            ));
        }
        let provider = *provider_index.get(o.provider.as_str()).ok_or_else(|| {
            err(
                at("provider"),
                format!(
                    "unknown provider `{}`: declare it in [[providers]]",
                    o.provider
                ),
            )
        })?;
        id(&at("accelerator"), &o.accelerator)?;
        positive(&at("chips"), o.chips)?;
        nonneg(&at("price_per_hour"), o.price_per_hour)?;
        if let Some(u) = o.max_units {
            nonneg(&at("max_units"), u)?;
        }
        let availability = o.availability.unwrap_or(1.0);
        if !(finite(&at("availability"), availability)? > 0.0 && availability <= 1.0) {
            return Err(err(
                at("availability"),
                format!("must be in (0, 1] (got {availability})"),
            ));
        }
        in_range(&at("availability"), availability)?;
        let (term, lead) = match o.purchase {
            Purchase::Commit => {
                let term = o.term_periods.ok_or_else(|| {
                    err(
                        at("term_periods"),
                        "a commit offering needs `term_periods` (>= 1)",
                    )
                })?;
                if term == 0 {
                    return Err(err(at("term_periods"), "must be at least 1"));
                }
                let lead = o.lead_periods.unwrap_or(0) as usize;
                if lead >= periods {
                    return Err(err(
                        at("lead_periods"),
                        format!(
                            "a lead of {lead} periods leaves no period of the {periods}-period horizon in which a new commitment could be active"
                        ),
                    ));
                }
                (term as usize, lead)
            }
            _ => {
                if o.term_periods.is_some() {
                    return Err(err(at("term_periods"), "only commit offerings have a term"));
                }
                if o.lead_periods.is_some() {
                    return Err(err(
                        at("lead_periods"),
                        "only commit offerings have a lead time",
                    ));
                }
                (0, 0)
            }
        };
        out.push(OfferingM {
            id: o.id.clone(),
            provider,
            region: o.region.clone(),
            accelerator: o.accelerator.clone(),
            chips: o.chips,
            purchase: o.purchase,
            price: o.price_per_hour,
            cap: o.max_units,
            availability,
            term,
            lead,
            existing: vec![0.0; periods],
        });
    }
    Ok(out)
}

pub(super) fn existing(
    s: &Scenario,
    offerings: &mut [OfferingM],
    periods: usize,
) -> Result<(), Error> {
    let index: HashMap<&str, usize> = s
        .offerings
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    for (i, e) in s.existing.iter().enumerate() {
        let at = |f: &str| format!("existing[{i}].{f}");
        let &o = index
            .get(e.offering.as_str())
            .ok_or_else(|| err(at("offering"), format!("unknown offering `{}`", e.offering)))?;
        let off = &mut offerings[o];
        if !off.is_commit() {
            return Err(err(
                at("offering"),
                format!(
                    "`{}` is {}, but existing commitments need a commit offering",
                    off.id,
                    off.purchase.as_str()
                ),
            ));
        }
        nonneg(&at("units"), e.units)?;
        for t in 0..(e.remaining_periods as usize).min(periods) {
            off.existing[t] += e.units;
        }
        if let (Some(cap), Some(&first)) = (off.cap, off.existing.first()) {
            if first > cap * (1.0 + 1e-9) {
                return Err(err(
                    at("units"),
                    format!(
                        "{first} units already committed on `{}` exceed its max_units ({cap})",
                        off.id
                    ),
                ));
            }
        }
    }
    Ok(())
}

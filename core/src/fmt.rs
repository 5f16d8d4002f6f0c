//! Number and unit wording shared by the explanation's sentences and validation messages.
//!
//! Sentences round for reading ("$1.9M"); the exact figures sit in the data fields next to
//! them.

/// USD for a sentence: `$0.41`, `$412`, `$12,345`, `$1.9M`, `$2.35B`.
pub fn usd(v: f64) -> String {
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    let body = if a >= 1e9 {
        format!("{:.2}B", a / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", a / 1e6)
    } else if a >= 10.0 {
        grouped(a.round())
    } else {
        format!("{a:.2}")
    };
    format!("{sign}${body}")
}

/// USD for a table: `$1,234,567` (whole dollars; cents below $100), the exact figure.
pub fn dollars(v: f64) -> String {
    if v.abs() < 100.0 {
        return format!("${v:.2}");
    }
    format!(
        "{}${}",
        if v < 0.0 { "-" } else { "" },
        grouped(v.abs().round())
    )
}

/// A count for a table: whole numbers without decimals (`50`), others with two (`2.50`).
pub fn count(v: f64) -> String {
    if (v - v.round()).abs() < 1e-6 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// `12345` → `12,345` (whole numbers).
fn grouped(v: f64) -> String {
    let digits = format!("{v:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Signed percentage of `part` in `whole`: `+3.1%`; `None` when `whole` is zero.
pub(crate) fn signed_pct(part: f64, whole: f64) -> Option<f64> {
    (whole.abs() > 1e-12).then(|| 100.0 * part / whole)
}

/// `+3.1%` / `-0.4%`.
pub(crate) fn pct_text(p: f64) -> String {
    let sign = if p >= 0.0 { "+" } else { "" };
    if p.abs() < 0.095 && p != 0.0 {
        format!("{sign}{p:.2}%")
    } else {
        format!("{sign}{p:.1}%")
    }
}

/// A share in [0, 1] as a percentage without sign: `50%`, `12.5%`.
pub(crate) fn share(v: f64) -> String {
    let p = 100.0 * v;
    if (p - p.round()).abs() < 0.05 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// A quantity with up to three significant decimals: `120`, `3.5`, `0.125`, `1.2e6` style
/// numbers are written out with grouping.
pub(crate) fn qty(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        let s = grouped(a.round());
        if v < 0.0 {
            format!("-{s}")
        } else {
            s
        }
    } else if (v - v.round()).abs() < 1e-6 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The rate label of a workload unit: `Mtok/h` stays, `Mtok` becomes `Mtok/h`.
pub(crate) fn rate_unit(unit: &str) -> String {
    if unit.ends_with("/h") {
        unit.to_string()
    } else {
        format!("{unit}/h")
    }
}

/// The amount label of a workload unit: `Mtok/h` becomes `Mtok`, `Mtok` stays.
pub(crate) fn work_unit(unit: &str) -> String {
    unit.strip_suffix("/h").unwrap_or(unit).to_string()
}

/// Period word for "per …": `month` when the labels are monthly (`2025-07`), else `period`.
pub(crate) fn period_word(first_label: &str) -> &'static str {
    let monthly = first_label.len() == 7 && first_label.as_bytes().get(4) == Some(&b'-');
    if monthly {
        "month"
    } else {
        "period"
    }
}

/// A list of labels, runs collapsed: `2025-07..2025-09, 2025-12`.
pub(crate) fn label_runs(periods: &[usize], labels: &[String]) -> String {
    let label = |p: usize| {
        labels
            .get(p.wrapping_sub(1))
            .cloned()
            .unwrap_or_else(|| format!("P{p}"))
    };
    let mut parts = Vec::new();
    let mut i = 0;
    while i < periods.len() {
        let start = periods[i];
        let mut end = start;
        while i + 1 < periods.len() && periods[i + 1] == end + 1 {
            i += 1;
            end = periods[i];
        }
        parts.push(if end == start {
            label(start)
        } else {
            format!("{}..{}", label(start), label(end))
        });
        i += 1;
    }
    parts.join(", ")
}

/// A computed number for a message, without float noise: the fewest decimals (6 to 15,
/// trailing zeros trimmed) that still tell it apart from `target`, the value it was checked
/// against. `0.8999999999999999` against 1 reads `0.9`; `1.0000002` against 1 stays
/// `1.0000002`, never a misleading `1`.
pub(crate) fn near(v: f64, target: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    for digits in 6..=15 {
        let s = format!("{v:.digits$}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if v == target || s.parse::<f64>().is_ok_and(|r| r != target) {
            return if s == "-0" { "0".into() } else { s.to_string() };
        }
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording() {
        assert_eq!(usd(1_900_000.0), "$1.9M");
        assert_eq!(usd(412.3), "$412");
        assert_eq!(usd(12_345.0), "$12,345");
        assert_eq!(usd(0.414), "$0.41");
        assert_eq!(usd(-2_500.0), "-$2,500");
        assert_eq!(usd(2.345e9), "$2.35B");
        assert_eq!(pct_text(3.06), "+3.1%");
        assert_eq!(pct_text(0.057), "+0.06%");
        assert_eq!(share(0.5), "50%");
        assert_eq!(share(0.125), "12.5%");
        assert_eq!(qty(3.0), "3");
        assert_eq!(qty(0.125), "0.125");
        assert_eq!(qty(1234.4), "1,234");
        assert_eq!(rate_unit("Mtok/h"), "Mtok/h");
        assert_eq!(work_unit("Mtok/h"), "Mtok");
        assert_eq!(period_word("2025-07"), "month");
        assert_eq!(period_word("P1"), "period");
        let labels: Vec<String> = (1..=5).map(|p| format!("P{p}")).collect();
        assert_eq!(label_runs(&[1, 2, 3, 5], &labels), "P1..P3, P5");
    }

    #[test]
    fn near_drops_float_noise_but_never_hides_a_difference() {
        assert_eq!(near(0.8999999999999999, 1.0), "0.9");
        assert_eq!(near(1.0000002, 1.0), "1.0000002");
        assert_eq!(near(1.0 + 1e-12, 1.0), "1.000000000001");
        assert_eq!(near(1.0, 1.0), "1");
        assert_eq!(near(0.0, 1.0), "0");
        assert_eq!(near(1.5, 1.0), "1.5");
    }
}

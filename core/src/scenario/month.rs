//! Calendar months of a horizon's `start` (`YYYY-MM`): the periods' labels in validation, and
//! the months past the horizon in a plan's tables (a commitment's last active month).

/// `YYYY-MM` as a month count (year × 12 + month − 1); None unless the year has 4 digits
/// and the month is 1..=12.
pub(crate) fn parse(s: &str) -> Option<i64> {
    let (y, m) = s.split_once('-')?;
    let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
    // Lazily: a year of many digits must not overflow before it is rejected (found by
    // fuzzing: `start = "3542238459257625586-07"`).
    (y.to_string().len() == 4 && (1..=12).contains(&m)).then(|| y * 12 + m - 1)
}

/// The `YYYY-MM` label of a month count.
pub(crate) fn label(month: i64) -> String {
    format!("{:04}-{:02}", month / 12, month % 12 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_round_trip_and_odd_years_are_refused() {
        assert_eq!(parse("2025-07").map(label).as_deref(), Some("2025-07"));
        assert_eq!(
            parse("2025-12").map(|m| label(m + 1)).as_deref(),
            Some("2026-01")
        );
        for bad in [
            "25-07",
            "2025-13",
            "2025-00",
            "P1",
            "3542238459257625586-07",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}

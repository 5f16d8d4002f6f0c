//! Sweep values: a list or an inclusive range.

use crate::Error;

/// Parses sweep values: a comma-separated list (`0,0.25,0.5`) or an inclusive range
/// `start:stop:step` (`0:1:0.25`; step > 0, at most 10,000 values).
pub fn parse_values(text: &str) -> Result<Vec<f64>, Error> {
    let bad = |reason: String| Error::InvalidOption {
        name: "values".into(),
        reason,
    };
    let number = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| bad(format!("`{}` is not a finite number", s.trim())))
    };
    let text = text.trim();
    if text.is_empty() {
        return Err(bad(
            "no values given (a list `0,0.5,1` or a range `start:stop:step`)".into(),
        ));
    }
    if text.contains(':') {
        let parts: Vec<&str> = text.split(':').collect();
        let [a, b, c] = parts[..] else {
            return Err(bad(format!("a range is `start:stop:step` (got `{text}`)")));
        };
        let (start, stop, step) = (number(a)?, number(b)?, number(c)?);
        if step <= 0.0 {
            return Err(bad(format!("the step must be > 0 (got {step})")));
        }
        if stop < start {
            return Err(bad(format!("stop ({stop}) is below start ({start})")));
        }
        let n = ((stop - start) / step * (1.0 + 1e-12) + 1e-9).floor() + 1.0;
        if n > 10_000.0 {
            return Err(bad(format!("the range has {n} values, more than 10,000")));
        }
        // Multiply rather than accumulate, and round to the decimals written, so that
        // 0.8:1.2:0.1 gives 1.2 and not 1.2000000000000002.
        let decimals = [a, b, c]
            .iter()
            .map(|s| decimals(s))
            .try_fold(0, |m, d| d.map(|d| m.max(d)));
        return Ok((0..n as usize)
            .map(|i| {
                let v = start + step * i as f64;
                match decimals {
                    Some(d) if d <= 12 => {
                        let f = 10f64.powi(d as i32);
                        (v * f).round() / f
                    }
                    _ => v,
                }
            })
            .collect());
    }
    text.split(',').map(number).collect()
}

/// Decimals written in a plain number (`0.25` → 2); `None` for exponent notation.
fn decimals(s: &str) -> Option<usize> {
    let s = s.trim();
    if s.contains(['e', 'E']) {
        return None;
    }
    Some(s.split_once('.').map_or(0, |(_, frac)| frac.len()))
}

#[cfg(test)]
mod tests {
    use super::parse_values;

    #[test]
    fn lists_and_ranges() {
        assert_eq!(parse_values("0, 0.5,1").unwrap(), vec![0.0, 0.5, 1.0]);
        assert_eq!(
            parse_values("0:1:0.25").unwrap(),
            vec![0.0, 0.25, 0.5, 0.75, 1.0]
        );
        assert_eq!(parse_values("0:1:0.1").unwrap().len(), 11);
        assert_eq!(
            parse_values("0.8:1.2:0.1").unwrap(),
            vec![0.8, 0.9, 1.0, 1.1, 1.2]
        );
        assert_eq!(parse_values("1e9:3e9:1e9").unwrap(), vec![1e9, 2e9, 3e9]);
        assert_eq!(parse_values("2:2:1").unwrap(), vec![2.0]);
        assert!(parse_values("0:1:0").is_err());
        assert!(parse_values("1:0:0.5").is_err());
        assert!(parse_values("a,b").is_err());
        assert!(parse_values("").is_err());
        assert!(parse_values("0:1").is_err());
    }
}

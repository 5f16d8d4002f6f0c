//! Region globs: `*` matches any run of characters (also none), everything else literally.
//! A ground room, used by catalog filters, expansion and validation.

/// Whether `text` matches `pattern`. Linear in `pattern.len() + text.len()` per star-free
/// piece search; no backtracking blow-up (each `*` piece is matched greedily at its first
/// occurrence, which is exact for patterns whose only wildcard is `*`).
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let tail: Vec<&str> = parts.collect();
    let Some((last, middle)) = tail.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("us-*", "us-east-1"));
        assert!(glob_match("eastus", "eastus"));
        assert!(!glob_match("eastus", "eastus2"));
        assert!(glob_match("*", ""));
        assert!(glob_match("*-1", "us-east-1"));
        assert!(glob_match("us-*-1", "us-east-1"));
        assert!(!glob_match("us-*-1", "us-east-2"));
        assert!(!glob_match("a*a", "a"));
        assert!(glob_match("a*a", "aa"));
        assert!(glob_match("*east*", "us-east-1"));
    }
}

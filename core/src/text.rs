//! Hygiene of user strings in output meant for people and spreadsheets.
//!
//! Scenario names, ids, provider and region strings come from files capmix did not write. In
//! a terminal, a control character in them could move the cursor, clear the screen (`ESC [2J`)
//! or forge a line (`"\nstatus: optimal"`), and a bidirectional override could reorder what
//! is shown. [`escape`] makes each such character visible as an escape sequence, so what is
//! printed is exactly what the file says, readable. In a spreadsheet, a cell that starts with
//! `=`, `+`, `-` or `@` (or a tab or carriage return) is run as a formula; [`csv_text`]
//! neutralises it with a leading `'` (the OWASP rule for CSV injection).

use std::borrow::Cow;
use std::collections::HashSet;

/// `name`, or `name<sep>2`, `name<sep>3`, … : the first not in `seen`, which then holds it.
/// Unique names for the exporters' columns and rows and for task files.
pub(crate) fn unique_name(seen: &mut HashSet<String>, name: String, sep: char) -> String {
    let mut candidate = name.clone();
    let mut n = 1;
    while !seen.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{name}{sep}{n}");
    }
    candidate
}

/// Whether `c` must not reach a terminal raw: C0 controls, DEL, C1 controls and the
/// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every unsafe character ([`is_unsafe`]) written as an escape (`\n`, `\t`, `\r`,
/// `\u{1b}`, `\u{202e}`), for a single-line field of human-facing output. Strings without
/// one are returned as they are.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_where(s, is_unsafe)
}

/// [`escape`] for multi-line text: line feeds and tabs stay, every other unsafe character is
/// escaped. For text whose lines capmix wrote itself, with user strings already escaped.
pub fn escape_lines(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c != '\n' && c != '\t' && is_unsafe(c))
}

fn escape_where(s: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            _ if !unsafe_char(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            _ => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    Cow::Owned(out)
}

/// A text cell of a CSV file for spreadsheets: a leading `'` when the text starts like a
/// formula (`=`, `+`, `-`, `@`, tab, carriage return), then quoted (RFC 4180) when it holds a
/// separator, a quote or a line break. Only for text: numbers are written as numbers, so a
/// negative number stays numeric.
pub fn csv_text(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let cell = if formula {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_visible() {
        assert_eq!(escape("plain name, ünïcode"), "plain name, ünïcode");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("x\u{1b}[2J\nstatus: optimal"),
            "x\\u{1b}[2J\\nstatus: optimal"
        );
        assert_eq!(escape("a\tb\rc\u{7f}\u{85}"), "a\\tb\\rc\\u{7f}\\u{85}");
        assert_eq!(escape("\u{202e}evil\u{2066}"), "\\u{202e}evil\\u{2066}");
        assert_eq!(escape_lines("one\n\ttwo\u{1b}"), "one\n\ttwo\\u{1b}");
    }

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_text("+1"), "'+1");
        assert_eq!(csv_text("-2"), "'-2");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("\tx"), "'\tx");
        assert_eq!(csv_text("\rx"), "\"'\rx\"");
        assert_eq!(csv_text("us-east-1"), "us-east-1");
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text(""), "");
    }
}

//! A small CSV tokenizer (RFC 4180: `,` separated, `"` quoted, `""` escapes a quote, line
//! breaks allowed inside quotes), shared by the catalog format and the SkyPilot import.
//!
//! Hand-rolled on purpose: it is a hundred lines, and the core stays free of dependencies
//! the WebAssembly build would carry.

use crate::Error;

/// One CSV record: its fields and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

pub(crate) fn error(file: &str, line: usize, column: usize, message: impl Into<String>) -> Error {
    Error::Catalog {
        path: file.to_string(),
        line,
        column,
        message: message.into(),
    }
}

/// Splits `text` into records. Empty lines are skipped; with `comments`, so are lines that
/// start with `#`.
pub(crate) fn records(text: &str, file: &str, comments: bool) -> Result<Vec<Record>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        // At the start of a record.
        match chars.peek() {
            Some('\n') | Some('\r') => {
                if chars.next() == Some('\n') {
                    line += 1;
                }
                continue;
            }
            Some('#') if comments => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
                continue;
            }
            _ => {}
        }
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false; // inside quotes
        let mut was_quoted = false; // this field was quoted (text may only follow as `,`/EOL)
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Err(error(
                        file,
                        start,
                        fields.len() + 1,
                        "unterminated quoted field",
                    ));
                }
                fields.push(std::mem::take(&mut field));
                break;
            };
            if c == '\n' {
                line += 1;
            }
            if quoted {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    field.push(c);
                }
                continue;
            }
            match c {
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                '\n' => {
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '"' if field.is_empty() && !was_quoted => {
                    quoted = true;
                    was_quoted = true;
                }
                _ if was_quoted => {
                    let col = fields.len() + 1;
                    return Err(error(
                        file,
                        line,
                        col,
                        format!("unexpected `{c}` after a closing quote"),
                    ));
                }
                _ => field.push(c),
            }
        }
        out.push(Record {
            line: start,
            fields,
        });
    }
    Ok(out)
}

/// Quotes a field when it holds a separator, a quote, a line break or edge spaces.
pub(crate) fn quote(field: &str) -> String {
    let plain = !field.contains([',', '"', '\n', '\r']) && field.trim() == field;
    if plain {
        field.to_string()
    } else {
        format!("\"{}\"", field.replace('"', "\"\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_line_numbers() {
        let recs = records(
            "a,\"b,\"\"c\"\"\"\r\n\n# note\nx,\"multi\nline\"\ny,z",
            "t",
            true,
        )
        .unwrap();
        assert_eq!(
            recs[0],
            Record {
                line: 1,
                fields: vec!["a".into(), "b,\"c\"".into()]
            }
        );
        assert_eq!(
            recs[1],
            Record {
                line: 4,
                fields: vec!["x".into(), "multi\nline".into()]
            }
        );
        assert_eq!(recs[2].line, 6);
    }

    #[test]
    fn broken_quotes_are_located() {
        let e = records("a,b\n1,\"open", "f.csv", false).unwrap_err();
        assert_eq!(e.to_string(), "f.csv:2:2: unterminated quoted field");
        let e = records("a,\"b\"x", "f.csv", false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.csv:1:2: unexpected `x` after a closing quote"
        );
    }

    #[test]
    fn quote_round_trips() {
        let field = "a, \"b\"";
        let line = format!("{},plain", quote(field));
        let recs = records(&line, "t", false).unwrap();
        assert_eq!(recs[0].fields, vec![field.to_string(), "plain".to_string()]);
        assert_eq!(quote("plain"), "plain");
    }
}

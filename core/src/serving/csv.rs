//! A small CSV reader (RFC 4180: `,` separated, `"` quoted, `""` escapes a quote, line breaks
//! allowed inside quotes; a leading BOM, blank lines and `#` comment lines are skipped) with
//! a header row. Errors are [`ServingError::Csv`] with the file, 1-based line and column.

use super::types::ServingError;

/// One data row: its 1-based starting line and its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Line the record starts on.
    pub line: usize,
    /// Field values, unquoted.
    pub fields: Vec<String>,
}

/// A parsed file: header names (trimmed) and data rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// File name used in errors.
    pub file: String,
    /// Column names.
    pub header: Vec<String>,
    /// Data rows, each with as many fields as the header.
    pub rows: Vec<Row>,
}

/// A located error.
pub fn error(
    file: &str,
    line: usize,
    column: usize,
    field: &str,
    message: impl Into<String>,
) -> ServingError {
    ServingError::Csv {
        file: file.to_string(),
        line,
        column,
        field: field.to_string(),
        message: message.into(),
    }
}

impl Table {
    /// Parses `text`; the first record is the header.
    pub fn parse(text: &str, file: &str) -> Result<Table, ServingError> {
        let mut records = records(text, file)?.into_iter();
        let Some(header) = records.next() else {
            return Err(error(file, 1, 1, "header", "the file is empty"));
        };
        let names: Vec<String> = header.fields.iter().map(|h| h.trim().to_string()).collect();
        let mut rows = Vec::new();
        for r in records {
            if r.fields.len() != names.len() {
                return Err(error(
                    file,
                    r.line,
                    r.fields.len().min(names.len()) + 1,
                    "row",
                    format!("expected {} fields, found {}", names.len(), r.fields.len()),
                ));
            }
            rows.push(r);
        }
        Ok(Table {
            file: file.to_string(),
            header: names,
            rows,
        })
    }

    /// 0-based index of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

impl Row {
    /// The trimmed value of column `name`, if the table has it.
    pub fn get<'a>(&'a self, table: &Table, name: &str) -> Option<&'a str> {
        table
            .column(name)
            .and_then(|i| self.fields.get(i))
            .map(|s| s.trim())
    }
}

fn records(text: &str, file: &str) -> Result<Vec<Row>, ServingError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while let Some(&c) = chars.peek() {
        if c == '\n' || c == '\r' {
            if chars.next() == Some('\n') {
                line += 1;
            }
            continue;
        }
        if c == '#' {
            for c in chars.by_ref() {
                if c == '\n' {
                    line += 1;
                    break;
                }
            }
            continue;
        }
        let start = line;
        let (mut fields, mut field) = (Vec::new(), String::new());
        let (mut quoted, mut was_quoted) = (false, false);
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Err(error(
                        file,
                        start,
                        fields.len() + 1,
                        "row",
                        "unterminated quoted field",
                    ));
                }
                fields.push(std::mem::take(&mut field));
                break;
            };
            match c {
                '"' if quoted => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        quoted = false;
                    }
                }
                '"' if field.trim().is_empty() && !was_quoted => {
                    field.clear();
                    quoted = true;
                    was_quoted = true;
                }
                ',' if !quoted => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                '\n' if !quoted => {
                    line += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                '\r' if !quoted => {}
                _ if was_quoted && !quoted && !c.is_whitespace() => {
                    return Err(error(
                        file,
                        line,
                        fields.len() + 1,
                        "row",
                        "text after a closing quote",
                    ));
                }
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
        }
        out.push(Row {
            line: start,
            fields,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_comments_and_lines() {
        let text = "\u{feff}a,b\n# note\n\n1,\"x, \"\"y\"\"\"\r\n2,\"multi\nline\"\n3,z";
        let t = Table::parse(text, "t.csv").unwrap();
        assert_eq!(t.header, ["a", "b"]);
        assert_eq!(t.rows[0].fields, ["1", "x, \"y\""]);
        assert_eq!((t.rows[0].line, t.rows[1].line, t.rows[2].line), (4, 5, 7));
        assert_eq!(t.rows[1].get(&t, "b"), Some("multi\nline"));
    }

    #[test]
    fn errors_are_located() {
        let e = Table::parse("a,b\n1,2\n3\n", "p.csv").unwrap_err();
        assert_eq!(e.to_string(), "p.csv:3:2: row: expected 2 fields, found 1");
        let e = Table::parse("a\n\"open", "p.csv").unwrap_err();
        assert_eq!(e.to_string(), "p.csv:2:1: row: unterminated quoted field");
        assert!(Table::parse("", "p.csv").is_err());
    }
}

//! Reading and writing scenarios as TOML or JSON (the same structure).

use super::sandbox::Loader;
use super::Scenario;
use crate::Error;
use std::path::Path;

impl Scenario {
    /// Parses a TOML document. Shape errors carry the field path.
    pub fn from_toml_str(text: &str) -> Result<Scenario, Error> {
        let de = toml::Deserializer::new(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let message = match e.inner().message().trim() {
                // Some syntax errors carry no message of their own; the rendered error does.
                "" => syntax_message(&e.inner().to_string()),
                m => m.to_string(),
            };
            let located = match e.inner().span() {
                Some(span) => {
                    let (line, col) = line_col(text, span.start);
                    format!("{message} (line {line}, column {col})")
                }
                None => message,
            };
            Error::Parse {
                path: clean_path(&path),
                message: located,
            }
        })
    }

    /// Parses a JSON document. Shape errors carry the field path.
    pub fn from_json_str(text: &str) -> Result<Scenario, Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed: Result<Scenario, _> = serde_path_to_error::deserialize(&mut de);
        let scenario = parsed.map_err(|e| Error::Parse {
            path: clean_path(&e.path().to_string()),
            message: e.inner().to_string(),
        })?;
        de.end().map_err(|e| Error::Parse {
            path: String::new(),
            message: e.to_string(),
        })?;
        Ok(scenario)
    }

    /// Parses JSON when the text starts with `{`, TOML otherwise.
    pub fn from_str_auto(text: &str) -> Result<Scenario, Error> {
        if text.trim_start().starts_with('{') {
            Scenario::from_json_str(text)
        } else {
            Scenario::from_toml_str(text)
        }
    }

    /// Reads a `.toml` or `.json` file (other extensions: sniffed from the content) and
    /// loads its `catalogs`, relative to the file's directory, in the default sandbox
    /// ([`Loader`]: the file's directory tree and the bundled catalogs).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Scenario, Error> {
        Loader::new().load(path.as_ref())
    }

    /// The scenario as pretty JSON.
    pub fn to_json_string(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The scenario as TOML.
    pub fn to_toml_string(&self) -> Result<String, Error> {
        toml::to_string(self).map_err(|e| Error::Parse {
            path: String::new(),
            message: e.to_string(),
        })
    }
}

/// serde_path_to_error writes `?` for unknown positions and `.` for the root.
fn clean_path(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        path.to_string()
    }
}

/// The explanation line of a rendered TOML error (its last non-snippet line).
fn syntax_message(rendered: &str) -> String {
    rendered
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| {
            !l.is_empty()
                && !l.starts_with('|')
                && !l.starts_with("TOML parse error")
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .unwrap_or("invalid TOML")
        .to_string()
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("", 0), (1, 1));
    }

    #[test]
    fn type_error_names_the_field() {
        let err = Scenario::from_toml_str(
            "[horizon]\nperiods = 1\n[[offerings]]\nid='a'\nprovider='p'\nregion='r'\naccelerator='H100'\nchips=8\npurchase='on_demand'\nprice_per_hour='x'\n",
        )
        .unwrap_err();
        assert_eq!(err.path(), Some("offerings[0].price_per_hour"), "{err}");
    }

    #[test]
    fn unknown_purchase_names_the_field() {
        let err = Scenario::from_json_str(
            r#"{"horizon":{"periods":1},"offerings":[{"id":"a","provider":"p","region":"r","accelerator":"H","chips":1,"purchase":"lease","price_per_hour":1}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.path(), Some("offerings[0].purchase"), "{err}");
        assert!(err.to_string().contains("on_demand"), "{err}");
    }
}

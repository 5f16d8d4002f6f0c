//! The capmix catalog format (see the module docs of [`crate::catalog`]): reading with
//! located errors, and writing.

use super::csv::{error, quote, records, Record};
use super::{accelerators, CatalogRow, COLUMNS};
use crate::scenario::Purchase;
use crate::Error;

/// Reads a capmix catalog. `file` names the source in errors (`prices.csv:4:6: ...`).
///
/// Accelerator names are canonicalised ([`accelerators::canonical`]) and provider ids lower
/// cased. Rows keep their explicit `id` when the column is present; the others get one from
/// [`super::assign_ids`].
pub fn read_csv(text: &str, file: &str) -> Result<Vec<CatalogRow>, Error> {
    let mut recs = records(text, file, true)?.into_iter();
    let header = recs
        .next()
        .ok_or_else(|| error(file, 1, 1, "empty file: expected a header line"))?;
    let mut index = [None; COLUMNS.len()];
    for (j, name) in header.fields.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        let Some(k) = COLUMNS.iter().position(|c| *c == name) else {
            return Err(error(
                file,
                header.line,
                j + 1,
                format!(
                    "unknown column `{name}`; the columns are {}",
                    COLUMNS.join(", ")
                ),
            ));
        };
        if index[k].replace(j).is_some() {
            return Err(error(
                file,
                header.line,
                j + 1,
                format!("column `{name}` appears twice"),
            ));
        }
    }
    for (k, col) in COLUMNS.iter().enumerate().take(REQUIRED) {
        if index[k].is_none() {
            return Err(error(
                file,
                header.line,
                1,
                format!("missing column `{col}` in the header"),
            ));
        }
    }
    let width = header.fields.len();
    let mut rows = Vec::new();
    for rec in recs {
        if rec.fields.len() != width {
            let col = rec.fields.len().min(width) + 1;
            let msg = format!(
                "expected {width} fields like the header, found {}",
                rec.fields.len()
            );
            return Err(error(file, rec.line, col, msg));
        }
        rows.push(
            Row {
                file,
                rec: &rec,
                index: &index,
            }
            .parse()?,
        );
    }
    Ok(rows)
}

/// The first `REQUIRED` entries of [`COLUMNS`] must be present in every header.
const REQUIRED: usize = 6;

struct Row<'a> {
    file: &'a str,
    rec: &'a Record,
    index: &'a [Option<usize>; COLUMNS.len()],
}

impl Row<'_> {
    /// The trimmed text of column `k` (empty when the column is absent) and its 1-based column.
    fn get(&self, k: usize) -> (&str, usize) {
        match self.index[k] {
            Some(j) => (self.rec.fields.get(j).map_or("", |s| s.trim()), j + 1),
            None => ("", 0),
        }
    }

    fn fail(&self, k: usize, message: String) -> Error {
        // An absent optional column is reported at the first column.
        let (_, col) = self.get(k);
        error(
            self.file,
            self.rec.line,
            col.max(1),
            format!("{}: {message}", COLUMNS[k]),
        )
    }

    fn text(&self, k: usize) -> Result<String, Error> {
        let (v, _) = self.get(k);
        if v.is_empty() && k < REQUIRED {
            return Err(self.fail(k, "must not be empty".into()));
        }
        Ok(v.to_string())
    }

    fn number(&self, k: usize) -> Result<Option<f64>, Error> {
        let (v, _) = self.get(k);
        if v.is_empty() {
            return if k < REQUIRED {
                Err(self.fail(k, "must not be empty".into()))
            } else {
                Ok(None)
            };
        }
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
            Ok(_) => Err(self.fail(k, format!("`{v}` must be a finite number >= 0"))),
            Err(_) => Err(self.fail(k, format!("`{v}` is not a number"))),
        }
    }

    fn periods(&self, k: usize) -> Result<Option<u32>, Error> {
        let (v, _) = self.get(k);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<u32>()
            .map(Some)
            .map_err(|_| self.fail(k, format!("`{v}` is not a whole number of periods")))
    }

    fn parse(&self) -> Result<CatalogRow, Error> {
        let purchase = match self
            .text(4)?
            .to_ascii_lowercase()
            .replace('-', "_")
            .as_str()
        {
            "on_demand" => Purchase::OnDemand,
            "spot" => Purchase::Spot,
            "commit" => Purchase::Commit,
            _ => {
                let (v, _) = self.get(4);
                return Err(self.fail(
                    4,
                    format!("unknown purchase option `{v}`; expected on_demand, spot or commit"),
                ));
            }
        };
        let chips = self.number(3)?.unwrap_or(0.0);
        if chips <= 0.0 {
            return Err(self.fail(3, "must be > 0".into()));
        }
        let availability = self.number(7)?;
        if availability.is_some_and(|a| a <= 0.0 || a > 1.0) {
            return Err(self.fail(7, "must be in (0, 1]".into()));
        }
        let (term, lead) = (self.periods(8)?, self.periods(9)?);
        match purchase {
            Purchase::Commit if term.is_none_or(|t| t == 0) => {
                return Err(self.fail(8, "a commit row needs term_periods >= 1".into()))
            }
            Purchase::Commit => {}
            _ if term.is_some() => return Err(self.fail(8, "only commit rows have a term".into())),
            _ if lead.is_some() => {
                return Err(self.fail(9, "only commit rows have a lead time".into()))
            }
            _ => {}
        }
        let id = self.text(12)?;
        Ok(CatalogRow {
            id: (!id.is_empty()).then_some(id),
            provider: self.text(0)?.to_ascii_lowercase(),
            region: self.text(1)?,
            accelerator: accelerators::canonical(&self.text(2)?),
            chips,
            purchase,
            price_per_hour: self.number(5)?.unwrap_or(0.0),
            max_units: self.number(6)?,
            availability,
            term_periods: term,
            lead_periods: lead,
            source: self.text(10)?,
            as_of: self.text(11)?,
            line: self.rec.line,
        })
    }
}

/// Writes rows in the capmix catalog format, all columns, after `comments` (each written as
/// a `# ` line). Rows without an id get the one [`super::assign_ids`] would give them.
pub fn write_csv(rows: &[CatalogRow], comments: &[String]) -> String {
    let mut out = String::new();
    for c in comments {
        for l in c.lines() {
            out.push_str(&format!("# {l}\n"));
        }
    }
    out.push_str(&COLUMNS.join(","));
    out.push('\n');
    let ids = super::generated_ids(rows);
    for (row, id) in rows.iter().zip(ids) {
        let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
        let int = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
        let fields = [
            quote(&row.provider),
            quote(&row.region),
            quote(&row.accelerator),
            row.chips.to_string(),
            row.purchase.as_str().to_string(),
            row.price_per_hour.to_string(),
            num(row.max_units),
            num(row.availability),
            int(row.term_periods),
            int(row.lead_periods),
            quote(&row.source),
            quote(&row.as_of),
            quote(row.id.as_deref().unwrap_or(&id)),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

//! Tables for people, laid out by comfy-table: every column as wide as its widest cell
//! (header included), numbers right-aligned under a right-aligned header, a dashed rule under
//! the header, no borders. Callers escape text cells (`capmix::text::escape`); this module
//! only lays them out.
//!
//! Width: without `COLUMNS` in the environment no cell is ever cut or wrapped, so offering
//! ids stay whole and copyable. With `COLUMNS` set (shells export it for terminals, and a
//! user can set it for a pipe), wide tables wrap their longest cells inside their columns
//! to fit that width; columns stay aligned either way.

use comfy_table::{CellAlignment, ContentArrangement, Table};

/// comfy-table's components in its preset order: only the header rule is drawn.
const STYLE: &str = "     -             ";

/// The indent of every table line under its section title. The first column has no left
/// padding and the last no right padding, so the header rule spans exactly the cells.
const INDENT: &str = "  ";

/// How a column's cells (and its header) align.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    /// Text: names, ids, periods.
    Left,
    /// Figures: money, counts, percentages.
    Right,
}

/// A table being filled: a header, then rows of as many cells.
pub(crate) struct Grid {
    table: Table,
}

impl Grid {
    /// A table with these columns.
    pub(crate) fn new(columns: &[(&str, Align)]) -> Self {
        let mut table = Table::new();
        table.load_preset(STYLE);
        table.set_header(columns.iter().map(|(name, _)| *name));
        let last = columns.len().saturating_sub(1);
        for (i, (_, align)) in columns.iter().enumerate() {
            if let Some(c) = table.column_mut(i) {
                c.set_padding((u16::from(i > 0), u16::from(i < last)));
                c.set_cell_alignment(match align {
                    Align::Left => CellAlignment::Left,
                    Align::Right => CellAlignment::Right,
                });
            }
        }
        match terminal_width() {
            Some(w) => {
                table.set_content_arrangement(ContentArrangement::Dynamic);
                table.set_width(w.saturating_sub(INDENT.len() as u16));
            }
            None => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        Self { table }
    }

    /// Appends one row; its cells in column order.
    pub(crate) fn row<S: ToString>(&mut self, cells: impl IntoIterator<Item = S>) {
        let cells: Vec<String> = cells.into_iter().map(|c| c.to_string()).collect();
        self.table.add_row(cells);
    }

    /// Writes the table, one indented line each, trailing blanks trimmed.
    pub(crate) fn write(&self, out: &mut String) {
        for line in self.table.lines() {
            out.push_str(INDENT);
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

/// `COLUMNS`, when it is a plausible terminal width (at least 40 columns).
fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<u16>().ok())
        .filter(|w| *w >= 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> String {
        let mut g = Grid::new(&[("offering", Align::Left), ("cost", Align::Right)]);
        g.row([
            "aws-us-east-1-p5.48xlarge-on-demand-extra-long-id",
            "$1,234",
        ]);
        g.row(["x", "$5"]);
        let mut out = String::new();
        g.write(&mut out);
        out
    }

    #[test]
    fn columns_align_to_their_widest_cell() {
        let out = sample();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        // Right-aligned figures end in the same column as their header.
        let ends: Vec<usize> = [0, 2, 3].iter().map(|&i| lines[i].len()).collect();
        assert!(ends.iter().all(|&e| e == ends[0]), "{out}");
        assert!(
            lines[1].trim().chars().all(|c| c == '-' || c == ' '),
            "{out}"
        );
        assert!(lines[2].contains("aws-us-east-1-p5.48xlarge-on-demand-extra-long-id"));
    }
}

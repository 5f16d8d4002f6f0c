//! Free MPS writer.

use super::Named;
use crate::formulate::Sense;
use std::fmt::Write;

/// Shortest text that reads back as the same f64.
pub(super) fn num(v: f64) -> String {
    format!("{v:?}")
}

pub(super) fn write(program: &Named) -> String {
    let (lp, vars, rows) = (program.lp, &program.vars, &program.rows);
    let mut columns: Vec<Vec<(usize, f64)>> = vec![Vec::new(); lp.vars.len()];
    for (i, row) in lp.rows.iter().enumerate() {
        for &(j, a) in &row.coefs {
            columns[j].push((i, a));
        }
    }
    let mut out = String::with_capacity(64 * (lp.vars.len() + lp.rows.len()));
    let _ = writeln!(out, "* capmix model of `{}`: minimise USD", program.title);
    let _ = writeln!(out, "NAME capmix\nOBJSENSE\n    MIN\nROWS\n N  COST");
    // Rows without variables that cannot hold are written too (empty rows with their
    // right-hand side), so that the exported program is infeasible exactly when the model is.
    let all: Vec<&crate::formulate::Row> = lp.rows.iter().chain(&lp.unsatisfiable).collect();
    for (row, name) in all.iter().zip(rows) {
        let sense = match row.sense {
            Sense::Le => 'L',
            Sense::Ge => 'G',
            Sense::Eq => 'E',
        };
        let _ = writeln!(out, " {sense}  {name}");
    }
    let _ = writeln!(out, "COLUMNS");
    let mut in_integer = false;
    for (j, var) in lp.vars.iter().enumerate() {
        if var.integer != in_integer {
            let marker = if var.integer { "'INTORG'" } else { "'INTEND'" };
            let _ = writeln!(out, "    MARKER  'MARKER'  {marker}");
            in_integer = var.integer;
        }
        let name = &vars[j];
        // Every column appears at least once, so that bounds refer to a declared column.
        let _ = writeln!(out, "    {name}  COST  {}", num(var.cost));
        for &(i, a) in &columns[j] {
            let _ = writeln!(out, "    {name}  {}  {}", rows[i], num(a));
        }
    }
    if in_integer {
        let _ = writeln!(out, "    MARKER  'MARKER'  'INTEND'");
    }
    let _ = writeln!(out, "RHS");
    if lp.constant != 0.0 {
        let _ = writeln!(out, "    RHS  COST  {}", num(-lp.constant));
    }
    for (row, name) in all.iter().zip(rows) {
        if row.rhs != 0.0 {
            let _ = writeln!(out, "    RHS  {name}  {}", num(row.rhs));
        }
    }
    let _ = writeln!(out, "BOUNDS");
    for (var, name) in lp.vars.iter().zip(vars) {
        if var.lb != 0.0 {
            let _ = writeln!(out, " LO BND  {name}  {}", num(var.lb));
        }
        if var.ub.is_finite() {
            let _ = writeln!(out, " UP BND  {name}  {}", num(var.ub));
        } else if var.integer {
            // Integer columns default to [0, 1] in some readers; make the upper bound explicit.
            let _ = writeln!(out, " PL BND  {name}");
        }
    }
    let _ = writeln!(out, "ENDATA");
    out
}

//! CPLEX LP format writer.

use super::mps::num;
use super::Named;
use crate::formulate::Sense;
use std::fmt::Write;

fn term(out: &mut String, first: bool, coef: f64, name: &str) {
    let sign = if coef < 0.0 {
        "-"
    } else if first {
        ""
    } else {
        "+"
    };
    let _ = write!(out, " {sign} {} {name}", num(coef.abs()));
}

pub(super) fn write(program: &Named) -> String {
    let (lp, vars, rows) = (program.lp, &program.vars, &program.rows);
    let mut out = String::with_capacity(64 * (lp.vars.len() + lp.rows.len()));
    let _ = writeln!(out, "\\ capmix model of `{}`: minimise USD", program.title);
    let _ = write!(out, "Minimize\n cost:");
    let mut first = true;
    for (var, name) in lp.vars.iter().zip(vars) {
        if var.cost != 0.0 {
            term(&mut out, first, var.cost, name);
            first = false;
        }
    }
    if lp.constant != 0.0 || first {
        let sign = if lp.constant < 0.0 {
            "-"
        } else if first {
            ""
        } else {
            "+"
        };
        let _ = write!(out, " {sign} {}", num(lp.constant.abs()));
    }
    let _ = writeln!(out, "\nSubject To");
    // Rows without variables that cannot hold are written too, as `0 x` of the first
    // column (or of an empty placeholder column), so that the exported program is
    // infeasible exactly when the model is.
    let placeholder = "capmix_empty_row".to_string();
    let first = vars.first().unwrap_or(&placeholder);
    for (row, name) in lp.rows.iter().chain(&lp.unsatisfiable).zip(rows) {
        let _ = write!(out, " {name}:");
        if row.coefs.is_empty() {
            let _ = write!(out, " 0 {first}");
        }
        for (n, &(j, a)) in row.coefs.iter().enumerate() {
            term(&mut out, n == 0, a, &vars[j]);
        }
        let op = match row.sense {
            Sense::Le => "<=",
            Sense::Ge => ">=",
            Sense::Eq => "=",
        };
        let _ = writeln!(out, " {op} {}", num(row.rhs));
    }
    let _ = writeln!(out, "Bounds");
    if vars.is_empty() && !lp.unsatisfiable.is_empty() {
        let _ = writeln!(out, " 0 <= {placeholder} <= 0");
    }
    for (var, name) in lp.vars.iter().zip(vars) {
        if var.ub.is_finite() {
            let _ = writeln!(out, " {} <= {name} <= {}", num(var.lb), num(var.ub));
        } else if var.lb != 0.0 {
            let _ = writeln!(out, " {name} >= {}", num(var.lb));
        }
    }
    let ints: Vec<&String> = lp
        .vars
        .iter()
        .zip(vars)
        .filter(|(v, _)| v.integer)
        .map(|(_, n)| n)
        .collect();
    if !ints.is_empty() {
        let _ = writeln!(out, "General");
        for chunk in ints.chunks(8) {
            let line: Vec<&str> = chunk.iter().map(|s| s.as_str()).collect();
            let _ = writeln!(out, " {}", line.join(" "));
        }
    }
    let _ = writeln!(out, "End");
    out
}

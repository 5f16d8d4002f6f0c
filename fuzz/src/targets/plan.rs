//! Text → scenario → plan under strict limits and a 0.01 s time limit (first byte: options).
//!
//! Checks: no panic, no hang (libFuzzer's `-timeout`), and every plan
//! document is coherent (see `crate::check_plan_document`).

use crate::{check_plan, explains, options};
use capmix::Scenario;

/// One fuzz input.
pub fn run(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(s) = Scenario::from_str_auto(text) else {
        return;
    };
    check_plan(&s, &options(flags), explains(flags));
}

//! Structured scenarios (built from the fuzz bytes, see `crate::scenario`) → plan
//! under strict limits and a 0.01 s time limit. Reaches the solver far more often than text.

use crate::{check_plan, explains, options, scenario};
use arbitrary::Unstructured;

/// One fuzz input.
pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(flags) = u.arbitrary::<u8>() else {
        return;
    };
    let Ok(s) = scenario(&mut u) else {
        return;
    };
    check_plan(&s, &options(flags), explains(flags));
}

//! Structured scenarios (built from the fuzz bytes, see `capmix_fuzz::scenario`) → plan
//! under strict limits and a 0.5 s time limit. Reaches the solver far more often than text.
#![no_main]

use arbitrary::Unstructured;
use capmix_fuzz::{check_plan, options, scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(flags) = u.arbitrary::<u8>() else {
        return;
    };
    let Ok(s) = scenario(&mut u) else {
        return;
    };
    check_plan(&s, &options(flags), flags & 0x18 == 0x18);
});

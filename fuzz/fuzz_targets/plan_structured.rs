//! libFuzzer entry of `capmix_fuzz::targets::plan_structured` (its checks are documented there).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| capmix_fuzz::targets::plan_structured::run(data));

//! libFuzzer entry of `capmix_fuzz::targets::parse_scenario` (its checks are documented there).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| capmix_fuzz::targets::parse_scenario::run(data));

//! libFuzzer entry of `capmix_fuzz::targets::skypilot_import` (its checks are documented there).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| capmix_fuzz::targets::skypilot_import::run(data));

//! libFuzzer entry of `capmix_fuzz::targets::catalog_csv` (its checks are documented there).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| capmix_fuzz::targets::catalog_csv::run(data));

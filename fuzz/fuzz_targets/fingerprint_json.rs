#![no_main]
//! Fuzz target: see `bilingual_dedup_fuzz::fingerprint_json`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| bilingual_dedup_fuzz::fingerprint_json(data));

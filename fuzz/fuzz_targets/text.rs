#![no_main]
//! Fuzz target: see `bilingual_dedup_fuzz::text`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| bilingual_dedup_fuzz::text(data));

#![no_main]
//! Fuzz target: see `bilingual_dedup_fuzz::jsonl`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| bilingual_dedup_fuzz::jsonl(data));

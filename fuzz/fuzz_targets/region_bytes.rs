//! Arbitrary bytes as a region file: parse → validate → compose → DOCX and PDF.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    raadsbrief_fuzz::harness::region_bytes(data);
});

//! Arbitrary text in the text fields of the Gooi sample: compose → DOCX and PDF.
//! Structure-aware: almost every input reaches the templates and both renderers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    raadsbrief_fuzz::harness::region_text(data);
});

//! Arbitrary bytes as spec text (YAML or JSON) into the generator. The property is in `tests::fuzzing::spec_text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tests::fuzzing::spec_text(data));

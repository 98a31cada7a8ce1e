//! Well-formed OpenAPI documents built from the bytes into the generator. The property is in `tests::fuzzing::spec_structured`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tests::fuzzing::spec_structured(data));

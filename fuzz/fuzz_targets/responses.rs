//! Arbitrary response bytes into every generated response and error type. The property is in `tests::fuzzing::response_bytes`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tests::fuzzing::response_bytes(data));

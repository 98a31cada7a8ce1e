//! Arbitrary path parameter values through the runtime's path encoding. The property is in `tests::fuzzing::path_param`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tests::fuzzing::path_param(data));

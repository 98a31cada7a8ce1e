//! The runtime of every generated client: configuration, sending with retries and timeouts,
//! bounded reading, parameter and body encoding, decoding and the error type.
//!
//! `src/runtime.rs` is copied verbatim into each generated crate as its private `runtime`
//! module; this crate compiles, lints and tests that file where it is written. What generated
//! code calls is public here (and hidden from the docs), so nothing in it can go unused.

#![warn(missing_docs)]

mod runtime;

pub use runtime::*;

#[cfg(test)]
mod tests;

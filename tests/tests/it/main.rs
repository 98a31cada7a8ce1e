//! The workspace's integration tests, one binary with a module per concern. Shared helpers
//! live in the `tests` library (`src/lib.rs`).
//!
//! - generator: `golden` (committed output, goldens, determinism), `model` (IR snapshots),
//!   `spec_errors`,
//!   `hostile_specs`, `reserved_names`, `fuzz_corpus` (fuzz seeds and crashes replayed), `ui`
//!   (compile tests);
//! - the CertCentral client: `samples` (documented samples decode), `http` (requests and
//!   answers on loopback), `call_options` (status and headers, per-call settings), `retries`, `observability` (tracing), `mock` (the test double),
//!   `conformance` (Stoplight Prism); `first_hour` (what a new user meets first in a generated crate);
//! - the focused goldens at work (`goldens`): `constructs`, `corners`, `generic_client`,
//!   `security` (every scheme kind, OAuth 2.0 grants, requirement alternatives), `servers`
//!   (relative, path- and operation-level servers), `versions`, `mappings` (types a user chose);
//!   `pagination` (every recognised paging shape), `streaming` (downloads, events, lines);
//! - specs as people keep them: `sources` (split across files, overlays, some operations).

mod goldens;

mod call_options;
mod conformance;
mod constructs;
mod corners;
mod first_hour;
mod fuzz_corpus;
mod generic_client;
mod golden;
mod hostile_specs;
mod http;
mod mappings;
mod mock;
mod model;
mod observability;
mod pagination;
mod reserved_names;
mod retries;
mod samples;
mod security;
mod servers;
mod sources;
mod spec_errors;
mod streaming;
mod ui;
mod versions;

//! The focused goldens that tests drive on the wire, each compiled once as a module of this
//! binary (each golden reads the runtime from `codegen/runtime/src/runtime/`).

#![allow(
    dead_code,
    unused_imports,
    reason = "whole generated crates; the tests use part of each"
)]
#![allow(
    clippy::duplicate_mod,
    reason = "each golden is a crate of its own and carries the runtime"
)]

#[rustfmt::skip]
#[path = "../../goldens/bodies.rs"]
pub mod bodies;

#[rustfmt::skip]
#[path = "../../goldens/corners.rs"]
pub mod corners;

#[rustfmt::skip]
#[path = "../../goldens/mappings.rs"]
pub mod mappings;

#[rustfmt::skip]
#[path = "../../goldens/openapi31.rs"]
pub mod openapi31;

#[rustfmt::skip]
#[path = "../../goldens/operations.rs"]
pub mod operations_client;

#[rustfmt::skip]
#[path = "../../goldens/parameters.rs"]
pub mod parameters;

#[rustfmt::skip]
#[path = "../../goldens/polymorphism.rs"]
pub mod polymorphism;

#[rustfmt::skip]
#[path = "../../goldens/relations.rs"]
pub mod relations;

#[rustfmt::skip]
#[path = "../../goldens/responses.rs"]
pub mod responses;

#[rustfmt::skip]
#[path = "../../goldens/security.rs"]
pub mod security;

#[rustfmt::skip]
#[path = "../../goldens/servers.rs"]
pub mod servers;

#[rustfmt::skip]
#[path = "../../goldens/swagger2.rs"]
pub mod swagger2;

//! The `openapi31` golden compiles as a module of a consumer crate.

#[path = "../../goldens/openapi31.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

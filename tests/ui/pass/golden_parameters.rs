//! The `parameters` golden compiles as a module of a consumer crate.

#[path = "../../goldens/parameters.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

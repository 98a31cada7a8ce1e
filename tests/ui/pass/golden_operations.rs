//! The `operations` golden compiles as a module of a consumer crate.

#[path = "../../goldens/operations.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

//! The `relations` golden compiles as a module of a consumer crate.

#[path = "../../goldens/relations.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

//! The `shapes` golden compiles as a module of a consumer crate.

#[path = "../../goldens/shapes.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

//! The `bodies` golden compiles as a module of a consumer crate.

#[path = "../../goldens/bodies.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

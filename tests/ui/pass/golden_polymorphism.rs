//! The `polymorphism` golden compiles as a module of a consumer crate.

#[path = "../../goldens/polymorphism.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

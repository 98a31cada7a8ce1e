//! The `swagger2` golden compiles as a module of a consumer crate.

#[path = "../../goldens/swagger2.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

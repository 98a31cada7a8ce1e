//! The `corners` golden compiles as a module of a consumer crate.

#[path = "../../goldens/corners.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

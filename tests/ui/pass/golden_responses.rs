//! The `responses` golden compiles as a module of a consumer crate.

#[path = "../../goldens/responses.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

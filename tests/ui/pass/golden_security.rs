//! The `security` golden compiles as a module of a consumer crate.

#[path = "../../goldens/security.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

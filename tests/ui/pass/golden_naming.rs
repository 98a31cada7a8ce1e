//! The `naming` golden compiles as a module of a consumer crate.

#[path = "../../goldens/naming.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

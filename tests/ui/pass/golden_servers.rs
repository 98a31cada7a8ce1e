//! The `servers` golden compiles as a module of a consumer crate.

#[path = "../../goldens/servers.rs"]
mod generated;

fn main() {
    let _ = generated::Client::builder();
}

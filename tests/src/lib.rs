//! Shared helpers of the workspace tests: where things are.

use std::path::{Path, PathBuf};

pub mod fuzzing;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The CertCentral spec, as text.
pub fn certcentral_spec() -> String {
    let path = workspace_root().join("spec/certcentral.yaml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The options `cargo xtask codegen` uses for the committed client.
pub fn certcentral_options() -> codegen::Options {
    codegen::Options {
        crate_name: "digicert-certcentral".to_owned(),
        crate_version: "0.1.0".to_owned(),
        command: "cargo xtask codegen".to_owned(),
    }
}

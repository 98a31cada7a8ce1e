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
        ..codegen::Options::default()
    }
}

/// A CertCentral client for a loopback server at `base_url` (plain http allowed) with `key`
/// and `policy`.
pub fn certcentral_client(
    base_url: &str,
    key: &str,
    policy: digicert_certcentral::RetryPolicy,
) -> digicert_certcentral::Client {
    digicert_certcentral::Client::builder()
        .base_url(base_url)
        .allow_insecure_http(true)
        .dev_key(key)
        .retry_policy(policy)
        .build()
        .expect("client builds")
}

/// The first example of the 200 response of the CertCentral operation at `path` (the one
/// Prism serves).
pub fn certcentral_example(path: &str) -> serde_json::Value {
    let spec: serde_json::Value =
        yaml_serde::from_str(&certcentral_spec()).expect("the spec is YAML");
    let media = &spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"];
    media["examples"]
        .as_object()
        .and_then(|e| e.values().next())
        .map(|e| e["value"].clone())
        .or_else(|| media.get("example").cloned())
        .unwrap_or_else(|| panic!("{path} has an example"))
}

/// Generates a crate from spec text with the default options.
pub fn generate(spec: &str) -> Result<codegen::GeneratedCrate, codegen::Error> {
    codegen::generate(spec, &codegen::Options::default())
}

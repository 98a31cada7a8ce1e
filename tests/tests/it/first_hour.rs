//! What a new user meets first, in generated crates: a crate example that runs as written for
//! the spec's situation, an `Error` that needs no parameter when the operations share one,
//! method docs that say what a call gives, doctests named after the client, and an examples
//! test that says how to run it instead of running nothing.

fn file<'a>(generated: &'a codegen::GeneratedCrate, path: &str) -> &'a str {
    &generated
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is generated"))
        .contents
}

/// A plain-http server, an API key, an operation without security first.
const PLAIN_HTTP: &str = r#"
openapi: 3.0.3
info: {title: Pets, version: '1'}
servers: [{url: 'http://pets.example.com/v1'}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Problem: {type: object, properties: {message: {type: string}}}
paths:
  /health:
    get:
      operationId: health
      security: []
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}, example: ok}}}
        default: {description: error, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /pets/{id}:
    get:
      operationId: getPet
      security: [{key: []}]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object}}}}
        default: {description: error, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
"#;

#[test]
fn the_crate_example_builds_the_client_the_spec_needs_and_calls_what_it_authorises() {
    let generated = tests::generate(PLAIN_HTTP).expect("generates");
    let root = file(&generated, "src/lib.rs");
    assert!(
        root.contains("//! let client = api_client::Client::builder()"),
        "{root}"
    );
    assert!(root.contains(".allow_insecure_http(true)"), "{root}");
    assert!(root.contains(".key(\"credential\")"), "{root}");
    assert!(
        root.contains(".get_pet(1)"),
        "the authorised operation: {root}"
    );
    assert!(!root.contains(".health()"), "{root}");
}

#[test]
fn error_needs_no_parameter_when_every_operation_shares_one_error_body() {
    let generated = tests::generate(PLAIN_HTTP).expect("generates");
    let root = file(&generated, "src/lib.rs");
    assert!(
        root.contains("pub type Error<E = types::Problem> = runtime::Error<E>;"),
        "{root}"
    );
    let client = file(&generated, "src/client.rs");
    assert!(
        client.contains("gives `Result<serde_json::Map<String, serde_json::Value>, Error>`"),
        "{client}"
    );
    // Operations that answer errors differently keep the generic `Error<E>`.
    let differing = PLAIN_HTTP.replace(
        "default: {description: error, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n  /pets",
        "default: {description: error}\n  /pets",
    );
    let generated = tests::generate(&differing).expect("generates");
    let root = file(&generated, "src/lib.rs");
    assert!(!root.contains("pub type Error"), "{root}");
    assert!(
        root.contains("Error,"),
        "the runtime's Error is exported: {root}"
    );
    let client = file(&generated, "src/client.rs");
    assert!(
        client.contains("gives `Result<String, Error<()>>`"),
        "{client}"
    );
}

#[test]
fn doctests_are_named_after_the_client_not_the_runtime_path() {
    let generated = tests::generate(PLAIN_HTTP).expect("generates");
    let client = file(&generated, "src/client.rs");
    assert!(client.contains("use super::runtime::{Client, ClientBuilder};"));
    assert!(client.contains("\nimpl Client {"), "{client}");
    assert!(!client.contains("impl super::runtime::Client"), "{client}");
}

#[test]
fn the_examples_test_says_how_to_run_it_without_the_mock_feature() {
    let generated = tests::generate(PLAIN_HTTP).expect("generates");
    let test = file(&generated, "tests/examples.rs");
    assert!(test.contains("#[cfg(not(feature = \"mock\"))]"), "{test}");
    assert!(
        test.contains("#[ignore = \"the examples are checked with the `mock` feature: cargo test --features mock\"]"),
        "{test}"
    );
}

#[test]
fn every_runnable_operation_gets_a_program_declared_with_its_features() {
    let generated = tests::generate(PLAIN_HTTP).expect("generates");
    let program = file(&generated, "examples/health.rs");
    assert!(
        program.contains("mock.health().respond_json(serde_json::from_str(r#\"\"ok\"\"#)?)"),
        "{program}"
    );
    assert!(
        program.contains("let answer = client.health().await?;"),
        "{program}"
    );
    // No documented answer: the mock answers an error and the program shows it.
    let program = file(&generated, "examples/get_pet.rs");
    assert!(
        program.contains("mock.get_pet(1).respond_status(404).await;"),
        "{program}"
    );
    assert!(program.contains("Err(error) => println!"), "{program}");
    let manifest = file(&generated, "Cargo.toml");
    assert!(
        manifest.contains("[[example]]\nname = \"health\"\nrequired-features = [\"mock\"]"),
        "{manifest}"
    );
}

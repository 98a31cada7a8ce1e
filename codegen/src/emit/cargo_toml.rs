//! The generated crate's `Cargo.toml`. Everything that comes from the spec or the options is
//! written by the `toml` library, so no title can break the manifest; the name is checked first.

use crate::error::Error;
use crate::model::Api;

use super::Options;
use super::programs::Program;

/// The features and dependencies every generated crate has: those of the runtime and of the
/// generated code, and the mock server behind the `mock` feature.
const DEPENDENCIES: &str = r#"
[dependencies]
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
bytes = "1"
futures-util = { version = "0.3", default-features = false, features = ["alloc"] }
reqwest = { version = "0.13", default-features = false, features = ["rustls", "json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
serde_path_to_error = "0.1"
tokio = { version = "1", features = ["sync", "time"] }
tracing = "0.1"
wiremock = { version = "0.6", optional = true }

# docs.rs documents every feature and marks what each item needs (`doc(cfg)` badges).
[package.metadata.docs.rs]
all-features = true
rustdoc-args = ["--cfg", "docsrs"]
"#;

/// The manifest, with `header` (a comment) on top.
pub fn manifest(
    api: &Api,
    programs: &[Program],
    options: &Options,
    header: &str,
) -> Result<String, Error> {
    check_crate_name(&options.crate_name)?;
    let mut package = toml::Table::new();
    let mut put = |key: &str, value: &str| {
        package.insert(key.to_owned(), toml::Value::String(value.to_owned()));
    };
    put("name", &options.crate_name);
    put("version", &options.crate_version);
    put(
        "description",
        &format!("Client for {} (API version {})", api.title, api.version),
    );
    put("edition", "2024");
    package.insert("publish".to_owned(), toml::Value::Boolean(false));
    let mut manifest = toml::Table::new();
    manifest.insert("package".to_owned(), toml::Value::Table(package));
    let package = toml_text(&manifest)?;
    Ok(format!(
        "{header}{package}\n{}{DEPENDENCIES}{}{}",
        features(api)?,
        chosen_dependencies(api, options)?,
        examples(programs)?
    ))
}

/// The dependencies of the types the user chose that the API uses (`[dependencies.uuid]`);
/// crates every generated crate has need none.
fn chosen_dependencies(api: &Api, options: &Options) -> Result<String, Error> {
    let mut dependencies = toml::Table::new();
    for krate in &api.external_crates {
        if let Some(dependency) = options.types.dependency(krate) {
            dependencies.insert(krate.clone(), dependency);
        }
    }
    if dependencies.is_empty() {
        return Ok(String::new());
    }
    let mut manifest = toml::Table::new();
    manifest.insert("dependencies".to_owned(), toml::Value::Table(dependencies));
    Ok(format!(
        "\n# The types chosen for formats and schemas.\n{}",
        toml_text(&manifest)?
    ))
}

/// The example programs (`examples/`, each needing the mock and its operation's feature) and
/// the runtime they start on.
fn examples(programs: &[Program]) -> Result<String, Error> {
    if programs.is_empty() {
        return Ok(String::new());
    }
    let list = |names: &[String]| {
        toml::Value::Array(names.iter().cloned().map(toml::Value::String).collect())
    };
    let entries: Vec<toml::Value> = programs
        .iter()
        .map(|program| {
            let mut entry = toml::Table::new();
            entry.insert("name".to_owned(), toml::Value::String(program.name.clone()));
            entry.insert("required-features".to_owned(), list(&program.features));
            toml::Value::Table(entry)
        })
        .collect();
    let mut manifest = toml::Table::new();
    manifest.insert("example".to_owned(), toml::Value::Array(entries));
    let text = toml_text(&manifest)?;
    Ok(format!(
        "\n# The programs in `examples/` run against the mock: `cargo run --example NAME --features mock`.\n[dev-dependencies]\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\n{text}"
    ))
}

/// The `[features]` table: with tags, `full` (every tag's feature, the default) and one feature
/// per tag, which compiles only that tag's operations and the types they use; and `mock`.
fn features(api: &Api) -> Result<String, Error> {
    let list = |names: Vec<String>| {
        toml::Value::Array(names.into_iter().map(toml::Value::String).collect())
    };
    let unused = crate::model::UNUSED_SCHEMAS_FEATURE;
    let has_unused = api.types.iter().any(|t| t.features == [unused]);
    let mut table = toml::Table::new();
    if !api.features.is_empty() {
        let full = crate::model::FULL_FEATURE;
        table.insert("default".to_owned(), list(vec![full.to_owned()]));
        let names = api.features.iter().map(|f| f.name.clone()).collect();
        table.insert(full.to_owned(), list(names));
        for feature in &api.features {
            table.insert(feature.name.clone(), list(Vec::new()));
        }
        if has_unused {
            table.insert(unused.to_owned(), list(Vec::new()));
        }
    }
    table.insert("mock".to_owned(), list(vec!["dep:wiremock".to_owned()]));
    let mut manifest = toml::Table::new();
    manifest.insert("features".to_owned(), toml::Value::Table(table));
    let text = toml_text(&manifest)?;
    let mut comment = String::new();
    if !api.features.is_empty() {
        comment.push_str("# `full` (the default): every operation. One feature per operation tag compiles only\n# that tag's operations and the types they use.\n");
    }
    if api
        .features
        .iter()
        .any(|f| f.name == crate::model::UNTAGGED_FEATURE)
    {
        comment.push_str("# `untagged`: the operations without a tag.\n");
    }
    if has_unused {
        comment.push_str(
            "# `unused-schemas`: the types of schemas no operation uses (webhook payloads, say).\n",
        );
    }
    comment.push_str("# `mock`: a mock of the API on a loopback server, for tests of code built on the client.\n");
    Ok(format!("{comment}{text}"))
}

fn toml_text(table: &toml::Table) -> Result<String, Error> {
    toml::to_string(table).map_err(|e| Error::Internal {
        message: format!("Cargo.toml: {e}"),
    })
}

/// Checks a package name as Cargo does: ASCII letters, digits, `-` and `_`, starting with a
/// letter, at most 64 characters.
pub fn check_crate_name(name: &str) -> Result<(), Error> {
    let problem = if name.is_empty() {
        Some("it is empty")
    } else if name.len() > 64 {
        Some("it is longer than 64 characters")
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("it must start with an ASCII letter")
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Some("only ASCII letters, digits, `-` and `_` are allowed")
    } else if crate::names::is_keyword(&name.replace('-', "_")) {
        Some("it is a Rust keyword")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(Error::InvalidOptions {
            message: format!("the crate name `{name}` is not valid: {problem}"),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::{DEPENDENCIES, check_crate_name};

    fn read_toml(relative: &str) -> toml::Table {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
        let text = std::fs::read_to_string(&path).expect("readable");
        text.parse().unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// The version requirement and features of a dependency entry (`"1"` or a table).
    fn requirement(entry: &toml::Value) -> (String, Vec<String>) {
        match entry {
            toml::Value::String(version) => (version.clone(), Vec::new()),
            toml::Value::Table(table) => {
                let list = |key: &str| -> Vec<String> {
                    table
                        .get(key)
                        .and_then(toml::Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                let version = table
                    .get("version")
                    .and_then(toml::Value::as_str)
                    .unwrap_or("");
                (version.to_owned(), list("features"))
            }
            other => panic!("a dependency entry: {other}"),
        }
    }

    /// Every dependency of the runtime crate (`codegen/runtime`, where the runtime is compiled
    /// and tested) is in every generated crate, at the workspace's version and with at least
    /// the runtime's features: what is tested is what is shipped.
    #[test]
    fn generated_dependencies_are_the_runtime_crates() {
        let workspace = read_toml("../Cargo.toml");
        let versions = workspace["workspace"]["dependencies"]
            .as_table()
            .expect("a table");
        let runtime = read_toml("runtime/Cargo.toml");
        let generated: toml::Table = DEPENDENCIES.parse().expect("parses");
        let generated = generated["dependencies"].as_table().expect("a table");
        for (name, entry) in runtime["dependencies"].as_table().expect("a table") {
            let (shipped, shipped_features) = requirement(
                generated
                    .get(name)
                    .unwrap_or_else(|| panic!("the generated crate lacks `{name}`")),
            );
            let (tested, mut features) = requirement(&versions[name]);
            if let Some(extra) = entry.get("features") {
                features.extend(
                    requirement(&toml::Value::Table(
                        [("features".to_owned(), extra.clone())]
                            .into_iter()
                            .collect(),
                    ))
                    .1,
                );
            }
            assert_eq!(
                shipped, tested,
                "`{name}`: generated {shipped}, workspace {tested}"
            );
            for feature in features {
                // The runtime needs tokio's `sync` and `time`; the workspace adds what the tests use.
                if name == "tokio" && !["sync", "time"].contains(&feature.as_str()) {
                    continue;
                }
                assert!(
                    shipped_features.contains(&feature),
                    "`{name}` lacks feature `{feature}` in generated crates"
                );
            }
        }
    }

    #[test]
    fn crate_names() {
        assert!(check_crate_name("digicert-certcentral").is_ok());
        assert!(check_crate_name("a_1").is_ok());
        for bad in [
            "",
            "1a",
            "-a",
            "a b",
            "a\"b",
            "é",
            "type",
            "self",
            &"a".repeat(65),
        ] {
            assert!(check_crate_name(bad).is_err(), "{bad}");
        }
    }
}

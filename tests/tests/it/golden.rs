//! Golden tests: the committed client is what the generator makes from the spec, and each focused
//! spec's output matches its reviewed golden (compiled in `ui.rs`).

use std::path::Path;

use codegen::freshness::{Mode, ensure_files};
use expect_test::expect_file;
use tests::{certcentral_options, certcentral_spec, workspace_root};

/// The committed client is what the generator makes now (the freshness check `cargo xtask
/// codegen --check` runs, so files no longer generated count too).
#[test]
fn generated_client_is_fresh() {
    let generated =
        codegen::generate(&certcentral_spec(), &certcentral_options()).expect("the spec generates");
    assert!(
        generated.warnings.is_empty(),
        "unexpected warnings: {:?}",
        generated.warnings
    );
    let out = workspace_root().join("generated-client");
    let stale = ensure_files(&out, &generated.files, Mode::Check).expect("readable");
    assert!(
        stale.is_empty(),
        "generated-client/ is stale ({stale:?}); run `cargo xtask codegen` and commit the result"
    );
}

#[test]
fn every_generated_file_has_the_generated_header() {
    let generated =
        codegen::generate(&certcentral_spec(), &certcentral_options()).expect("the spec generates");
    for file in &generated.files {
        // A JSON data file says it in its first entry.
        let first = match file.path.ends_with(".json") {
            true => file.contents.lines().nth(1),
            false => file.contents.lines().next(),
        }
        .unwrap_or_default();
        assert!(
            first.contains("@generated") && first.contains("by `cargo xtask codegen`"),
            "{}: {first}",
            file.path
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let spec = certcentral_spec();
    let first = codegen::generate(&spec, &certcentral_options())
        .expect("generates")
        .files;
    let second = codegen::generate(&spec, &certcentral_options())
        .expect("generates")
        .files;
    assert_eq!(first, second);
}

/// The spec with the entries of `paths` and of each `components` section in reverse order, as
/// JSON text.
fn reordered(spec: &str) -> String {
    let mut tree: serde_json::Value = yaml_serde::from_str(spec).expect("yaml");
    let reverse = |value: &mut serde_json::Value| {
        if let Some(map) = value.as_object_mut() {
            let entries: Vec<_> = std::mem::take(map).into_iter().rev().collect();
            map.extend(entries);
        }
    };
    reverse(&mut tree["paths"]);
    if let Some(components) = tree.get_mut("components").and_then(|c| c.as_object_mut()) {
        for section in components.values_mut() {
            reverse(section);
        }
    }
    serde_json::to_string_pretty(&tree).expect("json")
}

#[test]
fn output_does_not_depend_on_the_order_of_paths_and_components() {
    let mut specs = vec![certcentral_spec()];
    specs.extend(focused_specs().into_iter().map(|(_, text)| text));
    for spec in specs {
        let flipped = reordered(&spec);
        let keys = |text: &str| -> Vec<String> {
            let tree: serde_json::Value = yaml_serde::from_str(text).expect("parses");
            tree["paths"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        let mut backwards = keys(&spec);
        backwards.reverse();
        assert_eq!(keys(&flipped), backwards, "the paths really are reversed");
        let options = certcentral_options();
        assert_eq!(
            codegen::generate(&spec, &options).expect("generates").files,
            codegen::generate(&flipped, &options)
                .expect("generates")
                .files
        );
    }
}

/// The focused specs, `tests/specs/*.yaml` (not the folders: `equivalent/` is compared below,
/// `regressions/` is the compile oracle's), as (name, text), sorted by name.
fn focused_specs() -> Vec<(String, String)> {
    let root = workspace_root().join("tests/specs");
    let mut specs: Vec<(String, String)> = std::fs::read_dir(&root)
        .expect("tests/specs")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| {
            let name = path
                .file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&path).expect("readable"))
        })
        .collect();
    specs.sort();
    specs
}

/// Where a golden (`tests/goldens/<name>.rs`) reads the runtime from, relative to itself.
const GOLDEN_RUNTIME: &str = "../../codegen/runtime/src/runtime/mod.rs";

/// Each focused spec's whole client, as one file, is its reviewed golden `goldens/<name>.rs`
/// (`UPDATE_EXPECT=1` rewrites them). Every golden but the runtime it refers to.
#[test]
fn every_focused_spec_matches_its_golden() {
    let specs = focused_specs();
    assert!(specs.len() >= 10, "{} specs", specs.len());
    for (name, spec) in specs {
        let options = golden_options(&name);
        let code = codegen::generate_single_file(&spec, &options, GOLDEN_RUNTIME)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        expect_file![Path::new("../../goldens").join(format!("{name}.rs"))].assert_eq(&code);
    }
}

/// The options of a focused spec's golden: the defaults, and the type mappings of
/// `specs/<name>.toml` (a `codegen.toml`) when there is one.
fn golden_options(name: &str) -> codegen::Options {
    let config = workspace_root().join(format!("tests/specs/{name}.toml"));
    let mut command = format!("cargo xtask codegen --spec tests/specs/{name}.yaml");
    let mut types = codegen::mapping::TypeMappings::default();
    if config.exists() {
        let config = codegen::config::read_config(&config).unwrap_or_else(|e| panic!("{e}"));
        types = config.type_mappings();
        command.push_str(&format!(" --config tests/specs/{name}.toml"));
    }
    codegen::Options {
        command,
        types,
        ..codegen::Options::default()
    }
}

/// No golden is left without its spec.
#[test]
fn every_golden_has_its_spec() {
    let specs: Vec<String> = focused_specs().into_iter().map(|(name, _)| name).collect();
    for entry in std::fs::read_dir(workspace_root().join("tests/goldens")).expect("goldens") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        assert!(
            specs.contains(&name),
            "goldens/{name}.rs has no specs/{name}.yaml"
        );
    }
}

/// `specs/equivalent/`: one API written in OpenAPI 3.1 and in 3.0 gives the same crate, file
/// for file (3.1's `null` types land where 3.0's `nullable` does).
#[test]
fn a_3_1_spec_and_its_3_0_twin_generate_the_same_crate() {
    let root = workspace_root().join("tests/specs/equivalent");
    let generate = |name: &str| {
        let spec = std::fs::read_to_string(root.join(name)).expect("spec exists");
        let generated = codegen::generate(&spec, &codegen::Options::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(generated.warnings, [], "{name}");
        generated.files
    };
    let (v30, v31) = (generate("openapi30.yaml"), generate("openapi31.yaml"));
    assert!(v30.iter().any(|f| f.contents.contains("Option<Owner>")));
    assert_eq!(v30, v31);
}

/// Every focused spec's golden is compiled by a test in `ui/pass` (trybuild).
#[test]
fn every_focused_spec_is_compiled() {
    let root = workspace_root().join("tests");
    for (name, _) in focused_specs() {
        assert!(
            root.join(format!("ui/pass/golden_{name}.rs")).exists(),
            "no compile test ui/pass/golden_{name}.rs"
        );
    }
}

//! Golden tests: the committed client is what the generator makes from the spec, and each focused
//! spec's output matches its reviewed golden (compiled in `ui.rs`).

use std::path::Path;

use expect_test::expect_file;
use tests::{certcentral_options, certcentral_spec, workspace_root};

/// rust-analyzer's `ensure_file_contents`: fail with a clear instruction when a committed
/// generated file differs from what the generator produces now.
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
    let mut stale = Vec::new();
    for file in &generated.files {
        let committed = std::fs::read_to_string(out.join(&file.path)).unwrap_or_default();
        if committed != file.contents {
            stale.push(file.path.clone());
        }
    }
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
    let root = workspace_root().join("tests/specs");
    let mut specs = vec![certcentral_spec()];
    for name in [
        "naming",
        "shapes",
        "polymorphism",
        "operations",
        "parameters",
        "reserved",
        "corners",
        "swagger2",
        "openapi31",
    ] {
        specs.push(std::fs::read_to_string(root.join(format!("{name}.yaml"))).expect("spec"));
    }
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

fn golden(name: &str) {
    let root = workspace_root().join("tests");
    let spec = std::fs::read_to_string(root.join("specs").join(format!("{name}.yaml")))
        .expect("spec exists");
    let options = codegen::Options {
        command: format!("cargo xtask codegen --spec tests/specs/{name}.yaml"),
        ..codegen::Options::default()
    };
    let code =
        codegen::generate_single_file(&spec, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    expect_file![Path::new("../goldens").join(format!("{name}.rs"))].assert_eq(&code);
}

#[test]
fn golden_naming() {
    golden("naming");
}

#[test]
fn golden_shapes() {
    golden("shapes");
}

#[test]
fn golden_operations() {
    golden("operations");
}

#[test]
fn golden_polymorphism() {
    golden("polymorphism");
}

#[test]
fn golden_bodies() {
    golden("bodies");
}

#[test]
fn golden_parameters() {
    golden("parameters");
}

#[test]
fn golden_corners() {
    golden("corners");
}

#[test]
fn golden_reserved() {
    golden("reserved");
}

#[test]
fn golden_swagger2() {
    golden("swagger2");
}

#[test]
fn golden_openapi31() {
    golden("openapi31");
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

/// Every focused spec has a golden test above and a compile test in `ui/pass`.
#[test]
fn every_focused_spec_is_covered() {
    let root = workspace_root().join("tests");
    let this_file = std::fs::read_to_string(root.join("tests/golden.rs")).expect("readable");
    for entry in std::fs::read_dir(root.join("specs")).expect("specs dir") {
        let path = entry.expect("entry").path();
        // `regressions/` holds the compile oracle's specs, checked by `cargo xtask compile-fuzz`.
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name")
            .to_owned();
        assert!(
            this_file.contains(&format!("golden(\"{name}\")")),
            "no golden test for specs/{name}.yaml"
        );
        assert!(
            root.join(format!("ui/pass/golden_{name}.rs")).exists(),
            "no compile test ui/pass/golden_{name}.rs"
        );
    }
}

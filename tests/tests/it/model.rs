//! The model (IR) itself, checked directly: its `Debug` form for a few specs is a reviewed
//! snapshot in `tests/snapshots/model/` (`UPDATE_EXPECT=1` rewrites them), so a change in what
//! the model decides shows here before it shows in generated code.

use std::path::Path;

use expect_test::expect_file;
use tests::{certcentral_spec, workspace_root};

fn model_of(spec: &str) -> String {
    let document = codegen::load::load(spec).expect("loads");
    let (api, _warnings) = codegen::build_model(&document).expect("builds");
    format!("{api:#?}\n")
}

#[test]
fn the_certcentral_model_is_its_snapshot() {
    expect_file![Path::new("../../snapshots/model/certcentral.txt")]
        .assert_eq(&model_of(&certcentral_spec()));
}

/// Bodies and statuses: JSON, form, multipart and raw bodies, a `201`-only success, statuses
/// by range.
#[test]
fn the_bodies_model_is_its_snapshot() {
    let spec = std::fs::read_to_string(workspace_root().join("tests/specs/bodies.yaml"))
        .expect("readable");
    expect_file![Path::new("../../snapshots/model/bodies.txt")].assert_eq(&model_of(&spec));
}

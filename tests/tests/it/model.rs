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

/// A navigation property (`x-ms-navigationProperty`) is a link: a tag compiles the types its
/// operations hold, not those its types only link to, and each link's reader is gated by the
/// features of the type it decodes into.
#[test]
fn a_tag_does_not_compile_the_types_its_types_only_link_to() {
    let spec =
        std::fs::read_to_string(workspace_root().join("tests/specs/features/relations.yaml"))
            .expect("readable");
    let document = codegen::load::load(&spec).expect("loads");
    let (api, _warnings) = codegen::build_model(&document).expect("builds");
    let def = |name: &str| {
        api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
    };
    let features = |name: &str| def(name).features.clone();
    assert_eq!(features("User"), ["users-user"]);
    assert_eq!(features("Address"), ["users-user"]);
    assert_eq!(
        features("Message"),
        ["users-message"],
        "users-user only links to it"
    );
    assert_eq!(features("Attachment"), ["unused-schemas"], "only linked to");
    let codegen::model::TypeKind::Struct { fields, .. } = &def("User").kind else {
        panic!("User is a struct")
    };
    let messages = fields
        .iter()
        .find(|f| f.wire_name == "messages")
        .expect("field");
    assert!(matches!(messages.ty, codegen::model::TypeRef::Related(_)));
    assert_eq!(
        messages.related_reader.as_deref(),
        Some(&["users-message".to_owned()][..])
    );
    // Directions follow links: a linked type is encoded for requests and decoded for readers.
    assert!(def("Message").in_request && def("Message").in_response);
    // Two tags' identical pages merge into one type; the items each operation pages are still
    // compiled with it, though only its pagination names them now.
    assert!(matches!(
        def("ListMyEventsResponse").kind,
        codegen::model::TypeKind::Alias(_)
    ));
    assert_eq!(features("ListMyEventsResponseValueItem"), ["me-event"]);
    assert!(def("ListMyEventsResponseValueItem").in_response);
}

/// Types that differ only in naming types that merge are merged too, however deep the chain:
/// `Outer` and `Twin` hold `Middle` and `MiddleCopy`, which hold `Leaf` and `LeafCopy`. Only
/// after the leaves merge do the middles look alike, and only then the outer two. `Other` has
/// `Outer`'s field name but holds a leaf: it stays apart.
#[test]
fn identical_types_merge_through_chains_of_merges() {
    let spec = r##"
openapi: 3.0.3
info: {title: Chains, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Outer"}
  /b:
    get:
      operationId: getB
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Twin"}
components:
  schemas:
    Leaf: {type: object, properties: {v: {type: string}}}
    LeafCopy: {type: object, properties: {v: {type: string}}}
    Middle: {type: object, properties: {leaf: {$ref: "#/components/schemas/Leaf"}}}
    MiddleCopy: {type: object, properties: {leaf: {$ref: "#/components/schemas/LeafCopy"}}}
    Outer: {type: object, properties: {middle: {$ref: "#/components/schemas/Middle"}}}
    Twin: {type: object, properties: {middle: {$ref: "#/components/schemas/MiddleCopy"}}}
    Other: {type: object, properties: {middle: {$ref: "#/components/schemas/Leaf"}}}
"##;
    let document = codegen::load::load(spec).expect("loads");
    let (api, _warnings) = codegen::build_model(&document).expect("builds");
    let kind = |name: &str| {
        &api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
            .kind
    };
    let alias_of = |name: &str| match kind(name) {
        codegen::model::TypeKind::Alias(codegen::model::TypeRef::Named(target)) => {
            Some(target.clone())
        }
        _ => None,
    };
    // The shorter name of each pair is kept.
    assert_eq!(alias_of("LeafCopy").as_deref(), Some("Leaf"));
    assert_eq!(alias_of("MiddleCopy").as_deref(), Some("Middle"));
    assert_eq!(alias_of("Outer").as_deref(), Some("Twin"));
    for kept in ["Leaf", "Middle", "Twin", "Other"] {
        assert_eq!(alias_of(kept), None, "{kept} keeps its definition");
    }
}

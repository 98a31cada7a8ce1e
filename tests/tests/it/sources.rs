//! Specs as people keep them: split across files (bundled before anything reads them), patched
//! by overlays, and cut down to some operations.

use std::path::{Path, PathBuf};

use codegen::{Error, Options};
use tests::workspace_root;

fn split(name: &str) -> PathBuf {
    workspace_root().join("tests/specs/split").join(name)
}

fn files_of(path: &Path, options: &Options) -> Vec<codegen::GeneratedFile> {
    let generated =
        codegen::generate_file(path, options).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(generated.warnings, [], "{}", path.display());
    generated.files
}

/// Seven files (a path item, schemas that refer to each other in a cycle across two files, a
/// JSON file, a shared components file, a reference back into the root) give the same crate as
/// the bundled document written by hand.
#[test]
fn a_split_spec_generates_the_same_crate_as_its_bundled_twin() {
    let options = Options::default();
    let from_split = files_of(&split("openapi.yaml"), &options);
    let from_bundle = files_of(&split("bundled.yaml"), &options);
    assert_eq!(from_split.len(), from_bundle.len());
    for (a, b) in from_split.iter().zip(&from_bundle) {
        assert_eq!(a.path, b.path);
        assert!(a.contents == b.contents, "{} differs", a.path);
    }
    let types: String = from_split
        .iter()
        .filter(|f| f.path.starts_with("src/types"))
        .map(|f| f.contents.as_str())
        .collect();
    for name in [
        "pub struct Pet",
        "pub struct Owner",
        "pub struct Address",
        "pub enum Tag",
    ] {
        assert!(types.contains(name), "{name}");
    }
    // The cycle across files: a pet's owner is an owner, whose pets are pets.
    assert!(types.contains("pub owner: Option<Owner>"));
    assert!(types.contains("pub pets: Vec<Pet>"));
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
    std::fs::write(&path, text).expect("written");
    path
}

fn scratch(name: &str) -> PathBuf {
    let dir = workspace_root().join("target/test-sources").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

const ROOT: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: REF\n";

#[test]
fn a_reference_to_a_missing_file_or_pointer_names_the_file_and_place() {
    let dir = scratch("missing");
    let root = write(
        &dir,
        "api/openapi.yaml",
        &ROOT.replace("REF", "schemas/a.yaml"),
    );
    write(
        &dir,
        "api/schemas/a.yaml",
        "type: object\nproperties:\n  b: {$ref: 'b.yaml#/B'}\n",
    );
    let error = codegen::generate_file(&root, &Options::default()).expect_err("b.yaml is missing");
    let Error::Reference {
        pointer,
        reference,
        reason,
    } = &error
    else {
        panic!("{error}");
    };
    assert_eq!(pointer.as_str(), "schemas/a.yaml#/properties/b");
    assert_eq!(reference, "b.yaml#/B");
    assert!(reason.contains("cannot open"), "{reason}");

    write(&dir, "api/schemas/b.yaml", "C: {type: string}\n");
    let error = codegen::generate_file(&root, &Options::default()).expect_err("no /B in b.yaml");
    assert_eq!(
        error.to_string(),
        "schemas/a.yaml#/properties/b: cannot follow `b.yaml#/B`: `schemas/b.yaml` has nothing at `#/B`"
    );
}

#[test]
fn a_reference_outside_the_spec_folder_is_refused_unless_allowed() {
    let dir = scratch("outside");
    write(&dir, "secret.yaml", "type: string\n");
    let root = write(
        &dir,
        "api/openapi.yaml",
        &ROOT.replace("REF", "../secret.yaml"),
    );
    let error = codegen::generate_file(&root, &Options::default()).expect_err("outside");
    assert_eq!(
        error.pointer().map(|p| p.as_str()),
        Some("#/paths/~1a/get/responses/200/content/application~1json/schema")
    );
    assert!(
        error.to_string().contains("is outside the spec's folder"),
        "{error}"
    );
    let mut options = Options::default();
    options.load.policy.allow_outside = true;
    files_of(&root, &options);

    let remote = write(
        &dir,
        "api/remote.yaml",
        &ROOT.replace("REF", "https://example.com/s.yaml"),
    );
    let error = codegen::generate_file(&remote, &Options::default()).expect_err("remote");
    assert!(
        error
            .to_string()
            .contains("remote references are followed only when allowed"),
        "{error}"
    );
}

/// Errors and warnings inside another file name that file: a schema the generator warns about
/// is reported where it was written.
#[test]
fn warnings_in_other_files_name_the_file() {
    let dir = scratch("warnings");
    let root = write(&dir, "openapi.yaml", &ROOT.replace("REF", "parts/odd.yaml"));
    write(
        &dir,
        "parts/odd.yaml",
        "type: object\nproperties:\n  x:\n    not: {type: string}\n",
    );
    let generated = codegen::generate_file(&root, &Options::default()).expect("generates");
    let pointers: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["parts/odd.yaml#/properties/x"]);
}

/// An overlay fixes a vendor's mistake (a price documented as an integer that arrives with
/// decimals) and removes an operation; the crate follows it.
#[test]
fn overlays_apply_in_order_before_generation() {
    let dir = scratch("overlay");
    let root = write(
        &dir,
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /price:\n    get:\n      operationId: getPrice\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Price'}\n    delete:\n      operationId: dropPrice\n      responses:\n        '204': {description: gone}\ncomponents:\n  schemas:\n    Price:\n      type: object\n      properties:\n        amount: {type: integer}\n",
    );
    let fix = write(
        &dir,
        "fix.yaml",
        "overlay: 1.0.0\ninfo: {title: fixes, version: '1'}\nactions:\n  - target: $.components.schemas.Price.properties.amount\n    update: {type: number, description: The price; it has cents.}\n  - target: $.paths['/price'].delete\n    remove: true\n",
    );
    let mut options = Options::default();
    options.load.overlays = vec![fix.clone()];
    let files = files_of(&root, &options);
    let all: String = files.iter().map(|f| f.contents.as_str()).collect();
    assert!(
        all.contains("pub amount: Option<f64>"),
        "the overlay's type"
    );
    assert!(all.contains("The price; it has cents."));
    assert!(!all.contains("drop_price"), "the removed operation");

    let bad = write(
        &dir,
        "bad.yaml",
        "overlay: 1.0.0\ninfo: {title: bad, version: '1'}\nactions:\n  - target: $.info\n    update: {title: x}\n  - target: $.components.schemas.Gone\n    remove: true\n",
    );
    options.load.overlays = vec![fix, bad.clone()];
    let error = codegen::generate_file(&root, &options).expect_err("a target selects nothing");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: actions[1]: target `$.components.schemas.Gone` selects nothing",
            bad.display()
        )
    );
}

/// `--only tag:pets` keeps the pet operations and the types they reach, nothing else.
#[test]
fn only_one_tag_gives_a_crate_of_its_operations_and_types() {
    let mut options = Options::default();
    options.load.selection.only = vec!["tag:owners".parse().expect("selector")];
    let files = files_of(&split("openapi.yaml"), &options);
    let all: String = files.iter().map(|f| f.contents.as_str()).collect();
    assert!(all.contains("fn list_owners"));
    assert!(!all.contains("fn list_pets") && !all.contains("fn get_pet"));
    let types: String = files
        .iter()
        .filter(|f| f.path.starts_with("src/types"))
        .map(|f| f.contents.as_str())
        .collect();
    assert!(
        types.contains("pub struct Owner") && types.contains("pub struct Pet"),
        "reached through owners"
    );
    assert!(!types.contains("pub struct Page"), "reached only from pets");
    assert!(
        !types.contains("pub struct Problem"),
        "reached only from pets"
    );
}

/// The layout Redocly's and Stoplight's projects use: the root's components are references to
/// one file each, and those files refer to each other directly. Each target lands under its
/// component's name, however it is reached first: no second copy, no alias.
#[test]
fn components_that_name_a_file_take_its_content_under_their_own_name() {
    let dir = scratch("slots");
    let root = write(
        &dir,
        "openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'schemas/Pet.yaml'}\ncomponents:\n  schemas:\n    Owner: {$ref: 'schemas/Owner.yaml'}\n    Pet: {$ref: 'schemas/Pet.yaml'}\n",
    );
    write(
        &dir,
        "schemas/Pet.yaml",
        "type: object\nproperties:\n  owner: {$ref: Owner.yaml}\n",
    );
    write(
        &dir,
        "schemas/Owner.yaml",
        "type: object\nproperties:\n  pets: {type: array, items: {$ref: Pet.yaml}}\n",
    );
    let files = files_of(&root, &Options::default());
    let types: String = files
        .iter()
        .filter(|f| f.path.starts_with("src/types"))
        .map(|f| f.contents.as_str())
        .collect();
    assert!(
        types.contains("pub struct Pet {") && types.contains("pub struct Owner {"),
        "{types}"
    );
    assert!(
        !types.contains("Pet2") && !types.contains("Owner2") && !types.contains("pub type"),
        "{types}"
    );
}

/// A Swagger 2.0 spec split across files: targets land in `definitions`, `parameters` and
/// `responses`, and warnings still name the file.
#[test]
fn a_split_swagger_2_spec_is_bundled_into_its_own_sections() {
    let dir = scratch("swagger2");
    let root = write(
        &dir,
        "swagger.yaml",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: api.example.com\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      parameters:\n        - $ref: 'parts/common.yaml#/parameters/limit'\n      responses:\n        '200':\n          description: ok\n          schema: {type: array, items: {$ref: '#/definitions/Pet'}}\n        default: {$ref: 'parts/common.yaml#/responses/Problem'}\ndefinitions:\n  Pet: {$ref: 'parts/pet.json'}\n",
    );
    write(
        &dir,
        "parts/common.yaml",
        "parameters:\n  limit: {name: limit, in: query, type: integer}\nresponses:\n  Problem:\n    description: failed\n    schema: {$ref: '#/definitions/Problem'}\ndefinitions:\n  Problem: {type: object, properties: {message: {type: string}}}\n",
    );
    write(
        &dir,
        "parts/pet.json",
        r#"{"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "shape": {"not": {"type": "string"}}}}"#,
    );
    let generated = codegen::generate_file(&root, &Options::default()).expect("generates");
    let all: String = generated
        .files
        .iter()
        .map(|f| f.contents.as_str())
        .collect();
    assert!(all.contains("pub struct Pet {") && all.contains("pub struct Problem {"));
    assert!(
        all.contains("fn limit(mut self, value: i64)"),
        "the shared parameter"
    );
    let pointers: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["parts/pet.json#/properties/shape"]);
}

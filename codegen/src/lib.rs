//! Generates a typed Rust HTTP client crate from an OpenAPI 3.0 description (3.1 and Swagger
//! 2.0 are first rewritten into 3.0 form).
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! load      text → JSON tree (upgraded to 3.0 form by `upgrade`) + openapiv3 document
//! resolve   local `$ref`s → decoded targets (one typed cache per kind)
//! validate  the rules the model relies on; path templates parsed once
//! model     the intermediate model: types, operations, encodings, names
//! emit      model → crate layout of tokens → prettyplease → files
//! ```
//!
//! `freshness` compares a generated crate on disk with what the generator makes now (and
//! writes it); `names` turns spec names into distinct Rust identifiers; `error` locates every error and
//! warning in the spec as a JSON pointer; `surface` holds what generated code defines beside the
//! spec's names (the runtime, the skeletons' members), read by the model and by emission.

pub mod build_script;
pub mod bundle;
pub mod config;
pub mod emit;
pub mod error;
pub mod freshness;
pub mod load;
pub mod mapping;
pub mod model;
pub mod names;
pub mod overlay;
pub mod path_template;
pub mod resolve;
pub mod samples;
pub mod select;
pub mod surface;
pub mod upgrade;
pub mod validate;

pub use emit::{GeneratedFile, Options};
pub use error::{Error, Pointer, Warning};

/// A generated crate: its files and what the generator skipped or interpreted on the way.
#[derive(Debug, Clone)]
pub struct GeneratedCrate {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Warning>,
}

/// Generates the files of a client crate from spec text (YAML or JSON).
pub fn generate(spec: &str, options: &Options) -> Result<GeneratedCrate, Error> {
    generate_from(|| load::load_text(spec, &options.load), options)
}

/// Generates the files of a client crate from the spec file at `path`, which may refer to
/// other files (see [`bundle`]).
pub fn generate_file(path: &std::path::Path, options: &Options) -> Result<GeneratedCrate, Error> {
    generate_from(|| load::load_file(path, &options.load), options)
}

fn generate_from(
    load: impl FnOnce() -> Result<load::Document, Error> + Send,
    options: &Options,
) -> Result<GeneratedCrate, Error> {
    emit::check_crate_name(&options.crate_name)?;
    options.types.check()?;
    on_large_stack(|| {
        let document = load()?;
        let (api, warnings) = build_model_with(&document, &options.types)?;
        // The parsed spec is the largest thing in memory and emission needs only the model:
        // free it on the side while emitting.
        let files = std::thread::scope(|scope| {
            scope.spawn(move || drop(document));
            emit::crate_files(&api, options)
        })?;
        Ok(GeneratedCrate { files, warnings })
    })
}

/// Generates the whole client as a single Rust file of inline modules (for golden tests): the
/// same layout as [`generate`], rendered inline, but for the runtime, which the file declares
/// as `#[path = runtime_path] mod runtime;` (a path to `codegen/runtime/src/runtime/mod.rs`,
/// relative to where the file is written).
pub fn generate_single_file(
    spec: &str,
    options: &Options,
    runtime_path: &str,
) -> Result<String, Error> {
    single_file_of(
        || load::load_text(spec, &options.load),
        options,
        runtime_path,
    )
    .map(|(code, _)| code)
}

/// [`generate_single_file`] of the document `load` reads, with the warnings.
pub(crate) fn single_file_of(
    load: impl FnOnce() -> Result<load::Document, Error> + Send,
    options: &Options,
    runtime_path: &str,
) -> Result<(String, Vec<Warning>), Error> {
    options.types.check()?;
    on_large_stack(|| {
        let document = load()?;
        let (api, warnings) = build_model_with(&document, &options.types)?;
        // One file has no `Cargo.toml` to declare features in.
        let code = emit::single_file(&api.without_features(), options, runtime_path)?;
        Ok((code, warnings))
    })
}

/// The wire check's driver for the client [`generate`] makes with `options`: its `src/main.rs`
/// (calling every operation against `WIRE_URL`), and whether the client has tag features (then
/// the driver needs `full`, besides `mock`).
pub fn wire_driver(spec: &str, options: &Options) -> Result<WireDriver, Error> {
    wire_driver_of(|| load::load_text(spec, &options.load), options)
}

/// [`wire_driver`] for the spec file at `path`, which may refer to other files.
pub fn wire_driver_file(path: &std::path::Path, options: &Options) -> Result<WireDriver, Error> {
    wire_driver_of(|| load::load_file(path, &options.load), options)
}

fn wire_driver_of(
    load: impl FnOnce() -> Result<load::Document, Error> + Send,
    options: &Options,
) -> Result<WireDriver, Error> {
    on_large_stack(|| {
        let document = load()?;
        let (api, _) = build_model_with(&document, &options.types)?;
        let lib = options.crate_name.replace('-', "_");
        Ok(WireDriver {
            main: emit::wire_driver::main_file(&api, &document.tree, &lib, &options.command)?,
            has_features: !api.features.is_empty(),
            operations: api.operations.len(),
        })
    })
}

/// See [`wire_driver`].
#[derive(Debug, Clone)]
pub struct WireDriver {
    pub main: String,
    pub has_features: bool,
    pub operations: usize,
}

/// Resolves, validates and models a loaded document. Errors, warnings and the places types
/// were generated from name the document as the user wrote it (see [`upgrade::Origins`]).
pub fn build_model(document: &load::Document) -> Result<(model::Api, Vec<Warning>), Error> {
    build_model_with(document, &mapping::TypeMappings::default())
}

/// [`build_model`] with the user's choice of Rust types for formats and schemas.
pub fn build_model_with(
    document: &load::Document,
    mappings: &mapping::TypeMappings,
) -> Result<(model::Api, Vec<Warning>), Error> {
    let origins = &document.origins;
    let resolver = resolve::Resolver::new(&document.tree);
    let built = validate::validate(&document.api, &resolver).and_then(|templates| {
        model::build(
            document,
            &resolver,
            &templates,
            surface::reserved_names()?,
            mappings,
        )
    });
    let (mut api, model_warnings) = built.map_err(|e| origins.error(e))?;
    for def in &mut api.types {
        def.pointer = origins.in_document(&def.pointer);
    }
    let mut warnings: Vec<Warning> = document
        .upgrade_warnings
        .iter()
        .cloned()
        .chain(model_warnings)
        .map(|w| origins.warning(w))
        .collect();
    warnings.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    Ok((api, warnings))
}

/// The stack the pipeline runs on. The parsers stop at 128 levels of nesting and the model at
/// 64 levels of schemas, but decoding `openapiv3`'s recursive types takes tens of KiB per level
/// in debug builds: more than a default 2 MiB thread has. Untouched stack costs no memory.
pub(crate) const STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `work` on a thread with [`STACK_BYTES`] of stack; a panic there becomes an internal error.
fn on_large_stack<T: Send>(work: impl FnOnce() -> Result<T, Error> + Send) -> Result<T, Error> {
    std::thread::scope(|scope| {
        // The model and emission need names read from the runtime's source: read it while the
        // spec loads.
        let surface = std::thread::Builder::new()
            .name("runtime-surface".to_owned())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, surface::read_runtime_surface);
        let thread = std::thread::Builder::new()
            .name("codegen".to_owned())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|e| Error::Internal {
                message: format!("cannot start the generator thread: {e}"),
            })?;
        let result = thread.join().unwrap_or_else(|_| {
            Err(Error::Internal {
                message: "the generator panicked".to_owned(),
            })
        });
        // Whatever it found, the generator found too (or reported).
        if let Ok(surface) = surface {
            let _ = surface.join();
        }
        result
    })
}

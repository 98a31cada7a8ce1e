//! Older and newer OpenAPI versions rewritten into the OpenAPI 3.0 tree the rest of the
//! pipeline reads: Swagger 2.0 ([`v2`]) and OpenAPI 3.1 ([`v3_1`]).
//!
//! The rewrite works on the JSON tree, before the typed parse. Every node it moves or creates is
//! recorded in [`Origins`], so that errors and warnings still name the place in the document the
//! user wrote.

mod all_of;
mod bounds;
mod schemas;
mod v2;
mod v3_1;

use std::collections::HashMap;

use serde_json::Value;

use crate::error::{Error, Pointer, Warning};

/// The OpenAPI version the rewritten tree declares.
const TARGET_VERSION: &str = "3.0.3";

/// Which version a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceVersion {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

/// What the rewrite into 3.0 form noticed, and where each rewritten node came from.
#[derive(Debug, Default)]
pub struct Upgraded {
    /// Whether the tree differs from the document as written.
    pub changed: bool,
    pub origins: Origins,
    pub warnings: Vec<Warning>,
}

/// Reads the version of `tree` and rewrites it in place into OpenAPI 3.0 form.
pub fn upgrade(tree: &mut Value) -> Result<(SourceVersion, Upgraded), Error> {
    let version = source_version(tree)?;
    let mut upgraded = Upgraded::default();
    match version {
        SourceVersion::OpenApi30 => {}
        SourceVersion::OpenApi31 => v3_1::upgrade(tree, &mut upgraded),
        SourceVersion::Swagger2 => v2::upgrade(tree, &mut upgraded),
    }
    let (changed, warnings) = bounds::fix_integer_bounds(tree);
    let folded = all_of::fold_properties_into_all_of(tree, &mut upgraded);
    upgraded.changed = version != SourceVersion::OpenApi30 || changed || folded;
    upgraded.warnings.extend(warnings);
    Ok((version, upgraded))
}

fn source_version(tree: &Value) -> Result<SourceVersion, Error> {
    let text = |key: &str| match tree.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    match (text("openapi"), text("swagger")) {
        (Some(v), _) if v.starts_with("3.0.") => Ok(SourceVersion::OpenApi30),
        (Some(v), _) if v.starts_with("3.1.") => Ok(SourceVersion::OpenApi31),
        (Some(v), _) => Err(Error::Parse {
            message: format!(
                "OpenAPI version `{v}` is not supported (supported: 3.0.x, 3.1.x and Swagger 2.0)"
            ),
        }),
        (None, Some(v)) if v == "2.0" => Ok(SourceVersion::Swagger2),
        (None, Some(v)) => Err(Error::Parse {
            message: format!(
                "Swagger version `{v}` is not supported (supported: Swagger 2.0, OpenAPI 3.0.x and 3.1.x)"
            ),
        }),
        (None, None) => Err(Error::Parse {
            message: "no `openapi` or `swagger` version field: not an OpenAPI document".to_owned(),
        }),
    }
}

/// Where rewritten nodes came from: a pointer in the rewritten tree maps to the pointer in the
/// original document of its nearest recorded ancestor, with the rest of the path appended.
#[derive(Debug, Default)]
pub struct Origins {
    moved: HashMap<String, String>,
    /// For a spec split across files: places in the bundled document (by prefix) to the file
    /// and pointer they came from (`schemas/pet.yaml#/properties`).
    files: HashMap<String, String>,
}

impl Origins {
    /// Records that the node at `rewritten` (and everything under it) came from `original`.
    pub fn record(&mut self, rewritten: &Pointer, original: &Pointer) {
        if rewritten != original {
            self.moved
                .insert(rewritten.as_str().to_owned(), original.as_str().to_owned());
        }
    }

    /// Where the node at `pointer` of the rewritten tree was in the document as written, as
    /// recorded so far (a pointer of its own when nothing moved it).
    pub(super) fn original_of(&self, pointer: &Pointer) -> Pointer {
        translate(&self.moved, pointer)
    }

    /// Records where the nodes a bundled document took from other files came from.
    pub fn record_files(&mut self, sources: Vec<(Pointer, Pointer)>) {
        for (bundled, file) in sources {
            self.files
                .insert(bundled.as_str().to_owned(), file.as_str().to_owned());
        }
    }

    /// The place in the original document that `pointer` (into the rewritten tree) stands
    /// for: in the file it was written in, for a spec split across files.
    pub fn original(&self, pointer: &Pointer) -> Pointer {
        translate(&self.files, &translate(&self.moved, pointer))
    }

    /// The place in the document as written (bundled, for a split spec) that `pointer` stands
    /// for: what generated docs name, the same whether the spec is split or not.
    pub fn in_document(&self, pointer: &Pointer) -> Pointer {
        translate(&self.moved, pointer)
    }

    /// `error` with its place translated into the original document.
    pub fn error(&self, error: Error) -> Error {
        match error {
            Error::Invalid { pointer, message } => Error::Invalid {
                pointer: self.original(&pointer),
                message,
            },
            Error::Unsupported { pointer, message } => Error::Unsupported {
                pointer: self.original(&pointer),
                message,
            },
            Error::UnresolvedRef { pointer, reference } => Error::UnresolvedRef {
                pointer: self.original(&pointer),
                reference,
            },
            Error::Reference {
                pointer,
                reference,
                reason,
            } => Error::Reference {
                pointer: self.original(&pointer),
                reference,
                reason,
            },
            other => other,
        }
    }

    /// `warning` with its place translated into the original document.
    pub fn warning(&self, warning: Warning) -> Warning {
        Warning {
            pointer: self.original(&warning.pointer),
            message: warning.message,
        }
    }
}

/// `pointer` through `map`: its nearest recorded ancestor's original, with the rest appended.
fn translate(map: &HashMap<String, String>, pointer: &Pointer) -> Pointer {
    if map.is_empty() {
        return pointer.clone();
    }
    let text = pointer.as_str();
    let mut end = text.len();
    loop {
        if let Some(original) = map.get(&text[..end]) {
            return Pointer::from_raw(format!("{original}{}", &text[end..]));
        }
        match text[..end].rfind('/') {
            Some(slash) => end = slash,
            None => return pointer.clone(),
        }
    }
}

/// Sets `"openapi": "3.0.3"` first in the root mapping, replacing `key` (`swagger`/`openapi`).
fn set_version(tree: &mut Value, key: &str) {
    if let Some(root) = tree.as_object_mut() {
        root.remove(key);
        let rest = std::mem::take(root);
        root.insert("openapi".to_owned(), Value::from(TARGET_VERSION));
        root.extend(rest);
    }
}

/// Appends a warning at `at`.
fn warn(upgraded: &mut Upgraded, at: &Pointer, message: impl Into<String>) {
    upgraded.warnings.push(Warning {
        pointer: at.clone(),
        message: message.into(),
    });
}

#[cfg(test)]
mod tests;

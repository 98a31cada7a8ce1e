//! The entry point of the model, [`build`], and the state every part of the building shares:
//! the resolver, the namespaces of type names, the types made so far and the warnings.

use std::collections::{BTreeMap, HashMap, HashSet};

use openapiv3::SchemaData;

use super::{
    Api, FULL_FEATURE, TagFeature, TypeDef, TypeKind, TypeRef, UNTAGGED_FEATURE,
    UNUSED_SCHEMAS_FEATURE, cycles, identical, reach,
};
use crate::error::{Error, Pointer, Warning};
use crate::load::Document;
use crate::mapping::TypeMappings;
use crate::names::{Namespace, ReservedNames};
use crate::resolve::Resolver;
use crate::validate::PathTemplates;

/// What a component schema is called in Rust, and whether references to it may be null.
pub(super) struct Component {
    pub rust_name: String,
    pub nullable: bool,
    /// The user's type in its place (`TypeMappings::replacements`).
    pub replaced_by: Option<String>,
}

/// The state shared while the model is built; each concern adds its methods in its own file.
pub(super) struct Builder<'a> {
    pub doc: &'a Document,
    pub resolver: &'a Resolver<'a>,
    pub reserved: &'a ReservedNames,
    pub mappings: &'a TypeMappings,
    pub type_names: Namespace,
    pub components: BTreeMap<String, Component>,
    pub types: Vec<TypeDef>,
    /// The names of the string enums among `types`.
    pub enum_names: HashSet<String>,
    /// The names of the types made from schemas so far.
    pub defined: HashSet<String>,
    /// Types already made for the schema at a location, so a shared schema yields one type.
    pub cache: HashMap<Pointer, TypeRef>,
    pub warnings: Vec<Warning>,
    /// How deep the schema being converted is nested.
    pub depth: usize,
    /// The cargo feature of each operation tag.
    pub tag_features: BTreeMap<String, String>,
}

/// Builds the model of a loaded document whose rules `validate` has checked (its templates).
pub fn build(
    doc: &Document,
    resolver: &Resolver<'_>,
    templates: &PathTemplates,
    reserved: &ReservedNames,
    mappings: &TypeMappings,
) -> Result<(Api, Vec<Warning>), Error> {
    let mut builder = Builder {
        doc,
        resolver,
        reserved,
        mappings,
        type_names: Namespace::default(),
        components: BTreeMap::new(),
        types: Vec::new(),
        enum_names: HashSet::new(),
        defined: HashSet::new(),
        cache: HashMap::new(),
        warnings: Vec::new(),
        depth: 0,
        tag_features: tag_features(doc),
    };
    builder.component_schemas()?;
    let security_schemes = builder.security_schemes();
    let mut servers = builder.document_servers();
    let operations = builder.operations(templates, &security_schemes, &mut servers)?;
    let Builder {
        mut types,
        mut warnings,
        tag_features,
        ..
    } = builder;
    types.sort_by(|a, b| a.name.cmp(&b.name));
    identical::merge_identical(&mut types);
    cycles::newtype_alias_cycles(&mut types);
    cycles::mark_boxed(&mut types);
    reach::mark(&mut types, &operations);
    let mut features: Vec<TagFeature> = tag_features
        .into_iter()
        .map(|(tag, name)| TagFeature { name, tag })
        .collect();
    features.sort_by(|a, b| a.name.cmp(&b.name));
    warnings.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    // A document-level requirement is read once per operation; its warnings once.
    warnings.dedup_by(|a, b| a.pointer == b.pointer && a.message == b.message);
    let info = &doc.api.info;
    let common_error = common_error(&operations);
    let external_crates = reach::external_crates(&types, &operations);
    let api = Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        servers: servers.document,
        operation_servers: servers.operations,
        security_schemes,
        operations,
        types,
        features,
        common_error,
        external_crates,
    };
    Ok((api, warnings))
}

/// The error body every operation answers errors with, when they all share one.
fn common_error(operations: &[super::Operation]) -> Option<super::ResponseBody> {
    let mut bodies = operations.iter().map(|op| match &op.error {
        super::ResponseSet::Single { body, .. } => Some(body),
        super::ResponseSet::ByStatus { .. } => None,
    });
    let first = bodies.next()??;
    bodies
        .all(|body| body == Some(first))
        .then(|| first.clone())
}

impl Builder<'_> {
    pub fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.clone(),
            message: message.into(),
        });
    }

    /// `fixed` (a component's own name), or a new distinct name from `hint`.
    pub fn type_name(&mut self, hint: &str, fixed: Option<&str>) -> String {
        match fixed {
            Some(name) => name.to_owned(),
            None => self.type_names.claim(&crate::names::camel(hint)),
        }
    }

    /// Adds a named type made from a schema; returns a reference to it.
    pub fn push_type(
        &mut self,
        name: String,
        data: &SchemaData,
        kind: TypeKind,
        at: &Pointer,
    ) -> TypeRef {
        if matches!(kind, TypeKind::Enum { .. }) {
            self.enum_names.insert(name.clone());
        }
        self.defined.insert(name.clone());
        self.types.push(TypeDef {
            name: name.clone(),
            doc: doc_of(data),
            example: example_of(data),
            deprecated: data.deprecated,
            kind,
            pointer: at.clone(),
            in_request: false,
            in_response: false,
            features: Vec::new(),
        });
        TypeRef::Named(name)
    }
}

/// How long a schema's example may be to be shown in the type's docs: docs are for reading,
/// and a spec may carry megabytes of examples.
const MAX_DOC_EXAMPLE_BYTES: usize = 2048;

/// A schema's `example` as pretty JSON text, when it is short enough for the docs.
pub(super) fn example_of(data: &SchemaData) -> Option<String> {
    let example = data.example.as_ref()?;
    let mut budget = MAX_DOC_EXAMPLE_BYTES;
    if !fits(example, &mut budget) {
        return None;
    }
    serde_json::to_string_pretty(example)
        .ok()
        .filter(|text| text.len() <= MAX_DOC_EXAMPLE_BYTES)
}

/// Whether `value`'s compact text fits in `budget` bytes, without writing it (a spec may carry
/// megabytes of examples that the docs will not show).
fn fits(value: &serde_json::Value, budget: &mut usize) -> bool {
    use serde_json::Value;
    let own = match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => 8,
        Value::String(text) => text.len() + 2,
        Value::Array(items) => 2 + items.len(),
        Value::Object(map) => 2 + map.keys().map(|k| k.len() + 4).sum::<usize>(),
    };
    let Some(left) = budget.checked_sub(own) else {
        return false;
    };
    *budget = left;
    match value {
        Value::Array(items) => items.iter().all(|item| fits(item, budget)),
        Value::Object(map) => map.values().all(|item| fits(item, budget)),
        _ => true,
    }
}

/// A schema's description (or title), unless blank.
pub(super) fn doc_of(data: &SchemaData) -> Option<String> {
    data.description
        .clone()
        .or_else(|| data.title.clone())
        .filter(|d| !d.trim().is_empty())
}

/// A cargo feature name for each tag an operation uses: kebab-case ASCII, distinct, never one
/// the crate declares itself (`default`, `full`, `unused-schemas`, `mock`). When some
/// operations have tags and others none, those others get a feature of their own,
/// [`UNTAGGED_FEATURE`], under the empty tag `""`, so no operation is compiled whatever the
/// features.
fn tag_features(doc: &Document) -> BTreeMap<String, String> {
    use heck::ToKebabCase;
    let operations: Vec<_> = doc
        .api
        .paths
        .paths
        .values()
        .filter_map(|item| item.as_item())
        .flat_map(|item| item.iter())
        .map(|(_, op)| op)
        .collect();
    let mut tags: Vec<&String> = operations.iter().flat_map(|op| op.tags.iter()).collect();
    tags.sort();
    tags.dedup();
    let mut taken: HashSet<String> = ["default", FULL_FEATURE, UNUSED_SCHEMAS_FEATURE, "mock"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let mut features = BTreeMap::new();
    if !tags.is_empty() && operations.iter().any(|op| op.tags.is_empty()) {
        taken.insert(UNTAGGED_FEATURE.to_owned());
        features.insert(String::new(), UNTAGGED_FEATURE.to_owned());
    }
    for tag in tags {
        let words: String = tag
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        let mut base = words.to_kebab_case();
        if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base = format!("tag-{base}").trim_end_matches('-').to_owned();
        }
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        features.insert(tag.clone(), name);
    }
    features
}

//! Post-pass: which types each direction needs. Types reachable from request parameters and
//! bodies are built by users (no `#[non_exhaustive]`) and encoded (`Serialize`); types
//! reachable from response bodies, or from no request at all, are decoded (`Deserialize`).
//! Each type is compiled under the features of the operations that use it.

use std::collections::{BTreeMap, HashMap};

use super::{
    Operation, ResponseBody, ResponseSet, TypeDef, TypeKind, TypeRef, UNUSED_SCHEMAS_FEATURE,
};

/// Marks `in_request` and `in_response` on every type.
pub(super) fn mark(types: &mut [TypeDef], operations: &[Operation]) {
    let graph = Graph::new(types);
    let mut request = Vec::new();
    let mut response = Vec::new();
    for op in operations {
        request.extend(request_types(op));
        response.extend(response_types(&op.success));
        response.extend(response_types(&op.error));
        response.extend(op.pagination.iter().map(|p| p.item_type.clone()));
    }
    // Decoding or sending a related resource needs its type's serde, so directions follow links.
    let in_request = graph.reachable(types, request, Links::Followed);
    // A type no request uses is decoded (a payload users receive some other way, a webhook's
    // say), and so is everything it holds.
    response.extend(
        types
            .iter()
            .zip(&in_request)
            .filter(|(_, used)| !**used)
            .map(|(t, _)| TypeRef::Named(t.name.clone())),
    );
    let in_response = graph.reachable(types, response, Links::Followed);
    for ((t, request), response) in types.iter_mut().zip(in_request).zip(in_response) {
        t.in_request = request;
        t.in_response = response;
    }
    mark_features(types, operations, &graph);
    gate_related_readers(types, &graph);
}

/// Gives each type the features of the operations that use it: none (always compiled) when
/// an operation without features uses it, `unused-schemas` when no operation does. One walk of
/// the type graph per feature (not per operation).
fn mark_features(types: &mut [TypeDef], operations: &[Operation], graph: &Graph) {
    if operations.iter().all(|op| op.features.is_empty()) {
        return;
    }
    // The roots of each feature; `None` collects the operations compiled always.
    let mut roots: BTreeMap<Option<&str>, Vec<TypeRef>> = BTreeMap::new();
    for op in operations {
        let types = operation_types(op);
        for feature in &op.features {
            roots
                .entry(Some(feature))
                .or_default()
                .extend(types.iter().cloned());
        }
        if op.features.is_empty() {
            roots.entry(None).or_default().extend(types);
        }
    }
    let mut features: Vec<Vec<String>> = vec![Vec::new(); types.len()];
    let mut always = vec![false; types.len()];
    let mut used = vec![false; types.len()];
    for (feature, roots) in roots {
        // A related resource's type is not compiled for the link: its reader waits for it.
        let reached = graph.reachable(types, roots, Links::Skipped);
        for (i, _) in reached.iter().enumerate().filter(|(_, r)| **r) {
            used[i] = true;
            match feature {
                None => always[i] = true,
                // Features come in name order, so each list is sorted.
                Some(name) => features[i].push(name.to_owned()),
            }
        }
    }
    for (i, t) in types.iter_mut().enumerate() {
        t.features = match (always[i], used[i]) {
            (true, _) => Vec::new(),
            (false, false) => vec![UNUSED_SCHEMAS_FEATURE.to_owned()],
            (false, true) => std::mem::take(&mut features[i]),
        };
    }
}

/// Gives each related field of a response struct a reader compiled with the features of the
/// type it decodes into, when the link names one type (a link to several has no typed reader:
/// `Related::decode` serves; a struct only sent has none).
fn gate_related_readers(types: &mut [TypeDef], graph: &Graph) {
    let mut gates = Vec::new();
    for (i, t) in types.iter().enumerate() {
        let TypeKind::Struct { fields, .. } = &t.kind else {
            continue;
        };
        if !t.in_response {
            continue;
        }
        for (f, field) in fields.iter().enumerate() {
            if let TypeRef::Related(target) = &field.ty {
                let mut named = Vec::new();
                target.for_each_name(&mut |name| named.push(graph.index.get(name).copied()));
                let features = match named.as_slice() {
                    [] | [None] => Vec::new(),
                    [Some(one)] => types[*one].features.clone(),
                    _ => continue,
                };
                gates.push((i, f, features));
            }
        }
    }
    for (i, f, features) in gates {
        if let TypeKind::Struct { fields, .. } = &mut types[i].kind {
            fields[f].related_reader = Some(features);
        }
    }
}

/// The crates of the types the user chose (`uuid` for `uuid::Uuid`) that the API uses.
pub(super) fn external_crates(
    types: &[TypeDef],
    operations: &[Operation],
) -> std::collections::BTreeSet<String> {
    let mut pending: Vec<TypeRef> = operations.iter().flat_map(operation_types).collect();
    for def in types {
        match &def.kind {
            TypeKind::Struct { fields, additional } => {
                pending.extend(fields.iter().map(|f| f.ty.clone()));
                pending.extend(additional.clone());
            }
            TypeKind::Union { variants, .. } => {
                pending.extend(variants.iter().map(|v| v.ty.clone()))
            }
            TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => pending.push(ty.clone()),
            TypeKind::ByStatus { variants } => {
                pending.extend(variants.iter().filter_map(|v| json_body(&v.body)))
            }
            TypeKind::Enum { .. } | TypeKind::Headers { .. } => {}
        }
    }
    let mut crates = std::collections::BTreeSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::External { path, .. } => crates.extend(crate::mapping::crate_of(&path)),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Related(inner) => pending.push(*inner),
            _ => {}
        }
    }
    crates
}

/// Every type an operation names: parameters, body, responses, the items of its pages (named
/// apart from the response: merged identical types may leave the name only here).
fn operation_types(op: &Operation) -> Vec<TypeRef> {
    let mut roots = request_types(op);
    roots.extend(response_types(&op.success));
    roots.extend(response_types(&op.error));
    roots.extend(op.pagination.iter().map(|p| p.item_type.clone()));
    roots.extend(op.response_headers.iter().cloned().map(TypeRef::Named));
    roots
}

/// The types a request is built from: its parameters and its structured body.
fn request_types(op: &Operation) -> Vec<TypeRef> {
    let mut roots: Vec<TypeRef> = op.params.iter().map(|p| p.ty.clone()).collect();
    if let Some(ty) = op.body.as_ref().and_then(|b| b.kind.structured_type()) {
        roots.push(ty.clone());
    }
    roots
}

/// The type a JSON response body decodes into.
fn json_body(body: &ResponseBody) -> Option<TypeRef> {
    match body {
        ResponseBody::Json(ty) => Some(ty.clone()),
        _ => None,
    }
}

/// The types a response set decodes into (its by-status enum included).
pub(crate) fn response_types(set: &ResponseSet) -> Vec<TypeRef> {
    match set {
        ResponseSet::Single { body, .. } => json_body(body).into_iter().collect(),
        ResponseSet::ByStatus {
            type_name,
            variants,
            ..
        } => variants
            .iter()
            .filter_map(|v| json_body(&v.body))
            .chain([TypeRef::Named(type_name.clone())])
            .collect(),
    }
}

/// Whether a walk of the type graph goes through [`TypeRef::Related`] links.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Links {
    Followed,
    Skipped,
}

/// Type names → their index, to follow references.
pub(crate) struct Graph {
    index: HashMap<String, usize>,
}

impl Graph {
    pub(crate) fn new(types: &[TypeDef]) -> Self {
        let index = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        Graph { index }
    }

    /// Which of `types` are reachable from `roots`.
    pub(crate) fn reachable(
        &self,
        types: &[TypeDef],
        roots: Vec<TypeRef>,
        links: Links,
    ) -> Vec<bool> {
        let mut marked = vec![false; types.len()];
        let mut pending = roots;
        while let Some(ty) = pending.pop() {
            match ty {
                TypeRef::Named(name) => {
                    let Some(&i) = self.index.get(&name) else {
                        continue;
                    };
                    if std::mem::replace(&mut marked[i], true) {
                        continue;
                    }
                    match &types[i].kind {
                        TypeKind::Struct { fields, additional } => {
                            pending.extend(fields.iter().map(|f| f.ty.clone()));
                            pending.extend(additional.clone());
                        }
                        TypeKind::Union { variants, .. } => {
                            pending.extend(variants.iter().map(|v| v.ty.clone()))
                        }
                        TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => {
                            pending.push(ty.clone())
                        }
                        TypeKind::ByStatus { variants } => {
                            pending.extend(variants.iter().filter_map(|v| json_body(&v.body)))
                        }
                        TypeKind::Enum { .. } | TypeKind::Headers { .. } => {}
                    }
                }
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                    pending.push(*inner)
                }
                TypeRef::Related(inner) if links == Links::Followed => pending.push(*inner),
                _ => {}
            }
        }
        marked
    }
}

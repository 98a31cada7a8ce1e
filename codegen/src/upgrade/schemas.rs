//! Every place a schema can sit in an OpenAPI 3.x tree, visited in document order: component
//! schemas, parameters, headers, media types of bodies and responses, callbacks, and the
//! sub-schemas of each schema (properties, items, compositions, `$defs`…).

use serde_json::{Map, Value};

use crate::error::Pointer;

/// Called on each schema node before its sub-schemas, so sub-schemas it creates are visited too.
pub(super) type Visit<'v> = dyn FnMut(&mut Value, &Pointer) + 'v;

pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Visits every schema of the document.
pub(super) fn walk_document(tree: &mut Value, visit: &mut Visit<'_>) {
    let root = Pointer::root();
    for section in ["paths", "webhooks"] {
        let at = root.join(section);
        for (key, item) in entries(tree, section) {
            path_item(item, &at.join(key), visit);
        }
    }
    let Some(components) = tree.get_mut("components") else {
        return;
    };
    let at = root.join("components");
    let each = |components: &mut Value, section: &str, visit: &mut Visit<'_>, f: Walk| {
        let at = at.join(section);
        for (name, node) in entries(components, section) {
            f(node, &at.join(name), visit);
        }
    };
    each(components, "schemas", visit, schema);
    each(components, "parameters", visit, parameter);
    each(components, "headers", visit, parameter);
    each(components, "requestBodies", visit, with_content);
    each(components, "responses", visit, response);
    each(components, "callbacks", visit, callback);
    each(components, "pathItems", visit, path_item);
}

type Walk = fn(&mut Value, &Pointer, &mut Visit<'_>);

/// The entries of the mapping at `key` of `node`, if it is one.
fn entries<'n>(
    node: &'n mut Value,
    key: &str,
) -> impl Iterator<Item = (&'n String, &'n mut Value)> {
    node.get_mut(key)
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(Map::iter_mut)
}

/// The pointer to the mapping at `key` of `node` and its entries; `None` unless there is one
/// (most nodes have few of the keys asked about, so the pointer is made only when needed).
fn entries_at<'n>(
    node: &'n mut Value,
    key: &str,
    at: &Pointer,
) -> Option<(Pointer, impl Iterator<Item = (&'n String, &'n mut Value)>)> {
    let map = node.get_mut(key)?.as_object_mut()?;
    Some((at.join(key), map.iter_mut()))
}

/// The pointer to the list at `key` of `node` and its items; `None` unless there is one.
fn items_at<'n>(
    node: &'n mut Value,
    key: &str,
    at: &Pointer,
) -> Option<(Pointer, impl Iterator<Item = (usize, &'n mut Value)>)> {
    let list = node.get_mut(key)?.as_array_mut()?;
    Some((at.join(key), list.iter_mut().enumerate()))
}

fn path_item(item: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    if let Some((list_at, list)) = items_at(item, "parameters", at) {
        for (i, p) in list {
            parameter(p, &list_at.join(i), visit);
        }
    }
    for method in METHODS {
        if let Some(operation) = item.get_mut(method) {
            self::operation(operation, &at.join(method), visit);
        }
    }
}

fn operation(op: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    if let Some((list_at, list)) = items_at(op, "parameters", at) {
        for (i, p) in list {
            parameter(p, &list_at.join(i), visit);
        }
    }
    if let Some(body) = op.get_mut("requestBody") {
        with_content(body, &at.join("requestBody"), visit);
    }
    if let Some((responses, map)) = entries_at(op, "responses", at) {
        for (status, r) in map {
            response(r, &responses.join(status), visit);
        }
    }
    if let Some((callbacks, map)) = entries_at(op, "callbacks", at) {
        for (name, c) in map {
            callback(c, &callbacks.join(name), visit);
        }
    }
}

fn callback(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    if let Some(map) = node.as_object_mut() {
        for (expression, item) in map.iter_mut().filter(|(k, _)| k.as_str() != "$ref") {
            path_item(item, &at.join(expression), visit);
        }
    }
}

/// A parameter or header: a `schema` or a `content` map.
fn parameter(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    if let Some(s) = node.get_mut("schema") {
        schema(s, &at.join("schema"), visit);
    }
    with_content(node, at, visit);
}

fn response(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    if let Some((headers, map)) = entries_at(node, "headers", at) {
        for (name, h) in map {
            parameter(h, &headers.join(name), visit);
        }
    }
    with_content(node, at, visit);
}

/// The media types under `content` of a body, response, parameter or header.
fn with_content(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    let Some((content, map)) = entries_at(node, "content", at) else {
        return;
    };
    for (media_type, media) in map {
        let at = content.join(media_type);
        if let Some(s) = media.get_mut("schema") {
            schema(s, &at.join("schema"), visit);
        }
        let Some((encodings, map)) = entries_at(media, "encoding", &at) else {
            continue;
        };
        for (property, encoding) in map {
            if let Some((headers, map)) = entries_at(encoding, "headers", &encodings.join(property))
            {
                for (name, h) in map {
                    parameter(h, &headers.join(name), visit);
                }
            }
        }
    }
}

/// Keywords whose value is one schema.
const ONE: [&str; 11] = [
    "items",
    "additionalProperties",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
];
/// Keywords whose value maps names to schemas.
const MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords whose value is a list of schemas.
const LISTS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// Visits a schema, then its sub-schemas.
pub(super) fn schema(node: &mut Value, at: &Pointer, visit: &mut Visit<'_>) {
    visit(node, at);
    // Most schemas hold none: one pass over their few keys spares twenty lookups.
    let holds_schemas = node.as_object().is_some_and(|map| {
        map.keys().any(|key| {
            let key = key.as_str();
            ONE.contains(&key) || MAPS.contains(&key) || LISTS.contains(&key)
        })
    });
    if !holds_schemas {
        return;
    }
    for key in ONE {
        if let Some(child) = node.get_mut(key)
            && (child.is_object() || (key != "additionalProperties" && child.is_boolean()))
        {
            schema(child, &at.join(key), visit);
        }
    }
    for key in MAPS {
        if let Some((map_at, map)) = entries_at(node, key, at) {
            for (name, child) in map {
                schema(child, &map_at.join(name), visit);
            }
        }
    }
    for key in LISTS {
        if let Some((list_at, list)) = items_at(node, key, at) {
            for (i, child) in list {
                schema(child, &list_at.join(i), visit);
            }
        }
    }
}

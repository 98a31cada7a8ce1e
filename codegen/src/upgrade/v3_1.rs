//! OpenAPI 3.1 → 3.0: JSON Schema 2020-12 keywords become their 3.0 spelling (`null` in a type
//! becomes `nullable`, exactly where a 3.0 author would write it), and the document-level
//! additions are dropped or reported.

use serde_json::{Map, Value, json};

use super::schemas::{METHODS, walk_document};
use super::{Upgraded, set_version, warn};
use crate::error::Pointer;

pub(super) fn upgrade(tree: &mut Value, upgraded: &mut Upgraded) {
    set_version(tree, "openapi");
    let root = Pointer::root();
    let Some(doc) = tree.as_object_mut() else {
        return;
    };
    doc.shift_remove("jsonSchemaDialect");
    if let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) {
        // 3.0 has no summary: it leads the description.
        if let Some(Value::String(summary)) = info.shift_remove("summary") {
            let description = match info.get("description").and_then(Value::as_str) {
                Some(text) => format!("{summary}\n\n{text}"),
                None => summary,
            };
            info.insert("description".to_owned(), Value::from(description));
        }
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            license.shift_remove("identifier");
        }
    }
    if !doc.contains_key("paths") {
        doc.insert("paths".to_owned(), json!({}));
    }
    // 3.1 makes `responses` optional.
    let path_items = doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut());
    for item in path_items.filter_map(Value::as_object_mut) {
        for (key, op) in item.iter_mut() {
            if let Some(op) = op.as_object_mut()
                && METHODS.contains(&key.as_str())
                && !op.contains_key("responses")
            {
                op.insert("responses".to_owned(), json!({}));
            }
        }
    }
    if let Some(Value::Object(webhooks)) = doc.get("webhooks") {
        for name in webhooks.keys() {
            warn(
                upgraded,
                &root.join("webhooks").join(name),
                "webhooks are calls the API makes, not calls the client makes: no method is generated (schemas they use from `components/schemas` are)",
            );
        }
    }
    if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
        // 3.0 has no `mutualTLS` kind: such schemes wait under an extension for the model.
        let mutual: Map<String, Value> = match components
            .get_mut("securitySchemes")
            .and_then(Value::as_object_mut)
        {
            Some(schemes) => {
                let names: Vec<String> = schemes
                    .iter()
                    .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                    .map(|(name, _)| name.clone())
                    .collect();
                names
                    .into_iter()
                    .filter_map(|name| schemes.shift_remove(&name).map(|s| (name, s)))
                    .collect()
            }
            None => Map::new(),
        };
        if !mutual.is_empty() {
            components.insert(
                crate::model::MUTUAL_TLS_EXTENSION.to_owned(),
                Value::Object(mutual),
            );
        }
    }
    let mut warnings = Vec::new();
    walk_document(tree, &mut |node, at| schema(node, at, &mut warnings));
    for (at, message) in warnings {
        warn(upgraded, &at, message);
    }
}

/// Keywords that only describe a schema: beside a `$ref` they need no `allOf`.
const ANNOTATIONS: [&str; 10] = [
    "description",
    "title",
    "summary",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
    "$comment",
];

/// Rewrites one schema node into 3.0 form (its sub-schemas are visited after it).
fn schema(node: &mut Value, at: &Pointer, warnings: &mut Vec<(Pointer, String)>) {
    // Boolean schemas: `true` allows anything, `false` nothing.
    if let Value::Bool(allowed) = node {
        *node = if *allowed {
            json!({})
        } else {
            json!({"not": {}})
        };
        return;
    }
    let Some(map) = node.as_object_mut() else {
        return;
    };
    if map.contains_key("$ref") {
        let constraining = map
            .keys()
            .any(|k| k != "$ref" && !ANNOTATIONS.contains(&k.as_str()) && !k.starts_with("x-"));
        if constraining {
            // 3.1 applies a `$ref`'s siblings too; 3.0 would ignore them.
            let reference = map.shift_remove("$ref").unwrap_or_default();
            let mut all_of = vec![json!({ "$ref": reference })];
            if let Some(Value::Array(more)) = map.shift_remove("allOf") {
                all_of.extend(more);
            }
            map.insert("allOf".to_owned(), Value::Array(all_of));
        } else {
            return;
        }
    }
    null_members(map);
    if let Some(Value::Array(examples)) = map.shift_remove("examples")
        && !map.contains_key("example")
        && let Some(first) = examples.into_iter().next()
    {
        map.insert("example".to_owned(), first);
    }
    if let Some(value) = map.shift_remove("const")
        && !map.contains_key("enum")
    {
        map.insert("enum".to_owned(), Value::Array(vec![value]));
    }
    // 3.1 authors often leave the type of an enum (or `const`) to its values; a 3.0 enum needs
    // it to be more than any JSON value.
    if !map.contains_key("type")
        && let Some(Value::Array(values)) = map.get("enum")
    {
        let mut kinds = values.iter().filter(|v| !v.is_null()).map(json_type);
        // Scalars only: an enum of lists or objects stays any JSON value.
        if let Some(Some(first @ ("string" | "boolean" | "number" | "integer"))) = kinds.next()
            && kinds.all(|k| k == Some(first))
        {
            map.insert("type".to_owned(), Value::from(first));
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(limit) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.to_owned(), limit);
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    content_keywords(map);
    type_list(map, at, warnings);
    if map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.contains(&Value::Null))
    {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    if let Some(Value::Array(positions)) = map.shift_remove("prefixItems") {
        if !map.contains_key("items") || map.get("items") == Some(&Value::Bool(false)) {
            map.insert("items".to_owned(), one_of_distinct(positions));
        }
        warnings.push((
            at.join("prefixItems"),
            "tuples have no Rust shape here: the array's items take any of the positions' types"
                .to_owned(),
        ));
    }
    if let Some(Value::Object(patterns)) = map.shift_remove("patternProperties")
        && !matches!(map.get("additionalProperties"), Some(Value::Object(_)))
    {
        let values = patterns.into_iter().map(|(_, v)| v).collect();
        map.insert("additionalProperties".to_owned(), one_of_distinct(values));
    }
}

/// `contentEncoding`/`contentMediaType` (3.1's way to say bytes) → `format: byte`/`binary`.
fn content_keywords(map: &mut Map<String, Value>) {
    let encoding = map.shift_remove("contentEncoding");
    let media_type = map.shift_remove("contentMediaType");
    let format = match (encoding.as_ref().and_then(Value::as_str), media_type) {
        (Some("base64" | "base64url"), _) => "byte",
        (Some(_), _) => return,
        (None, Some(Value::String(m))) if !m.contains("json") && !m.starts_with("text/") => {
            "binary"
        }
        _ => return,
    };
    if !map.contains_key("format") {
        map.insert("type".to_owned(), Value::from("string"));
        map.insert("format".to_owned(), Value::from(format));
    }
}

/// Whether a schema only allows `null`.
fn is_null_schema(node: &Value) -> bool {
    let only = |key: &str, value: Value| node.get(key) == Some(&value);
    only("type", json!("null"))
        || only("type", json!(["null"]))
        || only("const", Value::Null)
        || only("enum", json!([null]))
}

/// `anyOf`/`oneOf` with a `null` member → the other members, `nullable: true`; one member left
/// becomes the schema itself (inline) or `allOf: [$ref]`, the 3.0 way to make a reference
/// nullable.
fn null_members(map: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(members)) = map.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_schema(m));
        if members.len() == before {
            continue;
        }
        map.insert("nullable".to_owned(), Value::Bool(true));
        let Some(Value::Array(members)) = map.get_mut(key) else {
            continue;
        };
        match members.len() {
            0 => {
                map.shift_remove(key);
            }
            1 => {
                let member = members.remove(0);
                map.shift_remove(key);
                merge_single(map, member);
            }
            _ => {}
        }
    }
}

/// Makes `map` (which had a single non-null member) stand for `member`.
fn merge_single(map: &mut Map<String, Value>, member: Value) {
    let inline = member
        .as_object()
        .filter(|m| !m.contains_key("$ref"))
        .filter(|m| m.keys().all(|k| !map.contains_key(k) || k == "nullable"));
    match inline {
        Some(fields) => {
            for (k, v) in fields.clone() {
                if k != "nullable" {
                    map.insert(k, v);
                }
            }
        }
        None => {
            let mut all_of = vec![member];
            if let Some(Value::Array(more)) = map.shift_remove("allOf") {
                all_of.extend(more);
            }
            map.insert("allOf".to_owned(), Value::Array(all_of));
        }
    }
}

/// Keywords that only apply to one JSON type, so a schema of several types splits them.
fn keyword_type(keyword: &str, format: Option<&str>) -> Option<&'static str> {
    Some(match keyword {
        "minLength" | "maxLength" | "pattern" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "minItems" | "maxItems" | "uniqueItems" => "array",
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            "object"
        }
        "format" => match format {
            Some("int32" | "int64" | "uint64") => "integer",
            Some("float" | "double") => "number",
            _ => "string",
        },
        _ => return None,
    })
}

/// `type` as a list: `null` in it → `nullable: true`; one other type → that type; several →
/// `anyOf` one member per type, each with the keywords that apply to it.
fn type_list(map: &mut Map<String, Value>, at: &Pointer, warnings: &mut Vec<(Pointer, String)>) {
    let types: Vec<String> = match map.get("type") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::String(one)) if one == "null" => vec![one.clone()],
        _ => return,
    };
    let mut others: Vec<String> = types.iter().filter(|t| *t != "null").cloned().collect();
    others.dedup();
    if others.len() < types.len() {
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    match others.as_slice() {
        [] => {
            map.shift_remove("type");
        }
        [one] => {
            map.insert("type".to_owned(), Value::from(one.clone()));
        }
        several => {
            map.shift_remove("type");
            if map.contains_key("anyOf") || map.contains_key("oneOf") {
                warnings.push((
                    at.join("type"),
                    format!(
                        "several types ({}) beside `anyOf`/`oneOf`: the types are not checked",
                        several.join(", ")
                    ),
                ));
                return;
            }
            let format = map.get("format").and_then(Value::as_str).map(str::to_owned);
            let mut members: Vec<Map<String, Value>> = several
                .iter()
                .map(|t| {
                    let mut m = Map::new();
                    m.insert("type".to_owned(), Value::from(t.clone()));
                    m
                })
                .collect();
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let Some(kind) = keyword_type(&key, format.as_deref()) else {
                    continue;
                };
                let fits = |t: &str| t == kind || (kind == "number" && t == "integer");
                if !several.iter().any(|t| fits(t)) {
                    continue;
                }
                if let Some(value) = map.shift_remove(&key) {
                    for (member, t) in members.iter_mut().zip(several) {
                        if fits(t) {
                            member.insert(key.clone(), value.clone());
                        }
                    }
                }
            }
            if let Some(Value::Array(values)) = map.shift_remove("enum") {
                for (member, t) in members.iter_mut().zip(several) {
                    let fitting: Vec<Value> =
                        values.iter().filter(|v| fits_type(v, t)).cloned().collect();
                    if !fitting.is_empty() {
                        member.insert("enum".to_owned(), Value::Array(fitting));
                    }
                }
            }
            map.insert(
                "anyOf".to_owned(),
                Value::Array(members.into_iter().map(Value::Object).collect()),
            );
        }
    }
}

/// The narrowest JSON Schema type of a value (`integer` for whole numbers); `None` for null.
fn json_type(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    })
}

/// Whether a JSON value is of the JSON Schema type `t` (an integer is also a number).
fn fits_type(value: &Value, t: &str) -> bool {
    match json_type(value) {
        Some("integer") => t == "integer" || t == "number",
        kind => kind == Some(t),
    }
}

/// One schema standing for any of `schemas`: the schema itself when all are the same.
fn one_of_distinct(mut schemas: Vec<Value>) -> Value {
    let mut distinct: Vec<Value> = Vec::new();
    for s in schemas.drain(..) {
        if !distinct.contains(&s) {
            distinct.push(s);
        }
    }
    match distinct.len() {
        0 => json!({}),
        1 => distinct.remove(0),
        _ => json!({ "anyOf": distinct }),
    }
}

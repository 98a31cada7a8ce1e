//! Swagger 2.0 parameters in 3.0 form: `body` and `formData` parameters gathered into a
//! request body per media type, and the other parameters' schema keywords moved into a
//! `schema`.

use serde_json::{Map, Value, json};

use super::SCHEMA_KEYWORDS;
use crate::error::Pointer;
use crate::upgrade::Origins;

/// A body or form parameter, gathered into its operation's request body.
#[derive(Clone)]
pub(super) struct BodyPart {
    pub(super) name: String,
    pub(super) form: bool,
    pub(super) parameter: Value,
    pub(super) origin: Pointer,
}

/// The request body of an operation's body or form parameters.
pub(super) fn request_body(
    parts: &[BodyPart],
    consumes: &[String],
    at: &Pointer,
    origins: &mut Origins,
) -> Option<Value> {
    let first = parts.first()?;
    origins.record(at, &first.origin);
    let mut body = Map::new();
    let (media_types, schema) = if let Some(part) = parts.iter().find(|p| !p.form) {
        origins.record(at, &part.origin);
        let mut types: Vec<String> = consumes.iter().filter(|t| !is_form(t)).cloned().collect();
        if types.is_empty() {
            types.push("application/json".to_owned());
        }
        copy(&part.parameter, &mut body, &["description", "x-examples"]);
        if part.parameter.get("required") == Some(&Value::Bool(true)) {
            body.insert("required".to_owned(), Value::Bool(true));
        }
        let schema = part.parameter.get("schema").cloned().unwrap_or(json!({}));
        for t in &types {
            let schema_at = at.join("content").join(t).join("schema");
            origins.record(&schema_at, &part.origin.join("schema"));
        }
        (types, schema)
    } else {
        let forms: Vec<&BodyPart> = parts.iter().filter(|p| p.form).collect();
        let has_file = forms
            .iter()
            .any(|p| p.parameter.get("type").and_then(Value::as_str) == Some("file"));
        let media_type = if has_file || consumes.iter().any(|t| t == "multipart/form-data") {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let schema_at = at.join("content").join(media_type).join("schema");
        let mut properties = Map::new();
        let mut required = Vec::new();
        for part in &forms {
            let property_at = schema_at.join("properties").join(&part.name);
            origins.record(&property_at, &part.origin);
            let mut property = parameter_schema(&part.parameter);
            if let Some(description) = part.parameter.get("description") {
                property.insert("description".to_owned(), description.clone());
            }
            properties.insert(part.name.clone(), Value::Object(property));
            if part.parameter.get("required") == Some(&Value::Bool(true)) {
                required.push(Value::from(part.name.clone()));
                body.insert("required".to_owned(), Value::Bool(true));
            }
        }
        let mut schema = Map::new();
        schema.insert("type".to_owned(), Value::from("object"));
        schema.insert("properties".to_owned(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".to_owned(), Value::Array(required));
        }
        (vec![media_type.to_owned()], Value::Object(schema))
    };
    let content: Map<String, Value> = media_types
        .into_iter()
        .map(|t| (t, json!({ "schema": schema.clone() })))
        .collect();
    body.insert("content".to_owned(), Value::Object(content));
    Some(Value::Object(body))
}

pub(super) fn is_form(media_type: &str) -> bool {
    media_type == "multipart/form-data" || media_type == "application/x-www-form-urlencoded"
}

/// A query, path, header or cookie parameter (or a response header): its type keywords move
/// into `schema`, `collectionFormat` becomes `style`/`explode`.
pub(super) fn simple_parameter(
    parameter: Value,
    at: &Pointer,
    from: &Pointer,
    origins: &mut Origins,
) -> Value {
    let Value::Object(mut parameter) = parameter else {
        return parameter;
    };
    origins.record(at, from);
    if parameter.contains_key("$ref") || parameter.contains_key("schema") {
        return Value::Object(parameter);
    }
    origins.record(&at.join("schema"), from);
    let schema = parameter_schema(&Value::Object(parameter.clone()));
    let place = location(&Value::Object(parameter.clone())).map(str::to_owned);
    for key in SCHEMA_KEYWORDS {
        parameter.shift_remove(key);
    }
    let format = parameter.shift_remove("collectionFormat");
    let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
    if is_array {
        let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
        let query = place.as_deref() == Some("query");
        let (style, explode) = match (format, query) {
            ("multi", _) => ("form", true),
            ("ssv", true) => ("spaceDelimited", false),
            ("pipes", true) => ("pipeDelimited", false),
            (_, true) => ("form", false),
            (_, false) => ("simple", false),
        };
        if place.is_some() {
            parameter.insert("style".to_owned(), Value::from(style));
            parameter.insert("explode".to_owned(), Value::Bool(explode));
        }
        if matches!(format, "tsv" | "ssv" | "pipes") && !(query && format != "tsv") {
            // 3.0 has no style for these outside the query (nor tabs anywhere): the generator
            // reads the 2.0 format from this extension.
            parameter.insert("x-collection-format".to_owned(), Value::from(format));
        }
    }
    parameter.insert("schema".to_owned(), Value::Object(schema));
    Value::Object(parameter)
}

/// The schema of a 2.0 non-body parameter, header or `items`.
pub(super) fn parameter_schema(parameter: &Value) -> Map<String, Value> {
    let mut schema = Map::new();
    for key in SCHEMA_KEYWORDS {
        if let Some(value) = parameter.get(key) {
            let value = match key {
                "items" => Value::Object(parameter_schema(value)),
                _ => value.clone(),
            };
            schema.insert(key.to_owned(), value);
        }
    }
    if let Some(Value::String(t)) = schema.get("type")
        && t == "file"
    {
        schema.insert("type".to_owned(), Value::from("string"));
        schema.insert("format".to_owned(), Value::from("binary"));
    }
    schema
}

pub(super) fn location(parameter: &Value) -> Option<&str> {
    parameter.get("in").and_then(Value::as_str)
}

pub(super) fn media_types(list: Option<&Value>) -> Vec<String> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

pub(super) fn copy(from: &Value, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert((*key).to_owned(), value.clone());
        }
    }
}

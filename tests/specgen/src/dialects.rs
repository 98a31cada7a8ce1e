//! The generated 3.0 document rewritten the way an OpenAPI 3.1 or a Swagger 2.0 author would
//! write it, so the fuzz targets and the compile oracle also drive the generator's upgrade step.

use serde_json::{Map, Value, json};

use super::Choices;

/// 3.1: `nullable` → `null` in a type list or an `anyOf` member, `example` → `examples`, a
/// single-value enum → `const`, some bounds → numeric `exclusiveMinimum`, some types → lists.
pub(crate) fn to_openapi31(mut doc: Value, c: &mut Choices) -> Value {
    doc["openapi"] = json!("3.1.0");
    every_object(&mut doc, &mut |map| {
        let nullable = map.remove("nullable") == Some(json!(true));
        let single = map
            .get("enum")
            .and_then(Value::as_array)
            .filter(|values| values.len() == 1)
            .map(|values| values[0].clone());
        if let Some(value) = single
            && c.flag()
        {
            map.remove("enum");
            map.insert("const".to_owned(), value);
        }
        if map.get("type") == Some(&json!("integer")) && c.below(4) == 0 {
            map.insert("exclusiveMinimum".to_owned(), json!(c.below(3)));
        }
        match map.get("type").and_then(Value::as_str).map(str::to_owned) {
            Some(t) => {
                let mut types = vec![json!(t)];
                if c.below(6) == 0 {
                    types.push(json!(c.pick(&["string", "integer", "boolean", "number"])));
                }
                if nullable {
                    types.push(json!("null"));
                }
                if types.len() > 1 {
                    map.insert("type".to_owned(), Value::Array(types));
                }
            }
            None if nullable => {
                let inner = Value::Object(std::mem::take(map));
                map.insert("anyOf".to_owned(), json!([inner, {"type": "null"}]));
            }
            None => {}
        }
    });
    doc
}

/// 2.0: `definitions`, flat non-body parameters with `collectionFormat`, `body` and
/// `formData` parameters, `consumes`/`produces`, `host`/`basePath`/`schemes`, `x-nullable`.
pub(crate) fn to_swagger2(doc: Value, c: &mut Choices) -> Value {
    let mut text = doc.to_string();
    text = text.replace("\"#/components/schemas/", "\"#/definitions/");
    let mut doc: Value = serde_json::from_str(&text).unwrap_or(doc);
    every_object(&mut doc, &mut |map| {
        if let Some(nullable) = map.remove("nullable") {
            map.insert("x-nullable".to_owned(), nullable);
        }
    });
    let mut out = Map::new();
    out.insert("swagger".to_owned(), json!("2.0"));
    out.insert("info".to_owned(), doc["info"].clone());
    out.insert("host".to_owned(), json!("api.example.com"));
    out.insert("basePath".to_owned(), json!(c.pick(&["/", "/v1", ""])));
    out.insert("schemes".to_owned(), json!(["https"]));
    let mut paths = Map::new();
    for (path, item) in doc["paths"].as_object().cloned().unwrap_or_default() {
        let mut converted = Map::new();
        for (method, op) in item.as_object().cloned().unwrap_or_default() {
            converted.insert(method, operation(op, c));
        }
        paths.insert(path, Value::Object(converted));
    }
    out.insert("paths".to_owned(), Value::Object(paths));
    out.insert(
        "definitions".to_owned(),
        doc["components"]["schemas"].clone(),
    );
    Value::Object(out)
}

fn operation(op: Value, c: &mut Choices) -> Value {
    let Value::Object(mut op) = op else {
        return op;
    };
    op.remove("servers");
    let mut parameters = Vec::new();
    for p in op
        .remove("parameters")
        .and_then(|p| p.as_array().cloned())
        .unwrap_or_default()
    {
        let place = p["in"].as_str().unwrap_or("query");
        if place == "cookie" {
            continue;
        }
        let mut flat = flat_parameter(&p["schema"], c);
        let format = match p["style"].as_str() {
            Some("spaceDelimited") => "ssv",
            Some("pipeDelimited") => "pipes",
            _ if p["explode"] != json!(false) && place == "query" => "multi",
            _ => c.pick(&["csv", "tsv", "csv"]),
        };
        if flat.get("type") == Some(&json!("array")) {
            flat.insert("collectionFormat".to_owned(), json!(format));
        }
        for key in ["name", "in", "required"] {
            flat.insert(key.to_owned(), p[key].clone());
        }
        parameters.push(Value::Object(flat));
    }
    if let Some(body) = op.remove("requestBody") {
        let (media, content) = body["content"]
            .as_object()
            .and_then(|m| m.iter().next())
            .map(|(m, v)| (m.clone(), v.clone()))
            .unwrap_or_default();
        let schema = content["schema"].clone();
        let properties = schema["properties"].as_object().cloned();
        match properties {
            Some(properties) if media.contains("form") => {
                for (name, property) in properties {
                    let mut flat = flat_parameter(&property, c);
                    if property["format"] == json!("binary") {
                        flat.insert("type".to_owned(), json!("file"));
                        flat.remove("format");
                    }
                    flat.insert("name".to_owned(), json!(name));
                    flat.insert("in".to_owned(), json!("formData"));
                    parameters.push(Value::Object(flat));
                }
            }
            _ => parameters.push(json!({
                "name": "body", "in": "body", "required": body["required"], "schema": schema
            })),
        }
        op.insert("consumes".to_owned(), json!([media]));
    }
    op.insert("parameters".to_owned(), Value::Array(parameters));
    let mut produces = Vec::new();
    if let Some(Value::Object(responses)) = op.get_mut("responses") {
        for response in responses.values_mut() {
            if let Some(Value::Object(content)) =
                response.as_object_mut().and_then(|r| r.remove("content"))
                && let Some((media, media_object)) = content.into_iter().next()
            {
                response["schema"] = media_object["schema"].clone();
                if !produces.contains(&media) {
                    produces.push(media);
                }
            }
        }
    }
    op.insert("produces".to_owned(), json!(produces));
    Value::Object(op)
}

/// A 2.0 non-body parameter's type keywords from a 3.0 schema: simple types keep theirs,
/// arrays of simple items keep `items`, anything else is sent as a string.
fn flat_parameter(schema: &Value, c: &mut Choices) -> Map<String, Value> {
    let simple = |s: &Value| {
        matches!(
            s["type"].as_str(),
            Some("string" | "integer" | "number" | "boolean")
        )
    };
    let mut flat = Map::new();
    if simple(schema) || (schema["type"] == json!("array") && simple(&schema["items"])) {
        for key in ["type", "format", "enum", "items", "x-nullable"] {
            if let Some(value) = schema.get(key) {
                flat.insert(key.to_owned(), value.clone());
            }
        }
    } else {
        flat.insert("type".to_owned(), json!("string"));
    }
    if c.below(8) == 0 {
        flat.insert("description".to_owned(), json!("d"));
    }
    flat
}

/// Calls `f` on every object of the tree, parents first.
fn every_object(node: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    match node {
        Value::Object(map) => {
            f(map);
            for value in map.values_mut() {
                every_object(value, f);
            }
        }
        Value::Array(items) => {
            for value in items {
                every_object(value, f);
            }
        }
        _ => {}
    }
}

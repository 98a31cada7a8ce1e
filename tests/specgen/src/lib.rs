//! Random, well-formed OpenAPI 3.0, 3.1 and Swagger 2.0 documents for the fuzz targets and the compile oracle
//! (`cargo xtask compile-fuzz`): schemas over a dictionary of names that trouble generators
//! (keywords, prelude and runtime names, digits, punctuation, non-ASCII, case collisions),
//! `$ref` graphs with cycles, nullable and nested shapes, unions with and without
//! discriminators, every parameter style and location, every body kind and status sets.
//! The same bytes or seed always give the same document.

mod dialects;

use std::fmt::Write as _;

use serde_json::{Value, json};

/// The document the fuzzer's bytes choose (bytes run out gracefully as zeros).
pub fn from_bytes(data: &[u8]) -> Value {
    spec(&mut Choices {
        data: data.to_vec(),
        at: 0,
    })
}

/// The document of a seed: its choices come from a splitmix64 stream.
pub fn from_seed(seed: u64) -> Value {
    let mut state = seed;
    let mut data = Vec::with_capacity(8192);
    while data.len() < 8192 {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        data.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    spec(&mut Choices { data, at: 0 })
}

/// Reads choices from fuzzer bytes; runs out gracefully (zeros).
struct Choices {
    data: Vec<u8>,
    at: usize,
}

impl Choices {
    fn byte(&mut self) -> u8 {
        let byte = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        byte
    }
    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }
    fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }
    fn pick<'b>(&mut self, from: &[&'b str]) -> &'b str {
        from[self.below(from.len())]
    }
}

/// Names that trouble generators: keywords, case collisions, digits, unicode, punctuation.
const WORDS: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fooBar",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "1abc",
    "été",
    "Result",
    "Option",
    "Client",
    "client",
    "send",
    "new",
    "",
    "_",
    "a b",
    "A",
    "a",
    "$ref",
    "default",
    "Unknown",
    "None",
    "r#x",
    "日本",
    "body",
    "query",
    "attempt",
    "execute",
    "base_url",
    "builder",
    "Vec",
    "String",
    "Box",
    "Some",
    "Ok",
    "Err",
    "Accept",
    "as_str",
    "from",
    "value",
    "Value",
    "kind",
    "clone",
    "fmt",
    "into_future",
    "path",
    "headers",
    "cookies",
    "9",
    "a1",
    "A1",
];

fn spec(c: &mut Choices) -> Value {
    let count = 1 + c.below(6);
    let names: Vec<String> = (0..count)
        .map(|i| {
            format!(
                "{}{}",
                c.pick(WORDS),
                if c.flag() {
                    i.to_string()
                } else {
                    String::new()
                }
            )
        })
        .collect();
    let mut schemas = serde_json::Map::new();
    for name in &names {
        let schema = schema(c, &names, 0);
        schemas.insert(name.clone(), schema);
    }
    let mut paths = serde_json::Map::new();
    for _ in 0..1 + c.below(4) {
        let mut path = String::new();
        let mut params = Vec::new();
        for _ in 0..1 + c.below(3) {
            if c.flag() {
                let p = c.pick(WORDS).replace(['{', '}', '/'], "");
                if !p.is_empty() && !params.contains(&p) {
                    let _ = write!(path, "/{{{p}}}");
                    params.push(p);
                    continue;
                }
            }
            let _ = write!(path, "/{}", c.pick(WORDS).replace(['{', '}', '/'], "x"));
        }
        let mut parameters: Vec<Value> = params
            .iter()
            .map(|p| {
                let style = c.pick(&["simple", "label", "matrix"]);
                json!({"name": p, "in": "path", "required": true, "style": style, "schema": schema(c, &names, 2)})
            })
            .collect();
        for _ in 0..c.below(3) {
            let location = c.pick(&["query", "header", "cookie"]);
            let mut parameter =
                json!({"name": c.pick(WORDS), "in": location, "required": c.flag()});
            if c.below(6) == 0 {
                parameter["content"] =
                    json!({"application/json": {"schema": schema(c, &names, 2)}});
            } else {
                parameter["schema"] = schema(c, &names, 2);
            }
            if location == "query" && c.flag() {
                parameter["style"] =
                    json!(c.pick(&["deepObject", "form", "spaceDelimited", "pipeDelimited"]));
            }
            if c.below(3) == 0 {
                parameter["explode"] = json!(c.flag());
            }
            parameters.push(parameter);
        }
        let method = c.pick(&["get", "put", "post", "delete", "patch"]);
        let mut operation = json!({"parameters": parameters, "responses": responses(c, &names)});
        if c.flag() {
            operation["operationId"] = json!(c.pick(WORDS));
        }
        if c.below(8) == 0 {
            operation["servers"] = json!([{"url": "https://other.example.com"}]);
        }
        if method != "get" && c.flag() {
            let media = c.pick(&[
                "application/json",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "application/octet-stream",
                "text/plain",
            ]);
            operation["requestBody"] =
                json!({"required": c.flag(), "content": {media: {"schema": schema(c, &names, 1)}}});
        }
        paths
            .entry(path)
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .map(|item| item.insert(method.to_owned(), operation));
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": c.pick(WORDS), "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    });
    // The version is chosen last, so a seed's 3.0 document is the same whichever is written.
    match c.below(4) {
        2 => dialects::to_openapi31(doc, c),
        3 => dialects::to_swagger2(doc, c),
        _ => doc,
    }
}

fn responses(c: &mut Choices, names: &[String]) -> Value {
    let mut responses = serde_json::Map::new();
    for _ in 0..1 + c.below(3) {
        let status = c.pick(&["200", "201", "204", "2XX", "400", "404", "4XX", "default"]);
        let response = if status == "204" || c.below(4) == 0 {
            json!({"description": "d"})
        } else {
            let media = c.pick(&["application/json", "text/plain", "application/octet-stream"]);
            json!({"description": "d", "content": {media: {"schema": schema(c, names, 1)}}})
        };
        responses.insert(status.to_owned(), response);
    }
    Value::Object(responses)
}

fn reference(c: &mut Choices, names: &[String]) -> Value {
    let name = &names[c.below(names.len())];
    json!({"$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"))})
}

fn schema(c: &mut Choices, names: &[String], depth: usize) -> Value {
    if depth > 3 {
        return reference(c, names);
    }
    let mut schema = match c.below(14) {
        0 => reference(c, names),
        1 => {
            json!({"type": "string", "format": c.pick(&["date", "date-time", "binary", "byte", "uuid", "email", ""])})
        }
        2 => json!({"type": "integer", "format": c.pick(&["int32", "int64", "uint64", ""])}),
        3 => json!({"type": "number"}),
        4 => json!({"type": "boolean"}),
        5 => {
            json!({"type": "string", "enum": (0..1 + c.below(4)).map(|_| c.pick(WORDS)).collect::<Vec<_>>()})
        }
        6 => json!({"type": "array", "items": schema(c, names, depth + 1)}),
        7 => json!({"type": "object", "additionalProperties": schema(c, names, depth + 1)}),
        8 => {
            let members: Vec<Value> = (0..1 + c.below(3)).map(|_| reference(c, names)).collect();
            let mut union = json!({c.pick(&["oneOf", "anyOf"]): members});
            if c.flag() {
                union["discriminator"] = json!({"propertyName": c.pick(WORDS)});
            }
            union
        }
        9 => {
            json!({"allOf": [reference(c, names), {"type": "object", "properties": {c.pick(WORDS): schema(c, names, depth + 1)}}]})
        }
        10 => json!({}),
        11 => json!({"oneOf": [schema(c, names, depth + 1), schema(c, names, depth + 1)]}),
        _ => {
            let mut properties = serde_json::Map::new();
            let mut required = Vec::new();
            for _ in 0..c.below(5) {
                let name = c.pick(WORDS);
                if c.flag() {
                    required.push(name);
                }
                properties.insert(name.to_owned(), schema(c, names, depth + 1));
            }
            json!({"type": "object", "properties": properties, "required": required})
        }
    };
    if c.below(4) == 0
        && let Some(object) = schema.as_object_mut()
    {
        object.insert("nullable".to_owned(), json!(true));
    }
    if c.below(8) == 0
        && let Some(object) = schema.as_object_mut()
    {
        object.insert("deprecated".to_owned(), json!(true));
    }
    schema
}

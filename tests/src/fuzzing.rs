//! The properties the fuzz targets (`fuzz/`) check, shared with the test that replays their seed
//! corpus and every crash found (`tests/fuzz_corpus.rs`), so CI keeps them without a fuzzer.

use std::fmt::Write as _;

use serde_json::{Value, json};

use client_runtime as runtime;

fn options() -> codegen::Options {
    codegen::Options::default()
}

/// Spec text → generator: no panic; when generation succeeds, every Rust file parses with `syn`
/// and a second run gives the same files.
pub fn spec_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check_generation(text);
}

fn check_generation(text: &str) {
    let Ok(first) = codegen::generate(text, &options()) else {
        return;
    };
    for file in &first.files {
        if file.path.ends_with(".rs")
            && let Err(e) = syn::parse_file(&file.contents)
        {
            panic!("{} does not parse: {e}\n{}", file.path, file.contents);
        }
    }
    let second = codegen::generate(text, &options()).expect("succeeded once, succeeds again");
    assert_eq!(first.files, second.files, "generation is not deterministic");
}

/// Reads choices from fuzzer bytes; runs out gracefully (zeros).
struct Choices<'a>(&'a [u8]);

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((first, rest)) => {
                self.0 = rest;
                *first
            }
            None => 0,
        }
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
    "type", "self", "Self", "super", "crate", "fooBar", "foo_bar", "FooBar", "foo-bar", "1abc",
    "été", "Result", "Option", "Client", "client", "send", "new", "", "_", "a b", "A", "a", "$ref",
    "default", "Unknown", "None", "r#x", "日本", "body", "query",
];

/// A well-formed OpenAPI document built from fuzzer bytes: random schemas over a dictionary of
/// awkward names, `$ref` graphs with cycles, unions with and without discriminators, every body
/// and parameter kind. Checked like [`spec_text`].
pub fn spec_structured(data: &[u8]) {
    let spec = structured_spec(&mut Choices(data));
    check_generation(&spec.to_string());
}

fn structured_spec(c: &mut Choices<'_>) -> Value {
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
            let mut parameter = json!({"name": c.pick(WORDS), "in": location, "required": c.flag(), "schema": schema(c, &names, 2)});
            if location == "query" && c.flag() {
                parameter["style"] = json!("deepObject");
            }
            parameters.push(parameter);
        }
        let method = c.pick(&["get", "put", "post", "delete", "patch"]);
        let mut operation = json!({"parameters": parameters, "responses": responses(c, &names)});
        if c.flag() {
            operation["operationId"] = json!(c.pick(WORDS));
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
    json!({
        "openapi": "3.0.3",
        "info": {"title": c.pick(WORDS), "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

fn responses(c: &mut Choices<'_>, names: &[String]) -> Value {
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

fn reference(c: &mut Choices<'_>, names: &[String]) -> Value {
    let name = &names[c.below(names.len())];
    json!({"$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"))})
}

fn schema(c: &mut Choices<'_>, names: &[String], depth: usize) -> Value {
    if depth > 3 {
        return reference(c, names);
    }
    let mut schema = match c.below(14) {
        0 => reference(c, names),
        1 => {
            json!({"type": "string", "format": c.pick(&["date", "date-time", "binary", "byte", "uuid", "email", ""])})
        }
        2 => json!({"type": "integer", "format": c.pick(&["int32", "int64", ""])}),
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

/// Response bytes → every generated response and error type: no panic; garbage is an error.
pub fn response_bytes(data: &[u8]) {
    use digicert_certcentral::types as t;
    fn decode<T: serde::de::DeserializeOwned + serde::Serialize>(data: &[u8]) {
        if let Ok(value) = serde_json::from_slice::<T>(data) {
            // What decodes re-encodes, and the encoding decodes again.
            let encoded = serde_json::to_vec(&value).expect("a decoded value encodes");
            serde_json::from_slice::<T>(&encoded).expect("an encoded value decodes");
        }
    }
    decode::<t::ListDuplicatesResponse>(data);
    decode::<t::ListReissuesResponse>(data);
    decode::<t::SubaccountOrder>(data);
    decode::<t::ErrorResponse>(data);
}

/// A path parameter value → either refused, or one segment that never holds `/`, never reads as
/// `.` or `..` once a URL parser has normalised it, and decodes back to the value.
pub fn path_param(data: &[u8]) {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let mut path = String::from("/a/");
    match runtime::push_path_param(&mut path, "p", value) {
        Err(_) => assert!(value.is_empty() || value == "." || value == ".."),
        Ok(()) => {
            let segment = &path[3..];
            assert!(!segment.contains('/'), "{segment}");
            let url = reqwest::Url::parse(&format!("https://h{path}/b")).expect("a valid URL");
            assert_eq!(
                url.path(),
                format!("{path}/b"),
                "the URL parser changed the path"
            );
            assert_eq!(percent_decode(segment), value.as_bytes());
        }
    }
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

//! Swagger 2.0 → OpenAPI 3.0: `definitions`, top-level `parameters`/`responses` and
//! `securityDefinitions` move under `components`; `body` and `formData` parameters become
//! request bodies; `consumes`/`produces` become media types; `host`/`basePath`/`schemes` become
//! servers; `collectionFormat` becomes `style`/`explode`; `x-nullable` and `type: file` become
//! their 3.0 spelling. `parameters` turns the parameters and bodies.

use serde_json::{Map, Value, json};

mod parameters;

use parameters::{BodyPart, location, media_types, request_body, simple_parameter};

use super::schemas::{METHODS, walk_document};
use super::{Origins, Upgraded, set_version};
use crate::error::Pointer;

/// Keywords of a 2.0 non-body parameter, header or `items` that belong to its schema.
pub(super) const SCHEMA_KEYWORDS: [&str; 20] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
    "example",
    "readOnly",
    "title",
];

/// Top-level sections moved under `components`, and where `$ref`s to them now point.
const MOVED: [(&str, &str); 3] = [
    ("#/definitions/", "#/components/schemas/"),
    ("#/parameters/", "#/components/parameters/"),
    ("#/responses/", "#/components/responses/"),
];

pub(super) fn upgrade(tree: &mut Value, upgraded: &mut Upgraded) {
    let Some(root) = tree.as_object_mut() else {
        return;
    };
    let original = Value::Object(root.clone());
    let mut doc = std::mem::take(root);
    let context = Context {
        original: &original,
        consumes: media_types(doc.get("consumes")),
        produces: media_types(doc.get("produces")),
    };
    let origins = &mut upgraded.origins;
    let root_at = Pointer::root();

    let servers = servers(&mut doc, origins);
    let mut components = Map::new();
    if let Some(definitions) = doc.shift_remove("definitions") {
        origins.record(&components_at("schemas"), &root_at.join("definitions"));
        components.insert("schemas".to_owned(), definitions);
    }
    if let Some(Value::Object(parameters)) = doc.shift_remove("parameters") {
        let mut converted = Map::new();
        for (name, parameter) in parameters {
            let from = root_at.join("parameters").join(&name);
            // Body and form parameters are inlined where operations use them.
            if !matches!(location(&parameter), Some("body" | "formData")) {
                let to = components_at("parameters").join(&name);
                converted.insert(name, simple_parameter(parameter, &to, &from, origins));
            }
        }
        components.insert("parameters".to_owned(), Value::Object(converted));
    }
    if let Some(Value::Object(responses)) = doc.shift_remove("responses") {
        let mut converted = Map::new();
        for (name, r) in responses {
            let from = root_at.join("responses").join(&name);
            let to = components_at("responses").join(&name);
            let r = context.response(r, &context.produces, &to, &from, origins);
            converted.insert(name, r);
        }
        components.insert("responses".to_owned(), Value::Object(converted));
    }
    if let Some(Value::Object(schemes)) = doc.shift_remove("securityDefinitions") {
        origins.record(
            &components_at("securitySchemes"),
            &root_at.join("securityDefinitions"),
        );
        let converted = schemes
            .into_iter()
            .map(|(name, s)| (name, security_scheme(s)))
            .collect();
        components.insert("securitySchemes".to_owned(), Value::Object(converted));
    }
    let paths = match doc.shift_remove("paths") {
        Some(Value::Object(paths)) => paths
            .into_iter()
            .map(|(path, item)| {
                let at = root_at.join("paths").join(&path);
                (path, context.path_item(item, &at, origins))
            })
            .collect(),
        _ => Map::new(),
    };
    for key in ["consumes", "produces", "host", "basePath", "schemes"] {
        doc.shift_remove(key);
    }

    let mut out = Map::new();
    for (key, value) in doc {
        if key != "swagger" {
            out.insert(key, value);
        }
    }
    if let Some(servers) = servers {
        out.insert("servers".to_owned(), servers);
    }
    out.insert("paths".to_owned(), Value::Object(paths));
    if !components.is_empty() {
        out.insert("components".to_owned(), Value::Object(components));
    }
    *tree = Value::Object(out);
    set_version(tree, "swagger");
    rewrite_refs(tree, &original);
    walk_document(tree, &mut schema);
}

fn components_at(section: &str) -> Pointer {
    Pointer::root().join("components").join(section)
}

/// What every operation inherits from the document.
struct Context<'d> {
    original: &'d Value,
    consumes: Vec<String>,
    produces: Vec<String>,
}

impl Context<'_> {
    fn path_item(&self, item: Value, at: &Pointer, origins: &mut Origins) -> Value {
        let Value::Object(mut item) = item else {
            return item;
        };
        // Parameters of the path item: the simple ones stay, body and form ones go to each
        // operation's request body.
        let shared = match item.shift_remove("parameters") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        };
        let shared_at = at.join("parameters");
        let (shared_body, kept) = self.split_parameters(shared, &shared_at, &shared_at, origins);
        if !kept.is_empty() {
            item.insert("parameters".to_owned(), Value::Array(kept));
        }
        for method in METHODS {
            if let Some(Value::Object(op)) = item.shift_remove(method) {
                let op = self.operation(op, &shared_body, &at.join(method), origins);
                item.insert(method.to_owned(), Value::Object(op));
            }
        }
        Value::Object(item)
    }

    fn operation(
        &self,
        mut op: Map<String, Value>,
        shared_body: &[BodyPart],
        at: &Pointer,
        origins: &mut Origins,
    ) -> Map<String, Value> {
        let consumes = op
            .shift_remove("consumes")
            .map_or_else(|| self.consumes.clone(), |c| media_types(Some(&c)));
        let produces = op
            .shift_remove("produces")
            .map_or_else(|| self.produces.clone(), |p| media_types(Some(&p)));
        let list = match op.shift_remove("parameters") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        };
        let params_at = at.join("parameters");
        let (own_body, kept) = self.split_parameters(list, &params_at, &params_at, origins);
        // An operation's body or form parameter replaces the path item's of the same name.
        let mut parts: Vec<BodyPart> = shared_body
            .iter()
            .filter(|shared| !own_body.iter().any(|own| own.name == shared.name))
            .cloned()
            .collect();
        parts.extend(own_body);
        if !kept.is_empty() {
            op.insert("parameters".to_owned(), Value::Array(kept));
        }
        if let Some(body) = request_body(&parts, &consumes, &at.join("requestBody"), origins) {
            op.insert("requestBody".to_owned(), body);
        }
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            for (status, r) in responses.iter_mut() {
                let r_at = at.join("responses").join(status);
                *r = self.response(std::mem::take(r), &produces, &r_at, &r_at, origins);
            }
        }
        op
    }

    /// Splits a 2.0 parameter list into body/form parts and converted simple parameters,
    /// recording where each kept parameter came from.
    fn split_parameters(
        &self,
        list: Vec<Value>,
        at: &Pointer,
        from: &Pointer,
        origins: &mut Origins,
    ) -> (Vec<BodyPart>, Vec<Value>) {
        let mut parts = Vec::new();
        let mut kept = Vec::new();
        for (i, parameter) in list.into_iter().enumerate() {
            let origin = from.join(i);
            let target = parameter
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|p| self.original.pointer(p));
            let resolved = target.unwrap_or(&parameter);
            match location(resolved) {
                Some(place @ ("body" | "formData")) => parts.push(BodyPart {
                    name: resolved
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    form: place == "formData",
                    parameter: resolved.clone(),
                    origin,
                }),
                _ => {
                    let to = at.join(kept.len());
                    let converted = if parameter.get("$ref").is_some() {
                        origins.record(&to, &origin);
                        parameter
                    } else {
                        simple_parameter(parameter, &to, &origin, origins)
                    };
                    kept.push(converted);
                }
            }
        }
        (parts, kept)
    }

    /// A 2.0 response: `schema` and `examples` → `content` per produced media type; headers
    /// get schemas.
    fn response(
        &self,
        response: Value,
        produces: &[String],
        at: &Pointer,
        from: &Pointer,
        origins: &mut Origins,
    ) -> Value {
        let Value::Object(mut response) = response else {
            return response;
        };
        if response.contains_key("$ref") {
            origins.record(at, from);
            return Value::Object(response);
        }
        origins.record(at, from);
        let schema = response.shift_remove("schema");
        let examples = match response.shift_remove("examples") {
            Some(Value::Object(examples)) => examples,
            _ => Map::new(),
        };
        if let Some(Value::Object(headers)) = response.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                let h_at = at.join("headers").join(name);
                let h_from = from.join("headers").join(name);
                *header = simple_parameter(std::mem::take(header), &h_at, &h_from, origins);
            }
        }
        if !response.contains_key("description") {
            response.insert("description".to_owned(), Value::from(""));
        }
        if let Some(schema) = schema {
            let file = schema.get("type").and_then(Value::as_str) == Some("file");
            let mut content = Map::new();
            let types = match (file, produces) {
                (true, []) => vec!["application/octet-stream".to_owned()],
                (false, []) => vec!["application/json".to_owned()],
                (_, types) => types.to_vec(),
            };
            for media_type in types {
                let mut media = Map::new();
                media.insert("schema".to_owned(), schema.clone());
                if let Some(example) = examples.get(&media_type) {
                    media.insert("example".to_owned(), example.clone());
                }
                let schema_at = at.join("content").join(&media_type).join("schema");
                origins.record(&schema_at, &from.join("schema"));
                content.insert(media_type, Value::Object(media));
            }
            response.insert("content".to_owned(), Value::Object(content));
        }
        Value::Object(response)
    }
}

/// `host`, `basePath` and `schemes` → one server per scheme (https when none is given).
fn servers(doc: &mut Map<String, Value>, origins: &mut Origins) -> Option<Value> {
    let host = doc.get("host").and_then(Value::as_str);
    let base = doc.get("basePath").and_then(Value::as_str).unwrap_or("");
    let at = Pointer::root().join("servers");
    let (urls, origin): (Vec<String>, &str) = match host {
        Some(host) => {
            let mut schemes = media_types(doc.get("schemes"));
            schemes.retain(|s| s == "https" || s == "http");
            if schemes.is_empty() {
                schemes.push("https".to_owned());
            }
            let urls = schemes
                .iter()
                .map(|scheme| format!("{scheme}://{host}{base}"))
                .collect();
            (urls, "host")
        }
        None if !base.is_empty() => (vec![base.to_owned()], "basePath"),
        None => return None,
    };
    for i in 0..urls.len() {
        origins.record(&at.join(i), &Pointer::root().join(origin));
    }
    Some(Value::Array(
        urls.into_iter().map(|url| json!({ "url": url })).collect(),
    ))
}

/// A 2.0 security definition in 3.0 form (`basic` → HTTP basic; OAuth2 flows renamed).
fn security_scheme(scheme: Value) -> Value {
    let Value::Object(mut scheme) = scheme else {
        return scheme;
    };
    match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => {
            scheme.insert("type".to_owned(), Value::from("http"));
            scheme.insert("scheme".to_owned(), Value::from("basic"));
        }
        Some("oauth2") => {
            let flow = scheme.shift_remove("flow");
            let mut details = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = scheme.shift_remove(key) {
                    details.insert(key.to_owned(), url);
                }
            }
            let scopes = scheme.shift_remove("scopes").unwrap_or(json!({}));
            details.insert("scopes".to_owned(), scopes);
            let name = match flow.as_ref().and_then(Value::as_str) {
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                _ => "implicit",
            };
            let mut flows = Map::new();
            flows.insert(name.to_owned(), Value::Object(details));
            scheme.insert("flows".to_owned(), Value::Object(flows));
        }
        _ => {}
    }
    Value::Object(scheme)
}

/// Points `$ref`s to moved sections at their new place; a reference to nothing in the original
/// document stays as written, so its error quotes what the user wrote.
fn rewrite_refs(node: &mut Value, original: &Value) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                let exists = reference
                    .strip_prefix('#')
                    .is_some_and(|p| original.pointer(p).is_some());
                if exists
                    && let Some((from, to)) =
                        MOVED.iter().find(|(from, _)| reference.starts_with(from))
                {
                    *reference = format!("{to}{}", &reference[from.len()..]);
                }
            }
            for value in map.values_mut() {
                rewrite_refs(value, original);
            }
        }
        Value::Array(items) => {
            for value in items {
                rewrite_refs(value, original);
            }
        }
        _ => {}
    }
}

/// 2.0 schema spellings → 3.0: `x-nullable`, `type: file`, a discriminator given as a name.
fn schema(node: &mut Value, _at: &Pointer) {
    let Some(map) = node.as_object_mut() else {
        return;
    };
    if let Some(nullable) = map.shift_remove("x-nullable") {
        map.insert("nullable".to_owned(), nullable);
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".to_owned(), Value::from("string"));
        map.insert("format".to_owned(), Value::from("binary"));
    }
    if let Some(Value::String(property)) = map.get("discriminator").cloned() {
        map.insert(
            "discriminator".to_owned(),
            json!({ "propertyName": property }),
        );
    }
}

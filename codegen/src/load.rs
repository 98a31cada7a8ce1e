//! Reading spec text (YAML or JSON) into a JSON tree and the `openapiv3` model.

use openapiv3::{OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde_json::Value;

use crate::error::{Error, Pointer, Warning};
use crate::upgrade::{self, Origins, SourceVersion};

/// A parsed spec: the typed model, and the raw tree that `$ref`s are resolved against, both in
/// OpenAPI 3.0 form; for a document written in another version, where each rewritten node came
/// from and what the rewrite noticed.
#[derive(Debug)]
pub struct Document {
    pub api: OpenAPI,
    pub tree: Value,
    pub version: SourceVersion,
    pub origins: Origins,
    pub upgrade_warnings: Vec<Warning>,
}

/// Parses YAML or JSON text into a [`Document`].
///
/// JSON (large specs usually are) is decoded into the tree and into the typed model at the same
/// time, on two threads; the typed model is decoded again from the tree when the text alone
/// cannot give it (path items by `$ref`) or when that decoding failed, so errors and results are
/// the same either way.
pub fn load(text: &str) -> Result<Document, Error> {
    if !text.trim_start().starts_with('{') {
        return load_from_tree(parse_tree(text)?, None);
    }
    std::thread::scope(|scope| {
        let typed = std::thread::Builder::new()
            .stack_size(crate::STACK_BYTES)
            .spawn_scoped(scope, || serde_json::from_str::<OpenAPI>(text).ok());
        let tree = parse_tree(text)?;
        let typed = typed.ok().and_then(|thread| thread.join().ok().flatten());
        load_from_tree(tree, typed)
    })
}

/// Checks the tree and builds the document, reusing `typed` when the tree needs no rewriting.
fn load_from_tree(mut tree: Value, typed: Option<OpenAPI>) -> Result<Document, Error> {
    if !tree.is_object() {
        return Err(Error::Parse {
            message: "the document is not a mapping".to_owned(),
        });
    }
    let (version, upgraded) = upgrade::upgrade(&mut tree)?;
    let rewritten = inline_path_item_refs(&mut tree) | inline_callback_refs(&mut tree);
    let api = match typed {
        Some(api) if !rewritten && version == SourceVersion::OpenApi30 => api,
        _ => typed_document(&tree).map_err(|e| upgraded.origins.error(e))?,
    };
    Ok(Document {
        api,
        tree,
        version,
        origins: upgraded.origins,
        upgrade_warnings: upgraded.warnings,
    })
}

/// The typed document of a tree; an error names the place that does not fit (`pattern: 0`
/// where a string belongs, say).
fn typed_document(tree: &Value) -> Result<OpenAPI, Error> {
    let (pointer, message) = match typed::<OpenAPI>(tree, Pointer::root()) {
        Ok(api) => return Ok(api),
        Err(located) => located,
    };
    // The typed model loses the path inside maps it flattens (`paths`, `components/…`): find
    // the entry that fails on its own.
    let narrowed = match pointer.as_str() {
        "#/paths" => first_failing::<ReferenceOr<PathItem>>(tree.get("paths"), &pointer)
            .map(|(at, message)| narrow_path_item(tree, at, message)),
        "#/components" => {
            let components = tree.get("components");
            let section = |name: &str| (components.and_then(|c| c.get(name)), pointer.join(name));
            let (schemas, at) = section("schemas");
            let found = first_failing::<ReferenceOr<Schema>>(schemas, &at);
            let (parameters, at) = section("parameters");
            let found = found.or_else(|| first_failing::<ReferenceOr<Parameter>>(parameters, &at));
            let (responses, at) = section("responses");
            let found = found.or_else(|| first_failing::<ReferenceOr<Response>>(responses, &at));
            let (bodies, at) = section("requestBodies");
            found.or_else(|| first_failing::<ReferenceOr<RequestBody>>(bodies, &at))
        }
        _ => None,
    };
    Err(match narrowed {
        Some((pointer, message)) => Error::Invalid { pointer, message },
        None if pointer == Pointer::root() => Error::Parse { message },
        None => Error::Invalid { pointer, message },
    })
}

/// The part of a failing path item that fails on its own: a parameter, a request body or a
/// response of one of its operations; else the path item itself.
fn narrow_path_item(tree: &Value, at: Pointer, message: String) -> (Pointer, String) {
    type Check = fn(&Value, Pointer) -> Option<(Pointer, String)>;
    fn probe<T: serde::de::DeserializeOwned>(
        node: &Value,
        at: Pointer,
    ) -> Option<(Pointer, String)> {
        (node.get("$ref").is_none())
            .then(|| typed::<T>(node, at).err())
            .flatten()
    }
    fn parameters<'v>(owner: &'v Value, owner_at: &Pointer) -> Vec<(Pointer, &'v Value)> {
        let list = owner.get("parameters").and_then(Value::as_array);
        list.into_iter()
            .flatten()
            .enumerate()
            .map(|(i, p)| (owner_at.join("parameters").join(i), p))
            .collect()
    }
    let Some(node) = tree.pointer(&at.as_str()[1..]) else {
        return (at, message);
    };
    let Some(item) = node.as_object() else {
        return (at, message);
    };
    let mut probes: Vec<(Pointer, &Value, Check)> = Vec::new();
    for (p_at, p) in parameters(node, &at) {
        probes.push((p_at, p, probe::<Parameter>));
    }
    for (method, operation) in item {
        let op_at = at.join(method);
        let Some(op) = operation.as_object() else {
            continue;
        };
        for (p_at, p) in parameters(operation, &op_at) {
            probes.push((p_at, p, probe::<Parameter>));
        }
        if let Some(body) = op.get("requestBody") {
            probes.push((op_at.join("requestBody"), body, probe::<RequestBody>));
        }
        for (status, response) in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            probes.push((
                op_at.join("responses").join(status),
                response,
                probe::<Response>,
            ));
        }
    }
    probes
        .into_iter()
        .find_map(|(probe_at, node, check)| check(node, probe_at))
        .unwrap_or((at, message))
}

/// Decodes `node` (found at `at`) as `T`; an error with the place it stopped at.
fn typed<T: serde::de::DeserializeOwned>(
    node: &Value,
    at: Pointer,
) -> Result<T, (Pointer, String)> {
    serde_path_to_error::deserialize(node).map_err(|e| {
        let mut pointer = at;
        for segment in e.path().iter() {
            use serde_path_to_error::Segment;
            pointer = match segment {
                Segment::Seq { index } => pointer.join(index),
                Segment::Map { key } => pointer.join(key),
                Segment::Enum { variant } => pointer.join(variant),
                Segment::Unknown => break,
            };
        }
        (pointer, e.into_inner().to_string())
    })
}

/// The first entry of a map (at `at`) that does not decode as `T`, with the place and message.
fn first_failing<T: serde::de::DeserializeOwned>(
    map: Option<&Value>,
    at: &Pointer,
) -> Option<(Pointer, String)> {
    map?.as_object()?
        .iter()
        .find_map(|(key, value)| typed::<T>(value, at.join(key)).err())
}

/// Replaces callbacks given by a local `$ref` (which the typed model cannot hold) with what they
/// point at; callbacks are only warned about later, but the document must load. Returns whether
/// anything was replaced.
fn inline_callback_refs(tree: &mut Value) -> bool {
    let mut replacements = Vec::new();
    if let Some(paths) = tree.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, operation) in item {
                let Some(callbacks) = operation.get("callbacks").and_then(Value::as_object) else {
                    continue;
                };
                for (name, callback) in callbacks {
                    if let Some(target) = ref_target(tree, callback) {
                        replacements.push((
                            path.clone(),
                            method.clone(),
                            name.clone(),
                            target.clone(),
                        ));
                    }
                }
            }
        }
    }
    let rewritten = !replacements.is_empty();
    for (path, method, name, target) in replacements {
        if let Some(slot) = tree
            .get_mut("paths")
            .and_then(|p| p.get_mut(&path))
            .and_then(|i| i.get_mut(&method))
            .and_then(|o| o.get_mut("callbacks"))
            .and_then(|c| c.get_mut(&name))
        {
            *slot = target;
        }
    }
    rewritten
}

/// Replaces path items given by a local `$ref` with the item they point at, so the rest of the
/// pipeline sees every operation. A reference that does not resolve to a mapping is left alone:
/// validation reports it with its place. Returns whether anything was replaced.
fn inline_path_item_refs(tree: &mut Value) -> bool {
    let Some(paths) = tree.get("paths").and_then(Value::as_object) else {
        return false;
    };
    let mut replacements = Vec::new();
    for (path, item) in paths {
        if let Some(target) = ref_target(tree, item) {
            replacements.push((path.clone(), target.clone()));
        }
    }
    let rewritten = !replacements.is_empty();
    if let Some(paths) = tree.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in replacements {
            paths.insert(path, item);
        }
    }
    rewritten
}

/// What a node given by a local `$ref` stands for, followed through chains of references: a
/// mapping that is not itself a reference. `None` for a node that is no reference, or one that
/// does not resolve (validation reports it with its place).
fn ref_target<'a>(tree: &'a Value, node: &'a Value) -> Option<&'a Value> {
    const MAX_HOPS: usize = 32;
    let mut target = node;
    for _ in 0..MAX_HOPS {
        let Some(pointer) = target.get("$ref").and_then(Value::as_str) else {
            break;
        };
        target = pointer.strip_prefix('#').and_then(|p| tree.pointer(p))?;
    }
    (!std::ptr::eq(target, node) && target.is_object() && target.get("$ref").is_none())
        .then_some(target)
}

fn parse_tree(text: &str) -> Result<Value, Error> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| Error::Parse {
            message: format!("JSON: {e}"),
        });
    }
    let yaml: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| Error::Parse {
        message: format!("YAML: {e}"),
    })?;
    yaml_to_json(yaml)
}

/// YAML allows non-string keys (`200:`) and tags; JSON pointers and `openapiv3` want strings.
fn yaml_to_json(value: yaml_serde::Value) -> Result<Value, Error> {
    use yaml_serde::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(yaml_to_json)
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut object = serde_json::Map::with_capacity(map.len());
            for (key, value) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        return Err(Error::Parse {
                            message: format!("YAML: unsupported mapping key {other:?}"),
                        });
                    }
                };
                object.insert(key, yaml_to_json(value)?);
            }
            Value::Object(object)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value)?,
    })
}

//! Reading spec text (YAML or JSON) into a JSON tree and the `openapiv3` model.

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::Value;

use crate::error::Error;

/// A parsed spec: the typed model, and the raw tree that `$ref`s are resolved against.
#[derive(Debug)]
pub struct Document {
    pub api: OpenAPI,
    pub tree: Value,
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
    let version = tree
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !version.starts_with("3.0.") {
        return Err(Error::Parse {
            message: format!("`openapi` must be a 3.0.x version, found `{version}`"),
        });
    }
    let rewritten = inline_path_item_refs(&mut tree);
    let api = match typed {
        Some(api) if !rewritten => api,
        _ => OpenAPI::deserialize(&tree).map_err(|e| Error::Parse {
            message: e.to_string(),
        })?,
    };
    Ok(Document { api, tree })
}

/// Replaces path items given by a local `$ref` with the item they point at, so the rest of the
/// pipeline sees every operation. A reference that does not resolve to a mapping is left alone:
/// validation reports it with its place. Returns whether anything was replaced.
fn inline_path_item_refs(tree: &mut Value) -> bool {
    const MAX_HOPS: usize = 32;
    let Some(paths) = tree.get("paths").and_then(Value::as_object) else {
        return false;
    };
    let mut replacements = Vec::new();
    for (path, item) in paths {
        let mut target = item;
        for _ in 0..MAX_HOPS {
            let Some(pointer) = target.get("$ref").and_then(Value::as_str) else {
                break;
            };
            match pointer.strip_prefix('#').and_then(|p| tree.pointer(p)) {
                Some(next) => target = next,
                None => break,
            }
        }
        if !std::ptr::eq(target, item) && target.is_object() && target.get("$ref").is_none() {
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

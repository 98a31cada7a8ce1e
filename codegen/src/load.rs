//! Reading spec text (YAML or JSON) into a JSON tree and the `openapiv3` model.

use openapiv3::{OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde_json::Value;

use std::path::{Path, PathBuf};

use crate::bundle::{self, SourcePolicy};
use crate::error::{Error, Pointer, Warning};
use crate::overlay;
use crate::select::{self, Selection};
use crate::upgrade::{self, Origins};

/// A parsed spec: the typed model, and the raw tree that `$ref`s are resolved against, both in
/// OpenAPI 3.0 form; for a document written in another version, where each rewritten node came
/// from and what the rewrite noticed.
#[derive(Debug)]
pub struct Document {
    pub api: OpenAPI,
    pub tree: Value,
    /// The version the document was written in (the tree is in 3.0 form).
    pub version: upgrade::SourceVersion,
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
    load_prepared(text, |tree| Ok((tree, Vec::new())), false)
}

/// How a spec is read: where its references may lead, the overlays applied to it, and the
/// operations kept.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub policy: SourcePolicy,
    /// Overlay documents applied in order, after a split spec is bundled.
    pub overlays: Vec<PathBuf>,
    /// The operations generated (all by default), applied after the overlays.
    pub selection: Selection,
}

/// [`load`] with `options`' overlays and selection; a spec given as text has no file, so a
/// reference into another file is reported where it is.
pub fn load_text(text: &str, options: &LoadOptions) -> Result<Document, Error> {
    let overlays = read_overlays(options)?;
    let prepare = |mut tree: Value| {
        for (name, overlay) in &overlays {
            overlay::apply(&mut tree, overlay, name)?;
        }
        select::apply(&mut tree, &options.selection)?;
        Ok((tree, Vec::new()))
    };
    let rewrites = !overlays.is_empty() || !options.selection.is_empty();
    load_prepared(text, prepare, rewrites)
}

/// The overlay documents `options` names, read and parsed, with their names.
fn read_overlays(options: &LoadOptions) -> Result<Vec<(String, Value)>, Error> {
    options
        .overlays
        .iter()
        .map(|overlay| {
            let name = overlay.display().to_string();
            let text = std::fs::read_to_string(overlay).map_err(|e| Error::Parse {
                message: format!("cannot read overlay {name}: {e}"),
            })?;
            let tree = parse_tree(&text).map_err(|e| Error::Parse {
                message: format!("{name}: {e}"),
            })?;
            Ok((name, tree))
        })
        .collect()
}

/// Reads the spec at `path`: files it references are bundled into it, then `options`'
/// overlays and selection applied. Errors and warnings name the file each place was written in.
pub fn load_file(path: &Path, options: &LoadOptions) -> Result<Document, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Parse {
        message: format!("cannot read {}: {e}", path.display()),
    })?;
    let overlays = read_overlays(options)?;
    let prepare = |tree: Value| {
        let (mut tree, files) = match bundle::has_external_refs(&tree) {
            true => {
                let bundled = bundle::bundle(tree, path, &options.policy)?;
                (bundled.tree, bundled.sources)
            }
            false => (tree, Vec::new()),
        };
        for (name, overlay) in &overlays {
            overlay::apply(&mut tree, overlay, name)?;
        }
        select::apply(&mut tree, &options.selection)?;
        Ok((tree, files))
    };
    let rewrites = !overlays.is_empty() || !options.selection.is_empty();
    load_prepared(&text, prepare, rewrites)
}

/// Parses `text`, lets `prepare` rewrite the tree (bundling, overlays; it returns where moved
/// nodes came from), and builds the document. `rewrites` says the typed model cannot be decoded
/// from the text itself.
fn load_prepared(
    text: &str,
    prepare: impl FnOnce(Value) -> Result<(Value, Vec<(Pointer, Pointer)>), Error>,
    rewrites: bool,
) -> Result<Document, Error> {
    if !text.trim_start().starts_with('{') || rewrites {
        let (tree, files) = prepare(parse_tree(text)?)?;
        return upgraded_tree(tree, files)?.into_document(None);
    }
    std::thread::scope(|scope| {
        let typed = std::thread::Builder::new()
            .stack_size(crate::STACK_BYTES)
            .spawn_scoped(scope, || serde_json::from_str::<OpenAPI>(text).ok());
        // The tree is read and upgraded while the typed model is decoded from the text.
        let (tree, files) = prepare(parse_tree(text)?)?;
        // A bundled tree is not what the text says.
        let bundled = !files.is_empty();
        let upgraded = upgraded_tree(tree, files)?;
        let typed = typed.ok().and_then(|thread| thread.join().ok().flatten());
        upgraded.into_document(typed.filter(|_| !bundled))
    })
}

/// A tree in OpenAPI 3.0 form, before its typed model is made.
struct UpgradedTree {
    tree: Value,
    version: upgrade::SourceVersion,
    upgraded: upgrade::Upgraded,
    /// Whether the tree says something other than the text it was read from.
    rewritten: bool,
}

/// Checks the tree and upgrades it; `files` says where the nodes a split spec's bundle took
/// from other files came from.
fn upgraded_tree(mut tree: Value, files: Vec<(Pointer, Pointer)>) -> Result<UpgradedTree, Error> {
    if !tree.is_object() {
        return Err(Error::Parse {
            message: "the document is not a mapping".to_owned(),
        });
    }
    let (version, mut upgraded) = upgrade::upgrade(&mut tree)?;
    upgraded.origins.record_files(files);
    let inlined = inline_path_item_refs(&mut tree) | inline_callback_refs(&mut tree);
    let rewritten = inlined || upgraded.changed;
    Ok(UpgradedTree {
        tree,
        version,
        upgraded,
        rewritten,
    })
}

impl UpgradedTree {
    /// The document, reusing `typed` (decoded from the text) when the tree says the same.
    fn into_document(self, typed: Option<OpenAPI>) -> Result<Document, Error> {
        let UpgradedTree {
            tree,
            version,
            upgraded,
            rewritten,
        } = self;
        let api = match typed {
            Some(api) if !rewritten => api,
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

pub(crate) fn parse_tree(text: &str) -> Result<Value, Error> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| Error::Parse {
            message: format!("JSON: {e}"),
        });
    }
    yaml_serde::from_str::<YamlTree>(text)
        .map(|tree| tree.0)
        .map_err(|e| Error::Parse {
            message: format!("YAML: {e}"),
        })
}

/// A YAML document read straight into a JSON tree. YAML allows what JSON pointers and
/// `openapiv3` do not want: non-string keys (`200:`), tags, and integers beyond 64 bits (kept
/// as floats: they only bound validation).
struct YamlTree(Value);

impl<'de> serde::Deserialize<'de> for YamlTree {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(YamlTree)
    }
}

struct TreeVisitor;

impl<'de> serde::de::Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(YamlTree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some((YamlTree(key), YamlTree(value))) = map.next_entry()? {
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                Value::Bool(_) | Value::Number(_) => key.to_string(),
                other => {
                    return Err(serde::de::Error::custom(format!(
                        "unsupported mapping key {other}"
                    )));
                }
            };
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
    /// A tagged value (`!tag value`): the tag is dropped.
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, variant) = data.variant::<serde::de::IgnoredAny>()?;
        variant.newtype_variant::<YamlTree>().map(|tree| tree.0)
    }
}

/// A float as JSON; JSON has no NaN or infinity, so those become null.
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

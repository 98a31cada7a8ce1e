//! Specs split across files: every `$ref` into another file (`pet.yaml`,
//! `common.yaml#/components/schemas/Error`, `../shared/errors.json#/Error`) is followed and its
//! target moved into the root document, so the rest of the pipeline sees one document with local
//! references only.
//!
//! A target lands where a bundled document keeps things of its kind: a schema in
//! `components/schemas` (Swagger 2.0: `definitions`), a parameter in `components/parameters`, and
//! so on, named after the last segment of its pointer (or the file's stem when the reference names
//! a whole file). What has no components section of its own (a path item) is put in place of the
//! reference. Every target is moved once, however many references name it, so references that
//! form cycles across files end in local cycles. Where each moved node came from is recorded, so
//! errors and warnings name the file and pointer the user wrote.
//!
//! Files are read from the root spec's folder tree only, unless the caller allows others; remote
//! (`http(s)`) references are fetched only through a fetcher the caller provides.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{Error, Pointer};

/// Fetches a remote document's text by its URL.
pub type Fetch = std::sync::Arc<dyn Fn(&str) -> Result<String, String> + Send + Sync>;

/// Where references may lead.
#[derive(Clone, Default)]
pub struct SourcePolicy {
    /// Files outside the root spec's folder (and its subfolders) may be read.
    pub allow_outside: bool,
    /// Fetches remote (`http://`, `https://`) documents; without one, a remote reference is an
    /// error naming it.
    pub fetch: Option<Fetch>,
}

impl std::fmt::Debug for SourcePolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourcePolicy")
            .field("allow_outside", &self.allow_outside)
            .field("fetch", &self.fetch.is_some())
            .finish()
    }
}

/// A bundled document and where its moved nodes came from: pointers into the bundle (by
/// prefix) to places in the files as written (`schemas/pet.yaml#/properties`).
#[derive(Debug)]
pub struct Bundled {
    pub tree: Value,
    pub sources: Vec<(Pointer, Pointer)>,
}

/// A document a reference can lead to: a file (canonical path) or a URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Source {
    File(PathBuf),
    Remote(String),
}

/// What kind of OpenAPI object a position holds; it decides where a referenced target goes and
/// which members of it are followed further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Response,
    Header,
    Schema,
    Example,
    Link,
    Callback,
    SecurityScheme,
}

/// Bundles the document `tree` read from `root` (a file path) with every file it references.
pub fn bundle(tree: Value, root: &Path, policy: &SourcePolicy) -> Result<Bundled, Error> {
    let root_path = canonical(root).map_err(|message| Error::Parse {
        message: format!("{}: {message}", root.display()),
    })?;
    let folder = root_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let swagger2 = tree.get("swagger").is_some();
    let mut bundler = Bundler {
        policy,
        folder,
        root: Source::File(root_path.clone()),
        swagger2,
        documents: HashMap::new(),
        placed: HashMap::new(),
        taken: HashSet::new(),
        moved: Vec::new(),
        sources: Vec::new(),
        inlining: Vec::new(),
        slots: HashMap::new(),
    };
    for (section, names) in sections_of(&tree, swagger2) {
        for name in names {
            bundler.taken.insert((section.clone(), name));
        }
    }
    bundler.claim_slots(&tree);
    let mut tree = tree;
    let root_source = bundler.root.clone();
    bundler.walk(
        &mut tree,
        Kind::Root,
        &root_source,
        &Pointer::root(),
        &Pointer::root(),
    )?;
    for (section, name, value) in std::mem::take(&mut bundler.moved) {
        insert_component(&mut tree, &section, &name, value);
    }
    Ok(Bundled {
        tree,
        sources: bundler.sources,
    })
}

/// Whether `tree` has a reference into another document anywhere (a quick check before
/// bundling; references inside example values count too, which only costs a bundling pass).
pub fn has_external_refs(tree: &Value) -> bool {
    match tree {
        Value::Object(map) => map.iter().any(|(key, value)| match (key.as_str(), value) {
            ("$ref", Value::String(target)) => !target.starts_with('#'),
            _ => has_external_refs(value),
        }),
        Value::Array(items) => items.iter().any(has_external_refs),
        _ => false,
    }
}

struct Bundler<'p> {
    policy: &'p SourcePolicy,
    /// The root spec's folder (canonical): files outside it are refused unless allowed.
    folder: PathBuf,
    root: Source,
    swagger2: bool,
    documents: HashMap<Source, Value>,
    /// Targets already moved (source, pointer) → their local reference.
    placed: HashMap<(Source, String), String>,
    /// Component names in use, by section (`components/schemas`).
    taken: HashSet<(String, String)>,
    /// Targets moved so far: section, name, content.
    moved: Vec<(String, String, Value)>,
    sources: Vec<(Pointer, Pointer)>,
    /// Targets being put in place (path items), to stop a reference cycle among them.
    inlining: Vec<(Source, String)>,
    /// The root's components that are only a reference into another file
    /// (`Pet: {$ref: schemas/pet.yaml}`), by place: their target is put there, under the
    /// component's own name, however it is reached first.
    slots: HashMap<String, (Source, String)>,
}

impl Bundler<'_> {
    /// Follows the references in `node` (of `kind`, found in `source` at `at`; `here` is where
    /// it sits in the bundle).
    fn walk(
        &mut self,
        node: &mut Value,
        kind: Kind,
        source: &Source,
        at: &Pointer,
        here: &Pointer,
    ) -> Result<(), Error> {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            let reference = reference.to_owned();
            return self.reference(node, &reference, kind, source, at, here);
        }
        for (key, child_kind, shape) in children(kind, node, self.swagger2) {
            let Some(child) = node.get_mut(&key) else {
                continue;
            };
            let (child_at, child_here) = (at.join(&key), here.join(&key));
            match (shape, child) {
                (Shape::One, child) => {
                    self.walk(child, child_kind, source, &child_at, &child_here)?
                }
                (Shape::Map, Value::Object(entries)) => {
                    for (name, entry) in entries.iter_mut() {
                        self.walk(
                            entry,
                            child_kind,
                            source,
                            &child_at.join(name),
                            &child_here.join(name),
                        )?;
                    }
                }
                (Shape::List, Value::Array(items)) | (Shape::OneOrList, Value::Array(items)) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        self.walk(
                            item,
                            child_kind,
                            source,
                            &child_at.join(i),
                            &child_here.join(i),
                        )?;
                    }
                }
                (Shape::OneOrList, child) => {
                    self.walk(child, child_kind, source, &child_at, &child_here)?
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Rewrites the reference object `node` (`$ref: reference`) into a local one.
    fn reference(
        &mut self,
        node: &mut Value,
        reference: &str,
        kind: Kind,
        source: &Source,
        at: &Pointer,
        here: &Pointer,
    ) -> Result<(), Error> {
        if *source == self.root && reference.starts_with('#') {
            return Ok(());
        }
        let ref_at = self.shown(source, at);
        let (target_source, fragment) = match reference.split_once('#') {
            Some(("", fragment)) => (source.clone(), fragment.to_owned()),
            Some((location, fragment)) => (
                self.locate(location, source, &ref_at, reference)?,
                fragment.to_owned(),
            ),
            None => (
                self.locate(reference, source, &ref_at, reference)?,
                String::new(),
            ),
        };
        let fragment = crate::error::percent_decode(&fragment);
        if target_source == self.root {
            // Into the root document: a plain local reference.
            set_ref(node, format!("#{}", escape_fragment(&fragment)));
            return Ok(());
        }
        let key = (target_source.clone(), fragment.clone());
        let in_its_slot = self.slots.get(here.as_str()) == Some(&key);
        if let Some(local) = self.placed.get(&key).filter(|_| !in_its_slot) {
            set_ref(node, local.clone());
            return Ok(());
        }
        let target = self.target(&target_source, &fragment, &ref_at, reference)?;
        let target_at = Pointer::from_raw(format!(
            "{}#{}",
            self.name_of(&target_source),
            escape_fragment(&fragment)
        ));
        let fragment_pointer = Pointer::from_raw(format!("#{}", escape_fragment(&fragment)));
        if in_its_slot {
            let mut content = target;
            self.walk(&mut content, kind, &target_source, &fragment_pointer, here)?;
            self.sources.push((here.clone(), target_at));
            keep_siblings(&mut content, node);
            *node = content;
            return Ok(());
        }
        match self.section(kind) {
            Some(section) => {
                let name = self.free_name(&section, &fragment, &target_source);
                let local = format!("#/{section}/{}", escape_segment(&name));
                self.placed.insert(key, local.clone());
                set_ref(node, local.clone());
                let local_pointer = Pointer::from_raw(local);
                self.sources.push((local_pointer.clone(), target_at));
                let mut content = target;
                self.walk(
                    &mut content,
                    kind,
                    &target_source,
                    &fragment_pointer,
                    &local_pointer,
                )?;
                self.moved.push((section, name, content));
            }
            None => {
                if self.inlining.contains(&key) {
                    return Err(Error::Unsupported {
                        pointer: ref_at,
                        message: format!(
                            "`{reference}` refers to itself through other files; only schemas, \
                             parameters, responses and the like may form cycles"
                        ),
                    });
                }
                self.inlining.push(key);
                let mut content = target;
                let walked = self.walk(&mut content, kind, &target_source, &fragment_pointer, here);
                self.inlining.pop();
                walked?;
                self.sources.push((here.clone(), target_at));
                keep_siblings(&mut content, node);
                *node = content;
            }
        }
        Ok(())
    }

    /// Claims, for each root component that is only a reference into another file, its target:
    /// the target is put in that component's place.
    fn claim_slots(&mut self, tree: &Value) {
        let root = self.root.clone();
        for (section, _) in sections_of(tree, self.swagger2) {
            let mut node = Some(tree);
            let mut at = Pointer::root();
            for part in section.split('/') {
                node = node.and_then(|n| n.get(part));
                at = at.join(part);
            }
            for (name, entry) in node.and_then(Value::as_object).into_iter().flatten() {
                let Some(reference) = entry.get("$ref").and_then(Value::as_str) else {
                    continue;
                };
                let (location, fragment) = reference.split_once('#').unwrap_or((reference, ""));
                if location.is_empty() {
                    continue;
                }
                // A reference that cannot be followed is reported where the walk meets it.
                let Ok(source) = self.locate(location, &root, &at, reference) else {
                    continue;
                };
                let key = (source, crate::error::percent_decode(fragment));
                let local = format!("#/{section}/{}", escape_segment(name));
                if !self.placed.contains_key(&key) {
                    self.placed.insert(key.clone(), local);
                    self.slots.insert(at.join(name).as_str().to_owned(), key);
                }
            }
        }
    }

    /// The document a reference's location names, seen from `from`.
    fn locate(
        &mut self,
        location: &str,
        from: &Source,
        ref_at: &Pointer,
        reference: &str,
    ) -> Result<Source, Error> {
        let refused = |reason: String| Error::Reference {
            pointer: ref_at.clone(),
            reference: reference.to_owned(),
            reason,
        };
        let remote = |url: &str| url.starts_with("http://") || url.starts_with("https://");
        if remote(location) {
            return Ok(Source::Remote(location.to_owned()));
        }
        if location.contains("://") {
            return Err(refused(
                "only relative files and http(s) URLs can be followed".into(),
            ));
        }
        let location = crate::error::percent_decode(location);
        match from {
            Source::Remote(base) => Ok(Source::Remote(join_url(base, &location))),
            Source::File(file) => {
                let path = file.parent().unwrap_or(Path::new("")).join(&location);
                let path = canonical(&path).map_err(refused)?;
                if !self.policy.allow_outside && !path.starts_with(&self.folder) {
                    return Err(refused(format!(
                        "`{}` is outside the spec's folder `{}` (allow files outside it to follow it)",
                        path.display(),
                        self.folder.display()
                    )));
                }
                Ok(Source::File(path))
            }
        }
    }

    /// The node at `fragment` in `source`, read on first use.
    fn target(
        &mut self,
        source: &Source,
        fragment: &str,
        ref_at: &Pointer,
        reference: &str,
    ) -> Result<Value, Error> {
        let refused = |reason: String| Error::Reference {
            pointer: ref_at.clone(),
            reference: reference.to_owned(),
            reason,
        };
        if !self.documents.contains_key(source) {
            let text = match source {
                Source::File(path) => std::fs::read_to_string(path)
                    .map_err(|e| refused(format!("cannot read `{}`: {e}", path.display())))?,
                Source::Remote(url) => match &self.policy.fetch {
                    Some(fetch) => {
                        fetch(url).map_err(|e| refused(format!("cannot fetch it: {e}")))?
                    }
                    None => {
                        return Err(refused(
                            "remote references are followed only when allowed \
                             (`--allow-remote-refs`)"
                                .into(),
                        ));
                    }
                },
            };
            let tree = crate::load::parse_tree(&text)
                .map_err(|e| refused(format!("`{}`: {e}", self.name_of(source))))?;
            self.documents.insert(source.clone(), tree);
        }
        let document = &self.documents[source];
        match fragment {
            "" => Ok(document.clone()),
            pointer if pointer.starts_with('/') => {
                document.pointer(pointer).cloned().ok_or_else(|| {
                    refused(format!(
                        "`{}` has nothing at `#{pointer}`",
                        self.name_of(source)
                    ))
                })
            }
            other => Err(refused(format!("`#{other}` is not a JSON pointer"))),
        }
    }

    /// Where a target of `kind` goes: a components section, or `None` to
    /// put it in place of its reference.
    fn section(&self, kind: Kind) -> Option<String> {
        let (v3, v2) = match kind {
            Kind::Schema => ("schemas", Some("definitions")),
            Kind::Parameter => ("parameters", Some("parameters")),
            Kind::Response => ("responses", Some("responses")),
            Kind::RequestBody => ("requestBodies", None),
            Kind::Header => ("headers", None),
            Kind::Example => ("examples", None),
            Kind::Link => ("links", None),
            Kind::Callback => ("callbacks", None),
            Kind::SecurityScheme => ("securitySchemes", Some("securityDefinitions")),
            _ => return None,
        };
        match self.swagger2 {
            true => v2.map(str::to_owned),
            false => Some(format!("components/{v3}")),
        }
    }

    /// A name for a target in `section` not yet taken: the pointer's last segment, else the
    /// file's stem; a number is appended when another target has it.
    fn free_name(&mut self, section: &str, fragment: &str, source: &Source) -> String {
        let base = fragment
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty())
            .map(|s| crate::error::unescape_segment(s).into_owned())
            .unwrap_or_else(|| stem(source));
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken.insert((section.to_owned(), name.clone())) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    /// `at` in `source`, as errors show it: `#/…` in the root, `file#/…` elsewhere.
    fn shown(&self, source: &Source, at: &Pointer) -> Pointer {
        if *source == self.root {
            return at.clone();
        }
        Pointer::from_raw(format!("{}{}", self.name_of(source), at.as_str()))
    }

    /// A document's name as the user knows it: relative to the root spec's folder when inside
    /// it, else its full path or URL.
    fn name_of(&self, source: &Source) -> String {
        match source {
            Source::Remote(url) => url.clone(),
            Source::File(path) => match path.strip_prefix(&self.folder) {
                Ok(inside) => inside
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/"),
                Err(_) => path.display().to_string(),
            },
        }
    }
}

/// How a member holds objects of its kind.
#[derive(Debug, Clone, Copy)]
enum Shape {
    One,
    Map,
    List,
    /// `items`: one schema, or a list (draft 4 tuples).
    OneOrList,
}

/// The members of an object of `kind` that hold OpenAPI objects, with their kind. Example
/// values, defaults, enums and extensions are data and never followed.
fn children(kind: Kind, node: &Value, swagger2: bool) -> Vec<(String, Kind, Shape)> {
    use Kind as K;
    use Shape as S;
    let fixed: &[(&str, Kind, Shape)] = match kind {
        K::Root if swagger2 => &[
            ("paths", K::PathItem, S::Map),
            ("definitions", K::Schema, S::Map),
            ("parameters", K::Parameter, S::Map),
            ("responses", K::Response, S::Map),
            ("securityDefinitions", K::SecurityScheme, S::Map),
        ],
        K::Root => &[
            ("paths", K::PathItem, S::Map),
            ("webhooks", K::PathItem, S::Map),
            ("components", K::Components, S::One),
        ],
        K::Components => &[
            ("schemas", K::Schema, S::Map),
            ("parameters", K::Parameter, S::Map),
            ("responses", K::Response, S::Map),
            ("requestBodies", K::RequestBody, S::Map),
            ("headers", K::Header, S::Map),
            ("examples", K::Example, S::Map),
            ("links", K::Link, S::Map),
            ("callbacks", K::Callback, S::Map),
            ("securitySchemes", K::SecurityScheme, S::Map),
            ("pathItems", K::PathItem, S::Map),
        ],
        K::PathItem => &[
            ("parameters", K::Parameter, S::List),
            ("get", K::Operation, S::One),
            ("put", K::Operation, S::One),
            ("post", K::Operation, S::One),
            ("delete", K::Operation, S::One),
            ("options", K::Operation, S::One),
            ("head", K::Operation, S::One),
            ("patch", K::Operation, S::One),
            ("trace", K::Operation, S::One),
        ],
        K::Operation => &[
            ("parameters", K::Parameter, S::List),
            ("requestBody", K::RequestBody, S::One),
            ("responses", K::Response, S::Map),
            ("callbacks", K::Callback, S::Map),
        ],
        K::Parameter | K::Header => &[
            ("schema", K::Schema, S::One),
            ("items", K::Schema, S::One),
            ("content", K::MediaType, S::Map),
            ("examples", K::Example, S::Map),
        ],
        K::RequestBody => &[("content", K::MediaType, S::Map)],
        K::MediaType => &[
            ("schema", K::Schema, S::One),
            ("examples", K::Example, S::Map),
            ("encoding", K::Encoding, S::Map),
        ],
        K::Encoding => &[("headers", K::Header, S::Map)],
        K::Response => &[
            ("schema", K::Schema, S::One),
            ("headers", K::Header, S::Map),
            ("content", K::MediaType, S::Map),
            ("links", K::Link, S::Map),
        ],
        K::Schema => &[
            ("properties", K::Schema, S::Map),
            ("patternProperties", K::Schema, S::Map),
            ("$defs", K::Schema, S::Map),
            ("definitions", K::Schema, S::Map),
            ("dependentSchemas", K::Schema, S::Map),
            ("items", K::Schema, S::OneOrList),
            ("prefixItems", K::Schema, S::List),
            ("allOf", K::Schema, S::List),
            ("anyOf", K::Schema, S::List),
            ("oneOf", K::Schema, S::List),
            ("not", K::Schema, S::One),
            ("additionalProperties", K::Schema, S::One),
            ("additionalItems", K::Schema, S::One),
            ("unevaluatedProperties", K::Schema, S::One),
            ("unevaluatedItems", K::Schema, S::One),
            ("contains", K::Schema, S::One),
            ("propertyNames", K::Schema, S::One),
            ("if", K::Schema, S::One),
            ("then", K::Schema, S::One),
            ("else", K::Schema, S::One),
            ("contentSchema", K::Schema, S::One),
        ],
        K::Callback => {
            // Each member is a path item, under its expression.
            return node
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(key, _)| !key.starts_with("x-"))
                .map(|(key, _)| (key.clone(), K::PathItem, S::One))
                .collect();
        }
        K::Example | K::Link | K::SecurityScheme => &[],
    };
    fixed
        .iter()
        .map(|(key, kind, shape)| ((*key).to_owned(), *kind, *shape))
        .collect()
}

/// The component names the root document already uses, by section.
fn sections_of(tree: &Value, swagger2: bool) -> Vec<(String, Vec<String>)> {
    let names = |node: Option<&Value>| -> Vec<String> {
        node.and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    if swagger2 {
        return [
            "definitions",
            "parameters",
            "responses",
            "securityDefinitions",
        ]
        .into_iter()
        .map(|s| (s.to_owned(), names(tree.get(s))))
        .collect();
    }
    let components = tree.get("components");
    [
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "examples",
        "links",
        "callbacks",
        "securitySchemes",
    ]
    .into_iter()
    .map(|s| {
        (
            format!("components/{s}"),
            names(components.and_then(|c| c.get(s))),
        )
    })
    .collect()
}

/// Puts `value` at `section/name` of the root (`components/schemas/Pet`).
fn insert_component(tree: &mut Value, section: &str, name: &str, value: Value) {
    let mut node = tree;
    for part in section.split('/') {
        let Value::Object(map) = node else { return };
        node = map
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(map) = node {
        map.insert(name.to_owned(), value);
    }
}

/// Keeps the siblings of a reference (a summary, say) beside the `content` it names.
fn keep_siblings(content: &mut Value, reference: &Value) {
    if let (Value::Object(content), Value::Object(siblings)) = (content, reference) {
        for (k, v) in siblings {
            if k != "$ref" {
                content.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
}

fn set_ref(node: &mut Value, target: String) {
    if let Value::Object(map) = node {
        map.insert("$ref".to_owned(), Value::String(target));
    }
}

/// A decoded pointer (`/components/schemas/a b`) as a `$ref` fragment writes it: RFC 6901
/// escapes kept, characters a URI fragment cannot hold percent-encoded.
fn escape_fragment(fragment: &str) -> String {
    let mut out = String::with_capacity(fragment.len());
    for c in fragment.chars() {
        match c {
            ' ' | '%' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | '#' => {
                let mut buffer = [0; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// One name as a pointer segment, escaped (`~0`, `~1`) and then as [`escape_fragment`].
fn escape_segment(name: &str) -> String {
    escape_fragment(&crate::error::escape_segment(name))
}

/// A file's stem (`schemas/pet.yaml` → `pet`), the name of a whole-file target.
fn stem(source: &Source) -> String {
    let name = match source {
        Source::File(path) => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        Source::Remote(url) => url
            .rsplit('/')
            .next()
            .map(|s| s.split('.').next().unwrap_or(s).to_owned())
            .unwrap_or_default(),
    };
    if name.is_empty() {
        "Schema".to_owned()
    } else {
        name
    }
}

/// The canonical path of an existing file.
fn canonical(path: &Path) -> Result<PathBuf, String> {
    std::fs::canonicalize(path).map_err(|e| format!("cannot open `{}`: {e}", path.display()))
}

/// `location` resolved against the URL `base` (RFC 3986 for the paths specs use).
fn join_url(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_owned();
    }
    let (origin, path) = match base
        .find("://")
        .and_then(|i| base[i + 3..].find('/').map(|j| i + 3 + j))
    {
        Some(slash) => (&base[..slash], &base[slash..]),
        None => (base, "/"),
    };
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let joined = format!("{folder}{location}");
    let mut parts: Vec<&str> = Vec::new();
    for part in Path::new(&joined).components() {
        match part {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(p) => parts.push(p.to_str().unwrap_or_default()),
            _ => {}
        }
    }
    format!("{origin}/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::join_url;

    #[test]
    fn remote_locations_resolve_against_their_base() {
        let base = "https://example.com/specs/api.yaml";
        assert_eq!(
            join_url(base, "common.yaml"),
            "https://example.com/specs/common.yaml"
        );
        assert_eq!(
            join_url(base, "../x/y.json"),
            "https://example.com/x/y.json"
        );
        assert_eq!(
            join_url(base, "/root.yaml"),
            "https://example.com/root.yaml"
        );
    }
}

//! Generating part of an API: operations chosen by tag or operation id (`--only tag:pets`,
//! `--exclude operation:deletePet`), and only the components the chosen operations reach.
//!
//! Applied to the document tree before anything else reads it, so the rest of the pipeline sees
//! a smaller spec: unreachable schemas, parameters and responses are gone, not gated.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::Error;

/// Which operations to generate: those matching any of `only` (all when it is empty), minus
/// those matching any of `exclude`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub only: Vec<Selector>,
    pub exclude: Vec<Selector>,
}

/// One way to name operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// `tag:NAME`: the operations with that tag.
    Tag(String),
    /// `operation:ID`: the operation with that `operationId`.
    Operation(String),
}

impl FromStr for Selector {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.split_once(':') {
            Some(("tag", name)) if !name.is_empty() => Ok(Selector::Tag(name.to_owned())),
            Some(("operation", id)) if !id.is_empty() => Ok(Selector::Operation(id.to_owned())),
            _ => Err(format!(
                "`{text}` names no operations: write `tag:NAME` or `operation:ID`"
            )),
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Tag(name) => write!(f, "tag:{name}"),
            Selector::Operation(id) => write!(f, "operation:{id}"),
        }
    }
}

impl Selector {
    fn matches(&self, operation: &Value) -> bool {
        match self {
            Selector::Tag(name) => operation
                .get("tags")
                .and_then(Value::as_array)
                .is_some_and(|tags| tags.iter().any(|t| t.as_str() == Some(name))),
            Selector::Operation(id) => {
                operation.get("operationId").and_then(Value::as_str) == Some(id)
            }
        }
    }
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.only.is_empty() && self.exclude.is_empty()
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keeps the operations `selection` chooses in `tree` (a document as written, any version) and
/// the components they reach. A selector that matches no operation is an error: it is a typo or
/// the spec changed.
pub fn apply(tree: &mut Value, selection: &Selection) -> Result<(), Error> {
    if selection.is_empty() {
        return Ok(());
    }
    let mut matched: HashSet<usize> = HashSet::new();
    let selectors: Vec<&Selector> = selection.only.iter().chain(&selection.exclude).collect();
    let only = selection.only.len();
    if let Some(paths) = tree.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            item.retain(|key, operation| {
                if !METHODS.contains(&key.as_str()) {
                    return true;
                }
                let hits: Vec<usize> = (0..selectors.len())
                    .filter(|&i| selectors[i].matches(operation))
                    .collect();
                matched.extend(&hits);
                let chosen = only == 0 || hits.iter().any(|&i| i < only);
                chosen && !hits.iter().any(|&i| i >= only)
            });
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_none_or(|item| item.keys().any(|k| METHODS.contains(&k.as_str())))
        });
    }
    if let Some(unmatched) = (0..selectors.len()).find(|i| !matched.contains(i)) {
        let flag = if unmatched < only {
            "--only"
        } else {
            "--exclude"
        };
        return Err(Error::InvalidOptions {
            message: format!("{flag} {}: no operation matches it", selectors[unmatched]),
        });
    }
    prune_components(tree);
    Ok(())
}

/// The sections of reusable objects in a document of either form.
fn sections(tree: &Value) -> Vec<Vec<&'static str>> {
    if tree.get("swagger").is_some() {
        return vec![vec!["definitions"], vec!["parameters"], vec!["responses"]];
    }
    [
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "examples",
        "links",
        "callbacks",
        "pathItems",
    ]
    .into_iter()
    .map(|s| vec!["components", s])
    .collect()
}

/// Removes the components no reference from the rest of the document reaches (through other
/// components, and discriminator mappings, which name schemas by text).
fn prune_components(tree: &mut Value) {
    let sections = sections(tree);
    let swagger2 = tree.get("swagger").is_some();
    let section_of = |pointer: &str| -> Option<(usize, String)> {
        let segments: Vec<String> = pointer
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(|s| crate::error::unescape_segment(&crate::error::percent_decode(s)).into_owned())
            .collect();
        sections.iter().enumerate().find_map(|(i, section)| {
            let n = section.len();
            (segments.len() > n && segments[..n].iter().zip(section).all(|(a, b)| a == b))
                .then(|| (i, segments[n].clone()))
        })
    };
    // The roots: everything but the sections themselves.
    let mut refs = Vec::new();
    if let Some(root) = tree.as_object() {
        for (key, value) in root {
            match key.as_str() {
                "components" if !swagger2 => {
                    for (name, section) in value.as_object().into_iter().flatten() {
                        if !sections.iter().any(|s| s[1] == name) {
                            collect_refs(section, swagger2, &mut refs);
                        }
                    }
                }
                "definitions" | "parameters" | "responses" if swagger2 => {}
                _ => collect_refs(value, swagger2, &mut refs),
            }
        }
    }
    let mut reached: BTreeSet<(usize, String)> = BTreeSet::new();
    while let Some(reference) = refs.pop() {
        let Some(key) = section_of(&reference) else {
            continue;
        };
        if !reached.insert(key.clone()) {
            continue;
        }
        let (section, name) = &key;
        let mut node = Some(&*tree);
        for part in &sections[*section] {
            node = node.and_then(|n| n.get(part));
        }
        if let Some(entry) = node.and_then(|n| n.get(name)) {
            collect_refs(entry, swagger2, &mut refs);
        }
    }
    for (i, section) in sections.iter().enumerate() {
        let mut node = Some(&mut *tree);
        for part in section {
            node = node.and_then(|n| n.get_mut(*part));
        }
        if let Some(entries) = node.and_then(Value::as_object_mut) {
            entries.retain(|name, _| reached.contains(&(i, name.clone())));
        }
    }
}

/// Every local reference under `node`: `$ref`s, and the schemas discriminator mappings name.
fn collect_refs(node: &Value, swagger2: bool, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => out.push(target.clone()),
                    ("discriminator", Value::Object(d)) => {
                        for target in d
                            .get("mapping")
                            .and_then(Value::as_object)
                            .into_iter()
                            .flatten()
                            .filter_map(|(_, v)| v.as_str())
                        {
                            out.push(match (target.starts_with('#'), swagger2) {
                                (true, _) => target.to_owned(),
                                (false, true) => format!("#/definitions/{target}"),
                                (false, false) => format!("#/components/schemas/{target}"),
                            });
                        }
                    }
                    _ => collect_refs(value, swagger2, out),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_refs(item, swagger2, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Selection, Selector, apply};

    #[test]
    fn only_the_chosen_operations_and_what_they_reach_remain() {
        let mut tree = json!({
            "openapi": "3.0.3",
            "paths": {
                "/pets": {
                    "get": {"tags": ["pets"], "operationId": "listPets", "responses": {"200": {
                        "description": "ok", "content": {"application/json": {"schema":
                            {"$ref": "#/components/schemas/Pets"}}}}}},
                    "delete": {"tags": ["pets"], "operationId": "purge", "responses": {}}
                },
                "/users": {"get": {"tags": ["users"], "responses": {"200": {
                    "$ref": "#/components/responses/Users"}}}}
            },
            "components": {
                "schemas": {
                    "Pets": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                    "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}],
                            "discriminator": {"propertyName": "kind", "mapping": {"dog": "Dog"}}},
                    "Cat": {"type": "object"},
                    "Dog": {"type": "object"},
                    "User": {"type": "object"}
                },
                "responses": {"Users": {"description": "ok"}},
                "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "k"}}
            }
        });
        let selection = Selection {
            only: vec!["tag:pets".parse().expect("selector")],
            exclude: vec![Selector::Operation("purge".into())],
        };
        apply(&mut tree, &selection).expect("applies");
        assert_eq!(tree["paths"].as_object().expect("paths").len(), 1);
        assert!(tree["paths"]["/pets"].get("delete").is_none());
        let schemas: Vec<&String> = tree["components"]["schemas"]
            .as_object()
            .expect("schemas")
            .keys()
            .collect();
        assert_eq!(schemas, ["Pets", "Pet", "Cat", "Dog"]);
        assert_eq!(tree["components"]["responses"], json!({}));
        assert!(tree["components"]["securitySchemes"].get("key").is_some());

        let missing = Selection {
            only: vec![Selector::Tag("nope".into())],
            exclude: Vec::new(),
        };
        let error = apply(&mut tree, &missing).expect_err("matches nothing");
        assert_eq!(
            error.to_string(),
            "--only tag:nope: no operation matches it"
        );
        assert!("op:x".parse::<Selector>().is_err());
    }
}

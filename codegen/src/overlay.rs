//! OpenAPI Overlays (Overlay Specification 1.0.0): documents of actions, each a JSONPath
//! target (RFC 9535) with an `update` merged into every node it selects or `remove: true`,
//! applied in order to a spec before anything else reads it. The standard way to fix a spec one
//! does not own.
//!
//! An `update` merges into an object recursively (members of the update replace scalars of the
//! same name, merge into objects and are appended to lists) and is appended to a list target. A
//! target that selects nothing is an error: an overlay that silently does nothing after the spec
//! changed is the mistake overlays are known for.

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::error::Error;

/// Applies the overlay document `overlay` (named `name` in errors) to `tree`.
pub fn apply(tree: &mut Value, overlay: &Value, name: &str) -> Result<(), Error> {
    let fail = |index: usize, message: String| Error::Overlay {
        overlay: name.to_owned(),
        index,
        message,
    };
    let document = |message: &str| Error::Parse {
        message: format!("{name}: {message}"),
    };
    match overlay.get("overlay").and_then(Value::as_str) {
        Some(version) if version.starts_with("1.") => {}
        Some(version) => {
            return Err(document(&format!(
                "overlay version `{version}` is not supported (supported: 1.x)"
            )));
        }
        None => {
            return Err(document(
                "no `overlay` version field: not an overlay document",
            ));
        }
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        return Err(document("`actions` must be a list"));
    };
    for (index, action) in actions.iter().enumerate() {
        let Some(target) = action.get("target").and_then(Value::as_str) else {
            return Err(fail(index, "`target` must be a JSONPath expression".into()));
        };
        let path = JsonPath::parse(target)
            .map_err(|e| fail(index, format!("target `{target}` is not JSONPath: {e}")))?;
        let selected: Vec<String> = path
            .query_located(tree)
            .locations()
            .map(|location| location.to_json_pointer())
            .collect();
        if selected.is_empty() {
            return Err(fail(index, format!("target `{target}` selects nothing")));
        }
        let remove = action
            .get("remove")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        match (remove, action.get("update")) {
            (true, _) => {
                // Later nodes first, so removing one does not move the next in its list.
                for pointer in selected.iter().rev() {
                    remove_at(tree, pointer);
                }
            }
            (false, Some(update)) => {
                for pointer in &selected {
                    let Some(node) = tree.pointer_mut(pointer) else {
                        continue;
                    };
                    match (node, update) {
                        (Value::Array(items), update) => items.push(update.clone()),
                        (node @ Value::Object(_), Value::Object(_)) => merge(node, update),
                        (_, _) => {
                            return Err(fail(
                                index,
                                format!(
                                    "`update` must be an object merged into an object, or a \
                                     value appended to a list; `{target}` selects `{pointer}`, \
                                     which is neither"
                                ),
                            ));
                        }
                    }
                }
            }
            (false, None) => {
                return Err(fail(
                    index,
                    "an action needs `update` or `remove: true`".into(),
                ));
            }
        }
    }
    Ok(())
}

/// Merges `update` into `node`: objects member by member, lists appended, anything else
/// replaced.
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(node), Value::Object(update)) => {
            for (key, value) in update {
                match node.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        node.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
        (node, update) => *node = update.clone(),
    }
}

/// Removes the node at `pointer` from the object or list holding it.
fn remove_at(tree: &mut Value, pointer: &str) {
    let Some(slash) = pointer.rfind('/') else {
        return;
    };
    let key = crate::error::unescape_segment(&pointer[slash + 1..]).into_owned();
    match tree.pointer_mut(&pointer[..slash]) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::apply;

    /// The Overlay 1.0.0 specification's own examples: a targeted update and a removal by a
    /// filter expression.
    #[test]
    fn updates_and_removals_apply_in_order() {
        let mut spec = json!({
            "openapi": "3.1.0",
            "info": {"title": "Old", "version": "1"},
            "paths": {
                "/items": {
                    "get": {"summary": "list", "x-internal": false, "parameters": []},
                    "delete": {"summary": "purge", "x-internal": true}
                }
            }
        });
        let overlay = json!({
            "overlay": "1.0.0",
            "info": {"title": "fixes", "version": "1"},
            "actions": [
                {"target": "$.info", "update": {"title": "New", "x-team": "api"}},
                {"target": "$.paths.*[?@['x-internal'] == true]", "remove": true},
                {"target": "$.paths['/items'].get.parameters",
                 "update": {"name": "limit", "in": "query"}}
            ]
        });
        apply(&mut spec, &overlay, "fixes.yaml").expect("applies");
        assert_eq!(
            spec["info"],
            json!({"title": "New", "version": "1", "x-team": "api"})
        );
        assert!(spec["paths"]["/items"].get("delete").is_none());
        assert_eq!(
            spec["paths"]["/items"]["get"]["parameters"][0]["name"],
            "limit"
        );
    }

    #[test]
    fn a_target_that_selects_nothing_names_its_action() {
        let mut spec = json!({"openapi": "3.0.3", "paths": {}});
        let overlay = json!({
            "overlay": "1.0.0",
            "actions": [
                {"target": "$.paths", "update": {}},
                {"target": "$.components.schemas.Gone", "remove": true}
            ]
        });
        let error = apply(&mut spec, &overlay, "o.yaml").expect_err("nothing selected");
        assert_eq!(
            error.to_string(),
            "o.yaml: actions[1]: target `$.components.schemas.Gone` selects nothing"
        );
        let bad = json!({"overlay": "1.0.0", "actions": [{"target": "$[", "remove": true}]});
        let error = apply(&mut spec, &bad, "o.yaml").expect_err("bad JSONPath");
        assert!(
            error
                .to_string()
                .starts_with("o.yaml: actions[0]: target `$[` is not JSONPath"),
            "{error}"
        );
    }
}

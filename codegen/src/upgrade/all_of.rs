//! Properties written beside an `allOf` (`allOf: [$ref: Base], properties: {value: …}`, Azure's
//! way of extending a base schema) are one more member of it: the typed model keeps only the
//! `allOf` of such a schema and would drop them. Applies to every version.

use serde_json::{Map, Value};

use super::Upgraded;
use super::schemas::walk_document;

/// The object keywords that move into the new member with `properties`.
const OBJECT_KEYWORDS: [&str; 5] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];

/// Moves the properties beside each `allOf` into a member of their own; whether any moved.
pub(super) fn fold_properties_into_all_of(tree: &mut Value, upgraded: &mut Upgraded) -> bool {
    let mut moved = Vec::new();
    walk_document(tree, &mut |node, at| {
        let Some(object) = node.as_object_mut() else {
            return;
        };
        let has_members = object.get("allOf").is_some_and(Value::is_array);
        let has_properties = object
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        if !(has_members && has_properties) {
            return;
        }
        let mut member = Map::new();
        member.insert("type".to_owned(), Value::from("object"));
        for key in OBJECT_KEYWORDS {
            if let Some(value) = object.shift_remove(key) {
                member.insert(key.to_owned(), value);
            }
        }
        if let Some(Value::Array(members)) = object.get_mut("allOf") {
            members.push(Value::Object(member));
            moved.push((at.join("allOf").join(members.len() - 1), at.clone()));
        }
    });
    for (member, original) in &moved {
        upgraded
            .origins
            .record(member, &upgraded.origins.original_of(original));
    }
    !moved.is_empty()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::fold_properties_into_all_of;
    use crate::upgrade::Upgraded;

    #[test]
    fn properties_beside_all_of_become_a_member() {
        let mut tree = json!({"openapi": "3.0.3", "components": {"schemas": {"List": {
            "type": "object",
            "description": "A page.",
            "allOf": [{"$ref": "#/components/schemas/Base"}],
            "properties": {"value": {"type": "array", "items": {"type": "string"}}},
            "required": ["value"]
        }}}});
        let mut upgraded = Upgraded::default();
        assert!(fold_properties_into_all_of(&mut tree, &mut upgraded));
        assert_eq!(
            tree["components"]["schemas"]["List"],
            json!({
                "type": "object",
                "description": "A page.",
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "properties": {"value": {"type": "array", "items": {"type": "string"}}}, "required": ["value"]}
                ]
            })
        );
        let at =
            crate::error::Pointer::from_ref("#/components/schemas/List/allOf/1/properties/value")
                .expect("local");
        assert_eq!(
            upgraded.origins.original(&at).as_str(),
            "#/components/schemas/List/properties/value"
        );
    }
}

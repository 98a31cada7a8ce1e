//! Values a validator accepts, synthesized from the spec: a parameter's or a body's own example
//! when the spec gives one, else a value built from its schema (enums, formats, numeric bounds,
//! lengths, required and optional members). The wire check sends them; they read like data a
//! person would write (`2024-01-02`, `user@example.com`), not placeholders.

use serde_json::{Map, Value, json};

use crate::error::Pointer;

/// Past this depth of nesting, optional members are left out and references no longer followed.
const MAX_DEPTH: usize = 6;

/// Samples of the schemas in one spec's tree (after upgrade, in the pointers' coordinates).
pub struct Sampler<'a> {
    tree: &'a Value,
}

/// Which direction a sample travels: request bodies leave out `readOnly` members.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

impl<'a> Sampler<'a> {
    pub fn new(tree: &'a Value) -> Self {
        Sampler { tree }
    }

    /// The node at `pointer` (`#/paths/…`), following a `$ref` there.
    fn node(&self, pointer: &str) -> Option<&'a Value> {
        let node = self.tree.pointer(pointer.strip_prefix('#')?)?;
        self.deref(node, 0)
    }

    /// `node`, or what its `$ref` (a local one) points at, a few hops at most.
    fn deref(&self, node: &'a Value, hops: usize) -> Option<&'a Value> {
        match node.get("$ref").and_then(Value::as_str) {
            Some(target) if hops < 16 => {
                let target = crate::error::percent_decode(target);
                let found = self.tree.pointer(target.strip_prefix('#')?)?;
                self.deref(found, hops + 1)
            }
            Some(_) => None,
            None => Some(node),
        }
    }

    /// A parameter's value (the parameter object at `pointer`): its `example`, the first of its
    /// `examples`, or one made from its schema (or its JSON content's).
    pub fn parameter(&self, pointer: &Pointer) -> Option<Value> {
        let param = self.node(&pointer.to_string())?;
        if let Some(example) = own_example(self, param) {
            return Some(example);
        }
        let schema = match param.get("schema") {
            Some(schema) => schema,
            None => {
                let media = param.get("content")?.as_object()?.values().next()?;
                if let Some(example) = own_example(self, media) {
                    return Some(example);
                }
                media.get("schema")?
            }
        };
        Some(self.schema(schema, Direction::Request, 0))
    }

    /// A request body's value (the media type object at `pointer`).
    pub fn media(&self, pointer: &Pointer) -> Option<Value> {
        let media = self.node(&pointer.to_string())?;
        if let Some(example) = own_example(self, media) {
            return Some(example);
        }
        Some(self.schema(media.get("schema")?, Direction::Request, 0))
    }

    /// A value of `schema`.
    pub fn schema(&self, schema: &Value, direction: Direction, depth: usize) -> Value {
        let Some(schema) = self.deref(schema, 0) else {
            return json!("text");
        };
        if depth > MAX_DEPTH * 2 {
            return Value::Null;
        }
        if let Some(example) = schema.get("example").filter(|e| !e.is_null()) {
            return example.clone();
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.iter().find(|v| !v.is_null()))
        {
            return first.clone();
        }
        if let Some(default) = schema.get("default").filter(|d| !d.is_null()) {
            return default.clone();
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            let mut other = None;
            for member in members {
                match self.schema(member, direction, depth + 1) {
                    Value::Object(fields) => merged.extend(fields),
                    value => other = Some(value),
                }
            }
            // Members of the object itself (`properties` beside `allOf`) count too.
            if let Value::Object(own) = self.object(schema, direction, depth) {
                merged.extend(own);
            }
            return match (merged.is_empty(), other) {
                (true, Some(value)) => value,
                _ => Value::Object(merged),
            };
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema
                .get(key)
                .and_then(Value::as_array)
                .and_then(|members| members.iter().find(|m| !is_null_schema(self, m)))
            {
                let mut value = self.schema(first, direction, depth + 1);
                // A discriminated member carries its tag.
                if let (Some(property), Value::Object(fields)) = (
                    schema
                        .pointer("/discriminator/propertyName")
                        .and_then(Value::as_str),
                    &mut value,
                ) && let Some(tag) = discriminator_tag(schema, first)
                {
                    fields.insert(property.to_owned(), Value::String(tag));
                }
                return value;
            }
        }
        let ty = match schema.get("type") {
            Some(Value::String(ty)) => ty.as_str(),
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("string"),
            _ if schema.get("properties").is_some() => "object",
            _ if schema.get("items").is_some() => "array",
            _ => "string",
        };
        match ty {
            "object" => self.object(schema, direction, depth),
            "array" => {
                let count = schema
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(1)
                    .clamp(1, 16) as usize;
                let item = schema.get("items").map_or(json!("text"), |items| {
                    self.schema(items, direction, depth + 1)
                });
                let unique = schema.get("uniqueItems").and_then(Value::as_bool) == Some(true);
                let items = (0..count)
                    .map(|i| match (unique, &item) {
                        (true, Value::Number(n)) if i > 0 && n.is_i64() => {
                            json!(n.as_i64().unwrap_or(0) + i as i64)
                        }
                        (true, Value::String(s)) if i > 0 => json!(format!("{s}{i}")),
                        _ => item.clone(),
                    })
                    .collect();
                Value::Array(items)
            }
            "integer" => integer(schema),
            "number" => number(schema),
            "boolean" => json!(true),
            "null" => Value::Null,
            _ => string(schema),
        }
    }

    fn object(&self, schema: &Value, direction: Direction, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Map::new();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let is_required = required.contains(&name.as_str());
                let resolved = self.deref(property, 0).unwrap_or(property);
                let read_only = resolved.get("readOnly").and_then(Value::as_bool) == Some(true);
                if direction == Direction::Request && read_only && !is_required {
                    continue;
                }
                if !is_required && depth >= MAX_DEPTH {
                    continue;
                }
                fields.insert(name.clone(), self.schema(property, direction, depth + 1));
            }
        }
        if fields.is_empty()
            && let Some(additional) = schema.get("additionalProperties").filter(|a| a.is_object())
        {
            fields.insert(
                "key".to_owned(),
                self.schema(additional, direction, depth + 1),
            );
        }
        Value::Object(fields)
    }
}

/// The example on a parameter or media type object: `example`, else the first of `examples`.
fn own_example(sampler: &Sampler<'_>, node: &Value) -> Option<Value> {
    if let Some(example) = node.get("example") {
        return Some(example.clone());
    }
    node.get("examples")?
        .as_object()?
        .values()
        .filter_map(|e| sampler.deref(e, 0))
        .find_map(|e| e.get("value").cloned())
}

fn is_null_schema(sampler: &Sampler<'_>, schema: &Value) -> bool {
    sampler
        .deref(schema, 0)
        .is_some_and(|s| s.get("type").and_then(Value::as_str) == Some("null"))
}

/// The tag of a discriminated union's member: its key in the mapping, else its schema's name.
fn discriminator_tag(union: &Value, member: &Value) -> Option<String> {
    let reference = member.get("$ref")?.as_str()?;
    if let Some(mapping) = union
        .pointer("/discriminator/mapping")
        .and_then(Value::as_object)
        && let Some((tag, _)) = mapping
            .iter()
            .find(|(_, to)| to.as_str() == Some(reference))
    {
        return Some(tag.clone());
    }
    reference.rsplit('/').next().map(str::to_owned)
}

fn integer(schema: &Value) -> Value {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool) == Some(true);
    let mut low = bound("minimum").map(|m| m.ceil() as i64);
    if let Some(m) = low
        && exclusive("exclusiveMinimum")
    {
        low = Some(m + 1);
    }
    let mut high = bound("maximum").map(|m| m.floor() as i64);
    if let Some(m) = high
        && exclusive("exclusiveMaximum")
    {
        high = Some(m - 1);
    }
    let mut value = low.unwrap_or(1).max(1.min(high.unwrap_or(1)));
    if let Some(high) = high {
        value = value.min(high);
    }
    if let Some(step) = schema
        .get("multipleOf")
        .and_then(Value::as_i64)
        .filter(|s| *s > 0)
    {
        value = (value + step - 1).div_euclid(step) * step;
    }
    json!(value)
}

fn number(schema: &Value) -> Value {
    let low = schema.get("minimum").and_then(Value::as_f64);
    let high = schema.get("maximum").and_then(Value::as_f64);
    let value = match (low, high) {
        (Some(low), Some(high)) => (low + high) / 2.0,
        (Some(low), None) => low + 1.0,
        (None, Some(high)) => high - 1.0,
        (None, None) => 1.5,
    };
    match schema.get("multipleOf").and_then(Value::as_f64) {
        Some(step) if step > 0.0 => json!((value / step).ceil() * step),
        _ => json!(value),
    }
}

fn string(schema: &Value) -> Value {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let text = match format {
        "date" => "2024-01-02",
        "date-time" => "2024-01-02T03:04:05Z",
        "time" => "03:04:05Z",
        "duration" => "P1D",
        "uuid" => "123e4567-e89b-12d3-a456-426614174000",
        "email" => "user@example.com",
        "uri" | "url" | "iri" => "https://example.com/resource",
        "uri-reference" | "iri-reference" => "/resource",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "aGVsbG8=",
        "password" => "secret-password",
        _ => "text",
    };
    let mut text = text.to_owned();
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|m| m as usize);
    if text.chars().count() < min {
        text.extend(std::iter::repeat_n('x', min - text.chars().count()));
    }
    if let Some(max) = max
        && text.chars().count() > max
    {
        text = text.chars().take(max).collect();
    }
    json!(text)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Direction, Sampler};
    use crate::error::Pointer;

    fn sample(tree: &serde_json::Value, schema: serde_json::Value) -> serde_json::Value {
        Sampler::new(tree).schema(&schema, Direction::Request, 0)
    }

    #[test]
    fn formats_bounds_and_lengths_are_met() {
        let tree = json!({});
        assert_eq!(
            sample(&tree, json!({"type": "string", "format": "date-time"})),
            "2024-01-02T03:04:05Z"
        );
        assert_eq!(
            sample(&tree, json!({"type": "string", "format": "uuid"})),
            "123e4567-e89b-12d3-a456-426614174000"
        );
        assert_eq!(
            sample(&tree, json!({"type": "string", "minLength": 6})),
            "textxx"
        );
        assert_eq!(
            sample(&tree, json!({"type": "string", "maxLength": 2})),
            "te"
        );
        assert_eq!(
            sample(
                &tree,
                json!({"type": "integer", "minimum": 10, "multipleOf": 4})
            ),
            12
        );
        assert_eq!(
            sample(
                &tree,
                json!({"type": "integer", "maximum": 0, "exclusiveMaximum": true})
            ),
            -1
        );
        assert_eq!(
            sample(&tree, json!({"type": "number", "minimum": 1, "maximum": 2})),
            1.5
        );
        assert_eq!(
            sample(&tree, json!({"type": "string", "enum": [null, "b"]})),
            "b"
        );
        assert_eq!(
            sample(
                &tree,
                json!({"type": "array", "minItems": 2, "uniqueItems": true, "items": {"type": "integer"}})
            ),
            json!([1, 2])
        );
    }

    #[test]
    fn objects_follow_references_leave_out_read_only_members_and_tag_unions() {
        let tree = json!({"components": {"schemas": {
            "Pet": {"type": "object", "required": ["name"], "properties": {
                "id": {"type": "integer", "readOnly": true},
                "name": {"type": "string", "example": "rex"},
                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
            }},
            "Cat": {"type": "object", "properties": {"kind": {"type": "string"}}},
        }}});
        let pet = sample(&tree, json!({"$ref": "#/components/schemas/Pet"}));
        assert_eq!(pet["name"], "rex");
        assert!(pet.get("id").is_none(), "{pet}");
        // A recursive schema ends: deep optional members are left out.
        assert!(pet.to_string().len() < 2000, "{pet}");
        let union = json!({
            "oneOf": [{"$ref": "#/components/schemas/Cat"}],
            "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}},
        });
        assert_eq!(sample(&tree, union)["kind"], "cat");
    }

    #[test]
    fn a_parameters_own_example_comes_first() {
        let tree = json!({"paths": {"/p": {"get": {"parameters": [
            {"name": "a", "in": "query", "example": 7, "schema": {"type": "integer"}},
            {"name": "b", "in": "query", "examples": {"x": {"value": "v"}}, "schema": {"type": "string"}},
        ]}}}});
        let at = |i: usize| {
            Pointer::root()
                .join("paths")
                .join("/p")
                .join("get")
                .join("parameters")
                .join(i)
        };
        let sampler = Sampler::new(&tree);
        assert_eq!(sampler.parameter(&at(0)), Some(json!(7)));
        assert_eq!(sampler.parameter(&at(1)), Some(json!("v")));
    }
}

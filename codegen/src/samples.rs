//! Values a validator accepts, synthesized from the spec: a parameter's or a body's own example
//! when the spec gives one, else a value built from its schema (enums, formats, numeric bounds,
//! lengths, required and optional members). The wire check sends them; they read like data a
//! person would write (`2024-01-02`, `user@example.com`), not placeholders.

use serde_json::{Map, Value, json};

use crate::error::Pointer;

/// Past this depth of nesting, optional members are left out and references no longer followed.
const MAX_DEPTH: usize = 6;

/// How deep a value is checked against its schema: as deep as a JSON parser nests (a recursive
/// schema's answer is checked all the way down; schemas that nest without the value, an `allOf`
/// of itself, stop here).
const MISFIT_DEPTH: usize = 128;

/// Samples of the schemas in one spec's tree (after upgrade, in the pointers' coordinates).
pub struct Sampler<'a> {
    tree: &'a Value,
    /// The schemas met while sampling that no value can satisfy as JSON Schema says (see
    /// [`Sampler::take_conflicts`]).
    conflicts: std::cell::RefCell<Vec<Conflict>>,
    /// Sampling a parameter: on the wire every value is text, so a `string` schema accepts a
    /// number too (a `oneOf: [integer, string]` is told apart by a value that is not numeric).
    as_text: std::cell::Cell<bool>,
    /// The `pattern`s met, compiled (`None`: not a pattern the `regex` crate reads, such as
    /// ECMA lookarounds; such a pattern is not checked).
    patterns: std::cell::RefCell<std::collections::HashMap<String, Option<regex::Regex>>>,
}

/// A schema that no value satisfies as a JSON Schema validator reads it: the spec contradicts
/// itself there (or relies on a discriminator to choose).
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The schema's `title`, if it has one.
    pub name: Option<String>,
    pub kind: ConflictKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConflictKind {
    /// The members of a `oneOf` overlap: no value the sampler makes fits exactly one. With a
    /// discriminator (its property), the tag chooses the member in OpenAPI.
    OneOfOverlap { discriminator: Option<String> },
    /// The members of an `allOf` declare different types.
    AllOfTypes,
    /// A chain of required members leads back to where it started: no finite value exists.
    EndlessRequired,
}

/// Which direction a sample travels: request bodies leave out `readOnly` members.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

impl<'a> Sampler<'a> {
    pub fn new(tree: &'a Value) -> Self {
        Sampler {
            tree,
            conflicts: std::cell::RefCell::default(),
            as_text: std::cell::Cell::new(false),
            patterns: std::cell::RefCell::default(),
        }
    }

    /// The conflicting schemas met since the last call.
    pub fn take_conflicts(&self) -> Vec<Conflict> {
        let mut conflicts = self.conflicts.take();
        conflicts.dedup();
        conflicts
    }

    /// The node at `pointer` (`#/paths/…`), following a `$ref` there.
    fn node(&self, pointer: &str) -> Option<&'a Value> {
        let node = crate::error::node_at(self.tree, pointer.strip_prefix('#')?)?;
        self.deref(node, 0)
    }

    /// `node`, or what its `$ref` (a local one) points at, a few hops at most.
    fn deref(&self, node: &'a Value, hops: usize) -> Option<&'a Value> {
        match node.get("$ref").and_then(Value::as_str) {
            Some(target) if hops < 16 => {
                let target = crate::error::percent_decode(target);
                let found = crate::error::node_at(self.tree, target.strip_prefix('#')?)?;
                self.deref(found, hops + 1)
            }
            Some(_) => None,
            None => Some(node),
        }
    }

    /// A parameter's values (the parameter object at `pointer`): its `example` or the first of
    /// its `examples` (or its JSON content's), then one made from its schema. Specs' examples
    /// do not always fit their schema; the caller takes the first that fits the type.
    pub fn parameter(&self, pointer: &Pointer) -> Vec<Value> {
        let Some(param) = self.node(&pointer.to_string()) else {
            return Vec::new();
        };
        let media = param
            .get("content")
            .and_then(Value::as_object)
            .and_then(|content| content.values().next());
        let example = own_example(self, param).or_else(|| media.and_then(|m| own_example(self, m)));
        let schema = param
            .get("schema")
            .or_else(|| media.and_then(|m| m.get("schema")));
        // An example that breaks its schema (`TBD` for a duration) would be refused: the
        // schema's sample stands in.
        let example = example.filter(|e| schema.is_none_or(|s| self.misfit(s, e, "", 0).is_none()));
        self.as_text.set(true);
        let values = example
            .into_iter()
            .chain(schema.map(|s| self.schema(s, Direction::Request, 0)))
            .collect();
        self.as_text.set(false);
        values
    }

    /// Whether the parameter at `pointer` (a `schema` one) holds objects inside a list or an
    /// object: OpenAPI's styles define no way to write those (RFC 6570 does not nest).
    pub fn nests_structures(&self, pointer: &Pointer) -> bool {
        let Some(schema) = self
            .node(&pointer.to_string())
            .and_then(|param| param.get("schema"))
            .and_then(|schema| self.deref(schema, 0))
        else {
            return false;
        };
        let structured = |node: &Value| {
            self.deref(node, 0).is_some_and(|s| {
                matches!(
                    s.get("type").and_then(Value::as_str),
                    Some("object" | "array")
                ) || s.get("properties").is_some()
            })
        };
        match schema.get("type").and_then(Value::as_str) {
            Some("array") => schema.get("items").is_some_and(structured),
            Some("object") => schema
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| p.values().any(structured)),
            _ => false,
        }
    }

    /// A request body's values (the media type object at `pointer`), the same way.
    pub fn media(&self, pointer: &Pointer) -> Vec<Value> {
        let Some(media) = self.node(&pointer.to_string()) else {
            return Vec::new();
        };
        let schema = media.get("schema");
        own_example(self, media)
            .filter(|e| schema.is_none_or(|s| self.misfit(s, e, "", 0).is_none()))
            .into_iter()
            .chain(
                media
                    .get("schema")
                    .map(|s| self.schema(s, Direction::Request, 0)),
            )
            .collect()
    }

    /// A value of `schema`.
    pub fn schema(&self, schema: &Value, direction: Direction, depth: usize) -> Value {
        let Some(schema) = self.deref(schema, 0) else {
            return json!("text");
        };
        if depth > MAX_DEPTH * 2 {
            // Optional members stop at `MAX_DEPTH`: only required ones lead this deep, round a
            // schema that requires itself.
            self.conflicts.borrow_mut().push(Conflict {
                name: schema_name(schema),
                kind: ConflictKind::EndlessRequired,
            });
            return Value::Null;
        }
        // The schema's own example, unless it breaks the schema (specs' examples do).
        if let Some(example) = schema.get("example").filter(|e| !e.is_null())
            && self.misfit(schema, example, "", depth).is_none()
        {
            return example.clone();
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.iter().find(|v| !v.is_null()))
        {
            return first.clone();
        }
        if let Some(default) = schema.get("default").filter(|d| !d.is_null())
            && self.misfit(schema, default, "", depth).is_none()
        {
            return default.clone();
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            let mut types: Vec<&str> = members
                .iter()
                .filter_map(|m| self.deref(m, 0)?.get("type")?.as_str())
                .map(|t| if t == "integer" { "number" } else { t })
                .collect();
            types.sort_unstable();
            types.dedup();
            if types.len() > 1 {
                self.conflicts.borrow_mut().push(Conflict {
                    name: schema_name(schema),
                    kind: ConflictKind::AllOfTypes,
                });
            }
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
            let members: Vec<&Value> = schema
                .get(key)
                .and_then(Value::as_array)
                .map(|members| {
                    members
                        .iter()
                        .filter(|m| !is_null_schema(self, m))
                        .collect()
                })
                .unwrap_or_default();
            if members.is_empty() {
                continue;
            }
            let discriminator = schema
                .pointer("/discriminator/propertyName")
                .and_then(Value::as_str);
            // The schema's own members (`properties` beside the `oneOf`) are part of each
            // member's value; a discriminated member carries its tag.
            let own = schema
                .get("properties")
                .map(|_| self.object(schema, direction, depth));
            let sample = |member: &Value| {
                let mut value = self.schema(member, direction, depth + 1);
                if let (Some(Value::Object(own)), Value::Object(fields)) = (&own, &mut value) {
                    for (name, field) in own {
                        fields.entry(name.clone()).or_insert_with(|| field.clone());
                    }
                }
                if let (Some(property), Value::Object(fields)) = (discriminator, &mut value)
                    && let Some(tag) = discriminator_tag(schema, member)
                {
                    fields.insert(property.to_owned(), Value::String(tag));
                }
                value
            };
            if key == "anyOf" || members.len() == 1 {
                return sample(members[0]);
            }
            // `oneOf`: a value that fits exactly one member, the member's whole sample or its
            // required members alone.
            for (i, member) in members.iter().enumerate() {
                let full = sample(member);
                let mut required_only = full.clone();
                if let Value::Object(fields) = &mut required_only {
                    let mut required = self.required_of(member, 0);
                    required.extend(self.required_of(schema, MAX_DEPTH));
                    fields.retain(|name, _| {
                        required.contains(name) || Some(name.as_str()) == discriminator
                    });
                }
                for candidate in [full, required_only] {
                    let others_refuse = members
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .all(|(_, other)| self.misfit(other, &candidate, "", 0).is_some());
                    if others_refuse {
                        return candidate;
                    }
                }
            }
            self.conflicts.borrow_mut().push(Conflict {
                name: schema_name(schema),
                kind: ConflictKind::OneOfOverlap {
                    discriminator: discriminator.map(str::to_owned),
                },
            });
            return sample(members[0]);
        }
        // Only `nullable` (3.1's `type: 'null'` in 3.0 form): null.
        let shaping = [
            "type",
            "properties",
            "items",
            "additionalProperties",
            "format",
            "pattern",
        ];
        if schema.get("nullable") == Some(&Value::Bool(true))
            && shaping.iter().all(|key| schema.get(*key).is_none())
        {
            return Value::Null;
        }
        let ty = match schema.get("type") {
            Some(Value::String(ty)) => ty.as_str(),
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("string"),
            _ if schema.get("properties").is_some() || schema.get("required").is_some() => "object",
            _ if schema.get("items").is_some() => "array",
            _ => "string",
        };
        match ty {
            "object" => self.object(schema, direction, depth),
            "array" => {
                // One item, unless deep down (where a recursive list ends empty).
                let fewest = if depth >= MAX_DEPTH { 0 } else { 1 };
                let count = schema
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .map_or(fewest, |min| min.clamp(fewest, 16))
                    as usize;
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

    /// The members an object schema requires, its `allOf` members' included.
    fn required_of(&self, schema: &Value, depth: usize) -> Vec<String> {
        let Some(schema) = self.deref(schema, 0) else {
            return Vec::new();
        };
        let mut required: Vec<String> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if depth < MAX_DEPTH {
            for member in schema
                .get("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                required.extend(self.required_of(member, depth + 1));
            }
        }
        required
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
        // A required member the schema does not declare: any value is one.
        if schema
            .get("properties")
            .is_some_and(|p| p.as_object().is_some_and(|p| !p.is_empty()))
            && schema
                .get("additionalProperties")
                .is_none_or(|a| !a.is_object())
        {
            for name in &required {
                if !fields.contains_key(*name) {
                    fields.insert((*name).to_owned(), json!("text"));
                }
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

impl<'a> Sampler<'a> {
    /// The examples a server of the spec answers with for each response status of the
    /// operation at `operation` (a JSON media's `example`, else its first `examples` value)
    /// that do not fit the media's schema: `(status, where and why)`. A client rightly refuses
    /// to decode such an answer.
    pub fn misfit_response_examples(&self, operation: &Pointer) -> Vec<(String, String)> {
        let Some(responses) = self
            .node(&format!("{operation}/responses"))
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        responses
            .iter()
            .filter_map(|(status, response)| {
                Some((status.clone(), self.misfit_response_example(response)?))
            })
            .collect()
    }

    fn misfit_response_example(&self, response: &'a Value) -> Option<String> {
        let media = self.json_media(response)?;
        let example = own_example(self, media)?;
        self.misfit(media.get("schema")?, &example, "", 0)
    }

    /// Whether `text` matches `pattern` (unanchored, as JSON Schema reads it); true for a
    /// pattern the `regex` crate cannot read.
    fn matches_pattern(&self, pattern: &str, text: &str) -> bool {
        let mut patterns = self.patterns.borrow_mut();
        let compiled = patterns.entry(pattern.to_owned()).or_insert_with(|| {
            regex::RegexBuilder::new(pattern)
                .size_limit(1 << 20)
                .build()
                .ok()
        });
        compiled.as_ref().is_none_or(|re| re.is_match(text))
    }

    /// The JSON media type object of a response object.
    fn json_media(&self, response: &'a Value) -> Option<&'a Value> {
        let response = self.deref(response, 0)?;
        let content = response.get("content")?.as_object()?;
        content
            .iter()
            .find(|(media_type, _)| media_type.contains("json"))
            .map(|(_, media)| media)
    }

    /// Where a response `body` with `status` breaks the schema the operation at `operation`
    /// (`#/paths/…`) declares for that status (its own entry, its range, or `default`), if it
    /// does.
    pub fn misfit_response(&self, operation: &str, status: u16, body: &Value) -> Option<String> {
        let responses = self.node(&format!("{operation}/responses"))?.as_object()?;
        let keys = [
            status.to_string(),
            format!("{}XX", status / 100),
            "default".to_owned(),
        ];
        let response = keys.iter().find_map(|key| {
            responses
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, r)| r)
        })?;
        let schema = self.json_media(response)?.get("schema")?;
        self.misfit(schema, body, "", 0)
    }

    /// Where `value` breaks `schema` (the keywords that decide a value's shape: `type`,
    /// `nullable`, `enum`, `required`, `properties`, `items`, `allOf`, `oneOf`/`anyOf`), as
    /// `path: reason`; `None` when it fits, or when the schema is beyond this check.
    fn misfit(&self, schema: &'a Value, value: &Value, path: &str, depth: usize) -> Option<String> {
        let schema = self.deref(schema, 0)?;
        if depth > MISFIT_DEPTH {
            return None;
        }
        let here = || {
            if path.is_empty() {
                "the body".to_owned()
            } else {
                format!("`{path}`")
            }
        };
        if value.is_null() {
            let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true)
                || schema.get("type").is_none();
            return (!nullable).then(|| format!("{} is null, not nullable", here()));
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array)
            && !values.contains(value)
        {
            return Some(format!("{} = {value} is not one of its enum", here()));
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            for member in members {
                if let Some(why) = self.misfit(member, value, path, depth + 1) {
                    return Some(why);
                }
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(members) = schema.get(key).and_then(Value::as_array) {
                let reasons: Vec<String> = members
                    .iter()
                    .map_while(|m| self.misfit(m, value, path, depth + 1))
                    .collect();
                if reasons.len() == members.len() && !members.is_empty() {
                    return Some(format!("{} fits no member of its `{key}`", here()));
                }
            }
        }
        let fits = match schema.get("type").and_then(Value::as_str) {
            None => true,
            Some("object") => value.is_object(),
            Some("array") => value.is_array(),
            Some("string") if self.as_text.get() => !value.is_object() && !value.is_array(),
            Some("string") => value.is_string(),
            Some("boolean") => value.is_boolean(),
            Some("integer") => value.is_i64() || value.is_u64(),
            Some("number") => value.is_number(),
            Some(_) => true,
        };
        if !fits {
            let kind = match value {
                Value::Object(_) => "an object",
                Value::Array(_) => "an array",
                Value::String(_) => "a string",
                Value::Bool(_) => "a boolean",
                Value::Number(_) => "a number",
                Value::Null => "null",
            };
            let wanted = schema
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            return Some(format!(
                "{} is {kind}, where the schema says `{wanted}`",
                here()
            ));
        }
        if let (Value::String(text), Some(format)) =
            (value, schema.get("format").and_then(Value::as_str))
            && !fits_format(format, text)
        {
            return Some(format!("{} = {value} is not a `{format}`", here()));
        }
        if let (Value::String(text), Some(pattern)) =
            (value, schema.get("pattern").and_then(Value::as_str))
            && !self.matches_pattern(pattern, text)
        {
            return Some(format!("{} = {value} does not match `{pattern}`", here()));
        }
        match value {
            Value::Object(fields) => {
                for name in schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let Some(name) = name.as_str() else { continue };
                    // A response does not carry write-only members.
                    let write_only = schema
                        .pointer(&format!(
                            "/properties/{}",
                            crate::error::escape_segment(name)
                        ))
                        .and_then(|p| self.deref(p, 0))
                        .is_some_and(|p| p.get("writeOnly").and_then(Value::as_bool) == Some(true));
                    if !fields.contains_key(name) && !write_only {
                        return Some(format!("{} lacks its required `{name}`", here()));
                    }
                }
                let properties = schema.get("properties").and_then(Value::as_object);
                if schema.get("additionalProperties") == Some(&Value::Bool(false))
                    && let Some(extra) = fields
                        .keys()
                        .find(|name| !properties.is_some_and(|p| p.contains_key(*name)))
                {
                    return Some(format!("{} has `{extra}`, which it does not allow", here()));
                }
                for (name, field) in fields {
                    if let Some(property) = properties.and_then(|p| p.get(name)) {
                        let inner = if path.is_empty() {
                            name.clone()
                        } else {
                            format!("{path}.{name}")
                        };
                        if let Some(why) = self.misfit(property, field, &inner, depth + 1) {
                            return Some(why);
                        }
                    }
                }
                None
            }
            Value::Array(items) => {
                let item_schema = schema.get("items")?;
                items.iter().enumerate().find_map(|(i, item)| {
                    self.misfit(item_schema, item, &format!("{path}[{i}]"), depth + 1)
                })
            }
            _ => None,
        }
    }
}

/// Whether `text` has the form of `format`, for the formats validators check (others fit).
/// Deliberately loose: it tells the examples that are plainly something else (`TBD` for a
/// duration) from real ones.
fn fits_format(format: &str, text: &str) -> bool {
    let digits =
        |part: &str, count: usize| part.len() == count && part.bytes().all(|b| b.is_ascii_digit());
    let date = |text: &str| {
        let parts: Vec<&str> = text.split('-').collect();
        parts.len() == 3 && digits(parts[0], 4) && digits(parts[1], 2) && digits(parts[2], 2)
    };
    let time = |text: &str| {
        let parts: Vec<&str> = text.splitn(3, ':').collect();
        parts.len() == 3
            && digits(parts[0], 2)
            && digits(parts[1], 2)
            && parts[2].get(..2).is_some_and(|s| digits(s, 2))
    };
    match format {
        "date" => date(text),
        "date-time" => text
            .split_once(['T', 't', ' '])
            .is_some_and(|(d, t)| date(d) && time(t)),
        "time" => time(text),
        "duration" => {
            text.len() > 1
                && text.starts_with('P')
                && text[1..]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b"YMWDTHS.,".contains(&b))
        }
        "uuid" => {
            text.len() == 36
                && text.char_indices().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => c == '-',
                    _ => c.is_ascii_hexdigit(),
                })
        }
        "email" | "idn-email" => text.contains('@'),
        "ipv4" => {
            let parts: Vec<&str> = text.split('.').collect();
            parts.len() == 4
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.parse::<u8>().is_ok())
        }
        "ipv6" => text.contains(':'),
        "json-pointer" => text.is_empty() || text.starts_with('/'),
        "relative-json-pointer" => text.bytes().next().is_some_and(|b| b.is_ascii_digit()),
        "uri" | "iri" => text.split_once(':').is_some_and(|(scheme, _)| {
            scheme
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic())
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        }),
        _ => true,
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

/// A schema's name for messages: its `title`.
fn schema_name(schema: &Value) -> Option<String> {
    schema
        .get("title")
        .and_then(Value::as_str)
        .map(str::to_owned)
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
    if let Some(text) = schema
        .get("pattern")
        .and_then(Value::as_str)
        .and_then(matching)
    {
        return json!(text);
    }
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
        "json-pointer" => "/resource/0",
        "relative-json-pointer" => "0/resource",
        "uri-template" => "https://example.com/resource/{id}",
        "regex" => "^[a-z]+$",
        "idn-email" => "user@example.com",
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

/// A string that `pattern` (an ECMA-262 regular expression, as JSON Schema says) matches: the
/// first alternative of each choice, the fewest repetitions, the first character of each
/// class. `None` for what this does not read (backreferences, lookarounds).
fn matching(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut at = 0;
    let text = alternatives(&chars, &mut at)?;
    (at == chars.len()).then_some(text)
}

/// `a|b|c` up to a closing `)` or the end: the first alternative's text.
fn alternatives(chars: &[char], at: &mut usize) -> Option<String> {
    let first = sequence(chars, at)?;
    while chars.get(*at) == Some(&'|') {
        *at += 1;
        sequence(chars, at)?;
    }
    Some(first)
}

fn sequence(chars: &[char], at: &mut usize) -> Option<String> {
    let mut out = String::new();
    while let Some(&c) = chars.get(*at) {
        let atom = match c {
            '|' | ')' => break,
            '^' | '$' => {
                *at += 1;
                continue;
            }
            '(' => {
                *at += 1;
                if chars.get(*at) == Some(&'?') {
                    match chars.get(*at + 1) {
                        Some(':') => *at += 2,
                        Some('<') if !matches!(chars.get(*at + 2), Some('=' | '!')) => {
                            while chars.get(*at).is_some_and(|c| *c != '>') {
                                *at += 1;
                            }
                            *at += 1;
                        }
                        _ => return None,
                    }
                }
                let inner = alternatives(chars, at)?;
                if chars.get(*at) != Some(&')') {
                    return None;
                }
                *at += 1;
                inner
            }
            '[' => class(chars, at)?.to_string(),
            '\\' => escape_at(chars, at)?.to_string(),
            '.' => {
                *at += 1;
                "a".to_owned()
            }
            '*' | '+' | '?' | '{' => return None,
            other => {
                *at += 1;
                other.to_string()
            }
        };
        let times = quantifier(chars, at)?;
        out.push_str(&atom.repeat(times));
    }
    Some(out)
}

/// The fewest repetitions the quantifier at `at` allows (1 without one); a lazy `?` after it
/// is skipped.
fn quantifier(chars: &[char], at: &mut usize) -> Option<usize> {
    let times = match chars.get(*at) {
        Some('*' | '?') => {
            *at += 1;
            0
        }
        Some('+') => {
            *at += 1;
            1
        }
        Some('{') => {
            let end = chars[*at..].iter().position(|c| *c == '}')? + *at;
            let inside: String = chars[*at + 1..end].iter().collect();
            let low = inside.split(',').next()?.trim();
            *at = end + 1;
            low.parse::<usize>().ok()?.min(64)
        }
        _ => return Some(1),
    };
    if chars.get(*at) == Some(&'?') {
        *at += 1;
    }
    Some(times)
}

/// The character the escape at `at` (its backslash) stands for (`\d` → `1`, `\x41` → `A`),
/// or its first member; moves past it.
fn escape_at(chars: &[char], at: &mut usize) -> Option<char> {
    let escaped = *chars.get(*at + 1)?;
    *at += 2;
    let hex = |at: &mut usize, digits: usize| {
        let text: String = chars.get(*at..*at + digits)?.iter().collect();
        let code = u32::from_str_radix(&text, 16).ok()?;
        *at += digits;
        char::from_u32(code)
    };
    Some(match escaped {
        'd' => '1',
        'w' => 'a',
        's' => ' ',
        'D' | 'W' | 'S' => 'a',
        'n' => '\n',
        't' => '\t',
        'x' => hex(at, 2)?,
        'u' if chars.get(*at) != Some(&'{') => hex(at, 4)?,
        'b' | 'B' | '1'..='9' | 'k' | 'p' | 'P' | 'u' | 'c' => return None,
        other => other,
    })
}

/// A character of the class `[...]` at `at`.
fn class(chars: &[char], at: &mut usize) -> Option<char> {
    *at += 1;
    let negated = chars.get(*at) == Some(&'^');
    if negated {
        *at += 1;
    }
    let mut members: Vec<(char, char)> = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(*at)?;
        if c == ']' && !first {
            *at += 1;
            break;
        }
        first = false;
        let low = match c {
            '\\' => match chars.get(*at + 1) {
                Some('d') => {
                    *at += 2;
                    members.push(('0', '9'));
                    continue;
                }
                Some('w') => {
                    *at += 2;
                    members.push(('a', 'z'));
                    members.push(('A', 'Z'));
                    members.push(('0', '9'));
                    members.push(('_', '_'));
                    continue;
                }
                Some('s') => {
                    *at += 2;
                    members.push((' ', ' '));
                    continue;
                }
                _ => escape_at(chars, at)?,
            },
            other => {
                *at += 1;
                other
            }
        };
        if chars.get(*at) == Some(&'-') && chars.get(*at + 1).is_some_and(|c| *c != ']') {
            *at += 1;
            let high = match *chars.get(*at)? {
                '\\' => escape_at(chars, at)?,
                other => {
                    *at += 1;
                    other
                }
            };
            members.push((low, high));
        } else {
            members.push((low, low));
        }
    }
    let inside = |c: char| {
        members
            .iter()
            .any(|(low, high)| (*low..=*high).contains(&c))
    };
    match negated {
        false => members.first().map(|(low, _)| *low),
        true => "aA1_-x".chars().find(|c| !inside(*c)),
    }
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
    fn patterns_are_matched() {
        let tree = json!({});
        let cases = [
            (r"[a-f\d]{24}", "aaaaaaaaaaaaaaaaaaaaaaaa"),
            (
                r"\/images\/([a-f\d]{24})",
                "/images/aaaaaaaaaaaaaaaaaaaaaaaa",
            ),
            (r"^(?:#[0-9a-fA-F]{3}|#[0-9a-fA-F]{4})$", "#000"),
            (
                r"(v{0,1})(stable|([0-9]+)(?:\.([0-9]+))?)(_(.*))?",
                "stable",
            ),
            (r"rdme_\w+", "rdme_a"),
            (r"^[^a]+$", "A"),
            // An escaped backslash as a range's end; `\x` escapes.
            (r"(([a-z0-9-_ ]|[^\\x00-\\x7F])+.(json|yaml|yml))", "aajson"),
            (r"[\x41-\x5A]{2}\u0021", "AA!"),
            (
                r"\/(versions|branches)\/((v{0,1})(stable|([0-9]+))(_(.*))?)\/(guides|reference)\/(([a-z0-9-_ ]|[^\\x00-\\x7F])+)",
                "/versions/stable/guides/a",
            ),
        ];
        for (pattern, expected) in cases {
            assert_eq!(
                sample(&tree, json!({"type": "string", "pattern": pattern})),
                expected,
                "{pattern}"
            );
        }
        // What is not read falls back to a plain sample.
        assert_eq!(
            sample(&tree, json!({"type": "string", "pattern": r"(a)\1"})),
            "text"
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
        assert_eq!(sampler.parameter(&at(0)), vec![json!(7), json!(1)]);
        assert_eq!(sampler.parameter(&at(1)), vec![json!("v"), json!("text")]);
    }
}

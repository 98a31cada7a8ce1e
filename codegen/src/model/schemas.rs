//! Schemas to types: component schemas get their own names, inline schemas a name from where
//! they appear; objects become structs, string enums open enums, arrays and maps containers.
//! Unions and `allOf` are in `composition`.

use std::borrow::Cow;
use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::builder::{Builder, Component, doc_of, example_of};
use super::{EnumVariant, Field, TypeDef, TypeKind, TypeRef};
use crate::error::{Error, Pointer};
use crate::names::{Namespace, camel, snake};
use crate::resolve::SchemaRef;

/// How deep schemas may nest (through properties, items, `$ref`s) before the spec is refused.
const MAX_DEPTH: usize = 64;

/// What an object schema declares: properties, required names, map values.
type ObjectParts<'a> = (
    &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    &'a [String],
    Option<&'a AdditionalProperties>,
);

/// An object property: its name, schema (borrowed from the spec where it can be) and the place
/// it is declared.
pub(super) type Property<'s> = (String, Cow<'s, ReferenceOr<Box<Schema>>>, Pointer);

impl Builder<'_> {
    pub(super) fn component_schemas(&mut self) -> Result<(), Error> {
        let Some(components) = &self.doc.api.components else {
            return Ok(());
        };
        let mut names: Vec<&String> = components.schemas.keys().collect();
        names.sort();
        for name in &names {
            let nullable = match &components.schemas[*name] {
                ReferenceOr::Item(schema) => schema.schema_data.nullable,
                ReferenceOr::Reference { .. } => false,
            };
            let rust_name = self.type_names.claim(&camel(name));
            let replaced_by = self.mappings.replacements.get(*name).cloned();
            self.components.insert(
                (*name).clone(),
                Component {
                    rust_name,
                    nullable,
                    replaced_by,
                },
            );
        }
        if let Some(missing) = self
            .mappings
            .replacements
            .keys()
            .find(|name| !components.schemas.contains_key(*name))
        {
            return Err(Error::InvalidOptions {
                message: format!(
                    "schema `{missing}` is replaced, but the spec has no `components/schemas/{missing}`"
                ),
            });
        }
        for name in names {
            let at = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            let rust_name = self.components[name].rust_name.clone();
            if let Some(path) = &self.components[name].replaced_by {
                let ty = TypeRef::External {
                    path: path.clone(),
                    text: false,
                };
                self.cache.insert(at.clone(), ty);
                continue;
            }
            let schema = &components.schemas[name];
            let ty = match schema {
                ReferenceOr::Reference { reference } => {
                    // A component that is only a reference becomes an alias; a chain of such
                    // components that comes back to itself says nothing about its values.
                    let mut seen = BTreeSet::from([name.as_str()]);
                    let mut next = reference.as_str();
                    let mut looped = false;
                    while let Some(target) = component_schema_name(next) {
                        let Some((key, ReferenceOr::Reference { reference })) =
                            components.schemas.get_key_value(&target)
                        else {
                            break;
                        };
                        if !seen.insert(key.as_str()) {
                            looped = true;
                            break;
                        }
                        next = reference.as_str();
                    }
                    if looped {
                        self.warn(
                            &at,
                            format!("the reference `{next}` leads back to itself; any JSON value is accepted"),
                        );
                        TypeRef::Json
                    } else {
                        self.schema_type(schema.into(), &rust_name, &at)?
                    }
                }
                ReferenceOr::Item(schema) => {
                    self.cache
                        .insert(at.clone(), TypeRef::Named(rust_name.clone()));
                    self.schema_kind(schema, &rust_name, &at, Some(&rust_name))?
                }
            };
            let (inner, _) = ty.strip_option();
            let mut inner = inner.clone();
            if inner == TypeRef::Named(rust_name.clone()) && !self.defined.contains(&rust_name) {
                // `A: {oneOf: [$ref: A]}` says nothing about its values.
                self.warn(&at, "the schema is only itself; any JSON value is accepted");
                inner = TypeRef::Json;
            }
            if inner != TypeRef::Named(rust_name.clone()) {
                let data = schema.as_item().map(|s| &s.schema_data);
                self.types.push(TypeDef {
                    name: rust_name,
                    doc: data.and_then(doc_of),
                    example: data.and_then(example_of),
                    deprecated: data.is_some_and(|d| d.deprecated),
                    kind: TypeKind::Alias(inner),
                    pointer: at,
                    in_request: false,
                    in_response: false,
                    features: Vec::new(),
                });
            }
        }
        Ok(())
    }

    /// The type of a schema or reference; `hint` names any type it has to create.
    pub(super) fn schema_type(
        &mut self,
        schema: SchemaRef<'_>,
        hint: &str,
        at: &Pointer,
    ) -> Result<TypeRef, Error> {
        match schema {
            SchemaRef::Ref(reference) => {
                if let Some(name) = component_schema_name(reference)
                    && let Some(component) = self.components.get(&name)
                {
                    let ty = match &component.replaced_by {
                        Some(path) => TypeRef::External {
                            path: path.clone(),
                            text: false,
                        },
                        None => TypeRef::Named(component.rust_name.clone()),
                    };
                    return Ok(if component.nullable {
                        ty.nullable()
                    } else {
                        ty
                    });
                }
                let (schema, target) = self.resolver.lookup::<Schema>(reference, at)?;
                self.inline_schema(&schema, hint, &target)
            }
            SchemaRef::Item(schema) => self.inline_schema(schema, hint, at),
        }
    }

    pub(super) fn inline_schema(
        &mut self,
        schema: &Schema,
        hint: &str,
        at: &Pointer,
    ) -> Result<TypeRef, Error> {
        if let Some(ty) = self.cache.get(at) {
            return Ok(ty.clone());
        }
        if self.depth >= MAX_DEPTH {
            return Err(Error::unsupported(
                at,
                format!("schemas nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.depth += 1;
        let ty = self.schema_kind(schema, hint, at, None);
        self.depth -= 1;
        let ty = ty?;
        let ty = if schema.schema_data.nullable {
            ty.nullable()
        } else {
            ty
        };
        self.cache.insert(at.clone(), ty.clone());
        Ok(ty)
    }

    /// The type of a schema; `fixed` is the exact name for a type it defines (components).
    pub(super) fn schema_kind(
        &mut self,
        schema: &Schema,
        hint: &str,
        at: &Pointer,
        fixed: Option<&str>,
    ) -> Result<TypeRef, Error> {
        let data = &schema.schema_data;
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let values: Vec<&String> = s.enumeration.iter().flatten().collect();
                if !values.is_empty() {
                    let ty = self.string_enum(&values, data, hint, at, fixed);
                    if s.enumeration.iter().any(Option::is_none) {
                        ty.nullable()
                    } else {
                        ty
                    }
                } else {
                    let format = match &s.format {
                        VariantOrUnknownOrEmpty::Item(format) => match format {
                            StringFormat::Date => "date",
                            StringFormat::DateTime => "date-time",
                            StringFormat::Password => "password",
                            StringFormat::Byte => "byte",
                            StringFormat::Binary => "binary",
                        },
                        VariantOrUnknownOrEmpty::Unknown(format) => format.as_str(),
                        VariantOrUnknownOrEmpty::Empty => "",
                    };
                    match (self.mappings.formats.get(format), format) {
                        (Some(path), _) if path == "String" => TypeRef::String,
                        (Some(path), _) => TypeRef::External {
                            path: path.clone(),
                            text: true,
                        },
                        (None, "date") => TypeRef::Date,
                        (None, "date-time") => TypeRef::DateTime,
                        (None, _) => TypeRef::String,
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                // Values above `i64::MAX` need an unsigned type.
                VariantOrUnknownOrEmpty::Unknown(format) if format == "uint64" => TypeRef::U64,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Object(o)) => self.object_schema(
                (&o.properties, &o.required, o.additional_properties.as_ref()),
                data,
                hint,
                at,
                fixed,
            )?,
            SchemaKind::Type(Type::Array(a)) => self.array(a.items.as_ref(), hint, at)?,
            SchemaKind::OneOf { one_of } => {
                self.union(one_of, data, hint, &at.join("oneOf"), at, fixed)?
            }
            SchemaKind::AnyOf { any_of } => {
                self.union(any_of, data, hint, &at.join("anyOf"), at, fixed)?
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, data, hint, at, fixed)?,
            SchemaKind::Not { .. } => {
                self.warn(
                    at,
                    "`not` is not checked by the client; the value is kept as JSON",
                );
                TypeRef::Json
            }
            // A scalar `type` with keywords of objects or arrays beside it (`type: string,
            // additionalProperties: true`): those keywords apply to no string; the type holds.
            SchemaKind::Any(any) if let Some(scalar) = scalar_without_object_keywords(any) => {
                let scalar = Schema {
                    schema_data: data.clone(),
                    schema_kind: scalar,
                };
                self.schema_kind(&scalar, hint, at, fixed)?
            }
            SchemaKind::Any(any) => {
                // `properties` beside a `oneOf`/`anyOf` whose members only require some of
                // them (`oneOf: [{required: [a]}, {required: [b]}]`): the object, requiring
                // what every member requires.
                let choice = if any.one_of.is_empty() {
                    &any.any_of
                } else {
                    &any.one_of
                };
                let required_only = requirements_only(choice, &any.properties);
                if any.all_of.is_empty()
                    && !any.properties.is_empty()
                    && let Some(alternatives) = required_only
                {
                    let mut required = any.required.clone();
                    if let Some((first, rest)) = alternatives.split_first() {
                        required.extend(
                            first
                                .iter()
                                .filter(|name| rest.iter().all(|other| other.contains(name)))
                                .cloned(),
                        );
                    }
                    return self.object_schema(
                        (
                            &any.properties,
                            &required,
                            any.additional_properties.as_ref(),
                        ),
                        data,
                        hint,
                        at,
                        fixed,
                    );
                }
                if !any.all_of.is_empty() {
                    self.all_of(&any.all_of, data, hint, at, fixed)?
                } else if !any.one_of.is_empty() {
                    self.union(&any.one_of, data, hint, &at.join("oneOf"), at, fixed)?
                } else if !any.any_of.is_empty() {
                    self.union(&any.any_of, data, hint, &at.join("anyOf"), at, fixed)?
                } else if !any.properties.is_empty() || any.additional_properties.is_some() {
                    self.object_schema(
                        (
                            &any.properties,
                            &any.required,
                            any.additional_properties.as_ref(),
                        ),
                        data,
                        hint,
                        at,
                        fixed,
                    )?
                } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                    self.array(any.items.as_ref(), hint, at)?
                } else {
                    TypeRef::Json
                }
            }
        })
    }

    pub(super) fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &str,
        at: &Pointer,
    ) -> Result<TypeRef, Error> {
        let item = match items {
            Some(items) => {
                self.schema_type(items.into(), &format!("{hint}Item"), &at.join("items"))?
            }
            None => TypeRef::Json,
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    pub(super) fn string_enum(
        &mut self,
        values: &[&String],
        data: &SchemaData,
        hint: &str,
        at: &Pointer,
        fixed: Option<&str>,
    ) -> TypeRef {
        let name = self.type_name(hint, fixed);
        let mut variant_names = Namespace::default();
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for value in values {
            if !seen.insert(value.as_str()) {
                continue;
            }
            let rust_name = variant_names.claim(&if value.is_empty() {
                "Empty".to_owned()
            } else {
                camel(value)
            });
            variants.push(EnumVariant {
                rust_name,
                wire_value: (*value).clone(),
            });
        }
        let unknown = variant_names.claim("Unknown");
        self.push_type(name, data, TypeKind::Enum { variants, unknown }, at)
    }

    /// [`Builder::object`] for an object schema's own properties, required list and map values,
    /// all declared at `at`.
    fn object_schema(
        &mut self,
        (properties, required, additional): ObjectParts<'_>,
        data: &SchemaData,
        hint: &str,
        at: &Pointer,
        fixed: Option<&str>,
    ) -> Result<TypeRef, Error> {
        self.object(
            located_properties(properties, at),
            required,
            additional.map(|a| (a, at.join("additionalProperties"))),
            data,
            hint,
            at,
            fixed,
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn object(
        &mut self,
        properties: Vec<Property<'_>>,
        required: &[String],
        additional: Option<(&AdditionalProperties, Pointer)>,
        data: &SchemaData,
        hint: &str,
        at: &Pointer,
        fixed: Option<&str>,
    ) -> Result<TypeRef, Error> {
        // A required member the object does not declare (JSON Schema's `required` alone asks
        // for it) is kept as an optional field of any JSON value, unless the map of other
        // properties holds it: a request can carry it, and an answer without it (servers
        // follow such a spec loosely) still decodes.
        let mut properties = properties;
        let mut required = required.to_vec();
        if !properties.is_empty() && additional.is_none() {
            let undeclared: Vec<(usize, String)> = required
                .iter()
                .enumerate()
                .filter(|(_, name)| !properties.iter().any(|(declared, _, _)| declared == *name))
                .map(|(i, name)| (i, name.clone()))
                .collect();
            required.retain(|name| !undeclared.iter().any(|(_, u)| u == name));
            for (i, name) in &undeclared {
                if !properties.iter().any(|(declared, _, _)| declared == name) {
                    let any = Schema {
                        schema_data: SchemaData::default(),
                        schema_kind: SchemaKind::Any(openapiv3::AnySchema::default()),
                    };
                    properties.push((
                        name.clone(),
                        Cow::Owned(ReferenceOr::Item(Box::new(any))),
                        at.join("required").join(*i),
                    ));
                }
            }
        }
        // A struct is named before anything inside it is converted: a schema that reaches
        // itself (through a deep `$ref`, or its own map values) gets this name, not a new type.
        let name = (!properties.is_empty()).then(|| {
            let name = self.type_name(hint, fixed);
            self.cache.insert(at.clone(), TypeRef::Named(name.clone()));
            name
        });
        // Converted where it is declared (an `allOf` may bring it from elsewhere), so a schema
        // reached again through it is found in the cache.
        let additional = match additional {
            Some((AdditionalProperties::Schema(schema), declared_at)) => {
                let value_hint = format!("{}Value", fixed.unwrap_or(hint));
                Some(self.schema_type(schema.as_ref().into(), &value_hint, &declared_at)?)
            }
            _ => None,
        };
        let Some(name) = name else {
            return Ok(match additional {
                Some(value) => TypeRef::Map(Box::new(value)),
                None => TypeRef::JsonObject,
            });
        };
        // The map of other properties has a fixed field name; a property may not take it.
        let mut field_names = if additional.is_some() {
            Namespace::with_reserved(&["additional_properties"])
        } else {
            Namespace::default()
        };
        let mut fields = Vec::with_capacity(properties.len());
        for (wire_name, schema, pointer) in &properties {
            let schema: &ReferenceOr<Box<Schema>> = schema;
            let rust_name = field_names.claim(&snake(wire_name));
            // A reference to a component names no new type: no hint to spell.
            let names_a_component = matches!(schema, ReferenceOr::Reference { reference }
                if component_schema_name(reference).is_some_and(|c| self.components.contains_key(&c)));
            let hint = match names_a_component {
                true => String::new(),
                false => format!("{name}{}", camel(wire_name)),
            };
            let mut ty = self.schema_type(schema.into(), &hint, pointer)?;
            let item = schema.as_item();
            if item.is_some_and(|s| is_navigation(&s.schema_data)) {
                ty = TypeRef::Related(Box::new(ty));
            }
            // A read-only property is absent from requests and a write-only one from responses:
            // one type serves both, so such a property is optional even when required.
            let one_way = item.and_then(|s| {
                if s.schema_data.read_only {
                    Some("Read-only: sent by the server, not in requests.")
                } else if s.schema_data.write_only {
                    Some("Write-only: sent in requests, not by the server.")
                } else {
                    None
                }
            });
            let doc = item.and_then(|s| doc_of(&s.schema_data));
            let doc = match (doc, one_way) {
                (Some(doc), Some(note)) => Some(format!("{doc}\n\n{note}")),
                (None, Some(note)) => Some(note.to_owned()),
                (doc, None) => doc,
            };
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name,
                ty,
                required: required.contains(wire_name) && one_way.is_none(),
                doc,
                deprecated: item.is_some_and(|s| s.schema_data.deprecated),
                boxed: false,
                related_reader: None,
            });
        }
        Ok(self.push_type(name, data, TypeKind::Struct { fields, additional }, at))
    }
}

/// Whether a property links to other resources that the server sends only when asked
/// (`x-ms-navigationProperty: true`, as OData services such as Microsoft Graph describe them).
fn is_navigation(data: &SchemaData) -> bool {
    data.extensions.get("x-ms-navigationProperty") == Some(&serde_json::Value::Bool(true))
}

/// An object's properties with the pointer where each is declared.
fn located_properties<'s>(
    properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    at: &Pointer,
) -> Vec<Property<'s>> {
    let at = at.join("properties");
    properties
        .iter()
        .map(|(k, v)| (k.clone(), Cow::Borrowed(v), at.join(k)))
        .collect()
}

/// The schema name a `#/components/schemas/…` reference names, unescaped.
pub(super) fn component_schema_name(reference: &str) -> Option<String> {
    // Most references are plain: no escapes to decode, no deeper segments.
    if let Some(name) = reference.strip_prefix("#/components/schemas/")
        && !name.contains(['/', '~', '%'])
    {
        return Some(name.to_owned());
    }
    let pointer = crate::error::Pointer::from_ref(reference)?;
    match pointer.segments().collect::<Vec<_>>().as_slice() {
        [components, schemas, name] if components == "components" && schemas == "schemas" => {
            Some(name.clone())
        }
        _ => None,
    }
}

/// The `required` lists of a `oneOf`/`anyOf` whose members are inline schemas that only
/// constrain the object beside them: they require some of its `properties`, or narrow them
/// (`status: {enum: [completed]}`), and allow other members; `None` when some member says
/// more (a property of its own, a type, a reference), or there are none.
fn requirements_only<'s>(
    members: &'s [ReferenceOr<Schema>],
    declared: &IndexMap<String, ReferenceOr<Box<Schema>>>,
) -> Option<Vec<&'s Vec<String>>> {
    if members.is_empty() {
        return None;
    }
    members
        .iter()
        .map(|member| {
            let ReferenceOr::Item(schema) = member else {
                return None;
            };
            let (properties, required, additional) = match &schema.schema_kind {
                SchemaKind::Any(any) => {
                    let constraint_only = openapiv3::AnySchema {
                        typ: any.typ.clone().filter(|t| t == "object"),
                        properties: any.properties.clone(),
                        required: any.required.clone(),
                        additional_properties: any.additional_properties.clone(),
                        ..openapiv3::AnySchema::default()
                    };
                    if *any != constraint_only {
                        return None;
                    }
                    (&any.properties, &any.required, &any.additional_properties)
                }
                SchemaKind::Type(Type::Object(object)) => (
                    &object.properties,
                    &object.required,
                    &object.additional_properties,
                ),
                _ => return None,
            };
            let narrows_only = properties.keys().all(|name| declared.contains_key(name));
            let open = matches!(additional, None | Some(AdditionalProperties::Any(true)));
            (narrows_only && open && (!required.is_empty() || !properties.is_empty()))
                .then_some(required)
        })
        .collect()
}

/// The scalar schema an "any" schema is when it declares a scalar `type` (and no composition)
/// next to keywords only objects or arrays have; `None` otherwise.
fn scalar_without_object_keywords(any: &openapiv3::AnySchema) -> Option<SchemaKind> {
    let scalar = matches!(
        any.typ.as_deref(),
        Some("string" | "integer" | "number" | "boolean")
    );
    let composed = !any.all_of.is_empty()
        || !any.one_of.is_empty()
        || !any.any_of.is_empty()
        || any.not.is_some();
    if !scalar || composed {
        return None;
    }
    let mut value = serde_json::to_value(any).ok()?;
    let object = value.as_object_mut()?;
    for key in [
        "properties",
        "required",
        "additionalProperties",
        "minProperties",
        "maxProperties",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
    ] {
        object.remove(key);
    }
    match serde_json::from_value::<SchemaKind>(value).ok()? {
        kind @ SchemaKind::Type(_) => Some(kind),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::component_schema_name;

    #[test]
    fn component_schema_names_are_read_from_references_escaped_or_not() {
        let name = |reference: &str| component_schema_name(reference);
        assert_eq!(name("#/components/schemas/Pet").as_deref(), Some("Pet"));
        assert_eq!(
            name("#/components/schemas/a~1b~0c").as_deref(),
            Some("a/b~c")
        );
        assert_eq!(name("#/components/schemas/a%20b").as_deref(), Some("a b"));
        assert_eq!(name("#/components/schemas/").as_deref(), Some(""));
        assert_eq!(name("#/components/schemas/Pet/properties/id"), None);
        assert_eq!(name("#/components/responses/Pet"), None);
        assert_eq!(name("other.yaml#/components/schemas/Pet"), None);
    }
}

//! Composed schemas: `oneOf`/`anyOf` become unions (tagged by a discriminator when every member
//! is a `$ref`), `allOf` members are merged into one struct (or one scalar type).

use std::borrow::Cow;
use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type};

use super::builder::Builder;
use super::schemas::Property;
use super::{TypeKind, TypeRef, UnionVariant};
use crate::error::{Error, Pointer};
use crate::names::{Namespace, camel};

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        data: &SchemaData,
        hint: &str,
        members_at: &Pointer,
        at: &Pointer,
        fixed: Option<&str>,
    ) -> Result<TypeRef, Error> {
        // The same `$ref` twice is one member (and one tag).
        let mut seen = BTreeSet::new();
        let members: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, member)| match member {
                ReferenceOr::Reference { reference } => seen.insert(reference.as_str()),
                ReferenceOr::Item(_) => true,
            })
            .collect();
        if let [(i, only)] = members.as_slice() {
            return self.schema_type((*only).into(), hint, &members_at.join(i));
        }
        let name = self.type_name(hint, fixed);
        self.cache.insert(at.clone(), TypeRef::Named(name.clone()));
        let mut variant_names = Namespace::default();
        let mut variants = Vec::with_capacity(members.len());
        for &(i, member) in &members {
            let title = member
                .as_item()
                .and_then(|s| s.schema_data.title.as_deref())
                .map(camel);
            let member_hint = format!(
                "{name}{}",
                title.clone().unwrap_or_else(|| format!("Variant{}", i + 1))
            );
            let ty = self.schema_type(member.into(), &member_hint, &members_at.join(i))?;
            let rust_name = variant_names.claim(&title.unwrap_or_else(|| ty.kind_name()));
            variants.push(UnionVariant {
                rust_name,
                ty,
                boxed: false,
                tags: Vec::new(),
            });
        }
        let mut discriminator = None;
        let mut unknown = None;
        if let Some(d) = &data.discriminator {
            // A tag selects one variant: the first that claims it.
            let mut claimed = BTreeSet::new();
            let all_tagged = members
                .iter()
                .zip(&mut variants)
                .all(|((_, member), variant)| {
                    let ReferenceOr::Reference { reference } = member else {
                        return false;
                    };
                    let own_name = Pointer::from_ref(reference)
                        .and_then(|p| p.segments().last())
                        .unwrap_or_default();
                    // Explicit mappings first; the schema's own name when none points at it.
                    variant.tags = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || **target == own_name)
                        .map(|(value, _)| value.clone())
                        .collect();
                    if variant.tags.is_empty() {
                        variant.tags.push(own_name);
                    }
                    variant.tags.retain(|tag| claimed.insert(tag.clone()));
                    true
                });
            if all_tagged {
                discriminator = Some(d.property_name.clone());
                unknown = Some(variant_names.claim("Unknown"));
            } else {
                for variant in &mut variants {
                    variant.tags.clear();
                }
                self.warn(
                    &at.join("discriminator"),
                    "the discriminator is used only when every member is a `$ref`; decoded by trying each member",
                );
            }
        }
        Ok(self.push_type(
            name,
            data,
            TypeKind::Union {
                variants,
                discriminator,
                unknown,
            },
            at,
        ))
    }

    pub(super) fn all_of(
        &mut self,
        all: &[ReferenceOr<Schema>],
        data: &SchemaData,
        hint: &str,
        at: &Pointer,
        fixed: Option<&str>,
    ) -> Result<TypeRef, Error> {
        // A member that only annotates (a description, a title, an example, `xml`…) constrains
        // nothing: `allOf: [{$ref: Integer}, {description: …}]` is an integer. Such members are
        // left out of the merge (unless every member is one), each keeping its place's index.
        // A member that says only `nullable: true` lets the others' values be null (its own
        // `nullable` has no type to apply to; the intent is plain).
        let mut members: Vec<(usize, &ReferenceOr<Schema>)> = all
            .iter()
            .enumerate()
            .filter(|(_, member)| !is_annotation_only(member) && !is_nullable_only(member))
            .collect();
        let nullable = members.len() < all.len() && all.iter().any(is_nullable_only);
        if members.is_empty() {
            members = all.iter().enumerate().collect();
        }
        if let [(i, only)] = members.as_slice() {
            let ty = self.schema_type((*only).into(), hint, &at.join("allOf").join(*i))?;
            return Ok(if nullable { ty.nullable() } else { ty });
        }
        // A member that does not resolve to a schema (a component that is a loop of `$ref`s,
        // say) cannot be merged: each member is then converted on its own, which reports a
        // reference that points nowhere and finds a loop to be any value.
        let all_objects = members.iter().all(|(i, member)| {
            self.resolver
                .resolve(member, &at.join("allOf").join(*i))
                .is_ok_and(|(schema, _)| is_object_like(&schema))
        });
        if !all_objects {
            let ty = self.all_of_scalars(&members, hint, at)?;
            return Ok(if nullable { ty.nullable() } else { ty });
        }
        let mut properties = Vec::new();
        let mut required = Vec::new();
        let mut additional = None;
        let mut visited = BTreeSet::new();
        for &(i, member) in &members {
            let (schema, pointer) = self.resolver.resolve(member, &at.join("allOf").join(i))?;
            self.collect_object(
                &schema,
                &pointer,
                &mut properties,
                &mut required,
                &mut additional,
                &mut visited,
            )?;
        }
        self.object(
            properties,
            &required,
            additional
                .as_ref()
                .map(|(a, declared_at)| (a, declared_at.clone())),
            data,
            hint,
            at,
            fixed,
        )
    }

    /// Gathers the properties of an `allOf` member, following nested `allOf`s.
    pub(super) fn collect_object(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        properties: &mut Vec<Property<'_>>,
        required: &mut Vec<String>,
        additional: &mut Option<(AdditionalProperties, Pointer)>,
        visited: &mut BTreeSet<Pointer>,
    ) -> Result<(), Error> {
        if !visited.insert(at.clone()) {
            self.warn(
                at,
                "an `allOf` that includes itself: the repeated member adds nothing and is skipped",
            );
            return Ok(());
        }
        let mut add = |props: &IndexMap<String, ReferenceOr<Box<Schema>>>,
                       req: &[String],
                       extra: &Option<AdditionalProperties>| {
            for (name, schema) in props {
                properties.retain(|(existing, _, _)| existing != name);
                properties.push((
                    name.clone(),
                    Cow::Owned(schema.clone()),
                    at.join("properties").join(name),
                ));
            }
            required.extend(req.iter().cloned());
            if let Some(AdditionalProperties::Schema(s)) = extra {
                *additional = Some((
                    AdditionalProperties::Schema(s.clone()),
                    at.join("additionalProperties"),
                ));
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                add(&o.properties, &o.required, &o.additional_properties)
            }
            SchemaKind::Any(any) if any.all_of.is_empty() => {
                add(&any.properties, &any.required, &any.additional_properties)
            }
            SchemaKind::AllOf { all_of } | SchemaKind::Any(openapiv3::AnySchema { all_of, .. }) => {
                for (i, member) in all_of.iter().enumerate() {
                    let member_at = at.join("allOf").join(i);
                    match self.resolver.resolve(member, &member_at) {
                        Ok((inner, pointer)) => self.collect_object(
                            &inner, &pointer, properties, required, additional, visited,
                        )?,
                        // A reference to nothing is an error; a loop of references holds no
                        // properties to merge.
                        Err(e @ Error::UnresolvedRef { .. }) => return Err(e),
                        Err(e) => self.warn(&member_at, format!("not merged: {e}")),
                    }
                }
            }
            _ => self.warn(
                at,
                "an `allOf` member that is not an object cannot be merged into one; it is not checked",
            ),
        }
        // Off the path again: merging the same schema twice (siblings) is allowed, a cycle is not.
        visited.remove(at);
        Ok(())
    }

    /// An `allOf` with members that are not objects: members of one JSON type (all strings,
    /// say, one of them a named enum or a `date-time`) are the most specific of their types,
    /// nullable when one of them is (the members agree on the type; `nullable` is taken as
    /// the spec's intent); anything else cannot be merged and becomes any JSON value, with a
    /// warning.
    pub(super) fn all_of_scalars(
        &mut self,
        members: &[(usize, &ReferenceOr<Schema>)],
        hint: &str,
        at: &Pointer,
    ) -> Result<TypeRef, Error> {
        let mut types = Vec::new();
        let mut kinds = Vec::new();
        for &(i, member) in members {
            let member_at = at.join("allOf").join(i);
            let resolved = self.resolver.resolve(member, &member_at).ok();
            kinds.push(
                resolved
                    .as_ref()
                    .and_then(|(schema, _)| scalar_kind(schema)),
            );
            // A member without a type that only constrains one kind of value (`pattern`,
            // `maximum`…) says which kind, and makes no type of its own.
            if resolved
                .as_ref()
                .is_some_and(|(schema, _)| untyped_constraint(schema).is_some())
            {
                continue;
            }
            types.push(self.schema_type(member.into(), hint, &member_at)?);
        }
        types.dedup();
        // One type, unless the members' kinds contradict it (`{$ref: String}, {maximum: 3}`).
        let one_kind = kinds.iter().all(|k| k.is_some() && *k == kinds[0]);
        if let [one] = types.as_slice()
            && (one_kind || kinds.iter().any(Option::is_none))
        {
            return Ok(one.clone());
        }
        if one_kind && !types.is_empty() {
            let nullable = types.iter().any(|t| t.strip_option().1);
            let mut bare: Vec<TypeRef> = types.iter().map(|t| t.strip_option().0.clone()).collect();
            bare.dedup();
            // The plain type of the kind says least; any other says more (a format, an enum,
            // a named type). Two different specific ones cannot both hold.
            // An integer is more specific than a number.
            let plain = |t: &TypeRef| {
                matches!(
                    t,
                    TypeRef::String | TypeRef::Bool | TypeRef::I64 | TypeRef::F64
                )
            };
            let specific: Vec<&TypeRef> = bare.iter().filter(|t| !plain(t)).collect();
            let merged = match specific.as_slice() {
                [] if bare.contains(&TypeRef::I64) => Some(TypeRef::I64),
                [] => Some(bare[0].clone()),
                [one] => Some((*one).clone()),
                _ => None,
            };
            if let Some(merged) = merged {
                return Ok(if nullable { merged.nullable() } else { merged });
            }
        }
        self.warn(
            at,
            "the `allOf` members cannot be merged (not all objects, nor one type); any JSON value is accepted",
        );
        Ok(TypeRef::Json)
    }
}

/// Whether an `allOf` member only annotates: an inline schema with no type, no keyword that
/// constrains a value and not `nullable` (its description, title, example, `xml`, `readOnly`,
/// `deprecated` and extensions say nothing about which values fit).
fn is_annotation_only(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => {
            !schema.schema_data.nullable
                && matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
        }
    }
}

/// Whether an `allOf` member says only `nullable: true`.
fn is_nullable_only(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => {
            schema.schema_data.nullable
                && matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default())
        }
    }
}

/// The JSON type a scalar schema declares (`integer` counted as a `number`), or the one kind an
/// untyped schema's constraints apply to, for telling whether `allOf` members agree on one.
fn scalar_kind(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_) | Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        _ => untyped_constraint(schema),
    }
}

/// The kind of value an untyped schema constrains when all its keywords apply to strings
/// (`pattern`, `minLength`, `maxLength`, `format`) or all to numbers (`minimum`, `maximum`,
/// `multipleOf`): `allOf: [{$ref: String}, {pattern: …}]` is a string.
fn untyped_constraint(schema: &Schema) -> Option<&'static str> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return None;
    };
    let string = any.pattern.is_some()
        || any.min_length.is_some()
        || any.max_length.is_some()
        || any.format.is_some();
    let number = any.minimum.is_some() || any.maximum.is_some() || any.multiple_of.is_some();
    let bare = openapiv3::AnySchema {
        pattern: any.pattern.clone(),
        min_length: any.min_length,
        max_length: any.max_length,
        format: any.format.clone(),
        minimum: any.minimum,
        maximum: any.maximum,
        multiple_of: any.multiple_of,
        exclusive_minimum: any.exclusive_minimum,
        exclusive_maximum: any.exclusive_maximum,
        ..openapiv3::AnySchema::default()
    };
    if *any != bare || any.typ.is_some() {
        return None;
    }
    match (string, number) {
        (true, false) => Some("string"),
        (false, true) => Some("number"),
        _ => None,
    }
}

/// Whether a schema describes an object whose properties an `allOf` can merge.
fn is_object_like(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => any.typ.is_none() || any.typ.as_deref() == Some("object"),
        _ => false,
    }
}

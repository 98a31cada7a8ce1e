//! The intermediate model: the API as the client needs it, with every `$ref` resolved and every
//! name chosen, independent of Rust tokens. `build` turns a loaded document into it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

type ResolvedRefs = HashMap<(std::any::TypeId, String), (Box<dyn std::any::Any>, Pointer)>;

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, AdditionalProperties, IntegerFormat, MediaType, NumberFormat, Parameter,
    ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema, SchemaData, SchemaKind,
    SecurityRequirement, SecurityScheme, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Pointer, Warning};
use crate::load::Document;
use crate::names::{Namespace, camel, shouty, snake};
use crate::validate::{METHODS, template_params, validate};

/// How deep schemas may nest (through properties, items, `$ref`s) before the spec is refused.
const MAX_DEPTH: usize = 64;
/// How many `$ref`s may follow each other before the chain is called a loop.
const MAX_REF_HOPS: usize = 32;

/// The whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<ServerDef>,
    pub auth: Option<Auth>,
    pub operations: Vec<Operation>,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
}

/// A server the client can talk to, exposed as a constant.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerDef {
    pub const_name: String,
    pub url: String,
    pub description: Option<String>,
}

/// How requests are authenticated.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// An API key in a header or query parameter called `name`.
    ApiKey {
        location: KeyLocation,
        name: String,
        description: Option<String>,
    },
    /// `Authorization: Bearer <token>`.
    Bearer { description: Option<String> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
}

/// One API operation: one client method and one request builder.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    pub method_name: String,
    pub builder_name: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    pub path_template: String,
    pub path: Vec<PathPart>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub authenticated: bool,
    pub params: Vec<Param>,
    pub body: Option<RequestBodyDef>,
    pub success: ResponseSet,
    pub error: ResponseSet,
    pub pointer: Pointer,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// Arrays: repeat the key (`true`) or join values with commas (`false`).
    pub explode: bool,
    /// An object, map, union or nested array: encoded at run time from its JSON form.
    pub structured: bool,
    pub style: ParamStyle,
}

/// How a parameter is serialised (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `a,b` (path and header default).
    Simple,
    /// `.a.b` (path).
    Label,
    /// `;name=a` (path).
    Matrix,
    /// `name=a` (query and cookie default).
    Form,
    /// `name[key]=value` (query objects).
    DeepObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBodyDef {
    pub rust_name: String,
    pub content_type: String,
    pub kind: BodyKind,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: the object's properties as `name=value` pairs.
    Form(TypeRef),
    /// `multipart/form-data`: one part per property; the named ones (`format: binary`) as files.
    Multipart {
        ty: TypeRef,
        files: Vec<String>,
    },
    Text,
    Bytes,
}

impl BodyKind {
    /// The generated type of a structured body.
    pub fn structured_type(&self) -> Option<&TypeRef> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart { ty, .. } => Some(ty),
            BodyKind::Text | BodyKind::Bytes => None,
        }
    }
}

/// What one status (or range, or `default`) of an operation carries.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    Empty,
    Json(TypeRef),
    Text,
    Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `2XX` is `Range(2)`.
    Range(u16),
    Default,
}

/// The success or the error side of an operation's responses.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseSet {
    /// Every status carries the same body.
    Single(ResponseBody),
    /// Bodies differ by status: an enum (a `TypeKind::ByStatus` type) named `type_name`.
    ByStatus { type_name: String },
}

/// A Rust type, as used in a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Bool,
    I32,
    I64,
    F32,
    F64,
    String,
    Date,
    DateTime,
    /// Any JSON value.
    Json,
    /// Any JSON object.
    JsonObject,
    Named(String),
    Vec(Box<TypeRef>),
    /// A map from string keys.
    Map(Box<TypeRef>),
    /// A nullable value.
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// The type without its nullability, and whether it had one.
    pub fn strip_option(&self) -> (&TypeRef, bool) {
        match self {
            TypeRef::Option(inner) => (inner.strip_option().0, true),
            other => (other, false),
        }
    }

    fn nullable(self) -> TypeRef {
        match self {
            TypeRef::Option(_) => self,
            other => TypeRef::Option(Box::new(other)),
        }
    }

    /// A short word for the kind of type, used to name untagged enum variants.
    fn kind_name(&self) -> String {
        match self {
            TypeRef::Bool => "Boolean".into(),
            TypeRef::I32 | TypeRef::I64 => "Integer".into(),
            TypeRef::F32 | TypeRef::F64 => "Number".into(),
            TypeRef::String => "String".into(),
            TypeRef::Date => "Date".into(),
            TypeRef::DateTime => "DateTime".into(),
            TypeRef::Json => "Value".into(),
            TypeRef::JsonObject => "Object".into(),
            TypeRef::Named(name) => name.clone(),
            TypeRef::Vec(_) => "Array".into(),
            TypeRef::Map(_) => "Map".into(),
            TypeRef::Option(inner) => inner.kind_name(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
    pub pointer: Pointer,
    /// Used in a request, so users must be able to build it (no `#[non_exhaustive]`).
    pub in_request: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
        additional: Option<TypeRef>,
    },
    /// A string enum that keeps unknown values in the variant `unknown`.
    Enum {
        variants: Vec<EnumVariant>,
        unknown: String,
    },
    /// `oneOf` / `anyOf`: with a discriminator, the variant its property names; without, the
    /// first variant that decodes.
    Union {
        variants: Vec<UnionVariant>,
        /// The discriminator property, when every variant has its tag values.
        discriminator: Option<String>,
        /// With a discriminator: the variant that keeps unknown tags (forward compatibility).
        unknown: Option<String>,
    },
    Alias(TypeRef),
    /// An operation's responses whose bodies differ by status.
    ByStatus {
        variants: Vec<StatusVariant>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// Needs a `Box` to break a cycle of types that contain each other.
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub rust_name: String,
    pub wire_value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    pub boxed: bool,
    /// The discriminator values that select this variant.
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    pub rust_name: String,
    pub status: StatusMatch,
    pub body: ResponseBody,
}

/// Builds the model of a loaded, valid document.
pub fn build(doc: &Document) -> Result<(Api, Vec<Warning>), Error> {
    let mut builder = Builder {
        doc,
        type_names: Namespace::default(),
        components: BTreeMap::new(),
        types: Vec::new(),
        enum_names: HashSet::new(),
        resolved: RefCell::default(),
        cache: HashMap::new(),
        warnings: Vec::new(),
        depth: 0,
    };
    validate(&doc.api, |p, at| {
        builder.resolve(p, at).map(|(p, _)| p.into_owned())
    })?;
    builder.component_schemas()?;
    let (scheme_name, auth) = builder.auth().unzip();
    let servers = builder.servers();
    let operations = builder.operations(scheme_name.as_deref())?;
    let Builder {
        mut types,
        mut warnings,
        ..
    } = builder;
    types.sort_by(|a, b| a.name.cmp(&b.name));
    mark_boxed(&mut types);
    mark_in_request(&mut types, &operations);
    warnings.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    let info = &doc.api.info;
    let api = Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        servers,
        auth,
        operations,
        types,
    };
    Ok((api, warnings))
}

/// A schema or a reference to one, whether the spec boxed it or not.
#[derive(Clone, Copy)]
enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// What a component schema is called in Rust, and whether references to it may be null.
struct Component {
    rust_name: String,
    nullable: bool,
}

struct Builder<'a> {
    doc: &'a Document,
    type_names: Namespace,
    components: BTreeMap<String, Component>,
    types: Vec<TypeDef>,
    /// The names of the string enums among `types`.
    enum_names: HashSet<String>,
    /// What `resolve` decoded for a reference, by target type and reference.
    resolved: RefCell<ResolvedRefs>,
    /// Types already made for the schema at a location, so a shared schema yields one type.
    cache: HashMap<Pointer, TypeRef>,
    warnings: Vec<Warning>,
    depth: usize,
}

impl<'a> Builder<'a> {
    fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.clone(),
            message: message.into(),
        });
    }

    /// The value a local `$ref` points at, followed through chains of references.
    fn lookup<T: DeserializeOwned>(
        &self,
        reference: &str,
        at: &Pointer,
    ) -> Result<(T, Pointer), Error> {
        let unresolved = || Error::UnresolvedRef {
            pointer: at.clone(),
            reference: reference.to_owned(),
        };
        let mut target = Pointer::from_ref(reference).ok_or_else(unresolved)?;
        for _ in 0..MAX_REF_HOPS {
            let mut node = &self.doc.tree;
            for segment in target.segments() {
                node = match node {
                    Value::Object(map) => map.get(&segment),
                    Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                }
                .ok_or_else(unresolved)?;
            }
            if let Some(next) = node.get("$ref").and_then(Value::as_str) {
                target = Pointer::from_ref(next).ok_or_else(unresolved)?;
                continue;
            }
            let value = T::deserialize(node).map_err(|e| {
                Error::invalid(
                    &target,
                    format!("not what `{reference}` should point to: {e}"),
                )
            })?;
            return Ok((value, target));
        }
        Err(Error::invalid(
            at,
            format!("`$ref` chain from `{reference}` does not end"),
        ))
    }

    /// The item, or what its reference points at, with the pointer where it really lives.
    fn resolve<'b, T: DeserializeOwned + Clone + 'static>(
        &self,
        item: &'b ReferenceOr<T>,
        at: &Pointer,
    ) -> Result<(Cow<'b, T>, Pointer), Error> {
        match item {
            ReferenceOr::Item(t) => Ok((Cow::Borrowed(t), at.clone())),
            ReferenceOr::Reference { reference } => {
                // Shared parameters and responses are referenced from many operations: decode
                // each target once.
                let key = (std::any::TypeId::of::<T>(), reference.clone());
                if let Some((value, pointer)) = self.resolved.borrow().get(&key)
                    && let Some(value) = value.downcast_ref::<T>()
                {
                    return Ok((Cow::Owned(value.clone()), pointer.clone()));
                }
                let (value, pointer) = self.lookup::<T>(reference, at)?;
                self.resolved
                    .borrow_mut()
                    .insert(key, (Box::new(value.clone()), pointer.clone()));
                Ok((Cow::Owned(value), pointer))
            }
        }
    }

    fn component_schemas(&mut self) -> Result<(), Error> {
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
            self.components.insert(
                (*name).clone(),
                Component {
                    rust_name,
                    nullable,
                },
            );
        }
        for name in names {
            let at = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            let rust_name = self.components[name].rust_name.clone();
            let schema = &components.schemas[name];
            let ty = match schema {
                ReferenceOr::Reference { reference } => {
                    // A component that is only a reference becomes an alias; a chain of such
                    // components that comes back to itself has no type at all.
                    let mut seen = BTreeSet::from([name.as_str()]);
                    let mut next = reference.as_str();
                    while let Some(target) = component_schema_name(next) {
                        let Some((key, ReferenceOr::Reference { reference })) =
                            components.schemas.get_key_value(&target)
                        else {
                            break;
                        };
                        if !seen.insert(key.as_str()) {
                            return Err(Error::invalid(
                                &at,
                                format!("the reference `{next}` leads back to itself"),
                            ));
                        }
                        next = reference.as_str();
                    }
                    self.schema_type(schema.into(), &rust_name, &at)?
                }
                ReferenceOr::Item(schema) => {
                    self.cache
                        .insert(at.clone(), TypeRef::Named(rust_name.clone()));
                    self.schema_kind(schema, &rust_name, &at, Some(&rust_name))?
                }
            };
            let (inner, _) = ty.strip_option();
            if *inner != TypeRef::Named(rust_name.clone()) {
                let data = schema.as_item().map(|s| &s.schema_data);
                self.types.push(TypeDef {
                    name: rust_name,
                    doc: data.and_then(doc_of),
                    deprecated: data.is_some_and(|d| d.deprecated),
                    kind: TypeKind::Alias(inner.clone()),
                    pointer: at,
                    in_request: false,
                });
            }
        }
        Ok(())
    }

    /// The type of a schema or reference; `hint` names any type it has to create.
    fn schema_type(
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
                    let ty = TypeRef::Named(component.rust_name.clone());
                    return Ok(if component.nullable {
                        ty.nullable()
                    } else {
                        ty
                    });
                }
                let (schema, target) = self.lookup::<Schema>(reference, at)?;
                self.inline_schema(&schema, hint, &target)
            }
            SchemaRef::Item(schema) => self.inline_schema(schema, hint, at),
        }
    }

    fn inline_schema(
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
    fn schema_kind(
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
                    match &s.format {
                        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                        _ => TypeRef::String,
                    }
                }
            }
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Object(o)) => self.object(
                located_properties(&o.properties, at),
                &o.required,
                o.additional_properties.as_ref(),
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
            SchemaKind::Any(any) => {
                if !any.all_of.is_empty() {
                    self.all_of(&any.all_of, data, hint, at, fixed)?
                } else if !any.one_of.is_empty() {
                    self.union(&any.one_of, data, hint, &at.join("oneOf"), at, fixed)?
                } else if !any.any_of.is_empty() {
                    self.union(&any.any_of, data, hint, &at.join("anyOf"), at, fixed)?
                } else if !any.properties.is_empty() || any.additional_properties.is_some() {
                    self.object(
                        located_properties(&any.properties, at),
                        &any.required,
                        any.additional_properties.as_ref(),
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

    fn array(
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

    fn string_enum(
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

    #[allow(clippy::too_many_arguments)]
    fn object(
        &mut self,
        properties: Vec<(String, ReferenceOr<Box<Schema>>, Pointer)>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        data: &SchemaData,
        hint: &str,
        at: &Pointer,
        fixed: Option<&str>,
    ) -> Result<TypeRef, Error> {
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value_hint = format!("{}Value", fixed.unwrap_or(hint));
                Some(self.schema_type(
                    schema.as_ref().into(),
                    &value_hint,
                    &at.join("additionalProperties"),
                )?)
            }
            _ => None,
        };
        if properties.is_empty() {
            return Ok(match additional {
                Some(value) => TypeRef::Map(Box::new(value)),
                None => TypeRef::JsonObject,
            });
        }
        let name = self.type_name(hint, fixed);
        // A schema that reaches itself through a deep `$ref` gets this name, not a new type.
        self.cache.insert(at.clone(), TypeRef::Named(name.clone()));
        // The map of other properties has a fixed field name; a property may not take it.
        let mut field_names = if additional.is_some() {
            Namespace::with_reserved(&["additional_properties"])
        } else {
            Namespace::default()
        };
        let mut fields = Vec::with_capacity(properties.len());
        for (wire_name, schema, pointer) in &properties {
            let rust_name = field_names.claim(&snake(wire_name));
            let ty = self.schema_type(
                schema.into(),
                &format!("{name}{}", camel(wire_name)),
                pointer,
            )?;
            let item = schema.as_item();
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
            });
        }
        Ok(self.push_type(name, data, TypeKind::Struct { fields, additional }, at))
    }

    #[allow(clippy::too_many_arguments)]
    fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        data: &SchemaData,
        hint: &str,
        members_at: &Pointer,
        at: &Pointer,
        fixed: Option<&str>,
    ) -> Result<TypeRef, Error> {
        if let [only] = members {
            return self.schema_type(only.into(), hint, &members_at.join(0));
        }
        let name = self.type_name(hint, fixed);
        self.cache.insert(at.clone(), TypeRef::Named(name.clone()));
        let mut variant_names = Namespace::default();
        let mut variants = Vec::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
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
            let all_tagged = members.iter().zip(&mut variants).all(|(member, variant)| {
                let ReferenceOr::Reference { reference } = member else {
                    return false;
                };
                // Explicit mappings first; the schema's own name when none points at it.
                variant.tags = d
                    .mapping
                    .iter()
                    .filter(|(_, target)| {
                        *target == reference
                            || reference.rsplit('/').next() == Some(target.as_str())
                    })
                    .map(|(value, _)| value.clone())
                    .collect();
                if variant.tags.is_empty() {
                    variant
                        .tags
                        .push(reference.rsplit('/').next().unwrap_or_default().to_owned());
                }
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

    fn all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        data: &SchemaData,
        hint: &str,
        at: &Pointer,
        fixed: Option<&str>,
    ) -> Result<TypeRef, Error> {
        if let [only] = members {
            return self.schema_type(only.into(), hint, &at.join("allOf").join(0));
        }
        let mut resolved = Vec::new();
        for (i, member) in members.iter().enumerate() {
            resolved.push(self.resolve(member, &at.join("allOf").join(i))?);
        }
        if resolved.iter().any(|(schema, _)| !is_object_like(schema)) {
            return self.all_of_scalars(members, hint, at);
        }
        let mut properties = Vec::new();
        let mut required = Vec::new();
        let mut additional = None;
        let mut visited = BTreeSet::new();
        for (i, member) in members.iter().enumerate() {
            let (schema, pointer) = self.resolve(member, &at.join("allOf").join(i))?;
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
            additional.as_ref(),
            data,
            hint,
            at,
            fixed,
        )
    }

    /// Gathers the properties of an `allOf` member, following nested `allOf`s.
    fn collect_object(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        properties: &mut Vec<(String, ReferenceOr<Box<Schema>>, Pointer)>,
        required: &mut Vec<String>,
        additional: &mut Option<AdditionalProperties>,
        visited: &mut BTreeSet<Pointer>,
    ) -> Result<(), Error> {
        if !visited.insert(at.clone()) {
            return Err(Error::invalid(at, "`allOf` includes itself"));
        }
        let mut add = |props: &IndexMap<String, ReferenceOr<Box<Schema>>>,
                       req: &[String],
                       extra: &Option<AdditionalProperties>| {
            for (name, schema) in props {
                properties.retain(|(existing, _, _)| existing != name);
                properties.push((
                    name.clone(),
                    schema.clone(),
                    at.join("properties").join(name),
                ));
            }
            required.extend(req.iter().cloned());
            if let Some(AdditionalProperties::Schema(s)) = extra {
                *additional = Some(AdditionalProperties::Schema(s.clone()));
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
                    let (inner, pointer) = self.resolve(member, &at.join("allOf").join(i))?;
                    self.collect_object(
                        &inner, &pointer, properties, required, additional, visited,
                    )?;
                }
            }
            _ => {
                return Err(Error::unsupported(
                    at,
                    "an `allOf` member that is not an object",
                ));
            }
        }
        // Off the path again: merging the same schema twice (siblings) is allowed, a cycle is not.
        visited.remove(at);
        Ok(())
    }

    /// An `allOf` with members that are not objects: members of one and the same type are that
    /// type; anything else cannot be merged and becomes any JSON value, with a warning.
    fn all_of_scalars(
        &mut self,
        members: &[ReferenceOr<Schema>],
        hint: &str,
        at: &Pointer,
    ) -> Result<TypeRef, Error> {
        let mut types = Vec::new();
        for (i, member) in members.iter().enumerate() {
            types.push(self.schema_type(member.into(), hint, &at.join("allOf").join(i))?);
        }
        types.dedup();
        match types.as_slice() {
            [one] => Ok(one.clone()),
            _ => {
                self.warn(
                    at,
                    "the `allOf` members cannot be merged (not all objects, nor one type); any JSON value is accepted",
                );
                Ok(TypeRef::Json)
            }
        }
    }

    fn type_name(&mut self, hint: &str, fixed: Option<&str>) -> String {
        match fixed {
            Some(name) => name.to_owned(),
            None => self.type_names.claim(&camel(hint)),
        }
    }

    fn push_type(
        &mut self,
        name: String,
        data: &SchemaData,
        kind: TypeKind,
        at: &Pointer,
    ) -> TypeRef {
        if matches!(kind, TypeKind::Enum { .. }) {
            self.enum_names.insert(name.clone());
        }
        self.types.push(TypeDef {
            name: name.clone(),
            doc: doc_of(data),
            deprecated: data.deprecated,
            kind,
            pointer: at.clone(),
            in_request: false,
        });
        TypeRef::Named(name)
    }

    fn servers(&mut self) -> Vec<ServerDef> {
        let mut names = Namespace::default();
        let mut servers = Vec::new();
        for (i, server) in self.doc.api.servers.iter().enumerate() {
            let at = Pointer::root().join("servers").join(i);
            let mut url = server.url.clone();
            for (name, variable) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.warn(&at, format!("server `{url}` is not an absolute http(s) URL; set the base URL on the client builder"));
                continue;
            }
            let label = server
                .description
                .as_deref()
                .filter(|d| d.split_whitespace().count() <= 4);
            let const_name = names.claim(
                &label
                    .map(shouty)
                    .unwrap_or_else(|| format!("SERVER_{}", i + 1)),
            );
            servers.push(ServerDef {
                const_name,
                url: url.trim_end_matches('/').to_owned(),
                description: server.description.clone(),
            });
        }
        servers
    }

    /// The first supported security scheme the API or one of its operations requires, with its
    /// name in `components/securitySchemes`.
    fn auth(&mut self) -> Option<(String, Auth)> {
        let schemes = &self.doc.api.components.as_ref()?.security_schemes;
        let mut required: Vec<&String> = Vec::new();
        let global = self.doc.api.security.iter().flatten();
        let per_operation = self
            .doc
            .api
            .paths
            .paths
            .values()
            .filter_map(ReferenceOr::as_item)
            .flat_map(|item| item.iter())
            .flat_map(|(_, op)| op.security.iter().flatten());
        for requirement in global.chain(per_operation) {
            required.extend(requirement.keys());
        }
        let mut names: Vec<&String> = schemes.keys().collect();
        names.sort_by_key(|n| (!required.contains(n), n.as_str()));
        let mut chosen = None;
        for name in names {
            let at = Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(name);
            let scheme = match schemes[name].as_item() {
                Some(scheme) => scheme.clone(),
                None => {
                    self.warn(
                        &at,
                        "security schemes given by `$ref` are not supported; skipped",
                    );
                    continue;
                }
            };
            let auth = match scheme {
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name,
                    description,
                    ..
                } => Some(Auth::ApiKey {
                    location: KeyLocation::Header,
                    name,
                    description,
                }),
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Query,
                    name,
                    description,
                    ..
                } => Some(Auth::ApiKey {
                    location: KeyLocation::Query,
                    name,
                    description,
                }),
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("bearer") => Some(Auth::Bearer { description }),
                _ => None,
            };
            match (&chosen, auth) {
                (None, Some(auth)) => chosen = Some((name.clone(), auth)),
                (Some((first, _)), _) => self.warn(
                    &at,
                    format!(
                        "only one security scheme is supported; `{first}` is used, this one is not"
                    ),
                ),
                (None, None) => self.warn(
                    &at,
                    "this kind of security scheme is not supported; requests go without it",
                ),
            }
        }
        chosen
    }

    fn operations(&mut self, chosen_scheme: Option<&str>) -> Result<Vec<Operation>, Error> {
        let mut method_names = Namespace::with_reserved(&[
            "new", "builder", "base_url", "clone", "fmt", "execute", "config",
        ]);
        let mut builder_names = Namespace::default();
        let mut paths: Vec<_> = self.doc.api.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut operations = Vec::new();
        for (path, item) in paths {
            let path_at = Pointer::root().join("paths").join(path);
            let Some(item) = item.as_item() else { continue };
            for method in METHODS {
                let Some((_, op)) = item.iter().find(|(m, _)| m == method) else {
                    continue;
                };
                let at = path_at.join(method);
                if !op.callbacks.is_empty() {
                    self.warn(
                        &at.join("callbacks"),
                        "callbacks are requests the server makes; no client code is generated for them",
                    );
                }
                let operation_id = op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{method}{path}"));
                let method_name = method_names.claim(&snake(&operation_id));
                let builder_name = builder_names.claim(&camel(&operation_id));
                let requirements: &[SecurityRequirement] = op
                    .security
                    .as_deref()
                    .or(self.doc.api.security.as_deref())
                    .unwrap_or_default();
                let authenticated =
                    chosen_scheme.is_some_and(|s| requirements.iter().any(|r| r.contains_key(s)));
                let mut names = Namespace::with_reserved(&["client", "send", "into_future"]);
                let body = match &op.request_body {
                    Some(body) => {
                        self.request_body(body, &builder_name, &at.join("requestBody"), &mut names)?
                    }
                    None => None,
                };
                let params = self.params(
                    &item.parameters,
                    &path_at,
                    &op.parameters,
                    &at,
                    &builder_name,
                    &mut names,
                )?;
                let path_parts = path_parts(path, &params, &at)?;
                let (success, error) =
                    self.responses(&op.responses, &builder_name, &at.join("responses"))?;
                operations.push(Operation {
                    operation_id,
                    method_name,
                    builder_name,
                    http_method: method.to_ascii_uppercase(),
                    path_template: path.clone(),
                    path: path_parts,
                    summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
                    description: op.description.clone().filter(|s| !s.trim().is_empty()),
                    deprecated: op.deprecated,
                    authenticated,
                    params,
                    body,
                    success,
                    error,
                    pointer: at,
                });
            }
        }
        Ok(operations)
    }

    fn params(
        &mut self,
        shared: &[ReferenceOr<Parameter>],
        shared_at: &Pointer,
        own: &[ReferenceOr<Parameter>],
        own_at: &Pointer,
        builder_name: &str,
        names: &mut Namespace,
    ) -> Result<Vec<Param>, Error> {
        let mut merged: Vec<(Parameter, Pointer)> = Vec::new();
        let listed = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (p, shared_at.join("parameters").join(i)));
        let listed = listed.chain(
            own.iter()
                .enumerate()
                .map(|(i, p)| (p, own_at.join("parameters").join(i))),
        );
        for (param, at) in listed {
            let (param, target) = self.resolve(param, &at)?;
            let param = param.into_owned();
            let key = |p: &Parameter| {
                (
                    p.parameter_data_ref().name.clone(),
                    std::mem::discriminant(p),
                )
            };
            merged.retain(|(existing, _)| key(existing) != key(&param));
            merged.push((param, target));
        }
        let mut params = Vec::with_capacity(merged.len());
        for (param, at) in merged {
            let (location, explode_default) = match &param {
                Parameter::Path { .. } => (ParamLocation::Path, false),
                Parameter::Query { .. } => (ParamLocation::Query, true),
                Parameter::Header { .. } => (ParamLocation::Header, false),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, true),
            };
            let data = param.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(Error::unsupported(&at, "parameters described by `content`"));
                }
            };
            let hint = format!("{builder_name}{}", camel(&data.name));
            let ty = self.schema_type(schema.into(), &hint, &at.join("schema"))?;
            let structured = self.is_structured_param(&ty, location);
            let style = param_style(&param);
            if location == ParamLocation::Path && !data.required {
                self.warn(
                    &at,
                    "path parameters are always required; treated as required",
                );
            }
            let rust_name = names.claim(&snake(&data.name));
            params.push(Param {
                wire_name: data.name.clone(),
                rust_name,
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                doc: data.description.clone().filter(|d| !d.trim().is_empty()),
                deprecated: data.deprecated.unwrap_or(false),
                explode: data.explode.unwrap_or(explode_default),
                structured,
                style,
            });
        }
        Ok(params)
    }

    /// Whether a parameter needs run-time encoding from its JSON form: anything but scalars,
    /// string enums and arrays of those (and, in cookies, any array).
    fn is_structured_param(&self, ty: &TypeRef, location: ParamLocation) -> bool {
        let (ty, _) = ty.strip_option();
        let scalar = |ty: &TypeRef| match ty.strip_option().0 {
            TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::String
            | TypeRef::Date
            | TypeRef::DateTime => true,
            TypeRef::Named(name) => self.enum_names.contains(name),
            _ => false,
        };
        let simple = match ty {
            TypeRef::Vec(item) => scalar(item) && location != ParamLocation::Cookie,
            other => scalar(other),
        };
        !simple
    }

    fn request_body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        builder_name: &str,
        at: &Pointer,
        names: &mut Namespace,
    ) -> Result<Option<RequestBodyDef>, Error> {
        let (body, at) = self.resolve(body, at)?;
        let Some((content_type, media)) = pick_media(&body.content) else {
            return Ok(None);
        };
        let media_at = at.join("content").join(content_type);
        let body_type = |this: &mut Self| match &media.schema {
            Some(schema) => this.schema_type(
                schema.into(),
                &format!("{builder_name}Body"),
                &media_at.join("schema"),
            ),
            None => Ok(TypeRef::Json),
        };
        let kind = if is_json(content_type) {
            BodyKind::Json(body_type(self)?)
        } else if content_type == "application/x-www-form-urlencoded" {
            BodyKind::Form(body_type(self)?)
        } else if content_type.starts_with("multipart/") {
            let files = match &media.schema {
                Some(schema) => self.binary_properties(schema, &media_at.join("schema"))?,
                None => Vec::new(),
            };
            BodyKind::Multipart {
                ty: body_type(self)?,
                files,
            }
        } else if content_type.starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        };
        Ok(Some(RequestBodyDef {
            rust_name: names.claim("body"),
            content_type: content_type.clone(),
            kind,
            required: body.required,
            doc: body.description.clone().filter(|d| !d.trim().is_empty()),
        }))
    }

    /// The properties of a (multipart) body schema that are files: `format: binary` strings, or
    /// arrays of them.
    fn binary_properties(
        &mut self,
        schema: &ReferenceOr<Schema>,
        at: &Pointer,
    ) -> Result<Vec<String>, Error> {
        let (schema, at) = self.resolve(schema, at)?;
        let properties = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => &o.properties,
            SchemaKind::Any(any) => &any.properties,
            _ => return Ok(Vec::new()),
        };
        let mut files = Vec::new();
        for (name, property) in properties {
            let property = property.clone().unbox();
            let (property, property_at) =
                self.resolve(&property, &at.join("properties").join(name))?;
            let property = match &property.schema_kind {
                SchemaKind::Type(Type::Array(array)) => match &array.items {
                    Some(items) => {
                        let items = items.clone().unbox();
                        self.resolve(&items, &property_at.join("items"))?
                            .0
                            .into_owned()
                    }
                    None => continue,
                },
                _ => property.into_owned(),
            };
            if let SchemaKind::Type(Type::String(string)) = &property.schema_kind
                && string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            {
                files.push(name.clone());
            }
        }
        Ok(files)
    }

    fn responses(
        &mut self,
        responses: &openapiv3::Responses,
        builder_name: &str,
        at: &Pointer,
    ) -> Result<(ResponseSet, ResponseSet), Error> {
        let mut listed: Vec<(StatusMatch, &ReferenceOr<Response>, Pointer)> = Vec::new();
        for (status, response) in &responses.responses {
            let (status, key) = match status {
                StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
                StatusCode::Range(range) => (StatusMatch::Range(*range), format!("{range}XX")),
            };
            listed.push((status, response, at.join(key)));
        }
        if let Some(default) = &responses.default {
            listed.push((StatusMatch::Default, default, at.join("default")));
        }
        listed.sort_by_key(|(status, _, _)| *status);
        let is_success =
            |s: &StatusMatch| matches!(s, StatusMatch::Code(200..=299) | StatusMatch::Range(2));
        let has_success = listed.iter().any(|(s, _, _)| is_success(s));
        let mut success = Vec::new();
        let mut error = Vec::new();
        for (status, response, pointer) in listed {
            let (response, target) = self.resolve(response, &pointer)?;
            let hint = match target.as_str().strip_prefix("#/components/responses/") {
                Some(name) => camel(name),
                None if is_success(&status) || !has_success => format!("{builder_name}Response"),
                None => format!("{builder_name}Error"),
            };
            let body = self.response_body(&response, &hint, &target)?;
            if is_success(&status) || (!has_success && status == StatusMatch::Default) {
                success.push((status, body.clone()));
            }
            if !is_success(&status) {
                error.push((status, body));
            }
        }
        let success = self.response_set(
            success,
            ResponseBody::Empty,
            &format!("{builder_name}Response"),
            at,
        );
        let error = self.response_set(
            error,
            ResponseBody::Json(TypeRef::Json),
            &format!("{builder_name}Error"),
            at,
        );
        Ok((success, error))
    }

    fn response_body(
        &mut self,
        response: &Response,
        hint: &str,
        at: &Pointer,
    ) -> Result<ResponseBody, Error> {
        if !response.links.is_empty() {
            self.warn(
                &at.join("links"),
                "links are not followed by the client; the response is generated without them",
            );
        }
        let Some((content_type, media)) = pick_media(&response.content) else {
            return Ok(ResponseBody::Empty);
        };
        Ok(if is_json(content_type) {
            match &media.schema {
                Some(schema) => ResponseBody::Json(self.schema_type(
                    schema.into(),
                    hint,
                    &at.join("content").join(content_type).join("schema"),
                )?),
                None => ResponseBody::Json(TypeRef::Json),
            }
        } else if content_type.starts_with("text/") {
            ResponseBody::Text
        } else {
            ResponseBody::Bytes
        })
    }

    /// One body type when all statuses agree, else an enum type by status.
    fn response_set(
        &mut self,
        listed: Vec<(StatusMatch, ResponseBody)>,
        none: ResponseBody,
        hint: &str,
        at: &Pointer,
    ) -> ResponseSet {
        let Some((_, first)) = listed.first() else {
            return ResponseSet::Single(none);
        };
        if listed.iter().all(|(_, body)| body == first) {
            return ResponseSet::Single(first.clone());
        }
        let type_name = self.type_names.claim(&camel(hint));
        let variants = listed
            .into_iter()
            .map(|(status, body)| {
                let rust_name = match status {
                    StatusMatch::Code(code) => format!("Status{code}"),
                    StatusMatch::Range(range) => format!("Status{range}XX"),
                    StatusMatch::Default => "Default".to_owned(),
                };
                StatusVariant {
                    rust_name,
                    status,
                    body,
                }
            })
            .collect();
        self.types.push(TypeDef {
            name: type_name.clone(),
            doc: None,
            deprecated: false,
            kind: TypeKind::ByStatus { variants },
            pointer: at.clone(),
            in_request: false,
        });
        ResponseSet::ByStatus { type_name }
    }
}

/// An object's properties with the pointer where each is declared.
fn located_properties(
    properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
    at: &Pointer,
) -> Vec<(String, ReferenceOr<Box<Schema>>, Pointer)> {
    properties
        .iter()
        .map(|(k, v)| (k.clone(), v.clone(), at.join("properties").join(k)))
        .collect()
}

fn doc_of(data: &SchemaData) -> Option<String> {
    data.description
        .clone()
        .or_else(|| data.title.clone())
        .filter(|d| !d.trim().is_empty())
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence == "application/*"
}

/// The media type a client uses: JSON when offered, else the first one.
/// The schema name a `#/components/schemas/…` reference names, unescaped.
fn component_schema_name(reference: &str) -> Option<String> {
    reference
        .strip_prefix("#/components/schemas/")
        .map(|name| name.replace("~1", "/").replace("~0", "~"))
}

fn param_style(param: &Parameter) -> ParamStyle {
    use openapiv3::{PathStyle, QueryStyle};
    match param {
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => ParamStyle::Simple,
            PathStyle::Label => ParamStyle::Label,
            PathStyle::Matrix => ParamStyle::Matrix,
        },
        Parameter::Query { style, .. } => match style {
            QueryStyle::DeepObject => ParamStyle::DeepObject,
            // Space- and pipe-delimited apply to arrays, which are sent exploded or comma-joined.
            QueryStyle::Form | QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                ParamStyle::Form
            }
        },
        Parameter::Header { .. } => ParamStyle::Simple,
        Parameter::Cookie { .. } => ParamStyle::Form,
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

fn pick_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(k, _)| is_json(k))
        .or_else(|| content.first())
}

fn path_parts(path: &str, params: &[Param], at: &Pointer) -> Result<Vec<PathPart>, Error> {
    let names = template_params(path).map_err(|m| Error::invalid(at, m))?;
    let mut parts = Vec::new();
    let mut rest = path;
    for name in names {
        let token = format!("{{{name}}}");
        let Some(start) = rest.find(&token) else {
            return Err(Error::invalid(at, format!("bad template `{path}`")));
        };
        if start > 0 {
            parts.push(PathPart::Literal(rest[..start].to_owned()));
        }
        let index = params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire_name == name)
            .ok_or_else(|| {
                Error::invalid(at, format!("path parameter `{name}` is not declared"))
            })?;
        parts.push(PathPart::Param(index));
        rest = &rest[start + token.len()..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    Ok(parts)
}

/// Boxes the fields and variants that would otherwise make a type contain itself.
fn mark_boxed(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Direct containment: a field or variant of type `T` or `Option<T>` (not through Vec or Map).
    let direct = |ty: &TypeRef| match ty.strip_option().0 {
        TypeRef::Named(name) => index.get(name).copied(),
        _ => None,
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => {
                fields.iter().filter_map(|f| direct(&f.ty)).collect()
            }
            TypeKind::Union { variants, .. } => {
                variants.iter().filter_map(|v| direct(&v.ty)).collect()
            }
            TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    let reaches = |from: usize, to: usize| {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if !std::mem::replace(&mut seen[node], true) {
                stack.extend(&edges[node]);
            }
        }
        false
    };
    let mut boxed = Vec::new();
    for (i, t) in types.iter().enumerate() {
        match &t.kind {
            TypeKind::Struct { fields, .. } => {
                for (f, field) in fields.iter().enumerate() {
                    if direct(&field.ty).is_some_and(|target| reaches(target, i)) {
                        boxed.push((i, f));
                    }
                }
            }
            TypeKind::Union { variants, .. } => {
                for (v, variant) in variants.iter().enumerate() {
                    if direct(&variant.ty).is_some_and(|target| reaches(target, i)) {
                        boxed.push((i, v));
                    }
                }
            }
            _ => {}
        }
    }
    for (i, member) in boxed {
        match &mut types[i].kind {
            TypeKind::Struct { fields, .. } => fields[member].boxed = true,
            TypeKind::Union { variants, .. } => variants[member].boxed = true,
            _ => {}
        }
    }
}

/// Marks the types reachable from request bodies and parameters.
fn mark_in_request(types: &mut [TypeDef], operations: &[Operation]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut stack: Vec<&TypeRef> = Vec::new();
    for op in operations {
        stack.extend(op.params.iter().map(|p| &p.ty));
        if let Some(ty) = op.body.as_ref().and_then(|b| b.kind.structured_type()) {
            stack.push(ty);
        }
    }
    let mut marked = vec![false; types.len()];
    let mut pending: Vec<TypeRef> = stack.into_iter().cloned().collect();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) => {
                let Some(&i) = index.get(&name) else { continue };
                if std::mem::replace(&mut marked[i], true) {
                    continue;
                }
                match &types[i].kind {
                    TypeKind::Struct { fields, additional } => {
                        pending.extend(fields.iter().map(|f| f.ty.clone()));
                        pending.extend(additional.clone());
                    }
                    TypeKind::Union { variants, .. } => {
                        pending.extend(variants.iter().map(|v| v.ty.clone()))
                    }
                    TypeKind::Alias(ty) => pending.push(ty.clone()),
                    TypeKind::Enum { .. } | TypeKind::ByStatus { .. } => {}
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                pending.push(*inner)
            }
            _ => {}
        }
    }
    for (t, marked) in types.iter_mut().zip(marked) {
        t.in_request = marked;
    }
}

//! The types schemas become: a reference to a Rust type ([`TypeRef`]) and the named
//! definitions ([`TypeDef`]) with their fields and variants, and how each field is present.

use super::{ResponseBody, StatusMatch};
use crate::error::Pointer;

/// A Rust type, as used in a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Bool,
    I32,
    I64,
    /// `format: uint64`.
    U64,
    F32,
    F64,
    String,
    Date,
    DateTime,
    /// A file of a `multipart/form-data` body (a `format: binary` property): bytes, with a
    /// file name and a content type (`runtime::FilePart`). Not part of the body's JSON form.
    File,
    /// Any JSON value.
    Json,
    /// Any JSON object.
    JsonObject,
    Named(String),
    /// A type the user chose (`uuid::Uuid`), written as they wrote it; `text` when it is a
    /// string format's type, written in parameters by its `Display`.
    External {
        path: String,
        text: bool,
    },
    Vec(Box<TypeRef>),
    /// A map from string keys.
    Map(Box<TypeRef>),
    /// A nullable value.
    Option(Box<TypeRef>),
    /// A link to other resources that the server includes only when asked (an OData
    /// navigation property, `x-ms-navigationProperty`): kept as JSON (`runtime::Related`) and
    /// decoded into this type on demand, so the type holding it compiles without the linked ones.
    Related(Box<TypeRef>),
}

impl TypeRef {
    /// The type without its nullability, and whether it had one.
    pub fn strip_option(&self) -> (&TypeRef, bool) {
        match self {
            TypeRef::Option(inner) => (inner.strip_option().0, true),
            other => (other, false),
        }
    }

    pub(crate) fn nullable(self) -> TypeRef {
        match self {
            TypeRef::Option(_) => self,
            other => TypeRef::Option(Box::new(other)),
        }
    }

    /// Whether the type is a file part, or a list or option of them.
    pub fn holds_file(&self) -> bool {
        match self {
            TypeRef::File => true,
            TypeRef::Vec(inner) | TypeRef::Option(inner) => inner.holds_file(),
            _ => false,
        }
    }

    /// Calls `found` with every type name in the type (`Vec<Option<Pet>>` gives `Pet`).
    pub fn for_each_name(&self, found: &mut impl FnMut(&str)) {
        match self {
            TypeRef::Named(name) => found(name),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Related(inner) => inner.for_each_name(found),
            _ => {}
        }
    }

    /// A short word for the kind of type, used to name untagged enum variants.
    pub(crate) fn kind_name(&self) -> String {
        match self {
            TypeRef::Bool => "Boolean".into(),
            TypeRef::I32 | TypeRef::I64 | TypeRef::U64 => "Integer".into(),
            TypeRef::F32 | TypeRef::F64 => "Number".into(),
            TypeRef::String => "String".into(),
            TypeRef::Date => "Date".into(),
            TypeRef::DateTime => "DateTime".into(),
            TypeRef::File => "File".into(),
            TypeRef::Json => "Value".into(),
            TypeRef::JsonObject => "Object".into(),
            TypeRef::Named(name) => name.clone(),
            TypeRef::External { path, .. } => {
                let last = path.rsplit("::").next().unwrap_or(path);
                crate::names::camel(last.split('<').next().unwrap_or(last))
            }
            TypeRef::Vec(_) => "Array".into(),
            TypeRef::Map(_) => "Map".into(),
            TypeRef::Option(inner) => inner.kind_name(),
            TypeRef::Related(_) => "Related".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    /// The schema's `example`, as pretty JSON text.
    pub example: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
    pub pointer: Pointer,
    /// Used in a request, so users must be able to build it (no `#[non_exhaustive]`) and it is
    /// encoded (`Serialize`).
    pub in_request: bool,
    /// Used in a response, so it is decoded (`Deserialize`).
    pub in_response: bool,
    /// The features of the operations that use it: compiled when any is on; always when empty.
    pub features: Vec<String>,
}

impl TypeDef {
    /// Calls `found` with every type name the definition mentions.
    pub fn for_each_name(&self, found: &mut impl FnMut(&str)) {
        match &self.kind {
            TypeKind::Struct { fields, additional } => {
                fields.iter().for_each(|f| f.ty.for_each_name(found));
                additional.iter().for_each(|ty| ty.for_each_name(found));
            }
            TypeKind::Union { variants, .. } => {
                variants.iter().for_each(|v| v.ty.for_each_name(found))
            }
            TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => ty.for_each_name(found),
            TypeKind::ByStatus { variants } => {
                for variant in variants {
                    use super::ResponseBody;
                    if let ResponseBody::Json(ty)
                    | ResponseBody::EventStream(ty)
                    | ResponseBody::JsonLines(ty) = &variant.body
                    {
                        ty.for_each_name(found);
                    }
                }
            }
            TypeKind::Headers { fields } => fields.iter().for_each(|f| f.ty.for_each_name(found)),
            TypeKind::Enum { .. } => {}
        }
    }
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
    /// A component that is another type but refers to itself (`Tree: array of Tree`), which an
    /// alias cannot: a newtype around that type, the same on the wire.
    Newtype {
        ty: TypeRef,
        boxed: bool,
    },
    /// An operation's responses whose bodies differ by status.
    ByStatus {
        variants: Vec<StatusVariant>,
    },
    /// The headers an operation's success responses declare, read from an answer's headers.
    Headers {
        fields: Vec<HeaderField>,
    },
}

/// A header an operation's answers declare.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderField {
    /// As the spec writes it (`X-Rate-Limit-Remaining`); matched without regard to case.
    pub wire_name: String,
    pub rust_name: String,
    /// A scalar (`bool`, integers, floats) parsed from the header's text, else `String`.
    pub ty: TypeRef,
    pub doc: Option<String>,
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
    /// For a [`TypeRef::Related`] field that links to one type: its typed reader, compiled with
    /// these features, those of that type (empty: always). `None` when there is no reader.
    pub related_reader: Option<Vec<String>>,
}

/// How a field is present on the wire, and so how it is typed, decoded and encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always there: its type as is (nullable ones are `Option`, `None` sent as `null`).
    Required,
    /// May be missing: `Option` of its type, left out when `None`.
    Optional,
    /// A list or map that may be missing: missing, `null` and empty all read as empty, and an
    /// empty one is left out.
    EmptyWhenMissing(Collection),
}

/// The kind of collection an [`Presence::EmptyWhenMissing`] field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    List,
    Map,
    JsonObject,
}

impl Field {
    /// The name serde must be told, when the Rust name is not the wire name.
    pub fn rename(&self) -> Option<&str> {
        (self.rust_name.trim_start_matches("r#") != self.wire_name).then_some(&self.wire_name)
    }

    /// How the field is present: a required one is always; an optional list or map (not
    /// boxed, not nullable) reads a missing or `null` value as empty; any other optional one
    /// is an `Option`.
    pub fn presence(&self) -> Presence {
        if self.required {
            return Presence::Required;
        }
        let collection = match &self.ty {
            TypeRef::Vec(_) => Some(Collection::List),
            TypeRef::Map(_) => Some(Collection::Map),
            TypeRef::JsonObject => Some(Collection::JsonObject),
            _ => None,
        };
        match collection {
            Some(collection) if !self.boxed => Presence::EmptyWhenMissing(collection),
            _ => Presence::Optional,
        }
    }
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

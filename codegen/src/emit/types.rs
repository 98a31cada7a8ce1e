//! The `types` module: one Rust type per named schema (structs, open enums, unions, aliases)
//! and one enum per operation whose bodies differ by status.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{StdNames, doc_literal, docs, response_type_with, rust_type_with};
use crate::model::{Collection, Field, Presence, TypeDef, TypeKind, TypeRef};
use crate::names::ident;

/// The docs and lints at the top of the `types` module.
pub fn head() -> TokenStream {
    quote! {
        //! Request and response types, one per schema of the spec.
        #![allow(deprecated, reason = "deprecated schemas are still generated, and refer to each other")]
        #![allow(clippy::large_enum_variant, clippy::type_complexity, reason = "the shapes are the spec's")]
    }
}

/// The items of the `types` module for `types` (any of them: items are independent), standard
/// types written as `std` says ([`StdNames::in_types`] of all the module's types).
pub fn items<'a>(types: impl Iterator<Item = &'a TypeDef>, std: StdNames) -> TokenStream {
    types.map(|def| type_def(def, std)).collect()
}

/// What the `types` module imports for its feature-gated parts (`super::runtime::…`).
pub fn part_imports() -> TokenStream {
    quote! {
        #[allow(unused_imports, reason = "the paths of the feature-gated parts")]
        use super::runtime;
    }
}

/// What a part of the `types` module starts with: the module's other types in scope, when
/// the part's types name one it does not define.
pub fn part_head(types: &[TypeDef], part: &[usize]) -> TokenStream {
    let own: std::collections::HashSet<&str> =
        part.iter().map(|&i| types[i].name.as_str()).collect();
    // Names from elsewhere that the types hold, and those only their related fields' readers use.
    let mut held_elsewhere = false;
    let mut linked_elsewhere = false;
    for &i in part {
        match &types[i].kind {
            TypeKind::Struct { fields, additional } => {
                for f in fields {
                    let elsewhere = match f.ty {
                        TypeRef::Related(_) => &mut linked_elsewhere,
                        _ => &mut held_elsewhere,
                    };
                    f.ty.for_each_name(&mut |name| *elsewhere |= !own.contains(name));
                }
                if let Some(ty) = additional {
                    ty.for_each_name(&mut |name| held_elsewhere |= !own.contains(name));
                }
            }
            _ => types[i].for_each_name(&mut |name| held_elsewhere |= !own.contains(name)),
        }
    }
    match (held_elsewhere, linked_elsewhere) {
        (false, false) => TokenStream::new(),
        (true, _) => quote!(
            use super::*;
        ),
        (false, true) => quote!(
            #[allow(
                unused_imports,
                reason = "the related types' readers are feature-gated"
            )]
            use super::*;
        ),
    }
}

fn type_def(def: &TypeDef, std: StdNames) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let mut text = def
        .doc
        .clone()
        .unwrap_or_else(|| format!("Generated from `{}`.", def.pointer));
    // What decoding does with the shape, after the spec's words.
    let note = match &def.kind {
        TypeKind::Enum { .. } => Some(
            "An open set: a value this version does not know is kept in the last variant."
                .to_owned(),
        ),
        TypeKind::Union {
            discriminator: Some(property),
            unknown: Some(_),
            ..
        } => Some(format!(
            "Decoding picks the variant named by the `{property}` property."
        )),
        TypeKind::Union { .. } => {
            Some("Decoding tries each variant in order and keeps the first that fits.".to_owned())
        }
        TypeKind::Struct { .. }
        | TypeKind::Alias(_)
        | TypeKind::Newtype { .. }
        | TypeKind::ByStatus { .. }
        | TypeKind::Headers { .. } => None,
    };
    if let TypeKind::ByStatus { .. } = def.kind {
        text = "The bodies an operation answers with, by status.".to_owned();
    }
    if let Some(note) = note {
        text.push_str("\n\n");
        text.push_str(&note);
    }
    if let Some(example) = &def.example {
        text.push_str(&format!("\n\n# Example\n\n```json\n{example}\n```"));
    }
    let doc = docs(Some(&text));
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let here = TokenStream::new();
    // What a struct, untagged union or newtype starts with: docs, gates, the derives.
    let derived = || {
        let serde = serde_derives(def);
        quote!(#doc #deprecated #[derive(Debug, Clone, PartialEq)] #serde)
    };
    match &def.kind {
        TypeKind::Headers { fields } => {
            let names: Vec<_> = fields.iter().map(|f| ident(&f.rust_name)).collect();
            let types = fields.iter().map(|f| rust_type_with(&f.ty, &here, std));
            let option = std.option();
            let wire: Vec<_> = fields
                .iter()
                .map(|f| f.wire_name.to_ascii_lowercase())
                .collect();
            let field_docs = fields.iter().map(|f| {
                let text = match &f.doc {
                    Some(doc) => format!("`{}`: {doc}", f.wire_name),
                    None => format!("`{}`.", f.wire_name),
                };
                docs(Some(&text))
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Default)]
                #[non_exhaustive]
                pub struct #name {
                    #(#field_docs pub #names: #option<#types>,)*
                }
                impl super::runtime::DeclaredHeaders for #name {
                    fn read(headers: &super::runtime::ResponseHeaders) -> Self {
                        Self { #(#names: headers.parse(#wire),)* }
                    }
                }
            }
        }
        TypeKind::Struct { fields, additional } => {
            let non_exhaustive = (!def.in_request).then(|| quote!(#[non_exhaustive]));
            // How tests outside the crate make a response type, which is `#[non_exhaustive]`
            // (feature `mock` only): a derived `Default` when no field is required, else `new`.
            let mock = crate::model::MOCK_FEATURE;
            let no_required = fields.iter().all(|f| f.presence() != Presence::Required);
            let test_default = (!def.in_request && no_required)
                .then(|| quote!(#[cfg_attr(feature = #mock, derive(::std::default::Default))]));
            let constructor = (!def.in_request && !no_required)
                .then(|| test_constructor(&name, fields, additional.is_some(), std));
            let readers = related_readers(&name, fields, std);
            let fields = fields.iter().map(|f| field(f, std));
            let additional = additional.as_ref().map(|value| {
                let value = rust_type_with(value, &here, std);
                let string = std.string();
                quote! {
                    #[doc = " Properties not listed above."]
                    #[serde(flatten)]
                    pub additional_properties: ::std::collections::BTreeMap<#string, #value>,
                }
            });
            let derived = derived();
            quote! {
                #derived
                #test_default
                #non_exhaustive
                pub struct #name {
                    #(#fields)*
                    #additional
                }

                #constructor
                #readers
            }
        }
        TypeKind::Enum { variants, unknown } => {
            let unknown = format_ident!("{}", unknown);
            let string = std.string();
            let idents: Vec<_> = variants
                .iter()
                .map(|v| format_ident!("{}", v.rust_name))
                .collect();
            let values: Vec<_> = variants.iter().map(|v| &v.wire_value).collect();
            let value_docs = values.iter().map(|v| doc_literal(&format!(" `{v}`")));
            let (ser_cfg, de_cfg) = serde_cfgs(def);
            let serialize = quote!(#ser_cfg super::runtime::open_enum_serialize!(#name););
            let deserialize = quote!(#de_cfg super::runtime::open_enum_deserialize!(#name););
            quote! {
                #doc #deprecated
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#[doc = #value_docs] #idents,)*
                    #[doc = " A value not listed in the spec, kept as sent."]
                    #unknown(#string),
                }
                impl #name {
                    #[doc = " The value as it appears on the wire."]
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(Self::#idents => #values,)*
                            Self::#unknown(value) => value,
                        }
                    }
                }
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #(#values => Self::#idents,)*
                            other => Self::#unknown(other.to_owned()),
                        }
                    }
                }
                super::runtime::open_enum_impls!(#name);
                #serialize
                #deserialize
            }
        }
        TypeKind::Union {
            variants,
            discriminator: Some(property),
            unknown: Some(unknown),
        } => {
            let unknown = format_ident!("{}", unknown);
            let declared = variants.iter().map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                let ty = boxed(rust_type_with(&v.ty, &here, std), v.boxed);
                let doc = format!(
                    " `{property}`: {}.",
                    v.tags
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                quote!(#[doc = #doc] #variant(#ty),)
            });
            let arms = variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                let tags = &v.tags;
                quote! {
                    ::std::option::Option::Some(#(#tags)|*) => ::serde_json::from_value(value).map(Self::#variant).map_err(::serde::de::Error::custom),
                }
            });
            let encode_arms = variants.iter().map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                match v.tags.first() {
                    Some(tag) => quote! {
                        Self::#variant(value) => super::runtime::serialize_tagged(serializer, #property, #tag, value),
                    },
                    None => quote! {
                        Self::#variant(value) => ::serde::Serialize::serialize(value, serializer),
                    },
                }
            });
            let unknown_doc = format!(
                " A `{property}` this client does not know, or none; the value as received."
            );
            let (ser_cfg, de_cfg) = serde_cfgs(def);
            quote! {
                #doc #deprecated
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#declared)*
                    #[doc = #unknown_doc]
                    #unknown(::serde_json::Value),
                }
                #ser_cfg
                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        match self {
                            #(#encode_arms)*
                            Self::#unknown(value) => ::serde::Serialize::serialize(value, serializer),
                        }
                    }
                }
                #de_cfg
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                        match value.get(#property).and_then(::serde_json::Value::as_str) {
                            #(#arms)*
                            _ => ::std::result::Result::Ok(Self::#unknown(value)),
                        }
                    }
                }
            }
        }
        TypeKind::Union { variants, .. } => {
            let variants = variants.iter().map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                let ty = boxed(rust_type_with(&v.ty, &here, std), v.boxed);
                let doc = format!(" The value as {}.", v.rust_name);
                quote!(#[doc = #doc] #variant(#ty),)
            });
            let derived = derived();
            quote! {
                #derived
                #[serde(untagged)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Newtype {
            ty,
            boxed: is_boxed,
        } => {
            let ty = boxed(rust_type_with(ty, &here, std), *is_boxed);
            let derived = derived();
            quote! {
                #derived
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
        TypeKind::Alias(ty) => {
            let ty = rust_type_with(ty, &here, std);
            quote! {
                #doc #deprecated
                pub type #name = #ty;
            }
        }
        TypeKind::ByStatus { variants } => {
            let variants = variants.iter().map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                let doc = format!(" The answer with status {}.", status_label(v.status));
                match response_type_with(&v.body, &here, std) {
                    Some(ty) => quote!(#[doc = #doc] #variant(#ty),),
                    None => quote!(#[doc = #doc] #variant,),
                }
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
    }
}

/// `new` for a response type with required fields (feature `mock`, for tests outside the
/// crate): the required fields as arguments, the others empty (`None`, an empty list or map),
/// set on the value afterwards.
fn test_constructor(
    name: &proc_macro2::Ident,
    fields: &[Field],
    additional: bool,
    std: StdNames,
) -> TokenStream {
    let mock = crate::model::MOCK_FEATURE;
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| f.presence() == Presence::Required)
        .collect();
    let init = fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        match f.presence() {
            Presence::Required => quote!(#field,),
            Presence::Optional => quote!(#field: ::std::option::Option::None,),
            Presence::EmptyWhenMissing(_) => quote!(#field: ::std::default::Default::default(),),
        }
    });
    let additional =
        additional.then(|| quote!(additional_properties: ::std::default::Default::default(),));
    let args = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        let (inner, nullable) = f.ty.strip_option();
        let ty = boxed(rust_type_with(inner, &TokenStream::new(), std), f.boxed);
        let ty = if nullable {
            let option = std.option();
            quote!(#option<#ty>)
        } else {
            ty
        };
        quote!(#field: #ty)
    });
    let many = crate::model::many_arguments(required.len())
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[cfg(feature = #mock)]
        impl #name {
            #[doc = " A value with the required fields, the others empty (`None`, an empty list or map): set them on the value (feature `mock`, for tests)."]
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#init)* #additional }
            }
        }
    }
}

/// The typed readers the model gives a struct's related fields, each compiled with the type it
/// decodes into: `fn messages(&self) -> Option<Result<Vec<Message>, serde_json::Error>>`.
fn related_readers(name: &proc_macro2::Ident, fields: &[Field], std: StdNames) -> TokenStream {
    let readers: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| {
            let (TypeRef::Related(target), Some(features)) = (&f.ty, &f.related_reader) else {
                return None;
            };
            let field = ident(&f.rust_name);
            // `new` is the test constructor's name.
            let method = match f.rust_name.as_str() {
                "new" => ident("new_related"),
                _ => field.clone(),
            };
            let target = rust_type_with(target, &TokenStream::new(), std);
            let gate = super::rust::cfg(features);
            let doc = format!(
                " `{}` decoded, when the server sent it (it sends related resources only when asked).",
                f.wire_name
            );
            let read = match f.presence() {
                Presence::Required => quote!(::std::option::Option::Some(self.#field.decode())),
                _ => quote!(self.#field.as_ref().map(super::runtime::Related::decode)),
            };
            Some(quote! {
                #[doc = #doc]
                #gate
                pub fn #method(&self) -> ::std::option::Option<::std::result::Result<#target, ::serde_json::Error>> {
                    #read
                }
            })
        })
        .collect();
    if readers.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl #name {
            #(#readers)*
        }
    }
}

/// The attribute each serde direction's impl needs, `(serialize, deserialize)`: nothing when
/// the type is used that way, `#[cfg(feature = "mock")]` when only the test support needs it (the
/// mock answers with response types, the examples test round-trips every type).
fn serde_cfgs(def: &TypeDef) -> (TokenStream, TokenStream) {
    let cfg = |used: bool| {
        if used {
            TokenStream::new()
        } else {
            quote!(#[cfg(feature = "mock")])
        }
    };
    (cfg(def.in_request), cfg(def.in_response))
}

/// The serde derives of a type: each direction derived always, or only for the test support.
fn serde_derives(def: &TypeDef) -> TokenStream {
    let (serialize, deserialize) = serde_cfgs(def);
    let derive = |cfg: TokenStream, path: TokenStream| {
        if cfg.is_empty() {
            quote!(#[derive(#path)])
        } else {
            quote!(#[cfg_attr(feature = "mock", derive(#path))])
        }
    };
    let serialize = derive(serialize, quote!(::serde::Serialize));
    let deserialize = derive(deserialize, quote!(::serde::Deserialize));
    quote!(#serialize #deserialize)
}

fn status_label(status: crate::model::StatusMatch) -> String {
    use crate::model::StatusMatch;
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "not listed otherwise (`default`)".to_owned(),
    }
}

fn boxed(ty: TokenStream, boxed: bool) -> TokenStream {
    if boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

fn field(field: &Field, std: StdNames) -> TokenStream {
    let name = ident(&field.rust_name);
    let doc = docs(field.doc.as_deref());
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let rename = field.rename().map(|wire| quote!(#[serde(rename = #wire)]));
    if field.ty.holds_file() {
        // Sent as a part of its own, not in the body's JSON form.
        let ty = rust_type_with(&field.ty, &TokenStream::new(), std);
        let option = std.option();
        let ty = match field.presence() {
            Presence::Optional => quote!(#option<#ty>),
            _ => ty,
        };
        return quote! {
            #doc #deprecated
            #[serde(skip)]
            pub #name: #ty,
        };
    }
    let doc = match &field.ty {
        TypeRef::Related(_) => {
            let note = "Related resources, sent only when the request asks for them: kept as JSON, \
                        decoded by the method of the same name where their type is compiled.";
            let text = match &field.doc {
                Some(doc) => format!("{doc}\n\n{note}"),
                None => note.to_owned(),
            };
            docs(Some(&text))
        }
        _ => doc,
    };
    let (inner, nullable) = field.ty.strip_option();
    let ty = boxed(rust_type_with(inner, &TokenStream::new(), std), field.boxed);
    let option = std.option();
    let (is_none, vec_is_empty) = match std {
        StdNames::Prelude => ("Option::is_none", "Vec::is_empty"),
        StdNames::Absolute => (
            "::std::option::Option::is_none",
            "::std::vec::Vec::is_empty",
        ),
    };
    let (attrs, ty) = match field.presence() {
        Presence::Required if nullable => (quote!(), quote!(#option<#ty>)),
        Presence::Required => (quote!(), ty),
        Presence::EmptyWhenMissing(collection) => {
            let is_empty = match collection {
                Collection::List => vec_is_empty,
                Collection::Map => "::std::collections::BTreeMap::is_empty",
                Collection::JsonObject => "::serde_json::Map::is_empty",
            };
            (
                quote!(#[serde(default, deserialize_with = "super::runtime::null_as_default", skip_serializing_if = #is_empty)]),
                ty,
            )
        }
        Presence::Optional => (
            quote!(#[serde(default, skip_serializing_if = #is_none)]),
            quote!(#option<#ty>),
        ),
    };
    quote! {
        #doc #deprecated
        #rename
        #attrs
        pub #name: #ty,
    }
}

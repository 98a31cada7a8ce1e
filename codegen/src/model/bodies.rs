//! Request bodies: the media type a client sends (JSON when offered) and what it carries: a
//! typed JSON, form or multipart value (with its file parts), text or bytes.

use indexmap::IndexMap;
use openapiv3::{
    MediaType, ReferenceOr, RequestBody, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::builder::Builder;
use super::{
    BodyExample, BodyKind, FieldEncoding, FieldStyle, FileField, RequestBodyDef, TypeKind, TypeRef,
};
use crate::error::{Error, Pointer};
use crate::names::Namespace;

impl Builder<'_> {
    pub(super) fn request_body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        builder_name: &str,
        at: &Pointer,
        names: &mut Namespace,
        examples: &mut Vec<BodyExample>,
    ) -> Result<Option<RequestBodyDef>, Error> {
        let (body, at) = self.resolver.resolve(body, at)?;
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
            BodyKind::Form {
                ty: body_type(self)?,
                fields: self.field_encodings(&media_at),
            }
        } else if content_type.starts_with("multipart/") {
            let files = match &media.schema {
                Some(schema) => self.binary_properties(schema, &media_at.join("schema")),
                None => Vec::new(),
            };
            // OpenAPI 3.0 ignores `style` outside URL-encoded forms; 3.1 applies it to
            // `multipart/form-data` too (Encoding Object, `style`).
            let styled = content_type == "multipart/form-data"
                && self.doc.version == crate::upgrade::SourceVersion::OpenApi31;
            let ty = body_type(self)?;
            let files = self.file_fields(&ty, &files, media);
            BodyKind::Multipart {
                ty,
                fields: match styled {
                    true => self.field_encodings(&media_at),
                    false => Vec::new(),
                },
                files,
            }
        } else if content_type.starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        };
        if let BodyKind::Json(ty) = &kind {
            for (name, json) in self.media_examples(media, &media_at) {
                examples.push(BodyExample {
                    status: "request".to_owned(),
                    name,
                    json,
                    ty: ty.clone(),
                });
            }
        }
        Ok(Some(RequestBodyDef {
            rust_name: names.claim("body"),
            content_type: content_type.clone(),
            kind,
            required: body.required,
            doc: body.description.clone().filter(|d| !d.trim().is_empty()),
            media_pointer: media_at,
        }))
    }

    /// The JSON examples of a media type (`example`, then each of `examples` that has a value),
    /// as `(name, compact JSON text)`. An example whose reference does not resolve is skipped
    /// with a warning.
    pub(super) fn media_examples(
        &mut self,
        media: &MediaType,
        at: &Pointer,
    ) -> Vec<(String, String)> {
        let mut found = Vec::new();
        if let Some(example) = &media.example {
            found.push(("example".to_owned(), example.to_string()));
        }
        for (name, example) in &media.examples {
            let example_at = at.join("examples").join(name);
            match self.resolver.resolve(example, &example_at) {
                Ok((example, _)) => {
                    if let Some(value) = &example.value {
                        found.push((name.clone(), value.to_string()));
                    }
                }
                Err(e) => self.warn(&example_at, format!("example skipped: {e}")),
            }
        }
        found
    }

    /// The properties whose Encoding Object (in the media type at `media_at`) gives a `style` or
    /// `explode`, with the style they are written in. Read from the tree, where an absent
    /// `explode` can be told from `false` (it defaults to true for `form`).
    fn field_encodings(&self, media_at: &Pointer) -> Vec<FieldEncoding> {
        let Some(encoding) = media_at
            .as_str()
            .strip_prefix('#')
            .and_then(|at| self.doc.tree.pointer(&format!("{at}/encoding")))
            .and_then(serde_json::Value::as_object)
        else {
            return Vec::new();
        };
        let mut fields = Vec::new();
        for (property, entry) in encoding {
            let style = entry.get("style").and_then(serde_json::Value::as_str);
            let explode = entry.get("explode").and_then(serde_json::Value::as_bool);
            let style = match (style, explode) {
                (None, None) => continue,
                (None | Some("form"), explode) => FieldStyle::Form {
                    explode: explode.unwrap_or(true),
                },
                (Some("spaceDelimited"), _) => FieldStyle::Delimited(' '),
                (Some("pipeDelimited"), _) => FieldStyle::Delimited('|'),
                (Some("deepObject"), _) => FieldStyle::DeepObject,
                // Styles of other locations (`simple`, `label`, `matrix`) mean nothing in a
                // form; the field is written the default way.
                (Some(_), _) => continue,
            };
            fields.push(FieldEncoding {
                property: property.clone(),
                style,
            });
        }
        fields
    }

    /// The file properties of a multipart body of type `ty`, its struct's fields for them made
    /// file parts (`TypeRef::File`, kept out of the body's JSON form). A body that is not a
    /// struct of those fields sends no files.
    fn file_fields(&mut self, ty: &TypeRef, files: &[String], media: &MediaType) -> Vec<FileField> {
        let mut ty = ty.clone();
        let mut def = None;
        for _ in 0..16 {
            let TypeRef::Named(name) = &ty else { break };
            let Some(i) = self.types.iter().position(|t| &t.name == name) else {
                break;
            };
            match &self.types[i].kind {
                TypeKind::Alias(next) => ty = next.clone(),
                TypeKind::Struct { .. } => {
                    def = Some(i);
                    break;
                }
                _ => break,
            }
        }
        let Some(i) = def else {
            return Vec::new();
        };
        let TypeKind::Struct { fields, .. } = &mut self.types[i].kind else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for field in fields.iter_mut().filter(|f| files.contains(&f.wire_name)) {
            field.ty = as_file(&field.ty);
            found.push(FileField {
                wire_name: field.wire_name.clone(),
                rust_name: field.rust_name.clone(),
                content_type: media
                    .encoding
                    .get(&field.wire_name)
                    .and_then(|e| e.content_type.clone())
                    .filter(|c| !c.contains(',') && !c.contains('*')),
            });
        }
        found
    }

    /// The properties of a (multipart) body schema that are files: `format: binary` strings, or
    /// arrays of them. A reference that does not resolve to a schema holds no file (converting
    /// the body's type reports it, or finds it is any value).
    fn binary_properties(&self, schema: &ReferenceOr<Schema>, at: &Pointer) -> Vec<String> {
        let Ok((schema, at)) = self.resolver.resolve(schema, at) else {
            return Vec::new();
        };
        let properties = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => &o.properties,
            SchemaKind::Any(any) => &any.properties,
            _ => return Vec::new(),
        };
        let mut files = Vec::new();
        for (name, property) in properties {
            let Ok((property, property_at)) = self
                .resolver
                .schema(property.into(), &at.join("properties").join(name))
            else {
                continue;
            };
            let file = match &property.schema_kind {
                SchemaKind::Type(Type::Array(array)) => match &array.items {
                    Some(items) => self
                        .resolver
                        .schema(items.into(), &property_at.join("items"))
                        .is_ok_and(|(items, _)| is_binary(&items)),
                    None => false,
                },
                _ => is_binary(&property),
            };
            if file {
                files.push(name.clone());
            }
        }
        files
    }
}

/// A file property's type: its strings made file parts (`String` → `File`, `Vec<String>` →
/// `Vec<File>`).
fn as_file(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(as_file(inner))),
        TypeRef::Option(inner) => TypeRef::Option(Box::new(as_file(inner))),
        _ => TypeRef::File,
    }
}

fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(string))
            if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}

/// Whether a media type is JSON (or accepts anything, which a client sends and reads as JSON).
pub(super) fn is_json(content_type: &str) -> bool {
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
pub(super) fn pick_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(k, _)| is_json(k))
        .or_else(|| content.first())
}

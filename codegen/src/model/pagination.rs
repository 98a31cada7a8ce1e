//! Pagination: how an operation that answers a page at a time says where the next page is. Four
//! shapes are recognised, and nothing else is guessed:
//!
//! - Azure's `x-ms-pageable` on the operation: the next page's URL in the body field
//!   `nextLinkName`, the items in `itemName` (default `value`); `nextLinkName: null` means one
//!   page;
//! - a `Link` header (RFC 8288) declared by a success response: the `rel="next"` URL (GitHub),
//!   the items the body (a list) or its one list field;
//! - Google's convention: a `pageToken` query parameter and a `nextPageToken` body field, the
//!   items the body's one list field (`unreachable`, AIP-217's list of locations not reached,
//!   aside);
//! - the user's hint `x-pagination` on the operation: `{nextLink: FIELD, items: FIELD}`,
//!   `{linkHeader: true, items: FIELD}` or `{tokenParam: PARAM, tokenField: FIELD, items: FIELD}`
//!   (`items` may be left out when the body is a list, or has one list field).
//!
//! Where a shape is recognised but does not fit the response (a named field missing, several
//! lists to choose from), a warning says so and the operation gets no pages; but a `Link` header
//! on an answer that holds no list links something else, and is no page.

use openapiv3::{ReferenceOr, Response, StatusCode};
use serde_json::Value;

use super::builder::Builder;
use super::{
    Field, ItemsAt, NextRule, Pagination, Param, ParamLocation, ResponseBody, ResponseSet,
    TypeKind, TypeRef,
};
use crate::error::Pointer;

/// What names a shape found by its declared `Link` header.
const LINK_SOURCE: &str = "its `Link` header";

/// What names Google's shape.
const GOOGLE_SOURCE: &str = "`pageToken` / `nextPageToken`";

/// What recognised a shape, before the response is checked.
enum Shape {
    BodyUrl { field: String },
    LinkHeader,
    Token { param: String, field: String },
}

impl Builder<'_> {
    /// How `op` pages, if it says so in one of the recognised shapes.
    pub(super) fn pagination(
        &mut self,
        op: &openapiv3::Operation,
        params: &[Param],
        success: &ResponseSet,
        at: &Pointer,
    ) -> Option<Pagination> {
        let (shape, items, source, shape_at) = self.paging_shape(op, params, at)?;
        // A `Link` header alone may link anything: with no list in the answer, it is no page;
        // a `pageToken` parameter alone, without `nextPageToken` in the answer, neither.
        let link_only = matches!(shape, Shape::LinkHeader) && source == LINK_SOURCE;
        let google = source == GOOGLE_SOURCE;
        let ResponseSet::Single {
            body: ResponseBody::Json(page),
            ..
        } = success
        else {
            if link_only {
                return None;
            }
            self.warn(
                &shape_at,
                format!("{source} says the operation pages, but its success answers are not one JSON body; no pages()"),
            );
            return None;
        };
        let fields = self.struct_fields(page);
        let found = |name: &str| -> Option<&Field> {
            fields.and_then(|fields| fields.iter().find(|f| f.wire_name == name))
        };
        let text_field = |name: &str| -> Result<(String, bool), String> {
            match found(name) {
                Some(f) if matches!(f.ty.strip_option().0, TypeRef::String) => Ok((
                    f.rust_name.clone(),
                    !f.required || matches!(f.ty, TypeRef::Option(_)),
                )),
                Some(_) => Err(format!("its response's `{name}` is not a string")),
                None => Err(format!("its response has no field `{name}`")),
            }
        };
        if google && found("nextPageToken").is_none() {
            return None;
        }
        let next = match shape {
            Shape::LinkHeader => Ok(NextRule::LinkHeader),
            Shape::BodyUrl { field } => {
                text_field(&field).map(|(field, optional)| NextRule::BodyUrl { field, optional })
            }
            Shape::Token { param, field } => {
                text_field(&field).map(|(field, optional)| NextRule::Token {
                    field,
                    optional,
                    param,
                })
            }
        };
        let items = match (page, items) {
            (TypeRef::Vec(item), None) => Ok((ItemsAt::Body, (**item).clone())),
            (_, Some(name)) => match found(&name) {
                Some(f) => list_field(f).ok_or(format!("its response's `{name}` is not a list")),
                None => Err(format!("its response has no field `{name}`")),
            },
            (_, None) => {
                let lists: Vec<&Field> = fields
                    .into_iter()
                    .flatten()
                    .filter(|f| list_field(f).is_some())
                    // Google's `unreachable` lists the locations not reached (AIP-217), never
                    // the items.
                    .filter(|f| !(google && f.wire_name == "unreachable"))
                    .collect();
                match lists.as_slice() {
                    [one] => list_field(one).ok_or_else(String::new),
                    [] if link_only => return None,
                    [] => Err("its response has no list of items".to_owned()),
                    many => Err(format!(
                        "its response has {} lists ({}); say which holds the items with `x-pagination: {{items: …}}`",
                        many.len(),
                        many.iter()
                            .map(|f| format!("`{}`", f.wire_name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
            }
        };
        match (next, items) {
            (Ok(next), Ok((items, item_type))) => Some(Pagination {
                next,
                items,
                item_type,
                source,
            }),
            (Err(problem), _) | (_, Err(problem)) => {
                self.warn(
                    &shape_at,
                    format!("{source} says the operation pages, but {problem}; no pages()"),
                );
                None
            }
        }
    }

    /// The shape `op` declares or follows, the field holding its items if named, what named
    /// it (for docs and warnings) and where.
    fn paging_shape(
        &mut self,
        op: &openapiv3::Operation,
        params: &[Param],
        at: &Pointer,
    ) -> Option<(Shape, Option<String>, String, Pointer)> {
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
        if let Some(hint) = op.extensions.get("x-pagination") {
            let hint_at = at.join("x-pagination");
            let items = text(hint, "items");
            let shape = if let Some(field) = text(hint, "nextLink") {
                Some(Shape::BodyUrl { field })
            } else if hint.get("linkHeader").and_then(Value::as_bool) == Some(true) {
                Some(Shape::LinkHeader)
            } else if let (Some(param), Some(field)) =
                (text(hint, "tokenParam"), text(hint, "tokenField"))
            {
                match params
                    .iter()
                    .find(|p| p.wire_name == param && p.location == ParamLocation::Query)
                {
                    Some(_) => Some(Shape::Token { param, field }),
                    None => {
                        self.warn(
                            &hint_at,
                            format!("`x-pagination` names the query parameter `{param}`, which the operation does not have; no pages()"),
                        );
                        return None;
                    }
                }
            } else {
                None
            };
            let Some(shape) = shape else {
                self.warn(
                    &hint_at,
                    "`x-pagination` needs `nextLink`, `linkHeader: true`, or `tokenParam` with `tokenField`; no pages()",
                );
                return None;
            };
            return Some((shape, items, "`x-pagination`".to_owned(), hint_at));
        }
        if let Some(pageable) = op.extensions.get("x-ms-pageable") {
            let next = pageable.get("nextLinkName")?;
            let field = next.as_str()?.to_owned();
            let items = text(pageable, "itemName").unwrap_or_else(|| "value".to_owned());
            return Some((
                Shape::BodyUrl { field },
                Some(items),
                "`x-ms-pageable`".to_owned(),
                at.join("x-ms-pageable"),
            ));
        }
        if self.declares_link_header(&op.responses, &at.join("responses")) {
            return Some((
                Shape::LinkHeader,
                None,
                LINK_SOURCE.to_owned(),
                at.join("responses"),
            ));
        }
        let token = params
            .iter()
            .find(|p| p.location == ParamLocation::Query && p.wire_name == "pageToken")?;
        Some((
            Shape::Token {
                param: token.wire_name.clone(),
                field: "nextPageToken".to_owned(),
            },
            None,
            GOOGLE_SOURCE.to_owned(),
            at.join("responses"),
        ))
    }

    /// Whether a success response declares a `Link` header.
    fn declares_link_header(&self, responses: &openapiv3::Responses, at: &Pointer) -> bool {
        responses.responses.iter().any(|(status, response)| {
            let success = match status {
                StatusCode::Code(code) => (200..300).contains(code),
                StatusCode::Range(range) => *range == 2,
            };
            success && self.has_link_header(response, &at.join(status.to_string()))
        })
    }

    fn has_link_header(&self, response: &ReferenceOr<Response>, at: &Pointer) -> bool {
        self.resolver.resolve(response, at).is_ok_and(|(r, _)| {
            r.headers
                .keys()
                .any(|name| name.eq_ignore_ascii_case("link"))
        })
    }

    /// The fields of the struct `ty` names (through aliases).
    fn struct_fields(&self, ty: &TypeRef) -> Option<&[Field]> {
        let mut ty = ty;
        for _ in 0..16 {
            let TypeRef::Named(name) = ty else {
                return None;
            };
            let def = self.types.iter().find(|t| &t.name == name)?;
            match &def.kind {
                TypeKind::Struct { fields, .. } => return Some(fields),
                TypeKind::Alias(next) => ty = next,
                _ => return None,
            }
        }
        None
    }
}

/// Where a list field's items are and their type, when `field` is a list.
fn list_field(field: &Field) -> Option<(ItemsAt, TypeRef)> {
    let (inner, nullable) = field.ty.strip_option();
    let TypeRef::Vec(item) = inner else {
        return None;
    };
    if field.boxed {
        return None;
    }
    Some((
        ItemsAt::Field {
            name: field.rust_name.clone(),
            optional: nullable,
        },
        (**item).clone(),
    ))
}

//! Responses: each status (code, range or `default`) classed as success or error, its body
//! typed, and each side made one body type, or an enum by status when the bodies differ.

use openapiv3::{ReferenceOr, Response, StatusCode};

use super::bodies::{is_json, pick_media};
use super::builder::Builder;
use super::{
    BodyExample, HeaderField, ResponseBody, ResponseSet, StatusMatch, StatusVariant, TypeDef,
    TypeKind, TypeRef,
};
use crate::error::{Error, Pointer};
use crate::names::camel;

impl Builder<'_> {
    /// The media types the responses declare, JSON ones first, joined for an `Accept`
    /// header; `application/json` when none declares content. A response that does not
    /// resolve is left out (converting the responses reports it).
    pub(super) fn accepted_media(&self, responses: &openapiv3::Responses, at: &Pointer) -> String {
        let mut types: Vec<String> = Vec::new();
        let listed = responses
            .responses
            .iter()
            .map(|(status, r)| (status.to_string(), r))
            .chain(responses.default.iter().map(|r| ("default".to_owned(), r)));
        for (key, response) in listed {
            let Ok((response, _)) = self.resolver.resolve(response, &at.join(&key)) else {
                continue;
            };
            for media_type in response.content.keys() {
                let media_type = media_type.trim();
                if !media_type.is_empty()
                    && !types.iter().any(|t| t.eq_ignore_ascii_case(media_type))
                {
                    types.push(media_type.to_owned());
                }
            }
        }
        if types.is_empty() {
            return "application/json".to_owned();
        }
        types.sort_by_key(|t| !super::bodies::is_json(t));
        types.join(", ")
    }

    /// The headers the success responses declare (`Content-Type` aside, as OpenAPI says), as
    /// a type of their own named after the builder (`ListPetsHeaders`); `None` when they declare
    /// none. A header declared by several responses is read once, typed by the first.
    pub(super) fn response_headers(
        &mut self,
        responses: &openapiv3::Responses,
        builder_name: &str,
        at: &Pointer,
    ) -> Result<Option<String>, Error> {
        let mut fields: Vec<HeaderField> = Vec::new();
        let mut names = crate::names::Namespace::default();
        for (status, response) in &responses.responses {
            let success = match status {
                StatusCode::Code(code) => (200..300).contains(code),
                StatusCode::Range(range) => *range == 2,
            };
            if !success {
                continue;
            }
            let response_at = at.join(status.to_string());
            let (response, target) = self.resolver.resolve(response, &response_at)?;
            for (name, header) in &response.headers {
                if name.eq_ignore_ascii_case("content-type")
                    || fields
                        .iter()
                        .any(|f| f.wire_name.eq_ignore_ascii_case(name))
                {
                    continue;
                }
                let header_at = target.join("headers").join(name);
                let (header, header_at) = self.resolver.resolve(header, &header_at)?;
                let ty = match &header.format {
                    openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                        let ty =
                            self.schema_type(schema.into(), "Header", &header_at.join("schema"))?;
                        match ty.strip_option().0 {
                            scalar @ (TypeRef::Bool
                            | TypeRef::I32
                            | TypeRef::I64
                            | TypeRef::U64
                            | TypeRef::F32
                            | TypeRef::F64) => scalar.clone(),
                            _ => TypeRef::String,
                        }
                    }
                    openapiv3::ParameterSchemaOrContent::Content(_) => TypeRef::String,
                };
                fields.push(HeaderField {
                    wire_name: name.clone(),
                    rust_name: names.claim(&crate::names::snake(name)),
                    ty,
                    doc: header.description.clone().filter(|d| !d.trim().is_empty()),
                });
            }
        }
        if fields.is_empty() {
            return Ok(None);
        }
        let name = self.type_names.claim(&format!("{builder_name}Headers"));
        self.types.push(TypeDef {
            name: name.clone(),
            doc: Some(format!(
                "The headers [`{builder_name}`](super::operations::{builder_name})'s answers declare, read from an answer's headers (`ApiResponse::declared`); one that is missing or does not parse is `None`, its text still in `ApiResponse::headers`."
            )),
            example: None,
            deprecated: false,
            kind: TypeKind::Headers { fields },
            pointer: at.clone(),
            in_request: false,
            in_response: true,
            features: Vec::new(),
        });
        Ok(Some(name))
    }

    pub(super) fn responses(
        &mut self,
        responses: &openapiv3::Responses,
        builder_name: &str,
        method_name: &str,
        at: &Pointer,
        examples: &mut Vec<BodyExample>,
    ) -> Result<(ResponseSet, ResponseSet), Error> {
        let mut listed: Vec<(StatusMatch, &ReferenceOr<Response>)> = Vec::new();
        for (status, response) in &responses.responses {
            let status = match status {
                StatusCode::Code(code) => StatusMatch::Code(*code),
                StatusCode::Range(range) => StatusMatch::Range(*range),
            };
            listed.push((status, response));
        }
        if let Some(default) = &responses.default {
            listed.push((StatusMatch::Default, default));
        }
        listed.sort_by_key(|(status, _)| *status);
        let is_success =
            |s: &StatusMatch| matches!(s, StatusMatch::Code(200..=299) | StatusMatch::Range(2));
        let has_success = listed.iter().any(|(s, _)| is_success(s));
        let mut success = Vec::new();
        let mut error = Vec::new();
        for (status, response) in listed {
            let key = status_key(status);
            let (response, target) = self.resolver.resolve(response, &at.join(&key))?;
            let hint = match target.as_str().strip_prefix("#/components/responses/") {
                Some(name) => camel(name),
                None if is_success(&status) || !has_success => format!("{builder_name}Response"),
                None => format!("{builder_name}Error"),
            };
            let body = self.response_body(&response, &hint, &target)?;
            if let (ResponseBody::Json(ty), Some((media_type, media))) =
                (&body, pick_media(&response.content))
            {
                let media_at = target.join("content").join(media_type);
                for (name, json) in self.media_examples(media, &media_at) {
                    examples.push(BodyExample {
                        status: key.clone(),
                        name,
                        json,
                        ty: ty.clone(),
                    });
                }
            }
            if is_success(&status) || (!has_success && status == StatusMatch::Default) {
                success.push((status, body.clone()));
            }
            if !is_success(&status) {
                error.push((status, body.unstreamed()));
            }
        }
        // Only a success side of one body streams: elsewhere a stream is read whole.
        let first = success.first().map(|(_, body)| body.clone());
        let one_body = success.iter().all(|(_, body)| Some(body) == first.as_ref());
        if !one_body {
            for (_, body) in &mut success {
                *body = std::mem::replace(body, ResponseBody::Empty).unstreamed();
            }
        }
        // Method names start with `_` only before a digit: trimmed, they stay distinct.
        let method = method_name.trim_start_matches('_');
        let success = self.response_set(
            success,
            (ResponseBody::Empty, 204),
            &format!("{builder_name}Response"),
            &format!("decode_success_{method}"),
            at,
        );
        let error = self.response_set(
            error,
            (ResponseBody::Json(TypeRef::Json), 500),
            &format!("{builder_name}Error"),
            &format!("decode_error_{method}"),
            at,
        );
        Ok((success, error))
    }

    pub(super) fn response_body(
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
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let streamed = match essence.as_str() {
            "text/event-stream" => Some(true),
            "application/x-ndjson"
            | "application/jsonl"
            | "application/x-jsonlines"
            | "application/jsonlines"
            | "application/json-lines" => Some(false),
            _ => None,
        };
        if let Some(events) = streamed {
            let item = match &media.schema {
                Some(schema) => {
                    let at = at.join("content").join(content_type).join("schema");
                    match self.schema_type(schema.into(), &format!("{hint}Item"), &at)? {
                        // A stream declared as the list of its items.
                        TypeRef::Vec(item) => *item,
                        item => item,
                    }
                }
                None if events => TypeRef::String,
                None => TypeRef::Json,
            };
            return Ok(match events {
                true => ResponseBody::EventStream(item),
                false => ResponseBody::JsonLines(item),
            });
        }
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

    /// One body type when all statuses agree, else an enum type by status (decoded by the
    /// function `decoder`). `none` is the body and status of a side nothing is declared for.
    pub(super) fn response_set(
        &mut self,
        listed: Vec<(StatusMatch, ResponseBody)>,
        none: (ResponseBody, u16),
        hint: &str,
        decoder: &str,
        at: &Pointer,
    ) -> ResponseSet {
        let Some((first_status, first)) = listed.first() else {
            let (body, status) = none;
            return ResponseSet::Single { body, status };
        };
        if listed.iter().all(|(_, body)| body == first) {
            return ResponseSet::Single {
                body: first.clone(),
                status: first_status.first_code().unwrap_or(200),
            };
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
            .collect::<Vec<_>>();
        self.types.push(TypeDef {
            name: type_name.clone(),
            doc: None,
            example: None,
            deprecated: false,
            kind: TypeKind::ByStatus {
                variants: variants.clone(),
            },
            pointer: at.clone(),
            in_request: false,
            in_response: false,
            features: Vec::new(),
        });
        ResponseSet::ByStatus {
            type_name,
            decoder: decoder.to_owned(),
            variants,
        }
    }
}

/// A status as the spec writes it: `200`, `2XX`, `default`.
fn status_key(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

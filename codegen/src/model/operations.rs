//! Operations: one per method of each path, with its names, its merged path- and operation-level
//! parameters (each with its wire encoding decided), its inputs in argument order, and its path
//! as literal text and parameters.

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, SecurityRequirement};

use super::bodies::{is_json, pick_media};
use super::builder::Builder;
use super::servers::ServerTable;
use super::{
    BodyKind, HttpMethod, Input, InputSource, InputType, Operation, OperationLints, Param,
    ParamEncoding, ParamLocation, PathPart, PathStyle, RequestBodyDef, ScalarText,
    SecuritySchemeDef, StructuredStyle, TypeRef,
};
use crate::error::{Error, Pointer};
use crate::names::{Namespace, camel, snake};
use crate::path_template::{PathTemplate, TemplatePart};
use crate::resolve::Resolved;
use crate::validate::{METHODS, PathTemplates};

impl Builder<'_> {
    pub(super) fn operations(
        &mut self,
        templates: &PathTemplates,
        schemes: &[SecuritySchemeDef],
        servers: &mut ServerTable,
    ) -> Result<Vec<Operation>, Error> {
        let mut method_names = Namespace::with_reserved(&self.reserved.client_methods);
        // `Client` too: the `operations` module imports it for its feature-gated parts.
        let mut builder_names =
            Namespace::with_reserved(&[crate::surface::PRELUDE_NAMES, &["Client"]].concat());
        let mut paths: Vec<_> = self.doc.api.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut operations = Vec::new();
        for (path, item) in paths {
            let path_at = Pointer::root().join("paths").join(path);
            let Some(item) = item.as_item() else { continue };
            let template = match templates.get(path) {
                Some(template) => template,
                None => {
                    return Err(Error::Internal {
                        message: format!("no parsed template for `{path}`"),
                    });
                }
            };
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
                let (requirements, requirements_at): (&[SecurityRequirement], Pointer) =
                    match &op.security {
                        Some(own) => (own, at.join("security")),
                        None => (
                            self.doc.api.security.as_deref().unwrap_or_default(),
                            Pointer::root().join("security"),
                        ),
                    };
                let security = self.security(requirements, schemes, &requirements_at);
                let mut names = Namespace::with_reserved(&self.reserved.builder_members);
                let mut examples = Vec::new();
                let body = match &op.request_body {
                    Some(body) => self.request_body(
                        body,
                        &builder_name,
                        &at.join("requestBody"),
                        &mut names,
                        &mut examples,
                    )?,
                    None => None,
                };
                // An operation's servers replace its path item's, which replace the document's.
                let server = match (op.servers.is_empty(), item.servers.is_empty()) {
                    (false, _) => self.operation_server(servers, &op.servers, &at.join("servers")),
                    (true, false) => {
                        self.operation_server(servers, &item.servers, &path_at.join("servers"))
                    }
                    (true, true) => None,
                };
                let mut params = self.params(
                    &item.parameters,
                    &path_at,
                    &op.parameters,
                    &at,
                    &builder_name,
                    &mut names,
                )?;
                self.undeclared_path_params(template, &mut params, &at, &mut names);
                let path_parts = path_parts(template, &params, &at)?;
                let sampler = crate::samples::Sampler::new(&self.doc.tree);
                let inputs = inputs(&params, body.as_ref(), &sampler);
                let allow = OperationLints::of(&inputs, &params, &builder_name);
                let (success, error) = self.responses(
                    &op.responses,
                    &builder_name,
                    &method_name,
                    &at.join("responses"),
                    &mut examples,
                )?;
                let accept = self.accepted_media(&op.responses, &at.join("responses"));
                let response_headers =
                    self.response_headers(&op.responses, &builder_name, &at.join("responses"))?;
                let pagination = self.pagination(op, &params, &success, &at);
                operations.push(Operation {
                    accept,
                    operation_id,
                    method_name,
                    builder_name,
                    http_method: HttpMethod::from_key(method).ok_or_else(|| Error::Internal {
                        message: format!("`{method}` is not an HTTP method"),
                    })?,
                    path_template: path.clone(),
                    path: path_parts,
                    summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
                    description: op.description.clone().filter(|s| !s.trim().is_empty()),
                    deprecated: op.deprecated,
                    security,
                    server,
                    allow,
                    inputs,
                    examples,
                    params,
                    body,
                    success,
                    error,
                    response_headers,
                    pagination,
                    pointer: at,
                    features: op
                        .tags
                        .iter()
                        .chain(op.tags.is_empty().then_some(&String::new()))
                        .filter_map(|tag| self.tag_features.get(tag).cloned())
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                });
            }
        }
        Ok(operations)
    }

    /// The path item's parameters merged with the operation's (which win on the same name and
    /// location), each typed, named and with its encoding.
    fn params(
        &mut self,
        shared: &[ReferenceOr<Parameter>],
        shared_at: &Pointer,
        own: &[ReferenceOr<Parameter>],
        own_at: &Pointer,
        builder_name: &str,
        names: &mut Namespace,
    ) -> Result<Vec<Param>, Error> {
        let resolver = self.resolver;
        let mut merged = Vec::new();
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
            let (param, target) = resolver.resolve(param, &at)?;
            let key = |p: &Parameter| {
                (
                    p.parameter_data_ref().name.clone(),
                    std::mem::discriminant(p),
                )
            };
            merged.retain(|(existing, _): &(Resolved<'_, Parameter>, Pointer)| {
                key(existing) != key(&param)
            });
            merged.push((param, target));
        }
        let mut params = Vec::with_capacity(merged.len());
        for (param, at) in merged {
            let location = match &*param {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => ParamLocation::Cookie,
            };
            let data = param.parameter_data_ref();
            if location == ParamLocation::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&data.name.to_ascii_lowercase().as_str())
            {
                self.warn(
                    &at,
                    format!(
                        "a header parameter named `{}` is ignored, as OpenAPI says: the client sets it",
                        data.name
                    ),
                );
                continue;
            }
            let hint = format!("{builder_name}{}", camel(&data.name));
            let (ty, encoding) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let ty = self.schema_type(schema.into(), &hint, &at.join("schema"))?;
                    let encoding = self.encoding(&param, &ty);
                    (ty, encoding)
                }
                ParameterSchemaOrContent::Content(content) => {
                    self.content_param(content, &hint, &at)?
                }
            };
            if location == ParamLocation::Path && !data.required {
                self.warn(
                    &at,
                    "path parameters are always required; treated as required",
                );
            }
            params.push(Param {
                wire_name: data.name.clone(),
                rust_name: names.claim(&snake(&data.name)),
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                doc: data.description.clone().filter(|d| !d.trim().is_empty()),
                deprecated: data.deprecated.unwrap_or(false),
                encoding,
                pointer: Some(at),
            });
        }
        Ok(params)
    }

    /// A parameter described by a media type: JSON text of its schema's type; any other media
    /// type is sent as a string, with a warning.
    fn content_param(
        &mut self,
        content: &indexmap::IndexMap<String, openapiv3::MediaType>,
        hint: &str,
        at: &Pointer,
    ) -> Result<(TypeRef, ParamEncoding), Error> {
        match pick_media(content) {
            Some((media_type, media)) if is_json(media_type) => {
                let schema_at = at.join("content").join(media_type).join("schema");
                let ty = match &media.schema {
                    Some(schema) => self.schema_type(schema.into(), hint, &schema_at)?,
                    None => TypeRef::Json,
                };
                Ok((ty, ParamEncoding::Json))
            }
            _ => {
                self.warn(
                    &at.join("content"),
                    "only JSON parameter content is encoded; the value is sent as a string",
                );
                Ok((TypeRef::String, ParamEncoding::Scalar(ScalarText::Display)))
            }
        }
    }

    /// Path parameters the template names but nobody declares: strings, with a warning.
    fn undeclared_path_params(
        &mut self,
        template: &PathTemplate,
        params: &mut Vec<Param>,
        at: &Pointer,
        names: &mut Namespace,
    ) {
        for name in template.params() {
            let declared = params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == name);
            if declared {
                continue;
            }
            self.warn(
                at,
                format!("path parameter `{name}` is not declared; generated as a string"),
            );
            params.push(Param {
                wire_name: name.to_owned(),
                rust_name: names.claim(&snake(name)),
                location: ParamLocation::Path,
                required: true,
                ty: TypeRef::String,
                doc: None,
                deprecated: false,
                encoding: ParamEncoding::Scalar(ScalarText::Display),
                pointer: None,
            });
        }
    }

    /// How a parameter of type `ty` is written: scalars and lists of (non-null) scalars as text
    /// the generated code makes; anything else, and any path style but `simple`, by the runtime
    /// from the value's JSON form.
    fn encoding(&self, param: &Parameter, ty: &TypeRef) -> ParamEncoding {
        use openapiv3::QueryStyle;
        let (style, explode_default) = match param {
            Parameter::Path { style, .. } => match style {
                openapiv3::PathStyle::Simple => (StructuredStyle::Path(PathStyle::Simple), false),
                openapiv3::PathStyle::Label => (StructuredStyle::Path(PathStyle::Label), false),
                openapiv3::PathStyle::Matrix => (StructuredStyle::Path(PathStyle::Matrix), false),
            },
            Parameter::Query { style, .. } => match style {
                QueryStyle::DeepObject => (StructuredStyle::Query { deep_object: true }, true),
                // Space- and pipe-delimited apply to arrays: exploded, or joined by their delimiter.
                QueryStyle::Form | QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                    (StructuredStyle::Query { deep_object: false }, true)
                }
            },
            Parameter::Header { .. } => (StructuredStyle::Text, false),
            Parameter::Cookie { .. } => (StructuredStyle::Text, true),
        };
        let explode = param
            .parameter_data_ref()
            .explode
            .unwrap_or(explode_default);
        let structured = ParamEncoding::Structured { style, explode };
        let delimiter = delimiter(param);
        let (ty, _) = ty.strip_option();
        match (param, ty) {
            (Parameter::Path { .. }, _) if style != StructuredStyle::Path(PathStyle::Simple) => {
                structured
            }
            (_, TypeRef::Vec(item)) => match (param, self.scalar_text(item)) {
                (Parameter::Query { .. }, Some(item)) => ParamEncoding::List {
                    item,
                    explode,
                    delimiter,
                },
                (Parameter::Header { .. }, Some(item)) => ParamEncoding::List {
                    item,
                    explode: false,
                    delimiter,
                },
                // Swagger 2.0's `ssv`/`tsv`/`pipes` paths: joined by the generated code.
                (Parameter::Path { .. }, Some(item)) if delimiter != ',' => ParamEncoding::List {
                    item,
                    explode: false,
                    delimiter,
                },
                _ => structured,
            },
            (_, scalar) => match self.scalar_text(scalar) {
                Some(text) => ParamEncoding::Scalar(text),
                None => structured,
            },
        }
    }

    /// How a value of `ty` is written as text, when it is a non-null scalar or string enum.
    fn scalar_text(&self, ty: &TypeRef) -> Option<ScalarText> {
        match ty {
            TypeRef::DateTime => Some(ScalarText::Rfc3339),
            TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::String
            | TypeRef::Date => Some(ScalarText::Display),
            TypeRef::Named(name) if self.enum_names.contains(name) => Some(ScalarText::Display),
            TypeRef::External { text: true, .. } => Some(ScalarText::Display),
            _ => None,
        }
    }
}

/// The inputs of an operation: its parameters in order, then its body.
fn inputs(
    params: &[Param],
    body: Option<&RequestBodyDef>,
    sampler: &crate::samples::Sampler<'_>,
) -> Vec<Input> {
    let value = |ty: &TypeRef| match ty.strip_option().0 {
        TypeRef::String => InputType::Text,
        other => InputType::Value(other.clone()),
    };
    let params = params.iter().enumerate().map(|(i, p)| Input {
        rust_name: p.rust_name.clone(),
        required: p.required,
        ty: value(&p.ty),
        source: InputSource::Param(i),
        example: p.pointer.as_ref().and_then(|at| {
            sampler
                .parameter(at)
                .into_iter()
                .find(|v| v.is_string() || v.is_number() || v.is_boolean())
        }),
    });
    let body = body.map(|b| Input {
        rust_name: b.rust_name.clone(),
        required: b.required,
        ty: match &b.kind {
            BodyKind::Json(ty) | BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. } => {
                value(ty)
            }
            BodyKind::Text => InputType::Text,
            BodyKind::Bytes => InputType::Bytes,
        },
        source: InputSource::Body,
        example: None,
    });
    params.chain(body).collect()
}

/// The path as literal text and indexes into `params`.
fn path_parts(
    template: &PathTemplate,
    params: &[Param],
    at: &Pointer,
) -> Result<Vec<PathPart>, Error> {
    template
        .parts
        .iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => Ok(PathPart::Literal(text.clone())),
            TemplatePart::Param(name) => params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == *name)
                .map(PathPart::Param)
                .ok_or_else(|| {
                    Error::invalid(at, format!("path parameter `{name}` is not declared"))
                }),
        })
        .collect()
}

/// What joins the items of an unexploded list parameter: a comma, or the delimiter of its
/// style (`spaceDelimited`, `pipeDelimited`) or of its Swagger 2.0 `collectionFormat` (kept in
/// `x-collection-format` by the upgrade from 2.0, as 3.0 has no tab-delimited style).
fn delimiter(param: &Parameter) -> char {
    use openapiv3::QueryStyle;
    let format = param
        .parameter_data_ref()
        .extensions
        .get("x-collection-format")
        .and_then(serde_json::Value::as_str);
    match (param, format) {
        (_, Some("ssv")) => ' ',
        (_, Some("tsv")) => '\t',
        (_, Some("pipes")) => '|',
        (
            Parameter::Query {
                style: QueryStyle::SpaceDelimited,
                ..
            },
            _,
        ) => ' ',
        (
            Parameter::Query {
                style: QueryStyle::PipeDelimited,
                ..
            },
            _,
        ) => '|',
        _ => ',',
    }
}

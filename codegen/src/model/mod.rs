//! The intermediate model (IR): the API as the client needs it, every `$ref` resolved, every
//! name chosen and every wire encoding decided, independent of Rust tokens. Emission reads it and
//! decides nothing of its own. This file and `type_defs` hold only the types; the folder
//! builds them:
//!
//! - `builder`: the entry point [`build`] and the state shared while building;
//! - `schemas`, `composition`: schemas to types (objects, enums, arrays; unions and `allOf`);
//! - `operations`, `bodies`, `responses`: operations with their parameters and inputs, request
//!   bodies, and responses;
//! - `security`, `servers`: the credentials, and the servers requests go to;
//! - `type_defs`: the types schemas become;
//! - `identical`, `cycles`, `reach`: post-passes that merge identical types, box cyclic members,
//!   and mark what each direction and each feature needs.

mod bodies;
mod builder;
mod composition;
mod cycles;
mod identical;
mod operations;
mod pagination;
mod reach;
mod responses;
mod schemas;
mod security;
mod servers;
mod type_defs;

pub use builder::build;
pub use security::MUTUAL_TLS_EXTENSION;
pub use type_defs::*;

use crate::error::Pointer;

/// The whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The document's servers; the first is the client's default base URL.
    pub servers: Vec<ServerDef>,
    /// The servers path items and operations name for their own requests.
    pub operation_servers: Vec<ServerDef>,
    pub security_schemes: Vec<SecuritySchemeDef>,
    pub operations: Vec<Operation>,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// One cargo feature per operation tag, sorted by feature name; empty when no operation
    /// has a tag (then nothing is gated).
    pub features: Vec<TagFeature>,
    /// The error body every operation answers errors with, when they all share one: the
    /// default of the crate's `Error` alias.
    pub common_error: Option<ResponseBody>,
    /// The crates of the types the user chose that the API uses (their dependencies are
    /// added to the manifest).
    pub external_crates: std::collections::BTreeSet<String>,
}

/// The cargo feature that enables the operations of one tag (and the types they use).
#[derive(Debug, Clone, PartialEq)]
pub struct TagFeature {
    pub name: String,
    pub tag: String,
}

/// The feature that enables every operation, and is the default.
pub const FULL_FEATURE: &str = "full";

/// The feature of the test double (the `mock` module) and of what needs it.
pub const MOCK_FEATURE: &str = "mock";

/// The feature of the operations without a tag, in an API where others have tags.
pub const UNTAGGED_FEATURE: &str = "untagged";

/// The feature that enables the types of schemas no operation uses (webhook payloads, say);
/// off by default, as the client itself never needs them.
pub const UNUSED_SCHEMAS_FEATURE: &str = "unused-schemas";

impl Api {
    /// The same API with nothing gated by features (for a single-file rendering, which has no
    /// `Cargo.toml` to declare them).
    pub fn without_features(mut self) -> Self {
        self.features.clear();
        for op in &mut self.operations {
            op.features.clear();
        }
        for t in &mut self.types {
            t.features.clear();
        }
        self
    }
}

/// A server the client can talk to, exposed as a constant.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerDef {
    pub const_name: String,
    /// Absolute (`https://…`) or relative (`/api/v3`), without a trailing `/`.
    pub url: String,
    pub description: Option<String>,
}

impl Api {
    /// The servers operations name for themselves (the document's or their own), in the order
    /// of `servers` then `operation_servers`.
    pub fn servers_of_operations(&self) -> Vec<&ServerDef> {
        self.servers
            .iter()
            .chain(&self.operation_servers)
            .filter(|s| {
                self.operations
                    .iter()
                    .any(|op| op.server.as_deref() == Some(&s.const_name))
            })
            .collect()
    }
}

impl ServerDef {
    /// Whether the URL is relative: resolved against the base URL, or under a host the user
    /// gives.
    pub fn is_relative(&self) -> bool {
        servers::is_relative(&self.url)
    }
}

/// A security scheme of `components/securitySchemes`: one credential the client can hold.
#[derive(Debug, Clone, PartialEq)]
pub struct SecuritySchemeDef {
    /// The scheme's name in the spec (what requirements name).
    pub name: String,
    /// The `ClientBuilder` method that sets its credential.
    pub setter: String,
    pub kind: SchemeKind,
    pub description: Option<String>,
}

/// How a scheme's credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// An API key in the header, query parameter or cookie called `name`.
    ApiKey { location: KeyLocation, name: String },
    /// `Authorization: Basic …` from a user name and a password.
    Basic,
    /// `Authorization: Bearer <token>`.
    Bearer { format: Option<String> },
    /// `Authorization: <scheme> <credential>` for another HTTP scheme.
    Http { scheme: String },
    /// OAuth 2.0: a bearer token from a token source.
    OAuth2(OAuthDef),
    /// OpenID Connect: a bearer token, the token endpoint from the discovery document at `url`.
    OpenIdConnect { url: String },
    /// A client certificate (mutual TLS).
    MutualTls,
}

/// What an OAuth 2.0 scheme declares.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthDef {
    pub flows: Vec<OAuthFlowDef>,
    /// The scopes the operations' requirements name for this scheme, sorted.
    pub requested_scopes: Vec<String>,
}

impl OAuthDef {
    /// The token URL of the first flow of one of `kinds` that has one.
    pub fn token_url(&self, kinds: &[OAuthFlowKind]) -> Option<&str> {
        kinds.iter().find_map(|kind| {
            self.flows
                .iter()
                .find(|f| f.kind == *kind)
                .and_then(|f| f.token_url.as_deref())
        })
    }

    /// The first refresh URL any flow names.
    pub fn refresh_url(&self) -> Option<&str> {
        self.flows.iter().find_map(|f| f.refresh_url.as_deref())
    }
}

/// One OAuth 2.0 flow of a scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthFlowDef {
    pub kind: OAuthFlowKind,
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub refresh_url: Option<String>,
    /// Scope names and descriptions.
    pub scopes: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthFlowKind {
    Implicit,
    Password,
    ClientCredentials,
    AuthorizationCode,
}

impl OAuthFlowKind {
    pub fn describe(self) -> &'static str {
        match self {
            OAuthFlowKind::Implicit => "implicit",
            OAuthFlowKind::Password => "password",
            OAuthFlowKind::ClientCredentials => "client credentials",
            OAuthFlowKind::AuthorizationCode => "authorization code",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// What an operation needs to be authorised: any one of `alternatives`, each the names of the
/// schemes (all in `Api::security_schemes`) needed together; no alternatives, no credential. An
/// empty alternative means that no credential is acceptable too.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Security {
    pub alternatives: Vec<Vec<String>>,
}

impl Security {
    /// Whether the operation sends a credential when the client has one.
    pub fn needs_credential(&self) -> bool {
        self.alternatives.iter().any(|a| !a.is_empty())
    }
}

/// One API operation: one client method and one request builder.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// The `Accept` header its requests send: the media types its responses declare (JSON
    /// first), `application/json` when they declare none.
    pub accept: String,
    pub method_name: String,
    pub builder_name: String,
    pub http_method: HttpMethod,
    pub path_template: String,
    pub path: Vec<PathPart>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub security: Security,
    /// The constant (in `Api::servers` or `Api::operation_servers`) of the server its requests
    /// go to, when the operation or its path item names one; `None`: the client's base URL.
    pub server: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<RequestBodyDef>,
    /// What the caller gives, parameters then body: the required ones are the client method's
    /// arguments in this order, the optional ones the request builder's setters.
    pub inputs: Vec<Input>,
    /// The JSON examples of its request and response bodies, with the type each must fit.
    pub examples: Vec<BodyExample>,
    pub success: ResponseSet,
    pub error: ResponseSet,
    /// The type (a `TypeKind::Headers`) of the headers its success responses declare.
    pub response_headers: Option<String>,
    /// How it answers a page at a time, when it says so (`pagination`).
    pub pagination: Option<Pagination>,
    pub pointer: Pointer,
    /// The features of its tags: compiled when any is on; always when empty.
    pub features: Vec<String>,
    /// Lints its generated items allow, as the spec dictates their shape.
    pub allow: OperationLints,
}

/// How an operation's pages follow each other, and where their items are.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub next: NextRule,
    pub items: ItemsAt,
    pub item_type: TypeRef,
    /// What said it pages (`` `x-ms-pageable` ``, "its `Link` header"), for docs.
    pub source: String,
}

/// Where the next page is.
#[derive(Debug, Clone, PartialEq)]
pub enum NextRule {
    /// Its URL, in the page's field `field` (an `Option<String>` when `optional`).
    BodyUrl { field: String, optional: bool },
    /// The `rel="next"` URL of the answer's `Link` header.
    LinkHeader,
    /// The same request with the query parameter `param` set to the page's field `field`.
    Token {
        field: String,
        optional: bool,
        param: String,
    },
}

/// Where a page's items are.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemsAt {
    /// The page is the list.
    Body,
    /// The page's list field `name` (an `Option<Vec<…>>` when `optional`).
    Field { name: String, optional: bool },
}

/// The lints an operation's generated items must allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OperationLints {
    /// The client method and the builder's constructor take more arguments than Clippy likes.
    pub many_arguments: bool,
    /// The mock helper does (one argument per path parameter).
    pub many_mock_arguments: bool,
    /// The builder's path encoder does (one argument per path parameter).
    pub many_path_arguments: bool,
    /// The builder is called `New`, so its `new` is a self-named constructor.
    pub self_named_constructor: bool,
}

/// Whether a function of `arguments` arguments (`self` included) needs Clippy's
/// `too_many_arguments` allowed: it fires past 7.
pub fn many_arguments(arguments: usize) -> bool {
    arguments > 7
}

impl OperationLints {
    pub(crate) fn of(inputs: &[Input], params: &[Param], builder_name: &str) -> Self {
        let required = inputs.iter().filter(|i| i.required).count();
        let path_params = params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .count();
        OperationLints {
            many_arguments: many_arguments(required + 1),
            many_mock_arguments: many_arguments(path_params + 1),
            many_path_arguments: many_arguments(path_params),
            self_named_constructor: builder_name == "New",
        }
    }
}

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// The method of a path item's key (`get`, `post`, …).
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// As on the wire, and as `reqwest::Method` names its constant: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// A JSON example of a request or response body, as the spec gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyExample {
    /// `request`, or the response's status key (`200`, `2XX`, `default`).
    pub status: String,
    /// `example` for a media type's single example, else its key in `examples`.
    pub name: String,
    /// The example as compact JSON text.
    pub json: String,
    /// The type it must decode into.
    pub ty: TypeRef,
}

/// A value the caller of an operation gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The argument, field and setter name.
    pub rust_name: String,
    pub required: bool,
    pub ty: InputType,
    pub source: InputSource,
    /// A value the spec accepts for it, for examples: the parameter's own example, else one
    /// made from its schema (`crate::samples`); only for parameters with a scalar one.
    pub example: Option<serde_json::Value>,
}

/// How an input is taken and kept.
#[derive(Debug, Clone, PartialEq)]
pub enum InputType {
    /// Taken as `impl Into<String>`, kept as `String`.
    Text,
    /// Taken as `impl Into<Vec<u8>>`, kept as `Vec<u8>`.
    Bytes,
    /// Taken and kept as this type.
    Value(TypeRef),
}

/// Where an input goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputSource {
    /// Index into `Operation::params`.
    Param(usize),
    Body,
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
    pub encoding: ParamEncoding,
    /// Where the parameter object is (after `$ref`s); `None` for an undeclared path parameter.
    pub pointer: Option<Pointer>,
}

/// How a parameter's value becomes text on the wire, decided once here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// One scalar or string enum.
    Scalar(ScalarText),
    /// A list of scalars: the name repeated per item when `explode` (query only), else the
    /// items joined with `delimiter` (`,`; space, `|` or tab for the delimited styles).
    List {
        item: ScalarText,
        explode: bool,
        delimiter: char,
    },
    /// Anything else (objects, maps, unions, nested or nullable items, label and matrix
    /// paths): encoded at run time from its JSON form in the parameter's style.
    Structured {
        style: StructuredStyle,
        explode: bool,
    },
    /// Described by `content: application/json`: the value as JSON text.
    Json,
}

/// How one scalar value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarText {
    /// Its `Display` form.
    Display,
    /// RFC 3339 (date-times).
    Rfc3339,
}

/// How a structured parameter is written, by where it goes (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructuredStyle {
    /// A path segment in its style.
    Path(PathStyle),
    /// Query pairs: `form` (`name=a`), or `deepObject` (`name[key]=value`).
    Query { deep_object: bool },
    /// The text of a header (`simple`) or a cookie (`form`): `a,b`.
    Text,
}

/// The style of a path parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `a,b`.
    Simple,
    /// `.a.b`.
    Label,
    /// `;name=a`.
    Matrix,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBodyDef {
    pub rust_name: String,
    pub content_type: String,
    pub kind: BodyKind,
    pub required: bool,
    pub doc: Option<String>,
    /// Where its media type object is (after `$ref`s).
    pub media_pointer: Pointer,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: the object's properties as `name=value` pairs,
    /// those named in `fields` in their Encoding Object's style.
    Form {
        ty: TypeRef,
        fields: Vec<FieldEncoding>,
    },
    /// `multipart/form-data`: one part per property; the named ones (`format: binary`) as files;
    /// those named in `fields` in their Encoding Object's style.
    Multipart {
        ty: TypeRef,
        files: Vec<FileField>,
        fields: Vec<FieldEncoding>,
    },
    Text,
    Bytes,
}

impl BodyKind {
    /// The generated type of a structured body.
    pub fn structured_type(&self) -> Option<&TypeRef> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form { ty, .. } | BodyKind::Multipart { ty, .. } => {
                Some(ty)
            }
            BodyKind::Text | BodyKind::Bytes => None,
        }
    }
}

/// A file property of a multipart body: its part name and the body struct's field holding it
/// (a `FilePart`, or an option or list of them).
#[derive(Debug, Clone, PartialEq)]
pub struct FileField {
    pub wire_name: String,
    pub rust_name: String,
    /// The Encoding Object's `contentType`, sent when the file part does not set its own.
    pub content_type: Option<String>,
}

/// How one property of a form body is written when its Encoding Object gives a `style` (or
/// `explode`); the others are written the default way (lists repeated, objects as JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldEncoding {
    pub property: String,
    pub style: FieldStyle,
}

/// A form field's style, as for a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldStyle {
    /// `form`: lists repeat the name and objects give a field per property when exploded;
    /// else both are joined with commas.
    Form { explode: bool },
    /// `spaceDelimited` / `pipeDelimited`: lists joined with the delimiter.
    Delimited(char),
    /// `deepObject`: `name[key]=value` per property.
    DeepObject,
}

/// What one status (or range, or `default`) of an operation carries.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    Empty,
    Json(TypeRef),
    Text,
    Bytes,
    /// `text/event-stream`: server-sent events whose data decode as the type (text as it is
    /// for a string). Only a success side of one body streams; elsewhere it is `Text`.
    EventStream(TypeRef),
    /// JSON lines (`application/x-ndjson`, `application/jsonl`): one value of the type per line.
    /// Only a success side of one body streams; elsewhere it is `Bytes`.
    JsonLines(TypeRef),
}

impl ResponseBody {
    /// The body as read whole, where it cannot stream: events as text, lines as bytes.
    pub(crate) fn unstreamed(self) -> ResponseBody {
        match self {
            ResponseBody::EventStream(_) => ResponseBody::Text,
            ResponseBody::JsonLines(_) => ResponseBody::Bytes,
            other => other,
        }
    }

    /// The type of each item, for a streamed body.
    pub fn stream_item(&self) -> Option<&TypeRef> {
        match self {
            ResponseBody::EventStream(item) | ResponseBody::JsonLines(item) => Some(item),
            _ => None,
        }
    }
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
    Single {
        body: ResponseBody,
        /// The status an answer of this side is given with where one must be chosen (a test
        /// double's answer): the first declared code, a range's first code, 200 for `default`;
        /// with nothing declared, 204 (success) or 500 (error).
        status: u16,
    },
    /// Bodies differ by status: an enum (a `TypeKind::ByStatus` type) named `type_name`,
    /// picked by the generated function `decoder`.
    ByStatus {
        type_name: String,
        decoder: String,
        /// Sorted by status: codes, then ranges, then `default`.
        variants: Vec<StatusVariant>,
    },
}

impl ResponseSet {
    /// The status a test double answers this side with (see `Single::status`).
    pub fn answer_status(&self) -> u16 {
        match self {
            ResponseSet::Single { status, .. } => *status,
            ResponseSet::ByStatus { variants, .. } => variants
                .iter()
                .find_map(|v| v.status.first_code())
                .unwrap_or(200),
        }
    }
}

impl StatusMatch {
    /// The first code it matches; `None` for `default`.
    pub fn first_code(self) -> Option<u16> {
        match self {
            StatusMatch::Code(code) => Some(code),
            StatusMatch::Range(range) => Some(range * 100),
            StatusMatch::Default => None,
        }
    }
}

//! A bad or unsupported spec is an error naming its place in the spec, never a panic.

use codegen::{Error, Options};

use tests::generate;

fn pointer_of(spec: &str) -> String {
    let error = generate(spec).expect_err("the spec is refused");
    error
        .pointer()
        .map(|p| p.to_string())
        .unwrap_or_else(|| panic!("no pointer in `{error}`"))
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn text_that_is_not_a_spec_is_a_parse_error() {
    for text in [
        "",
        "[1, 2",
        "{\"openapi\": 3}",
        "just text",
        "openapi: 2.0\ninfo: {title: t, version: '1'}\npaths: {}",
    ] {
        assert!(
            matches!(generate(text), Err(Error::Parse { .. })),
            "{text:?}"
        );
    }
}

#[test]
fn an_undeclared_path_parameter_is_a_string_with_a_warning_naming_the_operation() {
    let spec = format!(
        "{HEAD}paths:\n  /order/{{id}}:\n    get:\n      responses:\n        '200': {{description: ok}}\n"
    );
    let generated = generate(&spec).expect("generates");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["#/paths/~1order~1{id}/get: path parameter `id` is not declared; generated as a string"]
    );
}

#[test]
fn an_unresolved_reference_names_where_it_is_used() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Missing'}}\n"
    );
    let error = generate(&spec).expect_err("refused");
    assert!(
        matches!(&error, Error::UnresolvedRef { reference, .. } if reference == "#/components/schemas/Missing"),
        "{error}"
    );
    assert_eq!(
        error.pointer().map(ToString::to_string).as_deref(),
        Some("#/paths/~1a/get/responses/200/content/application~1json/schema")
    );
}

#[test]
fn an_external_reference_is_refused() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'other.yaml#/p'\n      responses:\n        '200': {{description: ok}}\n"
    );
    assert_eq!(pointer_of(&spec), "#/paths/~1a/get/parameters/0");
}

#[test]
fn duplicate_operation_ids_are_refused() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: same\n      responses:\n        '200': {{description: ok}}\n  /b:\n    get:\n      operationId: same\n      responses:\n        '200': {{description: ok}}\n"
    );
    assert_eq!(pointer_of(&spec), "#/paths/~1b/get/operationId");
}

#[test]
fn a_reference_loop_is_refused() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/A'\n      responses:\n        '200': {{description: ok}}\ncomponents:\n  parameters:\n    A: {{$ref: '#/components/parameters/B'}}\n    B: {{$ref: '#/components/parameters/A'}}\n"
    );
    assert_eq!(pointer_of(&spec), "#/paths/~1a/get/parameters/0");
}

#[test]
fn parameters_described_by_non_json_content_are_strings_with_a_warning() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - name: filter\n          in: query\n          content:\n            text/csv:\n              schema: {{type: string}}\n      responses:\n        '200': {{description: ok}}\n"
    );
    let generated = generate(&spec).expect("generates");
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    assert_eq!(
        generated.warnings[0].pointer.as_str(),
        "#/paths/~1a/get/parameters/0/content"
    );
}

#[test]
fn every_security_scheme_kind_generates_without_warnings() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        clientCredentials: {{tokenUrl: 'https://x/token', scopes: {{}}}}\n        implicit: {{authorizationUrl: 'https://x/auth', scopes: {{}}}}\n    oidc: {{type: openIdConnect, openIdConnectUrl: 'https://x/.well-known/openid-configuration'}}\n    negotiate: {{type: http, scheme: negotiate}}\n    cookie: {{type: apiKey, in: cookie, name: session}}\n"
    );
    let generated = generate(&spec).expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn a_requirement_naming_an_undefined_scheme_is_a_warning_at_the_requirement() {
    let spec = format!(
        "{HEAD}security:\n  - nowhere: []\npaths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok}}\n  /b:\n    get:\n      responses:\n        '200': {{description: ok}}\n"
    );
    let generated = generate(&spec).expect("generates");
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    assert_eq!(generated.warnings[0].pointer.to_string(), "#/security/0");
    assert!(
        generated.warnings[0].message.contains("`nowhere`"),
        "{}",
        generated.warnings[0].message
    );
}

#[test]
fn an_invalid_crate_name_is_refused_before_anything_is_generated() {
    let spec = format!("{HEAD}paths: {{}}\n");
    for name in ["", "1client", "my client", "a\"b", "é"] {
        let options = Options {
            crate_name: name.to_owned(),
            ..Options::default()
        };
        let error = codegen::generate(&spec, &options).expect_err("refused");
        assert!(
            matches!(&error, Error::InvalidOptions { message } if message.contains("crate name")),
            "{name:?}: {error}"
        );
    }
}

#[test]
fn a_title_with_quotes_and_newlines_makes_a_manifest_that_parses() {
    let spec =
        "openapi: 3.0.3\ninfo: {title: \"a \\\"b\\\"\\n[c]\\\\\", version: \"1\\\"\"}\npaths: {}\n";
    let generated = generate(spec).expect("generates");
    let manifest = &generated.files[0];
    assert_eq!(manifest.path, "Cargo.toml");
    let parsed: toml::Table = manifest.contents.parse().expect("Cargo.toml parses");
    assert_eq!(
        parsed["package"]["description"].as_str(),
        Some("Client for a \"b\"\n[c]\\ (API version 1\")")
    );
    assert!(parsed["dependencies"]["reqwest"].is_table());
}

#[test]
fn a_value_of_the_wrong_type_names_its_place() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: query\n          required: yes-please\n          schema: {{type: string}}\n      responses:\n        '200': {{description: ok}}\n"
    );
    let error = generate(&spec).expect_err("refused");
    assert_eq!(
        error.pointer().map(ToString::to_string).as_deref(),
        Some("#/paths/~1a/get/parameters/0"),
        "{error}"
    );
}

#[test]
fn a_callback_given_by_reference_loads_and_is_warned_about() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      callbacks:\n        done: {{$ref: '#/components/callbacks/Done'}}\n      responses:\n        '204': {{description: ok}}\ncomponents:\n  callbacks:\n    Done:\n      '{{$request.body#/url}}':\n        post:\n          responses:\n            '200': {{description: ok}}\n"
    );
    let generated = generate(&spec).expect("generates");
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    assert_eq!(
        generated.warnings[0].pointer.as_str(),
        "#/paths/~1a/post/callbacks"
    );
}

const SWAGGER_HEAD: &str = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";

#[test]
fn versions_other_than_swagger_2_0_and_openapi_3_0_and_3_1_are_refused_by_name() {
    for (text, version) in [
        (
            "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}",
            "`3.2.0`",
        ),
        (
            "swagger: '1.2'\ninfo: {title: t, version: '1'}\npaths: {}",
            "`1.2`",
        ),
        (
            "swaggerVersion: '1.2'\napis: []",
            "no `openapi` or `swagger`",
        ),
    ] {
        let error = generate(text).expect_err("refused");
        assert!(matches!(error, Error::Parse { .. }), "{error}");
        assert!(error.to_string().contains(version), "{error}");
    }
}

#[test]
fn a_swagger_2_0_reference_to_nothing_is_located_in_the_document_as_written() {
    // In a response schema (moved under `content` by the upgrade) and in a body parameter
    // (moved into `requestBody`): the pointer names the 2.0 place, the reference is quoted as
    // written.
    let response = format!(
        "{SWAGGER_HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema: {{$ref: '#/definitions/Missing'}}\n"
    );
    let error = generate(&response).expect_err("refused");
    assert!(
        matches!(&error, Error::UnresolvedRef { reference, .. } if reference == "#/definitions/Missing"),
        "{error}"
    );
    assert_eq!(
        pointer_of(&response),
        "#/paths/~1a/get/responses/200/schema"
    );
    let body = format!(
        "{SWAGGER_HEAD}paths:\n  /a:\n    post:\n      parameters:\n        - {{name: q, in: query, type: string}}\n        - name: b\n          in: body\n          schema:\n            type: object\n            properties:\n              x: {{$ref: '#/definitions/Gone'}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    assert_eq!(
        pointer_of(&body),
        "#/paths/~1a/post/parameters/1/schema/properties/x"
    );
    let parameter = format!(
        "{SWAGGER_HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/parameters/Nope'\n      responses:\n        '204': {{description: ok}}\n"
    );
    assert_eq!(pointer_of(&parameter), "#/paths/~1a/get/parameters/0");
}

#[test]
fn a_malformed_swagger_2_0_definition_is_located_under_definitions() {
    let spec = format!(
        "{SWAGGER_HEAD}paths: {{}}\ndefinitions:\n  Bad:\n    type: object\n    required: 5\n"
    );
    assert_eq!(pointer_of(&spec), "#/definitions/Bad");
}

#[test]
fn openapi_3_1_mixed_type_lists_become_unions_not_errors() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: [string, integer, boolean, 'null']\n                minLength: 1\n";
    let generated = generate(spec).expect("generates");
    let types = generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types");
    for variant in ["String(", "Integer(i64)", "Boolean(bool)"] {
        assert!(
            types.contents.contains(variant),
            "{variant}: {}",
            types.contents
        );
    }
    let client = generated
        .files
        .iter()
        .find(|f| f.path == "src/operations.rs")
        .expect("operations");
    assert!(client.contents.contains("Option<types::"));
}

#[test]
fn integers_beyond_64_bits_load_and_only_lose_their_bound() {
    for spec in [
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Big:\n      type: integer\n      minimum: -9223372036854776000\n      maximum: 99999999999999999999999\n",
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"Big": {"type": "integer", "minimum": -9223372036854776000, "maximum": 2.5}}}}"#,
    ] {
        let generated = generate(spec).unwrap_or_else(|e| panic!("{e}"));
        let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
        assert!(
            warnings.contains(
                &"#/components/schemas/Big/minimum: `minimum` does not fit a 64-bit integer; the bound is not kept".to_owned()
            ),
            "{warnings:?}"
        );
        assert!(
            generated
                .files
                .iter()
                .any(|f| f.contents.contains("pub type Big = i64;")),
            "still an integer"
        );
    }
}

/// The common 3.0 way to annotate a reference, `allOf: [{$ref}, {description, xml, …}]`, is the
/// referenced type: a member that only annotates constrains nothing. Members that really mix
/// types are still any JSON value, with the warning.
#[test]
fn annotation_only_all_of_members_do_not_stop_the_merge() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Integer: {{type: integer, format: int64}}\n    Limits:\n      type: object\n      properties:\n        max:\n          allOf:\n            - $ref: '#/components/schemas/Integer'\n            - {{description: The most, xml: {{name: max}}, example: 3, readOnly: false}}\n        mixed:\n          allOf:\n            - $ref: '#/components/schemas/Integer'\n            - {{type: string}}\n"
    );
    let generated = generate(&spec).expect("generates");
    let types = generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types");
    assert!(
        types.contents.contains("pub max: Option<Integer>,"),
        "{}",
        types.contents
    );
    let merge_warnings: Vec<_> = generated
        .warnings
        .iter()
        .filter(|w| w.message.contains("cannot be merged"))
        .map(|w| w.pointer.to_string())
        .collect();
    assert_eq!(
        merge_warnings,
        ["#/components/schemas/Limits/properties/mixed"],
        "{:?}",
        generated.warnings
    );
}

/// `allOf` members of one JSON type merge into the most specific of them (a reference to a
/// `date-time` and `{type: string}`), nullable when a member says `nullable: true` alone or with
/// the type; two different specific types of one kind, or two kinds, do not merge.
#[test]
fn scalar_all_of_members_of_one_type_merge() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    When: {{type: string, format: date-time}}\n    Id: {{type: string, maxLength: 36}}\n    Color: {{type: string, enum: [red, blue]}}\n    Size: {{type: string, enum: [s, m]}}\n    Row:\n      type: object\n      required: [at, id, begin, count, slug]\n      properties:\n        at:\n          allOf: [{{$ref: '#/components/schemas/When'}}, {{type: string}}]\n        id:\n          allOf: [{{$ref: '#/components/schemas/Id'}}, {{type: string}}]\n        begin:\n          allOf: [{{nullable: true}}, {{$ref: '#/components/schemas/When'}}]\n        slug:\n          allOf: [{{$ref: '#/components/schemas/Id'}}, {{type: string, nullable: true}}]\n        count:\n          allOf: [{{type: number}}, {{type: integer, minimum: 0}}]\n        clash:\n          allOf: [{{$ref: '#/components/schemas/Color'}}, {{$ref: '#/components/schemas/Size'}}]\n        arn:\n          allOf: [{{$ref: '#/components/schemas/Id'}}, {{pattern: '^arn:', xml: {{name: arn}}}}]\n        odd:\n          allOf: [{{$ref: '#/components/schemas/Id'}}, {{maximum: 3}}]\n        payload: {{type: string, nullable: true, additionalProperties: true}}\n"
    );
    let generated = generate(&spec).expect("generates");
    let types = generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types");
    for field in [
        "pub at: When,",
        "pub id: Id,",
        "pub begin: Option<When>,",
        "pub slug: Option<Id>,",
        "pub count: i64,",
        "pub clash: Option<::serde_json::Value>,",
        // An untyped member that only constrains strings (`pattern`) is a string one.
        "pub arn: Option<Id>,",
        // A scalar type holds over keywords only objects have.
        "pub payload: Option<String>,",
    ] {
        assert!(
            types.contents.contains(field),
            "{field}\n{}",
            types.contents
        );
    }
    let merge_warnings: Vec<_> = generated
        .warnings
        .iter()
        .filter(|w| w.message.contains("cannot be merged"))
        .map(|w| w.pointer.to_string())
        .collect();
    assert_eq!(
        merge_warnings,
        [
            "#/components/schemas/Row/properties/clash",
            "#/components/schemas/Row/properties/odd"
        ],
        "{:?}",
        generated.warnings
    );
}

/// A network-path server (`//host/path`, as dozens of public specs write it) is used, over
/// https, not dropped.
#[test]
fn a_network_path_server_is_used_over_https() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers:\n  - url: //api.example.com/v2/\npaths: {}\n";
    let generated = generate(spec).expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let client = generated
        .files
        .iter()
        .find(|f| f.path == "src/client.rs")
        .expect("client");
    assert!(
        client.contents.contains("\"https://api.example.com/v2\""),
        "{}",
        client.contents
    );
}

/// `properties` beside a `oneOf` whose members only require some of them is the object (its
/// members typed), requiring what every member requires: not a union of any JSON values. A
/// required member it does not declare is an optional field of any JSON value, not dropped.
#[test]
fn a_one_of_of_requirements_is_the_object_it_constrains() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Doc:\n      type: object\n      properties:\n        title: {{type: string}}\n        category: {{type: string}}\n        categorySlug: {{type: string}}\n      oneOf:\n        - required: [title, category]\n        - required: [title, categorySlug]\n    Flags:\n      type: object\n      required: [on, 'extra flag']\n      properties:\n        on: {{type: boolean}}\n"
    );
    let generated = generate(&spec).expect("generates");
    let types = generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types");
    for field in [
        "pub struct Doc {",
        "pub title: String,",
        "pub category: Option<String>,",
        "pub category_slug: Option<String>,",
        "#[serde(rename = \"extra flag\")]",
        "pub extra_flag: Option<::serde_json::Value>,",
    ] {
        assert!(
            types.contents.contains(field),
            "{field}\n{}",
            types.contents
        );
    }
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

/// An Encoding Object's `style` shapes a multipart field in OpenAPI 3.1 (which applies it to
/// `multipart/form-data`), not in 3.0 (which says to ignore it there); a URL-encoded form
/// follows it in both.
#[test]
fn multipart_fields_follow_their_encoding_style_in_3_1_only() {
    let spec = |version: &str, media: &str| {
        format!(
            "openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths:\n  /up:\n    post:\n      operationId: up\n      requestBody:\n        content:\n          {media}:\n            schema:\n              type: object\n              properties:\n                tags: {{type: array, items: {{type: string}}}}\n            encoding:\n              tags: {{style: pipeDelimited}}\n      responses:\n        '204': {{description: done}}\n"
        )
    };
    let styled = |text: String| {
        let generated = generate(&text).expect("generates");
        let operations = generated
            .files
            .iter()
            .find(|f| f.path == "src/operations.rs")
            .expect("operations")
            .contents
            .clone();
        operations.contains("FieldStyle::Delimited('|')")
    };
    assert!(styled(spec("3.1.0", "multipart/form-data")));
    assert!(!styled(spec("3.0.3", "multipart/form-data")));
    assert!(styled(spec("3.0.3", "application/x-www-form-urlencoded")));
}

/// Properties written beside an `allOf` (Azure's lists: `allOf: [ResourceList]` with `value`
/// beside it) are part of the type, not dropped.
#[test]
fn properties_beside_all_of_are_kept() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/List'}}\ncomponents:\n  schemas:\n    Base:\n      type: object\n      properties:\n        nextLink: {{type: string}}\n    List:\n      type: object\n      allOf:\n        - $ref: '#/components/schemas/Base'\n      properties:\n        value: {{type: array, items: {{type: string}}}}\n"
    );
    let generated = generate(&spec).expect("generates");
    let types = generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types");
    let list = types
        .contents
        .split("pub struct List {")
        .nth(1)
        .expect("List is a struct");
    let list = list.split('}').next().unwrap_or_default();
    assert!(
        list.contains("pub next_link") && list.contains("pub value"),
        "{list}"
    );
}

use serde_json::{Value, json};

use super::{Origins, SourceVersion, upgrade};
use crate::error::Pointer;

fn upgraded(mut tree: Value) -> (Value, super::Upgraded) {
    let (_, upgraded) = upgrade(&mut tree).expect("a supported version");
    (tree, upgraded)
}

fn at(segments: &[&str]) -> Pointer {
    segments
        .iter()
        .fold(Pointer::root(), |at, segment| at.join(segment))
}

#[test]
fn origins_map_the_nearest_recorded_ancestor_and_keep_the_rest() {
    let mut origins = Origins::default();
    origins.record(&at(&["components", "schemas"]), &at(&["definitions"]));
    origins.record(
        &at(&["paths", "/a/{b}", "post", "requestBody"]),
        &at(&["paths", "/a/{b}", "post", "parameters", "2"]),
    );
    let original = |p: Pointer| origins.original(&p).to_string();
    assert_eq!(
        original(at(&["components", "schemas", "Pet", "properties", "id"])),
        "#/definitions/Pet/properties/id"
    );
    assert_eq!(
        original(at(&["paths", "/a/{b}", "post", "requestBody", "content"])),
        "#/paths/~1a~1{b}/post/parameters/2/content"
    );
    // A sibling whose name starts the same is not under the recorded node.
    assert_eq!(
        original(at(&["components", "schemasX"])),
        "#/components/schemasX"
    );
    assert_eq!(original(at(&["info"])), "#/info");
}

#[test]
fn openapi_3_0_is_left_as_written() {
    let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"A": {"type": "string", "nullable": true, "examples": [1]}}}});
    let (tree, upgraded) = upgraded(doc.clone());
    assert_eq!(tree, doc);
    assert!(!upgraded.changed);
}

#[test]
fn openapi_3_1_schemas_are_spelled_the_3_0_way() {
    let schema = |s: Value| {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"S": s}}});
        let (tree, upgraded) = upgraded(doc);
        assert!(upgraded.changed);
        assert_eq!(tree["openapi"], "3.0.3");
        assert_eq!(tree["paths"], json!({}), "3.1 makes paths optional");
        tree["components"]["schemas"]["S"].clone()
    };
    assert_eq!(
        schema(json!({"type": ["string", "null"]})),
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(schema(json!({"type": "null"})), json!({"nullable": true}));
    assert_eq!(
        schema(
            json!({"type": ["integer", "string"], "minimum": 1, "maxLength": 3, "enum": [1, "a"]})
        ),
        json!({"anyOf": [
            {"type": "integer", "minimum": 1, "enum": [1]},
            {"type": "string", "maxLength": 3, "enum": ["a"]}
        ]})
    );
    assert_eq!(
        schema(json!({"const": "dog"})),
        json!({"type": "string", "enum": ["dog"]})
    );
    assert_eq!(
        schema(json!({"enum": ["a", "b", null]})),
        json!({"enum": ["a", "b", null], "type": "string", "nullable": true})
    );
    assert_eq!(schema(json!({"enum": ["a", 1]})), json!({"enum": ["a", 1]}));
    assert_eq!(
        schema(json!({"type": "integer", "examples": [3, 4]})),
        json!({"type": "integer", "example": 3})
    );
    assert_eq!(
        schema(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 9})),
        json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true,
            "minimum": 0, "maximum": 9})
    );
    assert_eq!(
        schema(
            json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}],
            "description": "d"})
        ),
        json!({"description": "d", "nullable": true,
            "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
    assert_eq!(
        schema(json!({"oneOf": [{"type": "string", "format": "date"}, {"type": "null"}]})),
        json!({"nullable": true, "type": "string", "format": "date"})
    );
    assert_eq!(
        schema(json!({"$ref": "#/components/schemas/T", "description": "kept as a reference"})),
        json!({"$ref": "#/components/schemas/T", "description": "kept as a reference"})
    );
    assert_eq!(
        schema(json!({"$ref": "#/components/schemas/T", "required": ["a"]})),
        json!({"required": ["a"], "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
    assert_eq!(
        schema(json!({"type": "string", "contentEncoding": "base64"})),
        json!({"type": "string", "format": "byte"})
    );
    assert_eq!(
        schema(json!({"contentMediaType": "image/png"})),
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        schema(json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}]})),
        json!({"type": "array", "items": {"type": "number"}})
    );
    assert_eq!(
        schema(json!({"type": "object", "properties": {"a": true, "b": false}})),
        json!({"type": "object", "properties": {"a": {}, "b": {"not": {}}}})
    );
    assert_eq!(
        schema(json!({"type": "object", "$defs": {"D": {"type": ["boolean", "null"]}}})),
        json!({"type": "object", "$defs": {"D": {"type": "boolean", "nullable": true}}})
    );
}

#[test]
fn openapi_3_1_document_additions_are_dropped_or_reported() {
    let doc = json!({
        "openapi": "3.1.1",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {"title": "t", "summary": "S.", "version": "1",
            "license": {"name": "MIT", "identifier": "MIT"}},
        "paths": {"/a": {"get": {"operationId": "a"}}},
        "webhooks": {"created": {"post": {"responses": {"200": {"description": "ok"}}}}},
        "components": {"securitySchemes": {"tls": {"type": "mutualTLS"}}}
    });
    let (tree, upgraded) = upgraded(doc);
    assert_eq!(tree.get("jsonSchemaDialect"), None);
    assert_eq!(tree["info"]["description"], "S.");
    assert_eq!(tree["info"]["license"], json!({"name": "MIT"}));
    assert_eq!(tree["paths"]["/a"]["get"]["responses"], json!({}));
    // A `mutualTLS` scheme, which 3.0 cannot say, waits for the model under an extension.
    assert_eq!(tree["components"]["securitySchemes"], json!({}));
    assert_eq!(
        tree["components"]["x-codegen-mutual-tls"],
        json!({"tls": {"type": "mutualTLS"}})
    );
    let places: Vec<String> = upgraded
        .warnings
        .iter()
        .map(|w| w.pointer.to_string())
        .collect();
    assert_eq!(places, ["#/webhooks/created"]);
}

#[test]
fn swagger_2_0_becomes_openapi_3_0_with_origins() {
    let doc = json!({
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "host": "h.example", "basePath": "/v1",
        "consumes": ["application/json"], "produces": ["application/json"],
        "parameters": {"q": {"name": "q", "in": "query", "type": "array",
            "items": {"type": "string"}, "collectionFormat": "pipes"}},
        "paths": {"/p/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": true, "type": "integer"}],
            "post": {
                "parameters": [
                    {"$ref": "#/parameters/q"},
                    {"name": "b", "in": "body", "required": true,
                        "schema": {"$ref": "#/definitions/D"}},
                    {"name": "h", "in": "header", "type": "array", "items": {"type": "string"},
                        "collectionFormat": "tsv"}
                ],
                "responses": {"200": {"description": "ok", "schema": {"type": "file"},
                    "headers": {"X-N": {"type": "integer"}}}}
            }
        }},
        "definitions": {"D": {"type": "object", "discriminator": "kind",
            "properties": {"kind": {"type": "string", "x-nullable": true}}}},
        "securityDefinitions": {"b": {"type": "basic"}}
    });
    let mut tree = doc;
    let (version, upgraded) = upgrade(&mut tree).expect("2.0");
    assert_eq!(version, SourceVersion::Swagger2);
    assert_eq!(
        tree,
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "servers": [{"url": "https://h.example/v1"}],
            "paths": {"/p/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true,
                    "schema": {"type": "integer"}}],
                "post": {
                    "responses": {"200": {"description": "ok",
                        "headers": {"X-N": {"schema": {"type": "integer"}}},
                        "content": {"application/json": {
                            "schema": {"type": "string", "format": "binary"}}}}},
                    "parameters": [
                        {"$ref": "#/components/parameters/q"},
                        {"name": "h", "in": "header", "style": "simple", "explode": false,
                            "x-collection-format": "tsv",
                            "schema": {"type": "array", "items": {"type": "string"}}}
                    ],
                    "requestBody": {"required": true, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/D"}}}}
                }
            }},
            "components": {
                "schemas": {"D": {"type": "object",
                    "discriminator": {"propertyName": "kind"},
                    "properties": {"kind": {"type": "string", "nullable": true}}}},
                "parameters": {"q": {"name": "q", "in": "query", "style": "pipeDelimited",
                    "explode": false,
                    "schema": {"type": "array", "items": {"type": "string"}}}},
                "securitySchemes": {"b": {"type": "http", "scheme": "basic"}}
            }
        })
    );
    let original = |segments: &[&str]| upgraded.origins.original(&at(segments)).to_string();
    assert_eq!(
        original(&[
            "paths",
            "/p/{id}",
            "post",
            "requestBody",
            "content",
            "application/json",
            "schema"
        ]),
        "#/paths/~1p~1{id}/post/parameters/1/schema"
    );
    assert_eq!(
        original(&[
            "paths",
            "/p/{id}",
            "post",
            "parameters",
            "1",
            "schema",
            "items"
        ]),
        "#/paths/~1p~1{id}/post/parameters/2/items"
    );
    assert_eq!(
        original(&[
            "paths",
            "/p/{id}",
            "post",
            "responses",
            "200",
            "content",
            "application/json",
            "schema"
        ]),
        "#/paths/~1p~1{id}/post/responses/200/schema"
    );
    assert_eq!(
        original(&["components", "schemas", "D", "properties"]),
        "#/definitions/D/properties"
    );
    assert_eq!(original(&["servers", "0"]), "#/host");
}

#[test]
fn swagger_2_0_form_parameters_become_one_form_body() {
    let doc = json!({
        "swagger": "2.0", "info": {"title": "t", "version": "1"},
        "paths": {"/u": {"post": {
            "consumes": ["multipart/form-data"],
            "parameters": [
                {"name": "f", "in": "formData", "type": "file", "required": true},
                {"name": "n", "in": "formData", "type": "string", "description": "A name."}
            ],
            "responses": {"204": {"description": "ok"}}
        }}}
    });
    let (tree, _) = upgraded(doc);
    assert_eq!(
        tree["paths"]["/u"]["post"]["requestBody"],
        json!({"required": true, "content": {"multipart/form-data": {"schema": {
            "type": "object",
            "properties": {
                "f": {"type": "string", "format": "binary"},
                "n": {"type": "string", "description": "A name."}
            },
            "required": ["f"]
        }}}})
    );
}

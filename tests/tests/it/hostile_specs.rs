//! Specs written to hurt: each ends in a clear error or a bounded result, never a panic, a stack
//! overflow or a hang. (Speed is measured in the benchmarks, not here.)

use codegen::Error;

use tests::generate;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// A spec whose one response schema is `depth` objects nested inside each other, as JSON.
fn nested_json(depth: usize) -> String {
    let mut schema = String::from(r#"{"type": "string"}"#);
    for _ in 0..depth {
        schema = format!(r#"{{"type": "object", "properties": {{"a": {schema}}}}}"#);
    }
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{"/a": {{"get": {{"responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {schema}}}}}}}}}}}}}}}}}"#
    )
}

#[test]
fn ten_thousand_levels_of_nesting_are_an_error_not_a_stack_overflow() {
    for spec in [nested_json(10_000), {
        // The same depth in YAML flow style.
        let mut schema = String::from("{type: string}");
        for _ in 0..10_000 {
            schema = format!("{{type: object, properties: {{a: {schema}}}}}");
        }
        format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n"
        )
    }] {
        let error = generate(&spec).expect_err("too deep");
        assert!(
            matches!(error, Error::Parse { .. } | Error::Unsupported { .. }),
            "{error}"
        );
    }
}

#[test]
fn a_chain_of_schemas_past_the_depth_limit_names_the_place() {
    // 200 schemas, each holding the next: too deep for the generator, not for the parsers.
    let mut spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  s: {{$ref: '#/components/schemas/S0'}}\ncomponents:\n  schemas:\n"
    );
    for i in 0..200 {
        spec.push_str(&format!(
            "    S{i}:\n      type: object\n      properties:\n        next:\n          type: object\n          properties:\n            inner: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    spec.push_str("    S200: {type: string}\n");
    match generate(&spec) {
        Err(error) => {
            assert!(error.to_string().contains("deeper than"), "{error}");
            assert!(error.pointer().is_some(), "{error}");
        }
        // Named schemas are built one at a time, so a long chain may also simply generate.
        Ok(generated) => assert!(
            generated
                .files
                .iter()
                .any(|f| f.contents.contains("pub struct S199"))
        ),
    }
}

#[test]
fn inline_nesting_past_the_depth_limit_names_the_place() {
    // 40 inline levels inside an array of arrays: within the parsers' limit of 128, past the
    // generator's own limit once arrays and objects are counted.
    let mut schema = String::from(r#"{"type": "string"}"#);
    for _ in 0..70 {
        schema = format!(r#"{{"type": "array", "items": {schema}}}"#);
    }
    let spec = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{"/a": {{"get": {{"responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {schema}}}}}}}}}}}}}}}}}"#
    );
    let error = generate(&spec).expect_err("too deep");
    assert!(error.to_string().contains("deeper than"), "{error}");
    let pointer = error.pointer().map(ToString::to_string).unwrap_or_default();
    assert!(
        pointer.starts_with(
            "#/paths/~1a/get/responses/200/content/application~1json/schema/items/items"
        ),
        "{error}"
    );
}

#[test]
fn a_reference_loop_through_all_of_merges_each_member_once_with_a_warning() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/A'}}\ncomponents:\n  schemas:\n    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - {{type: object, properties: {{x: {{type: string}}}}}}\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - {{type: object, properties: {{y: {{type: string}}}}}}\n"
    );
    let generated = generate(&spec).expect("a loop is cut, not refused");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "#/components/schemas/A: an `allOf` that includes itself: the repeated member adds nothing and is skipped",
            "#/components/schemas/B: an `allOf` that includes itself: the repeated member adds nothing and is skipped",
        ]
    );
    let types = &generated.files[2].contents;
    assert!(
        types.contains("pub struct A {") && types.contains("pub y:") && types.contains("pub x:")
    );
}

#[test]
fn a_self_referencing_schema_alias_accepts_any_value_with_a_warning() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/A'}}\n    B: {{oneOf: [{{$ref: '#/components/schemas/B'}}]}}\n"
    );
    let generated = generate(&spec).expect("generates");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "#/components/schemas/A: the reference `#/components/schemas/A` leads back to itself; any JSON value is accepted",
            "#/components/schemas/B: the schema is only itself; any JSON value is accepted",
        ]
    );
    let types = &generated.files[2].contents;
    assert!(
        types.contains("pub type A = ::serde_json::Value;"),
        "{types}"
    );
    assert!(
        types.contains("pub type B = ::serde_json::Value;"),
        "{types}"
    );
}

#[test]
fn fifty_thousand_enum_values_give_one_bounded_enum() {
    let values: Vec<String> = (0..50_000).map(|i| format!("v{i}")).collect();
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Big:\n      type: string\n      enum: [{}]\n",
        values.join(", ")
    );
    let generated = generate(&spec).expect("generates");
    let types = generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types.rs");
    assert!(types.contents.contains("V49999"));
    assert!(types.contents.contains("\"v49999\""));
}

#[test]
fn a_billion_laughs_alias_bomb_is_refused() {
    let mut spec = String::from(HEAD);
    spec.push_str("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut previous = 'a';
    for name in 'b'..='j' {
        let refs = vec![format!("*{previous}"); 10].join(", ");
        spec.push_str(&format!("x-{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    spec.push_str("paths: {}\n");
    let error = generate(&spec).expect_err("the bomb is refused");
    assert!(matches!(error, Error::Parse { .. }), "{error}");
}

#[test]
fn a_hundred_megabytes_of_spec_is_handled_in_one_pass() {
    // 100 MB: 2,000 schemas whose examples carry 50 KB each.
    let filler = "x".repeat(50_000);
    let mut spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..2_000 {
        spec.push_str(&format!(
            "    S{i}:\n      type: object\n      example: {{note: {filler}}}\n      properties:\n        id: {{type: integer}}\n        next: {{$ref: '#/components/schemas/S{}'}}\n",
            (i + 1) % 2_000
        ));
    }
    assert!(spec.len() > 100_000_000);
    let generated = generate(&spec).expect("generates");
    let types = generated
        .files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types.rs");
    assert!(types.contents.contains("pub struct S1999"));
    assert!(
        !types.contents.contains(&filler[..100]),
        "examples too long for docs do not end up in the code"
    );
}

#[test]
fn a_reference_to_a_missing_target_names_the_reference() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Nope'}}\n"
    );
    let error = generate(&spec).expect_err("missing");
    assert!(matches!(error, Error::UnresolvedRef { .. }), "{error}");
    assert!(error.to_string().contains("Nope"), "{error}");
}

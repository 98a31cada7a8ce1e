//! Generator speed: GitHub's REST description end to end and phase by phase, and synthetic specs
//! of 10 to 25,000 operations to show how the cost grows.
//!
//! `cargo bench -p codegen --bench generator` (fetches the GitHub spec with npm on first use).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn github_spec() -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = std::process::Command::new(root.join("scripts/fetch-github-spec.sh"))
        .output()
        .expect("scripts/fetch-github-spec.sh runs");
    assert!(output.status.success(), "fetching the GitHub spec failed");
    let path = root.join(String::from_utf8_lossy(&output.stdout).trim());
    std::fs::read_to_string(&path).expect("the GitHub spec is readable")
}

fn options() -> codegen::Options {
    codegen::Options::default()
}

fn github(c: &mut Criterion) {
    let spec = github_spec();
    let mut group = c.benchmark_group("github");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(spec.len() as u64));
    group.bench_function("end_to_end", |b| {
        b.iter(|| codegen::generate(black_box(&spec), &options()).expect("generates"))
    });
    group.bench_function("load", |b| {
        b.iter(|| codegen::load::load(black_box(&spec)).expect("loads"))
    });
    let document = codegen::load::load(&spec).expect("loads");
    group.bench_function("model", |b| {
        b.iter(|| codegen::build_model(black_box(&document)).expect("models"))
    });
    let (api, _) = codegen::build_model(&document).expect("models");
    group.bench_function("emit", |b| {
        b.iter(|| codegen::emit::crate_files(black_box(&api), &options()).expect("emits"))
    });
    // The same API spelled the OpenAPI 3.1 way: what the upgrade step costs at this size.
    let spec_3_1 = as_openapi_3_1(&spec);
    group.bench_function("end_to_end_3_1", |b| {
        b.iter(|| codegen::generate(black_box(&spec_3_1), &options()).expect("generates"))
    });
    group.bench_function("load_3_1", |b| {
        b.iter(|| codegen::load::load(black_box(&spec_3_1)).expect("loads"))
    });
    group.finish();
}

/// A 3.0 spec rewritten as a 3.1 author would write it: `nullable` becomes `null` in the `type`
/// list, or an `anyOf` member beside a schema without a type.
fn as_openapi_3_1(spec: &str) -> String {
    fn rewrite(node: &mut serde_json::Value) {
        match node {
            serde_json::Value::Object(map) => {
                if map.get("nullable") == Some(&serde_json::Value::Bool(true)) {
                    map.shift_remove("nullable");
                    match map.get("type").and_then(|t| t.as_str()).map(str::to_owned) {
                        Some(t) => {
                            map.insert("type".to_owned(), serde_json::json!([t, "null"]));
                        }
                        None => {
                            let inner = serde_json::Value::Object(std::mem::take(map));
                            map.insert(
                                "anyOf".to_owned(),
                                serde_json::json!([inner, {"type": "null"}]),
                            );
                        }
                    }
                }
                map.values_mut().for_each(rewrite);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(rewrite),
            _ => {}
        }
    }
    let mut tree: serde_json::Value = serde_json::from_str(spec).expect("JSON");
    tree["openapi"] = serde_json::json!("3.1.0");
    rewrite(&mut tree);
    tree.to_string()
}

/// A spec of `operations` operations, each with a path and a query parameter, a request body on
/// every other one, and its own response schema that refers to shared ones; a tag (so a cargo
/// feature and files of its own) for every 50 operations, as large APIs have.
pub fn synthetic_spec(operations: usize) -> String {
    let mut paths = String::new();
    let mut schemas = String::from(
        "    Shared:\n      type: object\n      properties:\n        id: {type: integer, format: int64}\n        name: {type: string}\n        state: {type: string, enum: [active, archived, pending]}\n    Error:\n      type: object\n      properties:\n        errors:\n          type: array\n          items: {type: object, properties: {code: {type: string}, message: {type: string}}}\n",
    );
    for i in 0..operations {
        let method = if i % 2 == 0 { "get" } else { "post" };
        let body = if i % 2 == 1 {
            format!(
                "      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Item{i}'}}\n"
            )
        } else {
            String::new()
        };
        paths.push_str(&format!(
            "  /things{i}/{{id}}:\n    {method}:\n      operationId: op_{i}\n      tags: [group{}]\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: integer}}}}\n        - {{name: filter, in: query, schema: {{type: string}}}}\n{body}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Item{i}'}}\n        default:\n          description: error\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Error'}}\n",
            i / 50
        ));
        schemas.push_str(&format!(
            "    Item{i}:\n      type: object\n      required: [id]\n      properties:\n        id: {{type: integer, format: int64}}\n        created: {{type: string, format: date-time}}\n        tags: {{type: array, items: {{type: string}}}}\n        shared: {{$ref: '#/components/schemas/Shared'}}\n        extra: {{type: object, additionalProperties: {{type: string}}}}\n"
        ));
    }
    format!(
        "openapi: 3.0.3\ninfo: {{title: Synthetic, version: '1'}}\nservers: [{{url: 'https://api.example.com'}}]\npaths:\n{paths}components:\n  schemas:\n{schemas}"
    )
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for operations in [10, 100, 1_000, 5_000, 10_000, 25_000] {
        let spec = synthetic_spec(operations);
        group.throughput(Throughput::Elements(operations as u64));
        group.bench_with_input(BenchmarkId::from_parameter(operations), &spec, |b, spec| {
            b.iter(|| codegen::generate(black_box(spec), &options()).expect("generates"))
        });
    }
    group.finish();
}

criterion_group!(benches, github, scaling);
criterion_main!(benches);

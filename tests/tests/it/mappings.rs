//! Types a user chose (`tests/specs/mappings.toml`): `format: uuid` as `uuid::Uuid`, decimal money
//! as `rust_decimal::Decimal`, date-times kept as text, and the `Money` schema replaced by this
//! module's own type. They are what the client takes and gives, and round-trip on the wire
//! exactly.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::goldens::mappings::{self as client, types::Order};

/// The application's own money type, which the generated client uses in place of the schema.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Money {
    pub amount: Decimal,
    pub currency: String,
}

#[tokio::test]
async fn uuids_decimals_and_a_replaced_schema_round_trip_on_the_wire() {
    let id = uuid::Uuid::from_str("6f1c2a9e-53d4-4f7b-9d3e-2b8f6a1c0d47").expect("a uuid");
    let wire = json!({
        "id": id.to_string(),
        "total": "1234567890.123456789",
        "price": {"amount": "19.99", "currency": "EUR"},
        "placed": "2026-12-02T10:00:00+01:00",
        "related": ["00000000-0000-0000-0000-000000000001"]
    });
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/orders/{id}")))
        .and(query_param("minTotal", "0.10"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&wire))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("/orders/{id}")))
        .and(body_json(&wire))
        .respond_with(ResponseTemplate::new(200).set_body_json(&wire))
        .expect(1)
        .mount(&server)
        .await;
    let client = client::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client builds");
    let order: Order = client
        .get_order(id)
        .min_total(Decimal::from_str("0.10").expect("decimal"))
        .await
        .expect("the order");
    assert_eq!(order.id, id);
    // Every digit kept: no float in between.
    assert_eq!(order.total.to_string(), "1234567890.123456789");
    assert_eq!(
        order.price,
        Money {
            amount: Decimal::new(1999, 2),
            currency: "EUR".into()
        }
    );
    assert_eq!(order.placed.as_deref(), Some("2026-12-02T10:00:00+01:00"));
    assert_eq!(order.related[0], uuid::Uuid::from_u128(1));
    let stored = client.put_order(id, order.clone()).await.expect("stored");
    assert_eq!(stored, order, "sent exactly as received");
}

/// Only the crates a mapping uses are added to the generated manifest, with their serde
/// support; the replaced schema is not generated.
#[test]
fn the_manifest_gains_only_the_crates_the_mappings_use() {
    let spec = std::fs::read_to_string(tests::workspace_root().join("tests/specs/mappings.yaml"))
        .expect("spec");
    let config =
        codegen::config::read_config(&tests::workspace_root().join("tests/specs/mappings.toml"))
            .expect("config");
    let mut options = codegen::Options {
        types: config.type_mappings(),
        ..codegen::Options::default()
    };
    options
        .types
        .formats
        .insert("uri".into(), "url::Url".into());
    let files = codegen::generate(&spec, &options).expect("generates").files;
    let manifest: toml::Table = toml::from_str(&files[0].contents).expect("TOML");
    let dependencies = manifest["dependencies"].as_table().expect("dependencies");
    assert_eq!(
        dependencies["uuid"]["features"],
        toml::Value::Array(vec!["serde".into()])
    );
    assert!(dependencies.contains_key("rust_decimal"));
    assert!(
        !dependencies.contains_key("url"),
        "no `format: uri` in the spec"
    );
    let types = files
        .iter()
        .find(|f| f.path == "src/types.rs")
        .expect("types");
    assert!(!types.contents.contains("struct Money"));
}

//! Every documented sample in the spec decodes into the generated types; a snapshot shows where
//! each field landed; decode → encode → decode is stable. Plus the wire variants DigiCert is
//! known to send that the documentation does not show.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::Path;

use digicert_certcentral::types::{
    DuplicateStatus, ErrorResponse, ListDuplicatesResponse, ListReissuesResponse, OrderStatus,
    SubaccountOrder, SubaccountOrderDateIssued,
};
use expect_test::expect_file;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tests::{certcentral_spec, workspace_root};

fn spec() -> Value {
    yaml_serde::from_str(&certcentral_spec()).expect("the spec is YAML")
}

/// Decodes `value` as `T`, checks that re-encoding and decoding again gives the same value, and
/// returns the decoded value.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(value: &Value) -> T {
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("does not decode: {e}\n{value:#}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    let again: T = serde_json::from_value(encoded).expect("re-decodes");
    assert_eq!(decoded, again, "decode → encode → decode changed the value");
    decoded
}

/// The examples of the spec, checked by the test the generator writes for the client
/// (`generated-client/tests/examples.rs`), included here to snapshot what each decodes to.
#[allow(dead_code, reason = "the generated test file is included whole")]
#[rustfmt::skip]
#[path = "../../../generated-client/tests/examples.rs"]
mod examples;

/// The success examples the generated client's test checks: `(operation, name, check)`.
fn success_examples() -> Vec<&'static examples::Example> {
    examples::EXAMPLES
        .iter()
        .flat_map(|examples| examples.iter())
        .filter(|e| e.status.starts_with('2'))
        .collect()
}

#[test]
fn every_success_sample_decodes_and_matches_its_snapshot() {
    let examples = success_examples();
    assert!(!examples.is_empty(), "the spec documents success samples");
    for example in examples {
        let checked = (example.check)(&example.json())
            .unwrap_or_else(|why| panic!("{} {}: {why}", example.operation, example.name));
        let file = format!("{}.{}.txt", example.operation, example.name);
        // A sample without a snapshot (a new endpoint's) is checked by the generated test;
        // `UPDATE_EXPECT=1` writes its snapshot.
        let exists = workspace_root()
            .join("tests/snapshots")
            .join(&file)
            .exists();
        if exists || std::env::var_os("UPDATE_EXPECT").is_some() {
            expect_file![Path::new("../../snapshots").join(file)].assert_eq(&checked.debug);
        }
    }
}

#[test]
fn every_error_sample_decodes() {
    let spec = spec();
    let mut count = 0;
    for (name, response) in spec["components"]["responses"]
        .as_object()
        .expect("responses")
    {
        if let Some(example) = response["content"]["application/json"].get("example") {
            let decoded: ErrorResponse = round_trip(example);
            assert!(!decoded.errors.is_empty(), "{name}: no errors decoded");
            count += 1;
        }
    }
    assert!(
        count >= 4,
        "expected the documented error samples, found {count}"
    );
}

#[test]
fn every_sample_field_lands_in_a_typed_field() {
    // Re-encoding keeps every field of the samples: nothing is dropped as unknown.
    for example in success_examples() {
        let json = example.json();
        let checked = (example.check)(&json).expect("fits");
        let value: Value = serde_json::from_str(&json).expect("JSON");
        let reencoded: Value = serde_json::from_str(&checked.encoded).expect("JSON");
        assert_eq!(
            normalise(&reencoded),
            normalise(&value),
            "{}/{}",
            example.operation,
            example.name
        );
    }
}

/// Numbers compared as f64 (`399` may come back as `399.0`), dates as chrono writes them.
fn normalise(value: &Value) -> Value {
    match value {
        Value::Number(n) => json!(n.as_f64()),
        Value::String(s) => Value::String(s.replace("+00:00", "Z")),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), normalise(v))).collect())
        }
        other => other.clone(),
    }
}

#[test]
fn unknown_enum_values_are_kept() {
    let cert = json!({
        "id": 1, "common_name": "a", "dns_names": [], "status": "revoked",
        "date_created": "2020-01-01T00:00:00+00:00", "csr": "c",
        "server_platform": {"id": 1, "name": "n"}, "signature_hash": "sha256", "key_size": 2048,
        "ca_cert_id": "1", "sub_id": "001", "public_id": "p", "archived": "1",
        "user_id": 1, "firstname": "f", "lastname": "l"
    });
    let decoded: ListDuplicatesResponse = round_trip(&json!({ "certificates": [cert] }));
    let status = &decoded.certificates[0].status;
    assert_eq!(status, &DuplicateStatus::Unknown("revoked".to_owned()));
    assert_eq!(status.as_str(), "revoked");
    assert_eq!(
        decoded.certificates[0].sub_id.as_deref(),
        Some("001"),
        "leading zeros survive"
    );
    let order: SubaccountOrder = round_trip(&order_with(json!({ "status": "processing" })));
    assert_eq!(order.status, OrderStatus::Processing);
    let order: SubaccountOrder = round_trip(&order_with(json!({ "status": "on_hold" })));
    assert_eq!(order.status.to_string(), "on_hold");
}

#[test]
fn an_empty_list_may_be_left_out() {
    let decoded: ListDuplicatesResponse = round_trip(&json!({}));
    assert!(decoded.certificates.is_empty());
    let decoded: ListReissuesResponse = round_trip(&json!({ "certificates": null }));
    assert!(decoded.certificates.is_empty());
    let decoded: ListReissuesResponse = round_trip(&json!({ "certificates": [] }));
    assert!(decoded.certificates.is_empty());
}

/// A minimal valid Subaccount order info body, with `fields` added or replaced.
fn order_with(fields: Value) -> Value {
    let mut order = json!({
        "id": 1,
        "subaccount": {"account_id": 2, "account_type": "enterprise", "organization_name": "o"},
        "product": {"name_id": "ssl_plus", "name": "Standard SSL", "type": "ssl_certificate"},
        "order_price": {"cost": 198, "currency": "USD"},
        "status": "pending",
        "number_of_sans": 1,
        "date_created": "2019-05-07T09:33:08+00:00",
        "validity_years": 1
    });
    for (key, value) in fields.as_object().expect("object") {
        order[key] = value.clone();
    }
    order
}

#[test]
fn null_optional_fields_decode_as_absent() {
    let order: SubaccountOrder = round_trip(&order_with(
        json!({ "certificate": null, "organization": null, "date_issued": null, "is_multi_year_plan": null }),
    ));
    assert_eq!(order.certificate, None);
    assert_eq!(order.date_issued, None);
}

#[test]
fn date_issued_decodes_as_date_time_and_as_date() {
    let order: SubaccountOrder = round_trip(&order_with(
        json!({ "date_issued": "2019-06-11T07:09:00+00:00" }),
    ));
    assert!(
        matches!(order.date_issued, Some(SubaccountOrderDateIssued::DateTime(t)) if t.to_rfc3339() == "2019-06-11T07:09:00+00:00")
    );
    let order: SubaccountOrder = round_trip(&order_with(json!({ "date_issued": "2019-06-11" })));
    assert!(
        matches!(order.date_issued, Some(SubaccountOrderDateIssued::Date(d)) if d.to_string() == "2019-06-11")
    );
}

#[test]
fn a_decimal_cost_decodes() {
    let order: SubaccountOrder = round_trip(&order_with(
        json!({ "order_price": {"cost": 358.5, "currency": "USD"} }),
    ));
    assert_eq!(order.order_price.map(|p| p.cost), Some(358.5));
}

#[test]
fn unknown_fields_are_ignored() {
    let order: SubaccountOrder = round_trip(&order_with(
        json!({ "brand_new_field": {"x": 1}, "another": [1, 2] }),
    ));
    assert_eq!(order.id, 1);
}

#[test]
fn documented_additions_decode() {
    let order: SubaccountOrder = round_trip(&order_with(json!({
        "is_multi_year_plan": "1",
        "order_valid_from": "2019-06-11",
        "order_valid_till": "2022-06-11",
        "subaccount_order_validations": {"dcv": {"status": "complete"}},
        "certificate": {
            "id": 5, "common_name": "a", "dns_names": ["a"], "organization_units": [],
            "signature_hash": "sha256", "ca_cert": {"id": "ABC", "name": "DigiCert CA"}
        }
    })));
    assert_eq!(order.is_multi_year_plan.as_deref(), Some("1"));
    assert_eq!(
        order.certificate.and_then(|c| c.ca_cert).map(|c| c.name),
        Some("DigiCert CA".to_owned())
    );
    assert!(order.subaccount_order_validations.contains_key("dcv"));
    // List reissues sends `archived` as an integer and may add `date_issued`.
    let reissues: ListReissuesResponse = round_trip(&json!({ "certificates": [{
        "id": 1, "common_name": "a", "dns_names": [], "status": "issued",
        "date_created": "2019-04-08T17:33:26+00:00", "date_issued": "2019-04-08T17:40:00+00:00",
        "csr": "c", "key_size": 2048, "user_id": 1, "email": "e", "firstname": "f", "lastname": "l",
        "archived": 0
    }]}));
    assert_eq!(reissues.certificates[0].archived, Some(0));
}

#[test]
fn a_missing_required_field_is_an_error() {
    let mut order = order_with(json!({}));
    order.as_object_mut().expect("object").remove("status");
    let error = serde_json::from_value::<SubaccountOrder>(order).expect_err("status is required");
    assert!(error.to_string().contains("status"), "{error}");
}

#[test]
fn snapshots_exist_only_for_current_samples() {
    let names: BTreeSet<String> = success_examples()
        .into_iter()
        .map(|e| format!("{}.{}.txt", e.operation, e.name))
        .collect();
    for entry in std::fs::read_dir(workspace_root().join("tests/snapshots")).expect("snapshots dir")
    {
        let entry = entry.expect("entry");
        // `model/` holds the model's snapshots (`model.rs`).
        if entry.file_type().expect("a type").is_dir() {
            continue;
        }
        let file = entry.file_name().to_string_lossy().into_owned();
        assert!(
            names.contains(&file),
            "snapshots/{file} belongs to no sample in the spec; delete it"
        );
    }
}

#[test]
fn records_with_only_the_guaranteed_fields_decode() {
    // A certificate with no server platform chosen, a user since deleted, no CSR kept: only the
    // identifying fields are promised for every record.
    let minimal = json!({
        "id": 1, "common_name": "a.example.com", "status": "issued",
        "date_created": "2024-01-02T03:04:05+00:00"
    });
    let duplicates: ListDuplicatesResponse =
        round_trip(&json!({ "certificates": [minimal.clone()] }));
    assert_eq!(duplicates.certificates[0].server_platform, None);
    assert!(duplicates.certificates[0].dns_names.is_empty());
    let reissues: ListReissuesResponse = round_trip(&json!({ "certificates": [minimal] }));
    assert_eq!(reissues.certificates[0].email, None);
    let order: SubaccountOrder = round_trip(&json!({
        "id": 7, "status": "pending", "date_created": "2024-01-02T03:04:05+00:00"
    }));
    assert_eq!((order.product, order.order_price), (None, None));
}

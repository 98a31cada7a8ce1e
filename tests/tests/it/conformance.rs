//! Conformance against an independent mock server driven by our own spec: Stoplight Prism.
//! Prism validates each request (path, query types, the `X-DC-DEVKEY` key) and answers a request it
//! finds invalid with 400/401/422, so a 2xx means the request conforms. The static server answers
//! with the spec's first example, which must decode to the same value as the example itself; the
//! dynamic one generates random data from the schemas, which must decode too.
//!
//! Needs `PRISM_URL` and `PRISM_DYNAMIC_URL`, set by `.ci/with-prism` (which `.ci/run` uses).
//! Without them the test is skipped locally and fails under CI.

use digicert_certcentral::types::{ListDuplicatesResponse, ListReissuesResponse, SubaccountOrder};
use digicert_certcentral::{Client, RetryPolicy};
use serde::de::DeserializeOwned;

/// The base URL from `variable`, or `None` (skip) outside CI.
pub(crate) fn prism_url(variable: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(url) => Some(url),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("{variable} is not set: under CI, run the tests through .ci/with-prism")
        }
        Err(_) => {
            eprintln!("skipped: {variable} is not set (run through .ci/with-prism)");
            None
        }
    }
}

fn client(base_url: &str) -> Client {
    tests::certcentral_client(base_url, "conformance-key", RetryPolicy::disabled())
}

/// The example Prism serves for `path`: the first of the 200 response's examples.
fn first_example<T: DeserializeOwned>(path: &str) -> T {
    serde_json::from_value(tests::certcentral_example(path)).expect("the example decodes")
}

#[tokio::test]
async fn every_operation_conforms_to_prism_serving_the_examples() {
    let Some(url) = prism_url("PRISM_URL") else {
        return;
    };
    let client = client(&url);

    let expected: ListDuplicatesResponse = first_example("/order/certificate/{order_id}/duplicate");
    for show_archived in [None, Some(true), Some(false)] {
        let mut call = client.list_duplicates(123);
        if let Some(show) = show_archived {
            call = call.show_archived(show);
        }
        assert_eq!(call.await.expect("list_duplicates"), expected);
    }

    let expected: ListReissuesResponse = first_example("/order/certificate/{order_id}/reissue");
    for show_archived in [None, Some(true)] {
        let mut call = client.list_reissues(123);
        if let Some(show) = show_archived {
            call = call.show_archived(show);
        }
        assert_eq!(call.await.expect("list_reissues"), expected);
    }

    let expected: SubaccountOrder = first_example("/account/subaccount/order/{order_id}");
    for include in [None, Some(true), Some(false)] {
        let mut call = client.subaccount_order_info(123);
        if let Some(include) = include {
            call = call.include_validation_status(include);
        }
        assert_eq!(call.await.expect("subaccount_order_info"), expected);
    }
}

#[tokio::test]
async fn a_request_without_the_key_is_refused_by_prism_as_a_typed_error() {
    let Some(url) = prism_url("PRISM_URL") else {
        return;
    };
    // Sent anyway (the client would refuse the call itself), so Prism judges it.
    let keyless = Client::builder()
        .base_url(&url)
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::disabled())
        .send_without_credential(true)
        .build()
        .expect("builds");
    let error = keyless.list_duplicates(1).await.expect_err("no key");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401), "{error}");
    assert_eq!(error.attempts(), 1);
}

/// Decodes `value` again from its own encoding and checks nothing changed.
fn round_trips<T: serde::Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let encoded = serde_json::to_value(value).expect("encodes");
    let again: T = serde_json::from_value(encoded).expect("decodes again");
    assert_eq!(&again, value);
}

#[tokio::test]
async fn random_data_generated_from_the_schemas_decodes() {
    let Some(url) = prism_url("PRISM_DYNAMIC_URL") else {
        return;
    };
    let client = client(&url);
    let mut duplicates = Vec::new();
    for round in 0..20 {
        let listed = client
            .list_duplicates(round + 1)
            .await
            .unwrap_or_else(|e| panic!("list_duplicates, round {round}: {e}"));
        round_trips(&listed);
        duplicates.push(listed);
        let reissues = client
            .list_reissues(round + 1)
            .show_archived(true)
            .await
            .unwrap_or_else(|e| panic!("list_reissues, round {round}: {e}"));
        round_trips(&reissues);
        let order = client
            .subaccount_order_info(round + 1)
            .include_validation_status(true)
            .await
            .unwrap_or_else(|e| panic!("subaccount_order_info, round {round}: {e}"));
        round_trips(&order);
    }
    // Generated data, not the static example: the answers differ.
    duplicates.dedup();
    assert!(duplicates.len() > 1, "20 identical answers: {duplicates:?}");
}

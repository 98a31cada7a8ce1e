//! Corner cases that once made crates that did not compile or sent the wrong thing, through the
//! client generated from `specs/corners.yaml` (its golden, compiled here as a module), on a
//! loopback server.

use crate::goldens::corners;

use corners::types::{Cat, Counter, Forest, GetTagFilter, Grove, NullableColor, Pet};
use corners::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client of `server`, the operations' own servers included.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .server_url(corners::servers::OTHER_EXAMPLE_COM, server.uri())
        .server_url(corners::servers::TREES_EXAMPLE_COM, server.uri())
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

async fn answer_counter(server: &MockServer, value: u64) {
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("{{\"value\":{value}}}")))
        .mount(server)
        .await;
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

#[tokio::test]
async fn nullable_list_items_are_sent_as_empty_values() {
    let server = MockServer::start().await;
    answer_counter(&server, 1).await;
    client(&server)
        .get_tag(7, "t")
        .ids(vec![Some(1), None, Some(3)])
        .x_colors(vec![Some(NullableColor::Red), None])
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/items/7/tags/t");
    assert_eq!(request.url.query(), Some("ids=1&ids=&ids=3"));
    assert_eq!(request.headers["x-colors"], "red,");
}

#[tokio::test]
async fn uint64_values_beyond_i64_travel_both_ways() {
    let server = MockServer::start().await;
    answer_counter(&server, u64::MAX).await;
    let counter: Counter = client(&server)
        .get_tag(u64::MAX, "t")
        .await
        .expect("decodes");
    assert_eq!(counter.value, u64::MAX);
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), format!("/items/{}/tags/t", u64::MAX));
}

#[tokio::test]
async fn cookie_values_cannot_inject_another_cookie() {
    let server = MockServer::start().await;
    answer_counter(&server, 1).await;
    client(&server)
        .get_tag(1, "t")
        .session("a; admin=1, \"x\" %")
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert_eq!(
        request.headers["cookie"],
        "session=a%3B%20admin=1%2C%20%22x%22%20%25"
    );
}

#[tokio::test]
async fn a_header_value_http_cannot_carry_is_refused_before_sending() {
    let server = MockServer::start().await;
    answer_counter(&server, 1).await;
    let error = client(&server)
        .get_tag(1, "t")
        .x_trace("a\r\nInjected: yes")
        .await
        .expect_err("refused");
    match error {
        Error::InvalidRequest(invalid) => assert_eq!(invalid.parameter, "X-Trace"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(
        server
            .received_requests()
            .await
            .expect("recording")
            .is_empty()
    );
}

#[tokio::test]
async fn accept_is_sent_once_and_content_parameters_as_json() {
    let server = MockServer::start().await;
    answer_counter(&server, 1).await;
    let filter = GetTagFilter {
        color: Some("red".to_owned()),
        min: Some(2),
    };
    client(&server)
        .get_tag(1, "t")
        .filter(filter)
        .await
        .expect("sent");
    let request = only_request(&server).await;
    let accept: Vec<_> = request.headers.get_all("accept").iter().collect();
    assert_eq!(accept, ["application/json"]);
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [(
            "filter".to_owned(),
            "{\"color\":\"red\",\"min\":2}".to_owned()
        )]
    );
}

#[tokio::test]
async fn a_tagged_union_member_is_sent_with_its_tag() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(body_json(json!({"lives": 9, "kind": "cat"})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .add_pet(Pet::Cat(Cat { lives: 9 }))
        .await
        .expect("the body carries the tag");
    // And the tag decodes back to the same member.
    let decoded: Pet = serde_json::from_value(json!({"kind": "cat", "lives": 9})).expect("decodes");
    assert_eq!(decoded, Pet::Cat(Cat { lives: 9 }));
}

#[tokio::test]
async fn self_referential_components_and_references_into_paths() {
    let server = MockServer::start().await;
    let forest = json!({"north": [{"east": []}], "south": []});
    Mock::given(method("POST"))
        .and(path("/trees"))
        .and(body_json(&forest))
        .respond_with(ResponseTemplate::new(200).set_body_json(&forest))
        .expect(1)
        .mount(&server)
        .await;
    let sent = Forest(
        [
            (
                "north".to_owned(),
                Grove(vec![Forest([("east".to_owned(), Grove(vec![]))].into())]),
            ),
            ("south".to_owned(), Grove(vec![])),
        ]
        .into(),
    );
    let stored: Forest = client(&server)
        .plant_tree(sent.clone())
        .await
        .expect("decodes");
    assert_eq!(stored, sent);
    let tree: corners::types::Tree = serde_json::from_str("[[[]],[]]").expect("decodes");
    assert_eq!(tree.0.len(), 2);
}

#[tokio::test]
async fn a_percent_encoded_parameter_reference_resolves() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/rex"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"kind": "dog", "good": true})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let pet = client(&server).get_pet("rex").await.expect("decodes");
    assert!(matches!(pet, Pet::Dog(dog) if dog.good));
}

#[test]
fn the_corner_spec_warns_about_what_it_does_not_use() {
    let spec = std::fs::read_to_string(tests::workspace_root().join("tests/specs/corners.yaml"))
        .expect("spec");
    let warnings: Vec<String> = codegen::generate(&spec, &codegen::Options::default())
        .expect("generates")
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    let expect = [
        "#/paths/~1items~1{item_id}~1tags~1{tag}/get: path parameter `tag` is not declared",
        "#/paths/~1items~1{item_id}~1tags~1{tag}/get/parameters/3: a header parameter named `Accept` is ignored",
    ];
    assert_eq!(warnings.len(), expect.len(), "{warnings:#?}");
    for (warning, expected) in warnings.iter().zip(expect) {
        assert!(warning.starts_with(expected), "{warning}");
    }
}

//! Pagination on loopback, one test per recognised shape: `items()` follows three pages and
//! stops at the last, keeping the first request's parameters; a failed page 2 is the last item.

use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::goldens::responses as api;

fn client(server: &MockServer) -> api::Client {
    api::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(api::RetryPolicy::disabled())
        .build()
        .expect("client")
}

fn items(ids: &[i64]) -> Value {
    Value::Array(ids.iter().map(|id| json!({"id": id})).collect())
}

/// The ids of the items, or the error's status, in stream order.
async fn ids<S>(stream: S) -> Vec<Result<i64, u16>>
where
    S: futures_util::Stream<Item = Result<api::types::Item, api::Error<serde_json::Value>>>,
{
    stream
        .map(|item| match item {
            Ok(item) => Ok(item.id.expect("an id")),
            Err(api::Error::Api(e)) => Err(e.status.as_u16()),
            Err(other) => panic!("{other:?}"),
        })
        .collect()
        .await
}

async fn mount(server: &MockServer, mock: Mock) {
    mock.mount(server).await;
}

#[tokio::test]
async fn x_ms_pageable_follows_next_link_with_its_query() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let page = |ids: &[i64], next: Option<String>| {
        ResponseTemplate::new(200).set_body_json(json!({"value": items(ids), "nextLink": next}))
    };
    mount(
        &server,
        Mock::given(path("/widgets"))
            .and(query_param_is_missing("page"))
            .and(query_param("api-version", "2024-01-01"))
            .respond_with(page(
                &[1, 2],
                Some(format!("{uri}/widgets?api-version=2024-01-01&page=2")),
            )),
    )
    .await;
    mount(
        &server,
        Mock::given(path("/widgets"))
            .and(query_param("page", "2"))
            .and(query_param("api-version", "2024-01-01"))
            .respond_with(page(
                &[3],
                Some(format!("{uri}/widgets?api-version=2024-01-01&page=3")),
            )),
    )
    .await;
    mount(
        &server,
        Mock::given(path("/widgets"))
            .and(query_param("page", "3"))
            .respond_with(page(&[4, 5], None)),
    )
    .await;
    let client = client(&server);
    let got = ids(client.list_widgets("2024-01-01").items()).await;
    assert_eq!(got, [Ok(1), Ok(2), Ok(3), Ok(4), Ok(5)]);
    let pages: Vec<_> = client.list_widgets("2024-01-01").pages().collect().await;
    assert_eq!(pages.len(), 3);
}

#[tokio::test]
async fn a_link_header_is_followed_and_an_error_on_page_two_is_the_last_item() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let link = |page: u32| {
        format!(
            "<{uri}/repos?per_page=2&page={page}>; rel=\"next\", <{uri}/repos?page=9>; rel=\"last\""
        )
    };
    mount(
        &server,
        Mock::given(path("/repos"))
            .and(query_param_is_missing("page"))
            .and(query_param("per_page", "2"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("link", link(2).as_str())
                    .set_body_json(items(&[1, 2])),
            ),
    )
    .await;
    mount(
        &server,
        Mock::given(path("/repos"))
            .and(query_param("page", "2"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("link", link(3).as_str())
                    .set_body_json(items(&[3, 4])),
            ),
    )
    .await;
    mount(
        &server,
        Mock::given(path("/repos"))
            .and(query_param("page", "3"))
            .respond_with(ResponseTemplate::new(200).set_body_json(items(&[5]))),
    )
    .await;
    let client = client(&server);
    let got = ids(client.list_repos().per_page(2).items()).await;
    assert_eq!(got, [Ok(1), Ok(2), Ok(3), Ok(4), Ok(5)]);

    server.reset().await;
    mount(
        &server,
        Mock::given(path("/repos"))
            .and(query_param_is_missing("page"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("link", link(2).as_str())
                    .set_body_json(items(&[1, 2])),
            ),
    )
    .await;
    mount(
        &server,
        Mock::given(path("/repos"))
            .and(query_param("page", "2"))
            .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "boom"}))),
    )
    .await;
    let got = ids(client.list_repos().per_page(2).items()).await;
    assert_eq!(
        got,
        [Ok(1), Ok(2), Err(500)],
        "the failed page ends the stream"
    );
}

#[tokio::test]
async fn page_tokens_are_sent_back_with_the_other_parameters() {
    let server = MockServer::start().await;
    let page = |ids: &[i64], next: Option<&str>| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"files": items(ids), "nextPageToken": next}))
    };
    mount(
        &server,
        Mock::given(path("/files"))
            .and(query_param_is_missing("pageToken"))
            .and(query_param("q", "name:x"))
            .respond_with(page(&[1], Some("t2"))),
    )
    .await;
    mount(
        &server,
        Mock::given(path("/files"))
            .and(query_param("pageToken", "t2"))
            .and(query_param("q", "name:x"))
            .respond_with(page(&[2], Some("t3"))),
    )
    .await;
    mount(
        &server,
        Mock::given(path("/files"))
            .and(query_param("pageToken", "t3"))
            .and(query_param("q", "name:x"))
            .respond_with(page(&[3], Some(""))),
    )
    .await;
    let got = ids(client(&server).list_files().q("name:x").items()).await;
    assert_eq!(got, [Ok(1), Ok(2), Ok(3)], "an empty token is the end");
}

/// The user's hint (`x-pagination`) on a POST: the cursor goes back as a query parameter, the
/// body is sent again with every page; a server that points back at a page ends the stream.
#[tokio::test]
async fn the_x_pagination_hint_names_cursor_and_items() {
    let server = MockServer::start().await;
    let page = |ids: &[i64], next: &str| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"data": items(ids), "tags": ["x"], "next_cursor": next}))
    };
    let body = json!({"kind": "deploy"});
    mount(
        &server,
        Mock::given(method("POST"))
            .and(path("/events"))
            .and(query_param_is_missing("cursor"))
            .and(body_json(&body))
            .respond_with(page(&[1, 2], "c2")),
    )
    .await;
    mount(
        &server,
        Mock::given(method("POST"))
            .and(query_param("cursor", "c2"))
            .and(body_json(&body))
            .respond_with(page(&[3], "c3")),
    )
    .await;
    mount(
        &server,
        Mock::given(method("POST"))
            .and(query_param("cursor", "c3"))
            .and(body_json(&body))
            .respond_with(page(&[4], "c2")),
    )
    .await;
    let request = api::types::ListEventsBody {
        kind: Some("deploy".into()),
    };
    let got = ids(client(&server).list_events().body(request).items()).await;
    assert_eq!(got, [Ok(1), Ok(2), Ok(3), Ok(4)]);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

/// A shape recognised but not fitting the response is a warning, never a guess.
#[test]
fn a_page_shape_that_does_not_fit_is_a_warning() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: pageToken, in: query, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  a: {type: array, items: {type: string}}\n                  b: {type: array, items: {type: string}}\n                  nextPageToken: {type: string}\n";
    let generated = tests::generate(spec).expect("generates");
    let messages: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "#/paths/~1a/get/responses: `pageToken` / `nextPageToken` says the operation pages, but its response has 2 lists (`a`, `b`); say which holds the items with `x-pagination: {items: …}`; no pages()"
        ]
    );
    let operations = generated
        .files
        .iter()
        .find(|f| f.path == "src/operations.rs")
        .expect("operations");
    assert!(!operations.contents.contains("pub fn pages"));
}

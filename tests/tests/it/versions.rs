//! Swagger 2.0 and OpenAPI 3.1 specs on the wire: the clients generated from
//! `specs/swagger2.yaml` and `specs/openapi31.yaml` (their goldens, compiled here as modules)
//! against a loopback server.

use crate::goldens::openapi31;
use crate::goldens::swagger2;

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn swagger2_client(server: &MockServer) -> swagger2::Client {
    swagger2::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .basic("Aladdin", "open sesame")
        .retry_policy(swagger2::RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

fn openapi31_client(server: &MockServer) -> openapi31::Client {
    openapi31::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(openapi31::RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

const FILE: &str = r#"{"id": 9, "name": "a.txt", "size": 3, "owner": null}"#;

#[test]
fn swagger2_servers_come_from_host_base_path_and_schemes() {
    assert_eq!(swagger2::servers::SERVER_1, "https://files.example.com/v2");
    assert_eq!(swagger2::servers::SERVER_2, "http://files.example.com/v2");
}

#[tokio::test]
async fn swagger2_form_data_with_a_file_is_a_multipart_upload() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .and(header(
            "authorization",
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_string(FILE))
        .mount(&server)
        .await;
    // The file is bytes beside the form's JSON fields.
    let mut body: swagger2::types::UploadFileBody = serde_json::from_value(json!({
        "name": "a.txt",
        "public": true
    }))
    .expect("a form");
    body.file = swagger2::FilePart::new(b"hello\x01bytes".to_vec());
    let stored = swagger2_client(&server)
        .upload_file(body)
        .await
        .expect("uploaded");
    assert_eq!((stored.id, stored.owner), (9, None));

    let request = only_request(&server).await;
    let content_type = request.headers["content-type"].to_str().expect("text");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("multipart: {content_type}"));
    let text = String::from_utf8(request.body).expect("utf-8 parts");
    assert!(text.starts_with(&format!("--{boundary}\r\n")), "{text}");
    assert!(
        text.contains("Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream\r\n\r\nhello\u{1}bytes\r\n"),
        "the file part: {text}"
    );
    assert!(
        text.contains("name=\"name\"\r\n\r\na.txt\r\n"),
        "a text part: {text}"
    );
    assert!(text.contains("name=\"public\"\r\n\r\ntrue\r\n"), "{text}");
    assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
}

#[tokio::test]
async fn swagger2_form_data_without_a_file_is_url_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/files/9"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let body: swagger2::types::RenameFileBody =
        serde_json::from_value(json!({"name": "b c&d.txt"})).expect("a form");
    swagger2_client(&server)
        .rename_file(9, body)
        .await
        .expect("renamed");
    let request = only_request(&server).await;
    assert_eq!(
        request.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(String::from_utf8_lossy(&request.body), "name=b%20c%26d.txt");
}

#[tokio::test]
async fn swagger2_body_parameter_by_reference_is_the_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/folders/a%7Cb"))
        .and(body_json(json!({"name": "docs", "color": "red"})))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_string(r#"{"id": 4, "name": "docs", "color": null}"#),
        )
        .mount(&server)
        .await;
    let folder: swagger2::types::NewFolder =
        serde_json::from_value(json!({"name": "docs", "color": "red"})).expect("a folder");
    let created = swagger2_client(&server)
        .create_folder(vec!["a".to_owned(), "b".to_owned()], folder)
        .await
        .expect("created");
    assert_eq!((created.id, created.name.as_str()), (4, "docs"));
    assert_eq!(created.color, None, "x-nullable: null decodes");
    let request = only_request(&server).await;
    assert_eq!(request.headers["content-type"], "application/json");
}

#[tokio::test]
async fn swagger2_collection_formats_join_with_their_delimiters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("[{FILE}]")))
        .mount(&server)
        .await;
    let files = swagger2_client(&server)
        .list_files()
        .limit(5)
        .tags(vec!["a".to_owned(), "b".to_owned()])
        .ids(vec![1, 2])
        .words(vec!["x".to_owned(), "y".to_owned()])
        .kinds(vec![
            swagger2::types::ListFilesKindsItem::Text,
            swagger2::types::ListFilesKindsItem::Image,
        ])
        .columns(vec!["c1".to_owned(), "c2".to_owned()])
        .x_trace(vec!["t1".to_owned(), "t2".to_owned()])
        .await
        .expect("listed");
    assert_eq!(files.len(), 1);
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("limit=5&tags=a%2Cb&ids=1&ids=2&words=x+y&kinds=text%7Cimage&columns=c1%09c2")
    );
    assert_eq!(request.headers["x-trace"], "t1,t2");
}

#[tokio::test]
async fn swagger2_top_level_response_by_reference_is_the_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/9"))
        .respond_with(ResponseTemplate::new(404).set_body_string(r#"{"message": "gone"}"#))
        .mount(&server)
        .await;
    let error = swagger2_client(&server).get_file(9).await.expect_err("404");
    let problem = error.api_body().expect("a decoded Problem");
    assert_eq!(problem.message.as_deref(), Some("gone"));
}

#[tokio::test]
async fn openapi31_null_in_a_type_list_decodes_as_none() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("cursor", "c1"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"items": [{"id": 1, "name": "Rex", "kind": "pet", "nickname": null,
                "owner": null, "tag": 7, "color": "ginger", "position": [1.5, 2]}],
                "next": null}"#,
        ))
        .mount(&server)
        .await;
    let page = openapi31_client(&server)
        .list_pets()
        .cursor("c1")
        .await
        .expect("decodes");
    assert_eq!(page.next, None);
    let pet = &page.items[0];
    assert_eq!(pet.nickname, None);
    assert_eq!(pet.owner, None);
    assert_eq!(pet.kind, openapi31::types::PetKind::Pet);
    assert_eq!(pet.tag, Some(openapi31::types::PetTag::Integer(7)));
    assert_eq!(pet.color, Some(openapi31::types::PetColor::Ginger));
    assert_eq!(pet.position, [1.5, 2.0]);
}

#[tokio::test]
async fn openapi31_a_present_value_of_a_nullable_type_list_decodes_as_some() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/3"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"{"id": 3, "name": "Tom", "kind": "pet", "nickname": "T", "owner": {"name": "Ann"},
                "tag": "cat"}"#,
        ))
        .mount(&server)
        .await;
    let pet = openapi31_client(&server)
        .get_pet(3)
        .await
        .expect("a path item from components/pathItems");
    assert_eq!(pet.nickname.as_deref(), Some("T"));
    assert_eq!(pet.owner.map(|o| o.name).as_deref(), Some("Ann"));
    assert_eq!(
        pet.tag,
        Some(openapi31::types::PetTag::String("cat".to_owned()))
    );
}

#[tokio::test]
async fn openapi31_binary_body_and_no_declared_response() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/pets/3/photo"))
        .and(header("content-type", "image/png"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    openapi31_client(&server)
        .upload_photo(3, vec![0x89, b'P', b'N', b'G'])
        .await
        .expect("uploaded");
    assert_eq!(only_request(&server).await.body, [0x89, b'P', b'N', b'G']);
}

//! The focused goldens at work: each construct that carries data decodes to the right Rust value
//! and goes on the wire as the spec says (on a loopback server).

use crate::goldens::bodies;
use crate::goldens::parameters;
use crate::goldens::polymorphism;

use serde_json::{Value, json};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn a_discriminated_one_of_decodes_to_the_variant_its_tag_names() {
    use polymorphism::types::Animal;
    let wire = json!([
        {"kind": "cat", "name": "Tom", "lives": 9},
        {"kind": "kitten", "name": "Kit"},
        {"kind": "dog", "name": "Rex", "good": true},
        {"kind": "Bird", "name": "Tweety", "wingspan": 0.2},
        {"kind": "fish", "name": "Nemo"},
    ]);
    let animals: Vec<Animal> = serde_json::from_value(wire.clone()).expect("decodes");
    let kinds: Vec<&str> = animals
        .iter()
        .map(|a| match a {
            Animal::Cat(_) => "Cat",
            Animal::Dog(_) => "Dog",
            Animal::Bird(_) => "Bird",
            Animal::Unknown(_) => "Unknown",
        })
        .collect();
    assert_eq!(kinds, ["Cat", "Cat", "Dog", "Bird", "Unknown"]);
    let Animal::Cat(tom) = &animals[0] else {
        unreachable!()
    };
    assert_eq!((tom.name.as_str(), tom.lives), ("Tom", Some(9)));
    assert_eq!(
        serde_json::to_value(&animals).expect("encodes"),
        wire,
        "the tag stays in the encoded value"
    );
}

#[test]
fn a_tag_whose_body_does_not_fit_is_an_error_not_another_variant() {
    let result = serde_json::from_value::<polymorphism::types::Animal>(
        json!({"kind": "dog", "name": "Rex"}),
    );
    let error = result.expect_err("`good` is required for dogs");
    assert!(error.to_string().contains("good"), "{error}");
}

#[test]
fn an_untagged_any_of_takes_the_first_variant_that_fits() {
    use polymorphism::types::Id;
    assert_eq!(
        serde_json::from_value::<Id>(json!(42)).expect("decodes"),
        Id::Integer(42)
    );
    assert_eq!(
        serde_json::from_value::<Id>(json!("abc")).expect("decodes"),
        Id::Slug("abc".to_owned())
    );
    assert!(serde_json::from_value::<Id>(json!(true)).is_err());
}

fn bodies_client(server: &MockServer) -> bodies::Client {
    bodies::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(bodies::RetryPolicy::disabled())
        .build()
        .expect("builds")
}

#[tokio::test]
async fn a_form_body_is_url_encoded_and_ranged_statuses_decode() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "user=me&password=p%26ss%20w%3Drd&scopes=read&scopes=write&remember=true\
             &ids=1%2C2&filter%5Brole%5D=admin",
        ))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"token": "t-1"})))
        .mount(&server)
        .await;
    let body = bodies::types::LoginBody {
        user: "me".to_owned(),
        password: "p&ss w=rd".to_owned(),
        scopes: vec!["read".to_owned(), "write".to_owned()],
        remember: Some(true),
        // The Encoding Object's styles: `form` unexploded, `deepObject`.
        ids: vec![1, 2],
        filter: Some(bodies::types::LoginBodyFilter {
            role: Some("admin".to_owned()),
        }),
    };
    let client = bodies_client(&server);
    let answer = client.login(body.clone()).await.expect("2XX decodes");
    assert_eq!(answer.token.as_deref(), Some("t-1"));

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_string("locked"))
        .mount(&server)
        .await;
    let error = client.login(body).await.expect_err("4XX");
    assert_eq!(error.api_body().map(String::as_str), Some("locked"));
}

/// Fields then files, each a part; a file is bytes (all 256 byte values arrive as sent) with
/// its file name and content type; a list of files is one part per file.
#[tokio::test]
async fn a_multipart_body_sends_fields_and_byte_exact_files_as_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/uploads"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let every_byte: Vec<u8> = (0..=255u8).collect();
    let body = bodies::types::UploadBody {
        file: bodies::FilePart::new(every_byte.clone())
            .file_name("all \"bytes\".bin")
            .content_type("application/x-test"),
        attachments: vec![bodies::FilePart::new(*b"a1"), bodies::FilePart::new(*b"a2")],
        title: Some("My title".to_owned()),
        meta: Some(bodies::types::UploadBodyMeta { size: Some(3) }),
    };
    bodies_client(&server)
        .upload(body)
        .await
        .expect("201 without content");
    let requests = server.received_requests().await.expect("recorded");
    let request = &requests[0];
    let content_type = request.headers["content-type"].to_str().expect("ascii");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart content type");
    let delimiter = format!("\r\n--{boundary}");
    let body = [b"\r\n".as_slice(), &request.body].concat();
    let parts: Vec<&[u8]> = split(&body, delimiter.as_bytes())
        .into_iter()
        .filter(|p| !p.is_empty() && *p != b"--\r\n")
        .map(|p| p.strip_prefix(b"\r\n").unwrap_or(p))
        .collect();
    let file = |name: &str, file_name: &str, content_type: &str, contents: &[u8]| {
        let head = format!(
            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
        );
        [head.as_bytes(), contents].concat()
    };
    let field = |name: &str, value: &str| {
        format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}").into_bytes()
    };
    assert_eq!(
        parts,
        [
            field("title", "My title"),
            field("meta", "{\"size\":3}"),
            file(
                "file",
                "all %22bytes%22.bin",
                "application/x-test",
                &every_byte
            ),
            file(
                "attachments",
                "attachments",
                "application/octet-stream",
                b"a1"
            ),
            file(
                "attachments",
                "attachments",
                "application/octet-stream",
                b"a2"
            ),
        ]
    );
}

/// `haystack` cut at each `needle`.
fn split<'h>(haystack: &'h [u8], needle: &[u8]) -> Vec<&'h [u8]> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + needle.len() <= haystack.len() {
        if &haystack[i..i + needle.len()] == needle {
            parts.push(&haystack[start..i]);
            i += needle.len();
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(&haystack[start..]);
    parts
}

#[tokio::test]
async fn parameters_go_on_the_wire_in_their_declared_styles() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = parameters::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("builds");
    client
        .find_items(
            "a b/c",
            vec!["x".to_owned(), "y,z".to_owned()],
            parameters::types::FindItemsMatrix {
                x: Some(1),
                y: Some(2),
            },
            "trace-1",
        )
        .filter(parameters::types::Filter {
            color: Some("red".to_owned()),
            min: Some(3),
        })
        .page(parameters::types::FindItemsPage {
            size: Some(10),
            cursor: None,
        })
        .fields(vec!["id".to_owned(), "name".to_owned()])
        .prefs([("lang".to_owned(), "en".to_owned())].into())
        .session("s1")
        .await
        .expect("204");
    let requests = server.received_requests().await.expect("recorded");
    let request = &requests[0];
    assert_eq!(request.url.path(), "/items/a%20b%2Fc/.x,y%2Cz/;x=1;y=2");
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let expected = [
        ("filter[color]", "red"),
        ("filter[min]", "3"),
        ("size", "10"),
        ("fields", "id,name"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(query, expected);
    assert_eq!(request.headers["trace"], "trace-1");
    assert_eq!(request.headers["prefs"], "lang=en");
    assert_eq!(request.headers["cookie"], "session=s1");
}

#[test]
fn scalar_all_of_members_of_one_type_are_that_type() {
    let code: polymorphism::types::Code = "ABC".to_owned();
    assert_eq!(
        serde_json::to_value(&code).expect("encodes"),
        Value::from("ABC")
    );
}

/// `Accept` names what the operation's responses declare (a text-only operation asks for
/// `text/plain`), so a server that negotiates content answers it; JSON comes first.
#[tokio::test]
async fn accept_names_the_media_types_the_responses_declare() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/notes"))
        .and(header("accept", "text/plain"))
        .respond_with(ResponseTemplate::new(200).set_body_string("noted"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": "t"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = bodies_client(&server);
    let note = client
        .put_note()
        .body("a note")
        .await
        .expect("text/plain answered");
    assert_eq!(note, "noted");
    let login = bodies::types::LoginBody {
        user: "me".to_owned(),
        password: "pw".to_owned(),
        scopes: Vec::new(),
        remember: None,
        ids: Vec::new(),
        filter: None,
    };
    client.login(login).await.expect("JSON answered");
    let requests = server.received_requests().await.expect("recorded");
    let login = requests
        .iter()
        .find(|r| r.url.path() == "/login")
        .expect("login sent");
    // JSON first, then the text its `4XX` answers carry.
    assert_eq!(login.headers["accept"], "application/json, text/plain");
}

/// Related resources (`x-ms-navigationProperty`) arrive as JSON when the request expands them,
/// are read typed by the field's method, and are sent as the JSON they were given.
#[tokio::test]
async fn related_resources_are_decoded_on_demand_and_sent_as_given() {
    use crate::goldens::relations;
    use relations::types::{Message, User, UserManager};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/u-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "u-1",
            "messages": [{"id": "m-1", "subject": "Hi", "attachments": [{"name": "a.txt", "size": 3}]}],
            "manager": {"id": "u-0", "displayName": "Boss"},
            "photo": "not an object",
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/u-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "u-2"})))
        .mount(&server)
        .await;
    let client = relations::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(relations::RetryPolicy::disabled())
        .build()
        .expect("builds");

    let user = client.get_user("u-1").await.expect("decodes");
    let messages = user.messages().expect("expanded").expect("messages");
    assert_eq!(messages[0].subject.as_deref(), Some("Hi"));
    let attachments = messages[0].attachments().expect("expanded").expect("fits");
    assert_eq!(
        (attachments[0].name.as_deref(), attachments[0].size),
        (Some("a.txt"), Some(3))
    );
    let Some(Ok(UserManager::User(manager))) = user.manager() else {
        panic!("the manager is a user: {:?}", user.manager)
    };
    assert_eq!(manager.display_name.as_deref(), Some("Boss"));
    // A related value that does not fit its type is an error when read, not when the user decodes.
    assert!(user.photo().expect("sent").is_err());

    let plain = client.get_user("u-2").await.expect("decodes");
    assert!(plain.messages().is_none() && plain.manager.is_none());

    Mock::given(method("POST"))
        .and(path("/users"))
        .and(wiremock::matchers::body_json(json!({
            "displayName": "New",
            "messages": [{"subject": "Welcome"}],
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "u-3"})))
        .mount(&server)
        .await;
    let welcome = Message {
        id: None,
        subject: Some("Welcome".to_owned()),
        attachments: None,
    };
    let body = User {
        id: None,
        display_name: Some("New".to_owned()),
        address: None,
        messages: Some(relations::Related::encode(&vec![welcome]).expect("encodes")),
        manager: None,
        photo: None,
    };
    let created = client.create_user(body).await.expect("201 decodes");
    assert_eq!(created.id.as_deref(), Some("u-3"));
}
